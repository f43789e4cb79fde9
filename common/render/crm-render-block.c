/* crm-render-block.c: measured pieces of a page (text, rules, fills, images) and how they are drawn */
#include "crm-render-private.h"

#include <string.h>

const CrmRenderRgb crm_render_ink = { 0.12, 0.12, 0.14 };
const CrmRenderRgb crm_render_muted = { 0.37, 0.36, 0.40 };
const CrmRenderRgb crm_render_rule = { 0.80, 0.80, 0.82 };

static void
op_clear (gpointer data)
{
  CrmRenderOp *op = data;

  g_clear_object (&op->layout);
  g_clear_pointer (&op->image, cairo_surface_destroy);
}

CrmRenderBlock *
crm_render_block_new (void)
{
  CrmRenderBlock *block = g_new0 (CrmRenderBlock, 1);

  block->ops = g_array_new (FALSE, TRUE, sizeof (CrmRenderOp));
  g_array_set_clear_func (block->ops, op_clear);
  block->breaks = g_array_new (FALSE, FALSE, sizeof (double));
  block->space_before = CRM_RENDER_BLOCK_GAP;
  return block;
}

void
crm_render_block_free (CrmRenderBlock *block)
{
  if (block == NULL)
    return;
  g_array_unref (block->ops);
  g_array_unref (block->breaks);
  g_free (block);
}

/* Text of @size points, wrapped at @width points when @width > 0. Tabular
 * figures keep the digits of amounts in the same columns from line to line. */
PangoLayout *
crm_render_text_new (CrmRenderLayout *rl,
                     const char      *text,
                     double           size,
                     PangoWeight      weight,
                     double           width,
                     PangoAlignment   align,
                     gboolean         tabular)
{
  PangoLayout *layout = pango_layout_new (rl->context);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family_static (desc, rl->font_family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  if (width > 0)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);

  if (tabular)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

double
crm_render_text_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

double
crm_render_text_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

/* Adds @layout (taking its reference) with its top left at (@x, @y).
 * Returns: the text's height */
double
crm_render_block_add_text (CrmRenderBlock     *block,
                           PangoLayout        *layout,
                           double              x,
                           double              y,
                           const CrmRenderRgb *colour)
{
  CrmRenderOp op = { CRM_RENDER_OP_TEXT, };

  op.x = x;
  op.y = y;
  op.colour = *colour;
  op.layout = layout;
  g_array_append_val (block->ops, op);
  return crm_render_text_height (layout);
}

void
crm_render_block_add_rect (CrmRenderBlock     *block,
                           double              x,
                           double              y,
                           double              width,
                           double              height,
                           const CrmRenderRgb *colour)
{
  CrmRenderOp op = { CRM_RENDER_OP_RECT, };

  op.x = x;
  op.y = y;
  op.width = width;
  op.height = height;
  op.colour = *colour;
  g_array_append_val (block->ops, op);
}

void
crm_render_block_add_line (CrmRenderBlock     *block,
                           double              x,
                           double              y,
                           double              dx,
                           double              dy,
                           double              line_width,
                           const CrmRenderRgb *colour)
{
  CrmRenderOp op = { CRM_RENDER_OP_LINE, };

  op.x = x;
  op.y = y;
  op.width = dx;
  op.height = dy;
  op.line_width = line_width;
  op.colour = *colour;
  g_array_append_val (block->ops, op);
}

void
crm_render_block_add_image (CrmRenderBlock  *block,
                            cairo_surface_t *image,
                            double           x,
                            double           y,
                            double           width,
                            double           height)
{
  CrmRenderOp op = { CRM_RENDER_OP_IMAGE, };

  op.x = x;
  op.y = y;
  op.width = width;
  op.height = height;
  op.image = cairo_surface_reference (image);
  g_array_append_val (block->ops, op);
}

/* Records the bottom of each line of @layout but the last, placed at @y,
 * as a place where the block may be cut. */
void
crm_render_block_add_text_breaks (CrmRenderBlock *block,
                                  PangoLayout    *layout,
                                  double          y)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  while (!pango_layout_iter_at_last_line (iter))
    {
      int y0, y1;
      double cut;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      cut = y + (double) y1 / PANGO_SCALE;
      g_array_append_val (block->breaks, cut);
      pango_layout_iter_next_line (iter);
    }
  pango_layout_iter_free (iter);
}

static void
draw_op (cairo_t           *cr,
         const CrmRenderOp *op,
         double             x,
         double             y)
{
  switch (op->kind)
    {
    case CRM_RENDER_OP_TEXT:
      cairo_set_source_rgb (cr, op->colour.red, op->colour.green, op->colour.blue);
      cairo_move_to (cr, x + op->x, y + op->y);
      pango_cairo_show_layout (cr, op->layout);
      break;

    case CRM_RENDER_OP_RECT:
      cairo_set_source_rgb (cr, op->colour.red, op->colour.green, op->colour.blue);
      cairo_rectangle (cr, x + op->x, y + op->y, op->width, op->height);
      cairo_fill (cr);
      break;

    case CRM_RENDER_OP_LINE:
      cairo_set_source_rgb (cr, op->colour.red, op->colour.green, op->colour.blue);
      cairo_set_line_width (cr, op->line_width);
      cairo_move_to (cr, x + op->x, y + op->y);
      cairo_rel_line_to (cr, op->width, op->height);
      cairo_stroke (cr);
      break;

    case CRM_RENDER_OP_IMAGE:
      cairo_save (cr);
      cairo_translate (cr, x + op->x, y + op->y);
      cairo_scale (cr,
                   op->width / cairo_image_surface_get_width (op->image),
                   op->height / cairo_image_surface_get_height (op->image));
      cairo_set_source_surface (cr, op->image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BEST);
      cairo_paint (cr);
      cairo_restore (cr);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Draws @block with its top left at (@x, @y) */
void
crm_render_block_draw (CrmRenderBlock *block,
                       cairo_t        *cr,
                       double          x,
                       double          y)
{
  for (guint i = 0; i < block->ops->len; i++)
    draw_op (cr, &g_array_index (block->ops, CrmRenderOp, i), x, y);
}

/* Draws the lines of a text op whose middle lies between @top and
 * @bottom (block coordinates), the block's top at @y. Each line is drawn
 * on one page only, so that text extracted from the PDF is not repeated. */
static void
draw_text_lines (cairo_t           *cr,
                 const CrmRenderOp *op,
                 double             y,
                 double             top,
                 double             bottom)
{
  PangoLayoutIter *iter = pango_layout_get_iter (op->layout);

  cairo_set_source_rgb (cr, op->colour.red, op->colour.green, op->colour.blue);
  do
    {
      PangoRectangle logical;
      int y0, y1;
      double middle;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      middle = op->y + (y0 + y1) / 2.0 / PANGO_SCALE;
      if (middle < top || middle >= bottom)
        continue;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      cairo_move_to (cr, op->x + (double) logical.x / PANGO_SCALE,
                     y + op->y + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* Draws the part of @block from @offset to @offset + @height at @y */
void
crm_render_block_draw_slice (CrmRenderBlock *block,
                             cairo_t        *cr,
                             double          y,
                             double          offset,
                             double          height,
                             double          page_width)
{
  if (offset <= 0 && height >= block->height)
    {
      crm_render_block_draw (block, cr, 0, y);
      return;
    }

  /* fills and rules are cut at the slice's edges, text at its lines */
  cairo_save (cr);
  cairo_rectangle (cr, 0, y, page_width, height);
  cairo_clip (cr);
  for (guint i = 0; i < block->ops->len; i++)
    {
      const CrmRenderOp *op = &g_array_index (block->ops, CrmRenderOp, i);

      if (op->kind != CRM_RENDER_OP_TEXT)
        draw_op (cr, op, 0, y - offset);
    }
  cairo_restore (cr);

  for (guint i = 0; i < block->ops->len; i++)
    {
      const CrmRenderOp *op = &g_array_index (block->ops, CrmRenderOp, i);

      if (op->kind == CRM_RENDER_OP_TEXT)
        draw_text_lines (cr, op, y - offset, offset, offset + height);
    }
}

/* Page subtotals are the one amount the renderer produces itself. Both
 * printed languages write amounts as 12,345.67, and the server renders in
 * worker threads whatever its own locale, so this does not go through
 * localeconv() (crm_money_format()). */
char *
crm_render_format_amount (CrmMoney amount,
                          guint    decimals)
{
  g_autofree char *plain = NULL;
  const char *digits, *point;
  CrmMoney rounded;
  GString *out;
  gsize n_int;

  if (!crm_money_rescale (amount, decimals, CRM_ROUND_HALF_UP, &rounded, NULL))
    return g_strdup ("—");

  plain = crm_money_to_string (rounded);
  out = g_string_new (NULL);
  digits = plain;
  if (*digits == '-')
    {
      g_string_append_c (out, '-');
      digits++;
    }
  point = strchr (digits, '.');
  n_int = point != NULL ? (gsize) (point - digits) : strlen (digits);

  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  if (point != NULL)
    g_string_append (out, point);
  return g_string_free (out, FALSE);
}

/* "Tax ID: 123", in the document's language ("纳税人识别号：123") */
char *
crm_render_labelled (CrmRenderLayout *rl,
                     CrmRenderLabel   label,
                     const char      *value)
{
  gboolean chinese = g_str_equal (rl->language, "zh_CN");

  return g_strconcat (crm_render_label (rl->language, label), chinese ? "：" : ": ", value, NULL);
}

/* A small heading over a block, such as "SUPPLIER"; Chinese has no capitals */
char *
crm_render_caption (CrmRenderLayout *rl,
                    CrmRenderLabel   label)
{
  return g_utf8_strup (crm_render_label (rl->language, label), -1);
}
