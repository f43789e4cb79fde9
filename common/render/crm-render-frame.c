/* crm-render-frame.c: what every page carries (letterhead, reprint notice, footer) and page 1's parties */
#include "crm-render-private.h"

#define MARGIN_X        48.0
#define MARGIN_TOP      34.0
#define MARGIN_BOTTOM   28.0
#define LOGO_MAX_HEIGHT 42.0
#define LOGO_MAX_WIDTH  130.0
#define PAGE_LABEL_WIDTH 110.0

static const CrmRenderRgb notice_fill = { 1.0, 0.93, 0.92 };
static const CrmRenderRgb notice_ink = { 0.70, 0.08, 0.08 };
/* light grey, and see-through so that what it crosses stays legible */
static const double watermark_grey = 0.55;
static const double watermark_alpha = 0.12;

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The letterhead: logo, company name and header text on the left, the
 * document's title, number and revision on the right, an accent rule below.
 * Returns: the y of the rule */
static double
build_header (CrmRenderLayout *rl)
{
  CrmRenderDocument *doc = rl->document;
  CrmRenderBlock *block = crm_render_block_new ();
  const char *header_text = crm_render_template_get_header_text (rl->template);
  const char *title = crm_render_document_get_title (doc, rl->language);
  g_autofree char *revision = g_strdup_printf (crm_render_label (rl->language, CRM_RENDER_LABEL_REVISION_FMT),
                                               crm_render_document_get_revision (doc));
  /* a draft says so in words too, where a reader of the text finds it */
  g_autofree char *number = crm_render_document_get_draft (doc)
                            ? g_strdup_printf ("%s  ·  %s  ·  %s", crm_render_document_get_number (doc), revision,
                                               crm_render_label (rl->language, CRM_RENDER_LABEL_DRAFT))
                            : g_strdup_printf ("%s  ·  %s", crm_render_document_get_number (doc), revision);
  PangoLayout *title_layout, *number_layout, *name_layout;
  double right_width, text_x, left_width, height, y;
  double logo_width = 0, logo_height = 0;

  if (rl->logo != NULL)
    {
      double w = cairo_image_surface_get_width (rl->logo);
      double h = cairo_image_surface_get_height (rl->logo);
      double scale = MIN (LOGO_MAX_WIDTH / w, LOGO_MAX_HEIGHT / h);

      logo_width = w * scale;
      logo_height = h * scale;
      crm_render_block_add_image (block, rl->logo, rl->left, MARGIN_TOP, logo_width, logo_height);
    }

  title_layout = crm_render_text_new (rl, title, 17, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT, FALSE);
  number_layout = crm_render_text_new (rl, number, 9, PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT, TRUE);
  right_width = MAX (crm_render_text_width (title_layout), crm_render_text_width (number_layout));
  pango_layout_set_width (title_layout, pango_units_from_double (right_width));
  pango_layout_set_alignment (title_layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_width (number_layout, pango_units_from_double (right_width));
  pango_layout_set_alignment (number_layout, PANGO_ALIGN_RIGHT);

  y = MARGIN_TOP - 3;
  y += crm_render_block_add_text (block, title_layout, rl->left + rl->width - right_width, y, &rl->accent);
  y += crm_render_block_add_text (block, number_layout, rl->left + rl->width - right_width, y, &crm_render_ink);
  height = y - MARGIN_TOP;

  text_x = rl->left + (logo_width > 0 ? logo_width + 10 : 0);
  left_width = rl->left + rl->width - right_width - 20 - text_x;
  name_layout = crm_render_text_new (rl, crm_render_template_get_company_name (rl->template), 12.5,
                                     PANGO_WEIGHT_BOLD, left_width, PANGO_ALIGN_LEFT, FALSE);
  y = MARGIN_TOP;
  y += crm_render_block_add_text (block, name_layout, text_x, y, &crm_render_ink);
  if (is_set (header_text))
    y += crm_render_block_add_text (block,
                                    crm_render_text_new (rl, header_text, 7.5, PANGO_WEIGHT_NORMAL,
                                                         left_width, PANGO_ALIGN_LEFT, FALSE),
                                    text_x, y + 1, &crm_render_muted);
  height = MAX (height, MAX (y - MARGIN_TOP, logo_height));

  y = MARGIN_TOP + height + 6;
  crm_render_block_add_line (block, rl->left, y, rl->width, 0, 1.5, &rl->accent);
  block->height = y;
  rl->header = block;
  return y;
}

/* The reprint notice of a superseded revision. Returns: its height */
static double
build_notice (CrmRenderLayout *rl,
              double           y)
{
  const char *detail = NULL;
  g_autofree char *text = NULL;
  CrmRenderBlock *block;
  PangoLayout *layout;
  double height;

  if (!crm_render_document_get_superseded (rl->document, &detail))
    return 0;

  text = g_strdup_printf (crm_render_label (rl->language, CRM_RENDER_LABEL_REPRINT_FMT),
                          crm_render_document_get_revision (rl->document));
  if (is_set (detail))
    {
      char *joined = g_strconcat (text, " ", detail, NULL);

      g_free (text);
      text = joined;
    }

  block = crm_render_block_new ();
  layout = crm_render_text_new (rl, text, 9, PANGO_WEIGHT_BOLD, rl->width - 20, PANGO_ALIGN_LEFT, FALSE);
  height = crm_render_text_height (layout) + 10;
  crm_render_block_add_rect (block, rl->left, 0, rl->width, height, &notice_fill);
  crm_render_block_add_rect (block, rl->left, 0, 3, height, &notice_ink);
  crm_render_block_add_text (block, layout, rl->left + 12, 5, &notice_ink);
  block->height = height;

  rl->notice = block;
  rl->notice_y = y;
  return height;
}

static PangoLayout *
footer_text (CrmRenderLayout *rl)
{
  return crm_render_text_new (rl, crm_render_template_get_footer_text (rl->template), 7,
                              PANGO_WEIGHT_NORMAL, rl->width - PAGE_LABEL_WIDTH - 12,
                              PANGO_ALIGN_LEFT, FALSE);
}

static PangoLayout *
page_label (CrmRenderLayout *rl,
            guint            page,
            guint            n_pages)
{
  g_autofree char *text = g_strdup_printf (crm_render_label (rl->language, CRM_RENDER_LABEL_PAGE_FMT),
                                           page + 1, n_pages);

  return crm_render_text_new (rl, text, 7.5, PANGO_WEIGHT_NORMAL, PAGE_LABEL_WIDTH,
                              PANGO_ALIGN_RIGHT, TRUE);
}

/* A draft's watermark: its word in large bold type */
static void
build_watermark (CrmRenderLayout *rl)
{
  if (crm_render_document_get_draft (rl->document))
    rl->watermark = crm_render_text_new (rl, crm_render_label (rl->language, CRM_RENDER_LABEL_DRAFT),
                                         100, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_CENTER, FALSE);
}

/* Draws a draft's watermark across the page, from bottom left to top right,
 * centred and as long as about 60 % of the page's diagonal d. The rotation
 * by the diagonal's angle is (w, h) / d, the scale 0.6 d / the word's width:
 * their product needs no d. */
void
crm_render_frame_draw_watermark (CrmRenderLayout *rl,
                                 cairo_t         *cr)
{
  double width, height, k;
  cairo_matrix_t matrix;

  if (rl->watermark == NULL || (width = crm_render_text_width (rl->watermark)) <= 0)
    return;
  height = crm_render_text_height (rl->watermark);
  k = 0.6 / width;
  cairo_matrix_init (&matrix, k * rl->page_width, -k * rl->page_height, k * rl->page_height, k * rl->page_width,
                     rl->page_width / 2, rl->page_height / 2);
  cairo_save (cr);
  cairo_transform (cr, &matrix);
  cairo_move_to (cr, -width / 2, -height / 2);
  cairo_set_source_rgba (cr, watermark_grey, watermark_grey, watermark_grey, watermark_alpha);
  pango_cairo_show_layout (cr, rl->watermark);
  cairo_restore (cr);
}

/* Sets the page's margins and measures the letterhead, the notice and the
 * footer, which bound the body of every page. */
void
crm_render_frame_measure (CrmRenderLayout *rl)
{
  g_autoptr(PangoLayout) footer = NULL;
  g_autoptr(PangoLayout) label = NULL;
  double rule, notice, footer_height;

  rl->left = MARGIN_X;
  rl->width = rl->page_width - 2 * MARGIN_X;

  rule = build_header (rl);
  notice = build_notice (rl, rule + 8);
  rl->body_top = rule + 14 + (notice > 0 ? notice + 10 : 0);

  footer = footer_text (rl);
  label = page_label (rl, 998, 999);
  footer_height = MAX (crm_render_text_height (footer), crm_render_text_height (label));
  rl->footer_top = rl->page_height - MARGIN_BOTTOM - footer_height;
  rl->body_bottom = rl->footer_top - 16;
  build_watermark (rl);
}

/* The footer of @page (from 0): footer text and "Page x of y" */
CrmRenderBlock *
crm_render_frame_footer (CrmRenderLayout *rl,
                         guint            page,
                         guint            n_pages)
{
  CrmRenderBlock *block = crm_render_block_new ();

  crm_render_block_add_line (block, rl->left, rl->footer_top - 6, rl->width, 0, 0.5, &crm_render_rule);
  if (is_set (crm_render_template_get_footer_text (rl->template)))
    crm_render_block_add_text (block, footer_text (rl), rl->left, rl->footer_top, &crm_render_muted);
  crm_render_block_add_text (block, page_label (rl, page, n_pages),
                             rl->left + rl->width - PAGE_LABEL_WIDTH, rl->footer_top, &crm_render_muted);
  block->height = rl->page_height;
  return block;
}

/* One party's column: caption, name in bold, then the other lines.
 * Returns: its height */
static double
add_party (CrmRenderLayout    *rl,
           CrmRenderBlock     *block,
           double              x,
           double              width,
           CrmRenderLabel      caption,
           const char         *name,
           const char * const *lines)
{
  g_autofree char *caption_text = crm_render_caption (rl, caption);
  double y = 0;

  y += crm_render_block_add_text (block,
                                  crm_render_text_new (rl, caption_text, 7.5, PANGO_WEIGHT_BOLD,
                                                       width, PANGO_ALIGN_LEFT, FALSE),
                                  x, y, &rl->accent);
  y += 1;
  y += crm_render_block_add_text (block,
                                  crm_render_text_new (rl, name, 10, PANGO_WEIGHT_BOLD,
                                                       width, PANGO_ALIGN_LEFT, FALSE),
                                  x, y, &crm_render_ink);
  for (guint i = 0; lines[i] != NULL; i++)
    y += crm_render_block_add_text (block,
                                    crm_render_text_new (rl, lines[i], 8.5, PANGO_WEIGHT_NORMAL,
                                                         width, PANGO_ALIGN_LEFT, FALSE),
                                    x, y, &crm_render_ink);
  return y;
}

static void
add_labelled (CrmRenderLayout *rl,
              GPtrArray       *lines,
              CrmRenderLabel   label,
              const char      *value)
{
  if (is_set (value))
    g_ptr_array_add (lines, crm_render_labelled (rl, label, value));
}

/* Supplier and customer side by side */
static CrmRenderBlock *
build_parties (CrmRenderLayout *rl)
{
  CrmRenderTemplate *tpl = rl->template;
  CrmRenderDocument *doc = rl->document;
  CrmRenderBlock *block = crm_render_block_new ();
  g_autoptr(GPtrArray) supplier = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) customer = g_ptr_array_new_with_free_func (g_free);
  const char * const *address;
  double column = (rl->width - 24) / 2;
  double left, right;

  address = crm_render_template_get_company_address (tpl);
  for (guint i = 0; address[i] != NULL; i++)
    g_ptr_array_add (supplier, g_strdup (address[i]));
  add_labelled (rl, supplier, CRM_RENDER_LABEL_TAX_ID, crm_render_template_get_company_tax_id (tpl));
  add_labelled (rl, supplier, CRM_RENDER_LABEL_BANK, crm_render_template_get_bank_name (tpl));
  add_labelled (rl, supplier, CRM_RENDER_LABEL_ACCOUNT, crm_render_template_get_bank_account (tpl));
  g_ptr_array_add (supplier, NULL);

  address = crm_render_document_get_customer_address (doc);
  for (guint i = 0; address[i] != NULL; i++)
    g_ptr_array_add (customer, g_strdup (address[i]));
  add_labelled (rl, customer, CRM_RENDER_LABEL_CONTACT, crm_render_document_get_customer_contact (doc));
  add_labelled (rl, customer, CRM_RENDER_LABEL_TAX_ID, crm_render_document_get_customer_tax_id (doc));
  g_ptr_array_add (customer, NULL);

  left = add_party (rl, block, rl->left, column, CRM_RENDER_LABEL_SUPPLIER,
                    crm_render_template_get_company_name (tpl),
                    (const char * const *) supplier->pdata);
  right = add_party (rl, block, rl->left + column + 24, column, CRM_RENDER_LABEL_CUSTOMER,
                     crm_render_document_get_customer_name (doc),
                     (const char * const *) customer->pdata);
  block->height = MAX (left, right);
  return block;
}

typedef struct
{
  CrmRenderLabel label;
  const char    *value;
} InfoCell;

/* Dates, currency and the document's other facts, in a tinted strip (the
 * number and revision head every page already) */
static CrmRenderBlock *
build_info (CrmRenderLayout *rl)
{
  CrmRenderDocument *doc = rl->document;
  CrmRenderBlock *block = crm_render_block_new ();
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (InfoCell));
  InfoCell cell;
  guint per_row, n_rows;
  double cell_width, y = 7;

#define ADD_CELL(l, v) G_STMT_START { cell.label = (l); cell.value = (v); \
    if (is_set (cell.value)) g_array_append_val (cells, cell); } G_STMT_END
  ADD_CELL (CRM_RENDER_LABEL_ISSUE_DATE, crm_render_document_get_issue_date (doc));
  ADD_CELL (CRM_RENDER_LABEL_VALID_UNTIL, crm_render_document_get_valid_until (doc));
  ADD_CELL (CRM_RENDER_LABEL_CURRENCY, crm_render_document_get_currency (doc, NULL));
  for (guint i = 0; i < crm_render_document_get_n_infos (doc); i++)
    {
      CrmRenderLabel label;
      const char *value = crm_render_document_get_info (doc, i, &label);

      ADD_CELL (label, value);
    }
#undef ADD_CELL

  if (cells->len == 0)
    return block;
  /* at most five a row, the rows as even as they can be */
  n_rows = (cells->len + 4) / 5;
  per_row = (cells->len + n_rows - 1) / n_rows;
  cell_width = rl->width / per_row;

  for (guint r = 0; r < n_rows; r++)
    {
      double row_height = 0;

      for (guint c = 0; c < per_row && r * per_row + c < cells->len; c++)
        {
          const InfoCell *info = &g_array_index (cells, InfoCell, r * per_row + c);
          double x = rl->left + c * cell_width + 10;
          double h;

          h = crm_render_block_add_text (block,
                                         crm_render_text_new (rl, crm_render_label (rl->language, info->label),
                                                              7, PANGO_WEIGHT_NORMAL, cell_width - 16,
                                                              PANGO_ALIGN_LEFT, FALSE),
                                         x, y, &crm_render_muted);
          h += crm_render_block_add_text (block,
                                          crm_render_text_new (rl, info->value, 9, PANGO_WEIGHT_BOLD,
                                                               cell_width - 16, PANGO_ALIGN_LEFT, TRUE),
                                          x, y + h, &crm_render_ink);
          row_height = MAX (row_height, h);
        }
      y += row_height + (r + 1 < n_rows ? 6 : 0);
    }

  block->height = y + 7;
  g_array_insert_val (block->ops, 0, ((CrmRenderOp) {
    .kind = CRM_RENDER_OP_RECT, .x = rl->left, .y = 0, .width = rl->width,
    .height = block->height, .colour = rl->tint,
  }));
  return block;
}

/* "Subject: …" under the parties, when the document has one */
static CrmRenderBlock *
build_subject (CrmRenderLayout *rl)
{
  CrmRenderBlock *block = crm_render_block_new ();
  g_autofree char *text = crm_render_labelled (rl, CRM_RENDER_LABEL_SUBJECT,
                                               crm_render_document_get_subject (rl->document));

  block->height = crm_render_block_add_text (block,
                                             crm_render_text_new (rl, text, 10, PANGO_WEIGHT_BOLD,
                                                                  rl->width, PANGO_ALIGN_LEFT, FALSE),
                                             rl->left, 0, &crm_render_ink);
  return block;
}

/* The blocks that open page 1, above the line table */
void
crm_render_frame_intro (CrmRenderLayout *rl)
{
  rl->intro = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_render_block_free);
  g_ptr_array_add (rl->intro, build_parties (rl));
  if (is_set (crm_render_document_get_subject (rl->document)))
    g_ptr_array_add (rl->intro, build_subject (rl));
  g_ptr_array_add (rl->intro, build_info (rl));
}
