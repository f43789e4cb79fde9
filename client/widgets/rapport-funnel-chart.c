/* rapport-funnel-chart.c: RapportFunnelChart, a pipeline's funnel as a bar a stage with its figures */
#include "rapport-funnel-chart.h"
#include "crm-money.h"

#include <glib/gi18n.h>

/* a stage's row */
#define ROW_HEIGHT 40
#define BAR_MARGIN 4
/* the narrowest bar: a stage with nothing in it is a marker line */
#define MIN_BAR_WIDTH 4.0
/* between a bar and figures set beside it */
#define FIGURES_GAP 8.0

typedef struct
{
  char   *name;
  char   *kind;
  gint64  count;
  char   *figures;
} FunnelBar;

struct _RapportFunnelChart
{
  GtkWidget  parent_instance;

  /* FunnelBar, in stage order */
  GArray    *bars;
};

G_DEFINE_FINAL_TYPE (RapportFunnelChart, rapport_funnel_chart, GTK_TYPE_WIDGET)

static void
funnel_bar_clear (FunnelBar *bar)
{
  g_clear_pointer (&bar->name, g_free);
  g_clear_pointer (&bar->kind, g_free);
  g_clear_pointer (&bar->figures, g_free);
}

/* a decimal string from the API in the locale's way, "1,000.50" */
static char *
format_amount (const char *text)
{
  CrmMoney amount;

  if (text == NULL || !crm_money_parse (text, 2, &amount, NULL))
    return g_strdup ("—");
  return crm_money_format (amount, 2);
}

static char *
format_conversion (JsonObject *stage)
{
  JsonNode *conversion = json_object_get_member (stage, "conversion");
  JsonNode *percent;

  if (conversion == NULL || !JSON_NODE_HOLDS_OBJECT (conversion) ||
      (percent = json_object_get_member (json_node_get_object (conversion), "percent")) == NULL ||
      !JSON_NODE_HOLDS_VALUE (percent))
    return g_strdup ("—");
  /* TRANSLATORS: a percentage, e.g. "66.7 %" */
  return g_strdup_printf (_("%s %%"), json_node_get_string (percent));
}

/* the width left for the stages' names; the bars take the rest */
static int
label_width (int width)
{
  return MIN (width / 3, 220);
}

/* Where a stage's bar and its figures go, for the widget's width: the bar
 * centred, as wide as its count against the largest; the figures on it
 * where they fit, else beside it, so that a narrow bar (a stage with
 * nothing in it) is never written over. */
static void
bar_areas (RapportFunnelChart *self,
           guint               index,
           int                 width,
           int                 text_width,
           int                 text_height,
           graphene_rect_t    *bar_area,
           graphene_rect_t    *figures_area)
{
  FunnelBar *bar = &g_array_index (self->bars, FunnelBar, index);
  int names = label_width (width);
  int bars = MAX (1, width - names);
  gint64 largest = 1;
  double bar_width, bar_x;

  for (guint i = 0; i < self->bars->len; i++)
    largest = MAX (largest, g_array_index (self->bars, FunnelBar, i).count);
  double figures_x, room;

  bar_width = MAX (MIN_BAR_WIDTH, (double) bars * bar->count / largest);
  bar_x = names + (bars - bar_width) / 2;
  graphene_rect_init (bar_area, bar_x, index * ROW_HEIGHT + BAR_MARGIN, bar_width, ROW_HEIGHT - 2 * BAR_MARGIN);
  room = text_width;
  if (text_width + 2 * FIGURES_GAP <= bar_width)
    /* on the bar */
    figures_x = bar_x + (bar_width - text_width) / 2;
  else if (bar_x + bar_width + FIGURES_GAP + text_width <= width)
    /* at its right */
    figures_x = bar_x + bar_width + FIGURES_GAP;
  else if (bar_x - FIGURES_GAP - text_width >= names)
    /* at its left */
    figures_x = bar_x - FIGURES_GAP - text_width;
  else
    {
      /* at its right, cut short to the room there */
      figures_x = bar_x + bar_width + FIGURES_GAP;
      room = MAX (0, width - figures_x);
    }
  graphene_rect_init (figures_area, figures_x, index * ROW_HEIGHT + (ROW_HEIGHT - text_height) / 2.0, room, text_height);
}

static void
set_kind_colour (cairo_t    *cr,
                 const char *kind)
{
  if (g_strcmp0 (kind, "won") == 0)
    cairo_set_source_rgb (cr, 0.18, 0.76, 0.49);
  else if (g_strcmp0 (kind, "lost") == 0)
    cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  else
    cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
}

static void
rapport_funnel_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  RapportFunnelChart *self = RAPPORT_FUNNEL_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  GdkRGBA fg;

  if (self->bars->len == 0 || width <= 0 || height <= 0)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < self->bars->len; i++)
    {
      FunnelBar *bar = &g_array_index (self->bars, FunnelBar, i);
      g_autoptr(PangoLayout) name = gtk_widget_create_pango_layout (widget, bar->name);
      g_autoptr(PangoLayout) figures = gtk_widget_create_pango_layout (widget, bar->figures);
      graphene_rect_t bar_area, figures_area;
      int text_width, text_height;

      pango_layout_set_width (name, (label_width (width) - 6) * PANGO_SCALE);
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_get_pixel_size (name, &text_width, &text_height);
      cairo_move_to (cr, 0, i * ROW_HEIGHT + (ROW_HEIGHT - text_height) / 2.0);
      pango_cairo_show_layout (cr, name);

      pango_layout_get_pixel_size (figures, &text_width, &text_height);
      bar_areas (self, i, width, text_width, text_height, &bar_area, &figures_area);
      set_kind_colour (cr, bar->kind);
      cairo_rectangle (cr, bar_area.origin.x, bar_area.origin.y, bar_area.size.width, bar_area.size.height);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      if (figures_area.size.width < text_width)
        {
          pango_layout_set_width (figures, (int) figures_area.size.width * PANGO_SCALE);
          pango_layout_set_ellipsize (figures, PANGO_ELLIPSIZE_END);
        }
      cairo_move_to (cr, figures_area.origin.x, figures_area.origin.y);
      pango_cairo_show_layout (cr, figures);
    }
  cairo_destroy (cr);
}

static void
rapport_funnel_chart_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  RapportFunnelChart *self = RAPPORT_FUNNEL_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 600;
    }
  else
    *minimum = *natural = MAX (1, (int) self->bars->len) * ROW_HEIGHT;
}

static void
rapport_funnel_chart_finalize (GObject *object)
{
  RapportFunnelChart *self = RAPPORT_FUNNEL_CHART (object);

  g_clear_pointer (&self->bars, g_array_unref);
  G_OBJECT_CLASS (rapport_funnel_chart_parent_class)->finalize (object);
}

static void
rapport_funnel_chart_class_init (RapportFunnelChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rapport_funnel_chart_finalize;
  widget_class->snapshot = rapport_funnel_chart_snapshot;
  widget_class->measure = rapport_funnel_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "funnelchart");
}

static void
rapport_funnel_chart_init (RapportFunnelChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (FunnelBar));
  g_array_set_clear_func (self->bars, (GDestroyNotify) funnel_bar_clear);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Opportunities in each stage, as bars"), -1);
}

GtkWidget *
rapport_funnel_chart_new (void)
{
  return g_object_new (RAPPORT_TYPE_FUNNEL_CHART, NULL);
}

/**
 * rapport_funnel_chart_set_stages:
 * @self: the chart
 * @stages: the funnel's `stages` as the API gives them, in order
 *
 * A bar a stage: its count, amount and conversion to the next stage.
 */
void
rapport_funnel_chart_set_stages (RapportFunnelChart *self,
                                 JsonArray          *stages)
{
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (RAPPORT_IS_FUNNEL_CHART (self));
  g_return_if_fail (stages != NULL);

  g_array_set_size (self->bars, 0);
  for (guint i = 0; i < json_array_get_length (stages); i++)
    {
      JsonObject *stage = json_array_get_object_element (stages, i);
      FunnelBar bar = { 0 };
      g_autofree char *amount = format_amount (json_object_get_string_member_with_default (stage, "amount", NULL));
      g_autofree char *conversion = format_conversion (stage);
      g_autofree char *count = NULL;

      bar.name = g_strdup (json_object_get_string_member_with_default (stage, "name", ""));
      bar.kind = g_strdup (json_object_get_string_member_with_default (stage, "kind", "open"));
      bar.count = json_object_get_int_member_with_default (stage, "count", 0);
      count = g_strdup_printf ("%" G_GINT64_FORMAT, bar.count);
      /* TRANSLATORS: on a funnel's bar: how many, their amount, and the conversion to the next stage */
      bar.figures = g_strdup_printf (_("%s · %s · → %s"), count, amount, conversion);
      /* TRANSLATORS: a funnel's stage read by a screen reader: its name, then its figures */
      g_string_append_printf (description, _("%s: %s. "), bar.name, bar.figures);
      g_array_append_val (self->bars, bar);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
rapport_funnel_chart_get_n_bars (RapportFunnelChart *self)
{
  g_return_val_if_fail (RAPPORT_IS_FUNNEL_CHART (self), 0);

  return self->bars->len;
}

/* the count of the stage at @index */
gint64
rapport_funnel_chart_get_count (RapportFunnelChart *self,
                                guint               index)
{
  g_return_val_if_fail (RAPPORT_IS_FUNNEL_CHART (self), -1);
  g_return_val_if_fail (index < self->bars->len, -1);

  return g_array_index (self->bars, FunnelBar, index).count;
}

/**
 * rapport_funnel_chart_get_areas:
 * @self: the chart, allocated
 * @index: a stage
 * @bar: (out): where its bar is drawn
 * @figures: (out): where its figures are written
 *
 * Returns: whether @index is a stage of the chart
 */
gboolean
rapport_funnel_chart_get_areas (RapportFunnelChart *self,
                                guint               index,
                                graphene_rect_t    *bar,
                                graphene_rect_t    *figures)
{
  g_autoptr(PangoLayout) layout = NULL;
  int text_width, text_height;

  g_return_val_if_fail (RAPPORT_IS_FUNNEL_CHART (self), FALSE);
  g_return_val_if_fail (bar != NULL && figures != NULL, FALSE);

  if (index >= self->bars->len)
    return FALSE;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), g_array_index (self->bars, FunnelBar, index).figures);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  bar_areas (self, index, gtk_widget_get_width (GTK_WIDGET (self)), text_width, text_height, bar, figures);
  return TRUE;
}
