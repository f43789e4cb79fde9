/* crm-render-table.c: the line table: column widths, header row, one block per line, page subtotals */
#include "crm-render-private.h"

#define TABLE_FONT_MAX   8.5
#define TABLE_FONT_MIN   6.5
#define TABLE_FONT_STEP  0.5
#define PAD_X            4.0
#define PAD_Y            3.5
#define MIN_COLUMN       22.0
#define MIN_DESCRIPTION  150.0
/* a description this wide lends the amount columns some air */
#define AIRY_DESCRIPTION 180.0
#define MAX_AIR          4.0

static const CrmRenderLabel column_labels[] = {
  [CRM_RENDER_COLUMN_INDEX]            = CRM_RENDER_LABEL_COLUMN_INDEX,
  [CRM_RENDER_COLUMN_CODE]             = CRM_RENDER_LABEL_COLUMN_CODE,
  [CRM_RENDER_COLUMN_DESCRIPTION]      = CRM_RENDER_LABEL_COLUMN_DESCRIPTION,
  [CRM_RENDER_COLUMN_QUANTITY]         = CRM_RENDER_LABEL_COLUMN_QUANTITY,
  [CRM_RENDER_COLUMN_UNIT]             = CRM_RENDER_LABEL_COLUMN_UNIT,
  [CRM_RENDER_COLUMN_UNIT_PRICE]       = CRM_RENDER_LABEL_COLUMN_UNIT_PRICE,
  [CRM_RENDER_COLUMN_UNIT_PRICE_GROSS] = CRM_RENDER_LABEL_COLUMN_UNIT_PRICE_GROSS,
  [CRM_RENDER_COLUMN_DISCOUNT]         = CRM_RENDER_LABEL_COLUMN_DISCOUNT,
  [CRM_RENDER_COLUMN_TAX_RATE]         = CRM_RENDER_LABEL_COLUMN_TAX_RATE,
  [CRM_RENDER_COLUMN_NET]              = CRM_RENDER_LABEL_COLUMN_NET,
  [CRM_RENDER_COLUMN_TAX]              = CRM_RENDER_LABEL_COLUMN_TAX,
  [CRM_RENDER_COLUMN_GROSS]            = CRM_RENDER_LABEL_COLUMN_GROSS,
};

G_STATIC_ASSERT (G_N_ELEMENTS (column_labels) == CRM_RENDER_N_COLUMNS);

static gboolean
column_is_numeric (CrmRenderColumn column)
{
  return column != CRM_RENDER_COLUMN_CODE &&
         column != CRM_RENDER_COLUMN_DESCRIPTION &&
         column != CRM_RENDER_COLUMN_UNIT;
}

/* The text of @line in @column; the index column numbers lines from 1 */
static const char *
cell_text (const CrmRenderLine *line,
           guint                index,
           CrmRenderColumn      column,
           char                 buffer[16])
{
  switch (column)
    {
    case CRM_RENDER_COLUMN_INDEX:
      g_snprintf (buffer, 16, "%u", index + 1);
      return buffer;
    case CRM_RENDER_COLUMN_CODE:
      return line->code;
    case CRM_RENDER_COLUMN_DESCRIPTION:
      return line->description;
    case CRM_RENDER_COLUMN_QUANTITY:
      return line->quantity;
    case CRM_RENDER_COLUMN_UNIT:
      return line->unit;
    case CRM_RENDER_COLUMN_UNIT_PRICE:
      return line->unit_price;
    case CRM_RENDER_COLUMN_UNIT_PRICE_GROSS:
      return line->unit_price_gross;
    case CRM_RENDER_COLUMN_DISCOUNT:
      return line->discount;
    case CRM_RENDER_COLUMN_TAX_RATE:
      return line->tax_rate;
    case CRM_RENDER_COLUMN_NET:
      return line->net;
    case CRM_RENDER_COLUMN_TAX:
      return line->tax;
    case CRM_RENDER_COLUMN_GROSS:
      return line->gross;
    case CRM_RENDER_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static double
natural_width (CrmRenderLayout *rl,
               const char      *text,
               double           size,
               PangoWeight      weight,
               gboolean         tabular)
{
  g_autoptr(PangoLayout) layout = crm_render_text_new (rl, text, size, weight, -1,
                                                       PANGO_ALIGN_LEFT, tabular);

  return crm_render_text_width (layout);
}

/* The widest word of a column header: a header wraps at its spaces only,
 * never inside a word nor between the characters of a Chinese one */
static double
widest_word (CrmRenderLayout *rl,
             const char      *text,
             double           size)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  double widest = 0;

  for (guint i = 0; words[i] != NULL; i++)
    widest = MAX (widest, natural_width (rl, words[i], size, PANGO_WEIGHT_BOLD, FALSE));
  return widest;
}

/* Sizes every column but the description to its widest cell (a header may
 * wrap onto a second line rather than widen an amount column); the
 * description takes the rest. Returns: the width left for the description */
static double
size_columns (CrmRenderLayout *rl,
              double           size)
{
  CrmRenderDocument *doc = rl->document;
  guint n_lines = crm_render_document_get_n_lines (doc);
  double used = 0;

  for (guint c = 0; c < rl->n_columns; c++)
    {
      CrmRenderTableColumn *col = &rl->columns[c];
      const char *header;
      double content = 0, header_natural, header_min;

      if (col->column == CRM_RENDER_COLUMN_DESCRIPTION)
        continue;

      for (guint i = 0; i < n_lines; i++)
        {
          char buffer[16];
          const char *text = cell_text (crm_render_document_get_line (doc, i), i, col->column, buffer);

          if (text != NULL && *text != '\0')
            content = MAX (content, natural_width (rl, text, size, PANGO_WEIGHT_NORMAL, col->numeric));
        }

      header = crm_render_label (rl->language, column_labels[col->column]);
      header_natural = natural_width (rl, header, size, PANGO_WEIGHT_BOLD, FALSE);
      header_min = widest_word (rl, header, size);

      col->width = MAX (content, MIN (header_natural, MAX (content, header_min)));
      col->width = MAX (col->width + 2 * PAD_X, MIN_COLUMN);
      used += col->width;
    }

  return rl->width - used;
}

static void
place_columns (CrmRenderLayout *rl)
{
  guint n;
  const CrmRenderColumn *columns = crm_render_template_get_columns (rl->template, &n);
  double description;
  double x;

  rl->n_columns = n;
  for (guint c = 0; c < n; c++)
    {
      rl->columns[c].column = columns[c];
      rl->columns[c].numeric = column_is_numeric (columns[c]);
      rl->columns[c].align = rl->columns[c].numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
    }

  /* Many columns on a narrow page: a smaller type before a cramped description */
  rl->table_font = TABLE_FONT_MAX;
  description = size_columns (rl, rl->table_font);
  while (description < MIN_DESCRIPTION && rl->table_font > TABLE_FONT_MIN)
    {
      rl->table_font -= TABLE_FONT_STEP;
      description = size_columns (rl, rl->table_font);
    }

  /* Still too many: narrow the other columns alike; their text wraps */
  if (description < MIN_DESCRIPTION)
    {
      double others = rl->width - description;
      double factor = (rl->width - MIN_DESCRIPTION) / others;

      for (guint c = 0; c < n; c++)
        rl->columns[c].width *= factor;
      description = MIN_DESCRIPTION;
    }

  /* amounts set apart from each other read more easily */
  if (description > AIRY_DESCRIPTION)
    {
      guint n_numeric = 0;
      double air;

      for (guint c = 0; c < n; c++)
        n_numeric += rl->columns[c].numeric && rl->columns[c].column != CRM_RENDER_COLUMN_INDEX;
      air = n_numeric > 0 ? MIN (MAX_AIR, (description - AIRY_DESCRIPTION) / n_numeric) : 0;
      for (guint c = 0; c < n; c++)
        if (rl->columns[c].numeric && rl->columns[c].column != CRM_RENDER_COLUMN_INDEX)
          rl->columns[c].width += air;
      description -= air * n_numeric;
    }

  x = rl->left;
  for (guint c = 0; c < n; c++)
    {
      if (rl->columns[c].column == CRM_RENDER_COLUMN_DESCRIPTION)
        rl->columns[c].width = description;
      rl->columns[c].x = x;
      x += rl->columns[c].width;
    }
}

static CrmRenderBlock *
build_header_row (CrmRenderLayout *rl)
{
  CrmRenderBlock *block = crm_render_block_new ();
  double height = 0;

  for (guint c = 0; c < rl->n_columns; c++)
    {
      const CrmRenderTableColumn *col = &rl->columns[c];
      PangoLayout *layout = crm_render_text_new (rl, crm_render_label (rl->language, column_labels[col->column]),
                                                 rl->table_font, PANGO_WEIGHT_BOLD,
                                                 col->width - 2 * PAD_X, col->align, FALSE);

      height = MAX (height, crm_render_text_height (layout));
      crm_render_block_add_text (block, layout, col->x + PAD_X, PAD_Y + 1, &crm_render_ink);
    }

  block->height = height + 2 * PAD_Y + 2;
  /* the fill goes first so that the labels are drawn over it */
  g_array_insert_val (block->ops, 0, ((CrmRenderOp) {
    .kind = CRM_RENDER_OP_RECT, .x = rl->left, .y = 0, .width = rl->width,
    .height = block->height, .colour = rl->tint,
  }));
  crm_render_block_add_line (block, rl->left, block->height, rl->width, 0, 0.9, &rl->accent);
  return block;
}

static CrmRenderBlock *
build_row (CrmRenderLayout     *rl,
           const CrmRenderLine *line,
           guint                index)
{
  CrmRenderBlock *block = crm_render_block_new ();
  double height = 0;

  for (guint c = 0; c < rl->n_columns; c++)
    {
      const CrmRenderTableColumn *col = &rl->columns[c];
      char buffer[16];
      PangoLayout *layout = crm_render_text_new (rl, cell_text (line, index, col->column, buffer),
                                                 rl->table_font, PANGO_WEIGHT_NORMAL,
                                                 col->width - 2 * PAD_X, col->align, col->numeric);
      const CrmRenderRgb *colour = col->column == CRM_RENDER_COLUMN_INDEX ? &crm_render_muted : &crm_render_ink;

      height = MAX (height, crm_render_text_height (layout));
      if (col->column == CRM_RENDER_COLUMN_DESCRIPTION)
        crm_render_block_add_text_breaks (block, layout, PAD_Y);
      crm_render_block_add_text (block, layout, col->x + PAD_X, PAD_Y, colour);
    }

  block->height = height + 2 * PAD_Y;
  block->space_before = 0;
  crm_render_block_add_line (block, rl->left, block->height - 0.25, rl->width, 0, 0.5, &crm_render_rule);
  return block;
}

/* Measures the table for the page width: columns, header row and a block
 * per line, each as tall as its tallest cell. */
void
crm_render_table_measure (CrmRenderLayout *rl)
{
  guint n_lines = crm_render_document_get_n_lines (rl->document);
  g_autoptr(PangoLayout) sample = NULL;

  place_columns (rl);
  rl->table_header = build_header_row (rl);

  rl->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_render_block_free);
  for (guint i = 0; i < n_lines; i++)
    g_ptr_array_add (rl->rows, build_row (rl, crm_render_document_get_line (rl->document, i), i));

  sample = crm_render_text_new (rl, crm_render_label (rl->language, CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE),
                                rl->table_font, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT, TRUE);
  rl->subtotal_height = crm_render_text_height (sample) + 2 * PAD_Y + 2;
}

/* The "Subtotal this page" row: the exact sum of the lines that start on
 * @page, under the net and gross columns. A sum may be wider than any one
 * line: it then reaches into the column on its left, which is empty in
 * this row, and the label moves aside for it. */
CrmRenderBlock *
crm_render_table_subtotal (CrmRenderLayout     *rl,
                           const CrmRenderPage *page)
{
  CrmRenderBlock *block = crm_render_block_new ();
  const CrmRenderRgb shade = { 0.955, 0.955, 0.96 };
  double label_end = rl->left + rl->width;
  PangoLayout *label;
  guint decimals;

  crm_render_document_get_currency (rl->document, &decimals);
  block->height = rl->subtotal_height;
  crm_render_block_add_rect (block, rl->left, 0, rl->width, block->height, &shade);
  crm_render_block_add_line (block, rl->left, 0.3, rl->width, 0, 0.6, &crm_render_muted);

  for (guint c = 0; c < rl->n_columns; c++)
    {
      const CrmRenderTableColumn *col = &rl->columns[c];
      g_autofree char *amount = NULL;
      PangoLayout *layout;
      double x;

      if (col->column != CRM_RENDER_COLUMN_NET && col->column != CRM_RENDER_COLUMN_GROSS)
        continue;
      if (page->overflow)
        amount = g_strdup ("—");
      else
        amount = crm_render_format_amount (col->column == CRM_RENDER_COLUMN_NET ? page->net : page->gross,
                                           decimals);

      layout = crm_render_text_new (rl, amount, rl->table_font, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT, TRUE);
      x = col->x + col->width - PAD_X - crm_render_text_width (layout);
      label_end = MIN (label_end, MIN (x, col->x + PAD_X) - 2 * PAD_X);
      crm_render_block_add_text (block, layout, x, PAD_Y + 1, &crm_render_ink);
    }

  label = crm_render_text_new (rl, crm_render_label (rl->language, CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE),
                               rl->table_font, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT, FALSE);
  crm_render_block_add_text (block, label, MAX (rl->left + PAD_X, label_end - crm_render_text_width (label)),
                             PAD_Y + 1, &crm_render_ink);
  return block;
}
