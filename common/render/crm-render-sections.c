/* crm-render-sections.c: what follows the line table: totals, terms, approvals, signatures; a record file's sections */
#include "crm-render-private.h"

#define TOTALS_MIN_WIDTH 230.0
#define TOTALS_PAD       8.0
#define PARAGRAPH_GAP    4.0
#define SIGN_LINE_GAP    20.0

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* A heading with a rule under it. Returns: its height */
static double
add_heading_text (CrmRenderLayout *rl,
                  CrmRenderBlock  *block,
                  const char      *text)
{
  double h = crm_render_block_add_text (block,
                                        crm_render_text_new (rl, text, 9.5, PANGO_WEIGHT_BOLD, rl->width,
                                                             PANGO_ALIGN_LEFT, FALSE),
                                        rl->left, 0, &rl->accent);

  crm_render_block_add_line (block, rl->left, h + 2, rl->width, 0, 0.5, &crm_render_rule);
  return h + 7;
}

/* A section heading with a rule under it. Returns: its height */
static double
add_heading (CrmRenderLayout *rl,
             CrmRenderBlock  *block,
             CrmRenderLabel   label)
{
  return add_heading_text (rl, block, crm_render_label (rl->language, label));
}

typedef enum
{
  TOTAL_ROW_PLAIN,
  TOTAL_ROW_GRAND,
  TOTAL_ROW_BASE,
} TotalRowStyle;

typedef struct
{
  char          *label;
  const char    *value;
  TotalRowStyle  style;
} TotalRow;

static void
total_row_clear (gpointer data)
{
  g_free (((TotalRow *) data)->label);
}

static void
add_total_row (GArray        *rows,
               char          *label,
               const char    *value,
               TotalRowStyle  style)
{
  TotalRow row = { label, value, style };

  if (is_set (value))
    g_array_append_val (rows, row);
  else
    g_free (label);
}

static double
total_row_size (TotalRowStyle style)
{
  return style == TOTAL_ROW_GRAND ? 10.5 : style == TOTAL_ROW_BASE ? 8 : 8.5;
}

/* The amount in words under the totals, across the width */
static double
add_amount_in_words (CrmRenderLayout *rl,
                     CrmRenderBlock  *block,
                     const char      *words,
                     double           y)
{
  gboolean chinese = g_str_equal (rl->language, "zh_CN");
  g_autofree char *caption = g_strconcat (crm_render_label (rl->language, CRM_RENDER_LABEL_AMOUNT_IN_WORDS),
                                          chinese ? "：" : ": ", NULL);
  PangoLayout *label = crm_render_text_new (rl, caption, 8.5, PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT, FALSE);
  double label_width = crm_render_text_width (label);
  PangoLayout *value = crm_render_text_new (rl, words, 10, PANGO_WEIGHT_BOLD,
                                            rl->width - label_width - 2 * TOTALS_PAD,
                                            PANGO_ALIGN_LEFT, FALSE);
  double label_height = crm_render_text_height (label);
  double value_height = crm_render_text_height (value);
  double height = MAX (label_height, value_height) + 10;

  crm_render_block_add_line (block, rl->left, y, rl->width, 0, 0.5, &crm_render_rule);
  crm_render_block_add_line (block, rl->left, y + height, rl->width, 0, 0.5, &crm_render_rule);
  /* the caption sits on the same baseline as the first line of the words */
  crm_render_block_add_text (block, label, rl->left + TOTALS_PAD,
                             y + 5 + (pango_layout_get_baseline (value) - pango_layout_get_baseline (label)) /
                                     (double) PANGO_SCALE,
                             &crm_render_muted);
  crm_render_block_add_text (block, value, rl->left + TOTALS_PAD + label_width, y + 5, &crm_render_ink);
  return height;
}

/* Net total, tax per rate, total, total in the base currency, then the
 * amount in words: a box on the right, the words across the page */
static CrmRenderBlock *
build_totals (CrmRenderLayout *rl)
{
  CrmRenderDocument *doc = rl->document;
  CrmRenderBlock *block;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (TotalRow));
  const char *currency = crm_render_document_get_currency (doc, NULL);
  const char *base_currency = NULL;
  const char *base_total = crm_render_document_get_base_total (doc, &base_currency);
  const char *words = crm_render_document_get_amount_in_words (doc);
  double box_width = TOTALS_MIN_WIDTH;
  double x, y = 0;

  g_array_set_clear_func (rows, total_row_clear);

  add_total_row (rows, g_strdup (crm_render_label (rl->language, CRM_RENDER_LABEL_NET_TOTAL)),
                 crm_render_document_get_net_total (doc), TOTAL_ROW_PLAIN);
  for (guint i = 0; i < crm_render_document_get_n_tax_rows (doc); i++)
    {
      const char *amount;
      const char *rate = crm_render_document_get_tax_row (doc, i, &amount);

      add_total_row (rows, g_strdup_printf (crm_render_label (rl->language, CRM_RENDER_LABEL_TAX_FMT), rate),
                     amount, TOTAL_ROW_PLAIN);
    }
  add_total_row (rows, g_strdup_printf (crm_render_label (rl->language, CRM_RENDER_LABEL_TOTAL_FMT),
                                        is_set (currency) ? currency : ""),
                 crm_render_document_get_total (doc), TOTAL_ROW_GRAND);
  if (base_currency != NULL)
    add_total_row (rows, g_strdup_printf (crm_render_label (rl->language, CRM_RENDER_LABEL_BASE_TOTAL_FMT),
                                          base_currency),
                   base_total, TOTAL_ROW_BASE);

  if (rows->len == 0 && !is_set (words))
    return NULL;

  /* wide enough for the widest label and amount side by side */
  for (guint i = 0; i < rows->len; i++)
    {
      const TotalRow *row = &g_array_index (rows, TotalRow, i);
      PangoWeight weight = row->style == TOTAL_ROW_GRAND ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL;
      g_autoptr(PangoLayout) label = crm_render_text_new (rl, row->label, total_row_size (row->style),
                                                          weight, -1, PANGO_ALIGN_LEFT, FALSE);
      g_autoptr(PangoLayout) value = crm_render_text_new (rl, row->value, total_row_size (row->style),
                                                          weight, -1, PANGO_ALIGN_LEFT, TRUE);

      box_width = MAX (box_width, crm_render_text_width (label) + crm_render_text_width (value) +
                                  24 + 2 * TOTALS_PAD);
    }
  box_width = MIN (box_width, rl->width * 0.6);
  x = rl->left + rl->width - box_width;

  block = crm_render_block_new ();
  for (guint i = 0; i < rows->len; i++)
    {
      const TotalRow *row = &g_array_index (rows, TotalRow, i);
      gboolean grand = row->style == TOTAL_ROW_GRAND;
      PangoWeight weight = grand ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL;
      const CrmRenderRgb *colour = row->style == TOTAL_ROW_BASE ? &crm_render_muted : &crm_render_ink;
      PangoLayout *value = crm_render_text_new (rl, row->value, total_row_size (row->style), weight,
                                                -1, PANGO_ALIGN_LEFT, TRUE);
      double value_width = crm_render_text_width (value);
      PangoLayout *label = crm_render_text_new (rl, row->label, total_row_size (row->style), weight,
                                                box_width - 2 * TOTALS_PAD - value_width - 12,
                                                PANGO_ALIGN_LEFT, FALSE);
      double height = MAX (crm_render_text_height (label), crm_render_text_height (value));
      double pad = grand ? 5 : 2.5;

      if (i > 0)
        g_array_append_val (block->breaks, y);
      if (grand)
        {
          crm_render_block_add_rect (block, x, y, box_width, height + 2 * pad, &rl->tint);
          crm_render_block_add_line (block, x, y, box_width, 0, 1.2, &rl->accent);
        }
      crm_render_block_add_text (block, label, x + TOTALS_PAD, y + pad, colour);
      crm_render_block_add_text (block, value, x + box_width - TOTALS_PAD - value_width, y + pad,
                                 grand ? &rl->accent : colour);
      y += height + 2 * pad;
    }

  if (is_set (words))
    {
      if (rows->len > 0)
        {
          g_array_append_val (block->breaks, y);
          y += 8;
        }
      y += add_amount_in_words (rl, block, words, y);
    }

  block->height = y;
  return block;
}

/* Splits terms into paragraphs at empty lines; a single line break stays */
static GPtrArray *
split_paragraphs (const char *text)
{
  GPtrArray *paragraphs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) current = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        {
          if (current->len > 0)
            g_ptr_array_add (paragraphs, g_strdup (current->str));
          g_string_truncate (current, 0);
          continue;
        }
      if (current->len > 0)
        g_string_append_c (current, '\n');
      g_string_append (current, line);
    }
  if (current->len > 0)
    g_ptr_array_add (paragraphs, g_strdup (current->str));
  return paragraphs;
}

/* The terms: the heading travels with the first paragraph, every paragraph
 * is a block of its own that may break between lines only when it is
 * taller than a page. */
static void
add_terms (CrmRenderLayout *rl)
{
  const char *terms = crm_render_document_get_terms (rl->document);
  g_autoptr(GPtrArray) paragraphs = NULL;

  if (terms == NULL)
    terms = crm_render_template_get_default_terms (rl->template);
  if (!is_set (terms))
    return;

  paragraphs = split_paragraphs (terms);
  for (guint i = 0; i < paragraphs->len; i++)
    {
      CrmRenderBlock *block = crm_render_block_new ();
      PangoLayout *layout = crm_render_text_new (rl, paragraphs->pdata[i], 8, PANGO_WEIGHT_NORMAL,
                                                 rl->width, PANGO_ALIGN_LEFT, FALSE);
      double y = i == 0 ? add_heading (rl, block, CRM_RENDER_LABEL_TERMS) : 0;

      if (i > 0)
        block->space_before = PARAGRAPH_GAP;
      crm_render_block_add_text_breaks (block, layout, y);
      block->height = y + crm_render_block_add_text (block, layout, rl->left, y, &crm_render_ink);
      g_ptr_array_add (rl->tail, block);
    }
}

static const double approval_columns[] = { 0.26, 0.20, 0.32, 0.22 };

/* Adds one row of the approvals table. Returns: its height */
static double
add_approval_row (CrmRenderLayout    *rl,
                  CrmRenderBlock     *block,
                  const char * const  cells[4],
                  gboolean            header,
                  double              y)
{
  double x = rl->left, height = 0;

  for (guint c = 0; c < G_N_ELEMENTS (approval_columns); c++)
    {
      double width = rl->width * approval_columns[c];
      PangoLayout *layout = crm_render_text_new (rl, cells[c], header ? 7.5 : 8,
                                                 header ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                                 width - 8, PANGO_ALIGN_LEFT, c == 3);

      double h = crm_render_block_add_text (block, layout, x + 4, y + 3,
                                            header ? &crm_render_muted : &crm_render_ink);

      height = MAX (height, h);
      x += width;
    }
  height += 6;
  crm_render_block_add_line (block, rl->left, y + height, rl->width, 0, 0.5, &crm_render_rule);
  return height;
}

/* Who approved the document, in what role, meaning what, and when (UTC) */
static void
add_approvals (CrmRenderLayout *rl)
{
  CrmRenderDocument *doc = rl->document;
  guint n = crm_render_document_get_n_approvals (doc);
  CrmRenderBlock *block;
  const char *header[4];
  double y;

  if (n == 0)
    return;

  block = crm_render_block_new ();
  y = add_heading (rl, block, CRM_RENDER_LABEL_APPROVALS);
  header[0] = crm_render_label (rl->language, CRM_RENDER_LABEL_APPROVER);
  header[1] = crm_render_label (rl->language, CRM_RENDER_LABEL_ROLE);
  header[2] = crm_render_label (rl->language, CRM_RENDER_LABEL_MEANING);
  header[3] = crm_render_label (rl->language, CRM_RENDER_LABEL_SIGNED_AT_UTC);
  y += add_approval_row (rl, block, header, TRUE, y);

  for (guint i = 0; i < n; i++)
    {
      const char *role, *meaning;
      GDateTime *signed_at;
      const char *name = crm_render_document_get_approval (doc, i, &role, &meaning, &signed_at);
      g_autofree char *when = g_date_time_format (signed_at, "%Y-%m-%d %H:%M UTC");
      const char *cells[4] = {
        name,
        crm_render_role_label (rl->language, role),
        crm_render_meaning_label (rl->language, meaning),
        when,
      };

      if (i > 0)
        g_array_append_val (block->breaks, y);
      y += add_approval_row (rl, block, cells, FALSE, y);
    }

  block->height = y;
  g_ptr_array_add (rl->tail, block);
}

/* A label with a line to write on after it. Returns: its height */
static double
add_sign_field (CrmRenderLayout *rl,
                CrmRenderBlock  *block,
                CrmRenderLabel   field,
                double           x,
                double           y,
                double           width)
{
  PangoLayout *label = crm_render_text_new (rl, crm_render_label (rl->language, field), 8,
                                            PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT, FALSE);
  double label_width = crm_render_text_width (label);
  double baseline = y + (double) pango_layout_get_baseline (label) / PANGO_SCALE;

  crm_render_block_add_line (block, x + label_width + 6, baseline + 1.5,
                             width - label_width - 6, 0, 0.6, &crm_render_muted);
  return crm_render_block_add_text (block, label, x, y, &crm_render_muted);
}

/* One party's signature column: who signs, then lines for the signature
 * (and, on Chinese documents, the company stamp customary there), the
 * signer's name and the date. Returns: its height */
static double
add_signature (CrmRenderLayout *rl,
               CrmRenderBlock  *block,
               double           x,
               double           width,
               CrmRenderLabel   caption,
               const char      *party)
{
  g_autofree char *caption_text = crm_render_caption (rl, caption);
  double half = (width - 14) / 2;
  double y = 7;

  crm_render_block_add_line (block, x, 0, width, 0, 1.0, &rl->accent);
  y += crm_render_block_add_text (block,
                                  crm_render_text_new (rl, caption_text, 7.5, PANGO_WEIGHT_BOLD,
                                                       width, PANGO_ALIGN_LEFT, FALSE),
                                  x, y, &rl->accent);
  y += 1 + crm_render_block_add_text (block,
                                      crm_render_text_new (rl, party, 9.5, PANGO_WEIGHT_BOLD,
                                                           width, PANGO_ALIGN_LEFT, FALSE),
                                      x, y + 1, &crm_render_ink);

  y += SIGN_LINE_GAP;
  if (g_str_equal (rl->language, "zh_CN"))
    {
      add_sign_field (rl, block, CRM_RENDER_LABEL_SIGNATURE, x, y, half);
      y += add_sign_field (rl, block, CRM_RENDER_LABEL_STAMP, x + half + 14, y, half);
    }
  else
    y += add_sign_field (rl, block, CRM_RENDER_LABEL_SIGNATURE, x, y, width);

  y += SIGN_LINE_GAP;
  add_sign_field (rl, block, CRM_RENDER_LABEL_NAME, x, y, half);
  y += add_sign_field (rl, block, CRM_RENDER_LABEL_DATE, x + half + 14, y, half);
  return y;
}

static void
add_signatures (CrmRenderLayout *rl)
{
  CrmRenderDocument *doc = rl->document;
  CrmRenderBlock *block = crm_render_block_new ();
  const char *supplier = crm_render_document_get_supplier_party (doc);
  const char *customer = crm_render_document_get_customer_party (doc);
  double column = (rl->width - 36) / 2;
  double left, right;

  if (supplier == NULL)
    supplier = crm_render_template_get_company_name (rl->template);
  if (customer == NULL)
    customer = crm_render_document_get_customer_name (doc);

  left = add_signature (rl, block, rl->left, column, CRM_RENDER_LABEL_SUPPLIER, supplier);
  right = add_signature (rl, block, rl->left + column + 36, column, CRM_RENDER_LABEL_CUSTOMER, customer);
  block->height = MAX (left, right) + 2;
  block->space_before = 1.5 * CRM_RENDER_BLOCK_GAP;
  g_ptr_array_add (rl->tail, block);
}

#define FIELD_LABEL_SHARE 0.3

/* A record's file: each section's heading, then a row a field, the label
 * on the left and the value beside it; the heading travels with the first
 * row, and a long value may break between its lines */
static void
add_record_sections (CrmRenderLayout *rl)
{
  CrmRenderDocument *doc = rl->document;
  double label_width = rl->width * FIELD_LABEL_SHARE;

  for (guint s = 0; s < crm_render_document_get_n_sections (doc); s++)
    {
      guint n_fields = 0;
      const char *heading = crm_render_document_get_section (doc, s, &n_fields);

      for (guint f = 0; f < MAX (n_fields, 1); f++)
        {
          CrmRenderBlock *block = crm_render_block_new ();
          double y = f == 0 ? add_heading_text (rl, block, heading) : 0;
          const char *value = NULL;
          const char *label = f < n_fields ? crm_render_document_get_field (doc, s, f, &value) : NULL;
          PangoLayout *label_layout, *value_layout;
          double label_height, value_height;

          block->space_before = f == 0 ? CRM_RENDER_BLOCK_GAP : 1.5;
          if (label == NULL)
            {
              block->height = y;
              g_ptr_array_add (rl->tail, block);
              continue;
            }
          label_layout = crm_render_text_new (rl, label, 8, PANGO_WEIGHT_BOLD, label_width - 8, PANGO_ALIGN_LEFT, FALSE);
          value_layout = crm_render_text_new (rl, value, 8.5, PANGO_WEIGHT_NORMAL, rl->width - label_width,
                                              PANGO_ALIGN_LEFT, FALSE);
          crm_render_block_add_text_breaks (block, value_layout, y);
          label_height = crm_render_block_add_text (block, label_layout, rl->left, y, &crm_render_muted);
          value_height = crm_render_block_add_text (block, value_layout, rl->left + label_width, y, &crm_render_ink);
          block->height = y + MAX (label_height, value_height);
          g_ptr_array_add (rl->tail, block);
        }
    }
}

/* The blocks after the line table, in order; the first is always the totals */
void
crm_render_sections_measure (CrmRenderLayout *rl)
{
  CrmRenderBlock *totals;

  /* a record's file has no prices: its sections, then its signatures */
  if (crm_render_document_get_kind (rl->document) == CRM_RENDER_DOCUMENT_COMPLAINT_FILE)
    {
      rl->tail = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_render_block_free);
      g_ptr_array_add (rl->tail, crm_render_block_new ());
      add_record_sections (rl);
      add_approvals (rl);
      return;
    }
  totals = build_totals (rl);

  rl->tail = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_render_block_free);
  if (totals == NULL)
    totals = crm_render_block_new ();
  g_ptr_array_add (rl->tail, totals);
  add_terms (rl);
  add_approvals (rl);
  add_signatures (rl);
}
