/* crm-render-paginate.c: flowing the measured blocks onto pages */
#include "crm-render-private.h"

/* Below this, a block that cannot be cut at a line is cut anyway */
#define MIN_SLICE 24.0

typedef struct
{
  CrmRenderLayout *rl;
  guint            page;       /* the page being filled */
  double           y;          /* where the next block goes on it */
  gboolean         empty;      /* nothing on it yet but a repeated table header */
  gboolean         in_table;   /* a new page repeats the table header */
  gboolean         reserve;    /* each table page ends with a subtotal row */
} Flow;

static CrmRenderPage *
flow_page (Flow *f)
{
  return &g_array_index (f->rl->pages, CrmRenderPage, f->page);
}

static void
add_page (Flow *f)
{
  CrmRenderPage page = { NULL, };

  page.placed = g_array_new (FALSE, FALSE, sizeof (CrmRenderPlaced));
  page.net = crm_money_new (0, 0);
  page.gross = crm_money_new (0, 0);
  g_array_append_val (f->rl->pages, page);

  f->page = f->rl->pages->len - 1;
  f->y = f->rl->body_top;
  f->empty = TRUE;
}

static void
place (Flow           *f,
       CrmRenderBlock *block,
       double          offset,
       double          height)
{
  CrmRenderPlaced placed = { block, f->y, offset, height };

  g_array_append_val (flow_page (f)->placed, placed);
  f->y += height;
  f->empty = FALSE;
}

static double
remaining (Flow *f)
{
  double subtotal = f->in_table && f->reserve ? f->rl->subtotal_height : 0;

  return f->rl->body_bottom - subtotal - f->y;
}

static void
start_table_on_page (Flow *f)
{
  place (f, f->rl->table_header, 0, f->rl->table_header->height);
  flow_page (f)->has_table = TRUE;
}

/* Ends the table on this page, leaving room for its subtotal row */
static void
end_table_on_page (Flow *f)
{
  flow_page (f)->table_end = f->y;
  if (f->reserve)
    f->y += f->rl->subtotal_height;
}

static void
next_page (Flow *f)
{
  if (f->in_table)
    end_table_on_page (f);
  add_page (f);
  if (f->in_table)
    {
      start_table_on_page (f);
      f->empty = TRUE;
    }
}

/* The room a fresh page offers a block */
static double
page_room (Flow *f)
{
  CrmRenderLayout *rl = f->rl;
  double room = rl->body_bottom - rl->body_top;

  if (f->in_table)
    room -= rl->table_header->height + (f->reserve ? rl->subtotal_height : 0);
  return room;
}

/* The height of @block down to its first break: the least of it that can
 * stand at the foot of a page */
static double
first_piece (CrmRenderBlock *block)
{
  return block->breaks->len > 0 ? g_array_index (block->breaks, double, 0) : block->height;
}

/* Places @block on the current page when it fits there together with
 * @keep points of what must follow it, else at the top of the next page.
 * A block taller than a whole page is cut at its breaks instead, starting
 * where it is. Returns: the page where @block begins */
static guint
flow_block (Flow           *f,
            CrmRenderBlock *block,
            double          keep)
{
  double gap = f->empty ? 0 : block->space_before;
  double offset = 0;
  guint first_page = f->page;

  if (gap + block->height + keep <= remaining (f))
    {
      f->y += gap;
      place (f, block, 0, block->height);
      return f->page;
    }
  if (block->height <= page_room (f))
    {
      if (!f->empty)
        next_page (f);
      place (f, block, 0, block->height);
      return f->page;
    }

  if (!f->empty)
    f->y += gap;

  while (offset < block->height)
    {
      double room = MAX (remaining (f), MIN_SLICE);
      double cut = block->height;

      if (offset + room < block->height)
        {
          cut = offset;
          for (guint i = 0; i < block->breaks->len; i++)
            {
              double at = g_array_index (block->breaks, double, i);

              if (at > offset && at <= offset + room)
                cut = at;
            }
          if (cut <= offset)
            {
              if (!f->empty)
                {
                  next_page (f);
                  continue;
                }
              cut = offset + room;
            }
        }
      if (offset <= 0)
        first_page = f->page;
      place (f, block, offset, cut - offset);
      offset = cut;
      if (offset < block->height)
        next_page (f);
    }
  return first_page;
}

static void
count_line (CrmRenderPage       *page,
            guint                index,
            const CrmRenderLine *line)
{
  if (page->n_rows == 0)
    page->first_row = index;
  page->n_rows++;

  if (!crm_money_add (page->net, line->net_amount, &page->net, NULL) ||
      !crm_money_add (page->gross, line->gross_amount, &page->gross, NULL))
    page->overflow = TRUE;
}

static void
flow_table (Flow *f)
{
  CrmRenderLayout *rl = f->rl;
  CrmRenderBlock *totals = rl->tail->pdata[0];
  guint n = rl->rows->len;
  double first = n > 0 ? ((CrmRenderBlock *) rl->rows->pdata[0])->height : 0;
  double gap = f->empty ? 0 : CRM_RENDER_BLOCK_GAP;
  double reserve = f->reserve ? rl->subtotal_height : 0;

  /* the header row never stands alone at the foot of a page */
  if (n > 0 && first > page_room (f) - rl->table_header->height - reserve)
    first = first_piece (rl->rows->pdata[0]);
  if (!f->empty && gap + rl->table_header->height + first + reserve > remaining (f))
    add_page (f);
  else
    f->y += gap;
  start_table_on_page (f);
  f->in_table = TRUE;
  f->empty = TRUE;

  for (guint i = 0; i < n; i++)
    {
      /* the last line goes with the totals, so that they never stand on a
       * page of their own and every page carries part of the table */
      double keep = i + 1 == n && totals->height > 0 ? totals->space_before + totals->height : 0;
      guint page = flow_block (f, rl->rows->pdata[i], keep);

      count_line (&g_array_index (rl->pages, CrmRenderPage, page), i,
                  crm_render_document_get_line (rl->document, i));
    }

  end_table_on_page (f);
  f->in_table = FALSE;
}

static void
clear_pages (CrmRenderLayout *rl)
{
  for (guint i = 0; rl->pages != NULL && i < rl->pages->len; i++)
    {
      CrmRenderPage *page = &g_array_index (rl->pages, CrmRenderPage, i);

      g_array_unref (page->placed);
      crm_render_block_free (page->subtotal);
      crm_render_block_free (page->footer);
    }
  g_clear_pointer (&rl->pages, g_array_unref);
}

static void
flow (CrmRenderLayout *rl,
      gboolean         reserve)
{
  Flow f = { rl, };

  clear_pages (rl);
  rl->pages = g_array_new (FALSE, FALSE, sizeof (CrmRenderPage));
  f.reserve = reserve;
  add_page (&f);

  for (guint i = 0; i < rl->intro->len; i++)
    flow_block (&f, rl->intro->pdata[i], 0);
  /* a record's file has sections, no line table */
  if (crm_render_document_get_kind (rl->document) != CRM_RENDER_DOCUMENT_COMPLAINT_FILE)
    flow_table (&f);
  for (guint i = 0; i < rl->tail->len; i++)
    if (((CrmRenderBlock *) rl->tail->pdata[i])->height > 0)
      flow_block (&f, rl->tail->pdata[i], 0);
}

/* Lays the measured blocks out on pages. A document of one page has no
 * subtotal row; a longer one ends the table on every page with one, which
 * takes room, so it is laid out again with that room kept. */
void
crm_render_layout_paginate (CrmRenderLayout *rl)
{
  gboolean multipage;

  flow (rl, FALSE);
  multipage = rl->pages->len > 1;
  if (multipage)
    flow (rl, TRUE);

  for (guint i = 0; i < rl->pages->len; i++)
    {
      CrmRenderPage *page = &g_array_index (rl->pages, CrmRenderPage, i);

      page->footer = crm_render_frame_footer (rl, i, rl->pages->len);
      if (multipage && page->has_table)
        page->subtotal = crm_render_table_subtotal (rl, page);
    }
}

/* Frees everything measured, leaving the template and document */
void
crm_render_layout_clear (CrmRenderLayout *rl)
{
  clear_pages (rl);
  g_clear_pointer (&rl->intro, g_ptr_array_unref);
  g_clear_pointer (&rl->rows, g_ptr_array_unref);
  g_clear_pointer (&rl->tail, g_ptr_array_unref);
  g_clear_pointer (&rl->header, crm_render_block_free);
  g_clear_pointer (&rl->notice, crm_render_block_free);
  g_clear_object (&rl->watermark);
  g_clear_pointer (&rl->table_header, crm_render_block_free);
  g_clear_object (&rl->context);
  g_clear_pointer (&rl->logo, cairo_surface_destroy);
}
