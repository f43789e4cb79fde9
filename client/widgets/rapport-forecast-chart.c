/* rapport-forecast-chart.c: RapportForecastChart, the forecast as bars: won, committed, weighted and best case a period */
#include "rapport-forecast-chart.h"

#include <glib/gi18n.h>
#include <stdio.h>

#define PADDING       8
#define LEGEND_SWATCH 12
#define LEGEND_GAP    18
/* a period's bars take this much of its width; the rest parts the periods */
#define GROUP_FILL    0.8
#define MIN_GROUP     56
#define MAX_BAR       40
#define N_TICKS       4

typedef struct
{
  char     *label;
  CrmMoney  values[RAPPORT_FORECAST_N_SERIES];
} ForecastPeriod;

struct _RapportForecastChart
{
  GtkWidget  parent_instance;

  /* ForecastPeriod, oldest first */
  GArray    *periods;
  char      *currency;
};

G_DEFINE_FINAL_TYPE (RapportForecastChart, rapport_forecast_chart, GTK_TYPE_WIDGET)

/* where things go for a size: the legend above, the amounts' axis at the
 * left, the periods' names below, the bars in between */
typedef struct
{
  double legend_height;
  double axis_width;
  double label_height;
  graphene_rect_t plot;
  /* the axis' top, a whole number of steps, in major units */
  gint64 step;
  gint64 top;
} Geometry;

static const GdkRGBA series_colours[RAPPORT_FORECAST_N_SERIES] = {
  { 0.18f, 0.76f, 0.49f, 1.0f },   /* won: green */
  { 0.21f, 0.52f, 0.89f, 1.0f },   /* committed: blue */
  { 0.60f, 0.76f, 0.95f, 1.0f },   /* weighted: light blue */
  { 0.61f, 0.60f, 0.59f, 1.0f },   /* best case: grey */
};

static void
forecast_period_clear (ForecastPeriod *period)
{
  g_clear_pointer (&period->label, g_free);
}

/**
 * rapport_forecast_chart_get_series_name:
 * @series: a series
 *
 * Returns: (transfer none): its name in the legend
 */
const char *
rapport_forecast_chart_get_series_name (RapportForecastSeries series)
{
  g_return_val_if_fail (series < RAPPORT_FORECAST_N_SERIES, NULL);

  switch (series)
    {
    case RAPPORT_FORECAST_WON:
      return C_("forecast", "Won");
    case RAPPORT_FORECAST_COMMITTED:
      return C_("forecast", "Committed");
    case RAPPORT_FORECAST_WEIGHTED:
      return C_("forecast", "Weighted");
    case RAPPORT_FORECAST_BEST_CASE:
    case RAPPORT_FORECAST_N_SERIES:
    default:
      return C_("forecast", "Best case");
    }
}

/* "2026-03" as "Mar 2026" and "2026-Q1" as "Q1 2026", in the locale's words */
static char *
period_label (const char *period)
{
  int year = 0, part = 0;

  if (period == NULL)
    return g_strdup ("");
  if (sscanf (period, "%d-Q%d", &year, &part) == 2)
    /* TRANSLATORS: a quarter on the forecast chart's axis: %1$d is the year, %2$d the quarter (1 to 4) */
    return g_strdup_printf (C_("forecast", "Q%2$d %1$d"), year, part);
  if (sscanf (period, "%d-%d", &year, &part) == 2 && part >= 1 && part <= 12)
    {
      g_autoptr(GDateTime) month = g_date_time_new_utc (year, part, 1, 0, 0, 0);

      /* TRANSLATORS: a month on the forecast chart's axis, as g_date_time_format() takes it, e.g. "Mar 2026" */
      if (month != NULL)
        return g_date_time_format (month, C_("forecast", "%b %Y"));
    }
  return g_strdup (period);
}

static double
major_units (CrmMoney amount)
{
  double value = (double) amount.value;

  for (guint i = 0; i < amount.scale; i++)
    value /= 10;
  return value;
}

/* a step of 1, 2 or 5 × 10^n that reaches @largest in N_TICKS steps */
static gint64
nice_step (double largest)
{
  gint64 top = MAX ((gint64) largest + 1, 1);
  gint64 rough = (top + N_TICKS - 1) / N_TICKS;
  gint64 power = 1;

  while (power <= G_MAXINT64 / 10 && power * 10 <= rough)
    power *= 10;
  if (rough <= power)
    return power;
  if (rough <= 2 * power)
    return 2 * power;
  if (rough <= 5 * power)
    return 5 * power;
  return 10 * power;
}

static char *
tick_text (gint64 value)
{
  return crm_money_format (crm_money_new (value, 0), 0);
}

static int
text_width (GtkWidget  *widget,
            const char *text,
            int        *height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, height);
  return width;
}

static void
compute_geometry (RapportForecastChart *self,
                  int                   width,
                  int                   height,
                  Geometry             *geometry)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double largest = 0;
  g_autofree char *top_text = NULL;
  int line = 0;

  for (guint i = 0; i < self->periods->len; i++)
    for (guint s = 0; s < RAPPORT_FORECAST_N_SERIES; s++)
      largest = MAX (largest, major_units (g_array_index (self->periods, ForecastPeriod, i).values[s]));
  geometry->step = nice_step (largest);
  geometry->top = geometry->step * N_TICKS;
  while (geometry->top < largest)
    geometry->top += geometry->step;
  top_text = tick_text (geometry->top);
  geometry->axis_width = text_width (widget, top_text, &line) + PADDING;
  geometry->legend_height = line + 2 * PADDING;
  geometry->label_height = line + PADDING;
  graphene_rect_init (&geometry->plot, geometry->axis_width, geometry->legend_height + line / 2.0,
                      MAX (1, width - geometry->axis_width - PADDING),
                      MAX (1, height - geometry->legend_height - line / 2.0 - geometry->label_height));
}

static void
bar_area (RapportForecastChart  *self,
          const Geometry        *geometry,
          guint                  period,
          RapportForecastSeries  series,
          graphene_rect_t       *area)
{
  double group = geometry->plot.size.width / MAX (1, self->periods->len);
  double bar = MIN (group * GROUP_FILL / RAPPORT_FORECAST_N_SERIES, MAX_BAR);
  double value = MAX (0, major_units (g_array_index (self->periods, ForecastPeriod, period).values[series]));
  double bar_height = geometry->plot.size.height * value / (double) geometry->top;

  graphene_rect_init (area, geometry->plot.origin.x + period * group + (group - RAPPORT_FORECAST_N_SERIES * bar) / 2 + series * bar,
                      geometry->plot.origin.y + geometry->plot.size.height - bar_height, bar, bar_height);
}

static void
show_text (cairo_t    *cr,
           GtkWidget  *widget,
           const char *text,
           double      x,
           double      y,
           double      align)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - width * align, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_legend (RapportForecastChart *self,
             cairo_t              *cr,
             const GdkRGBA        *fg)
{
  double x = self->periods->len > 0 ? PADDING : 0;

  for (guint s = 0; s < RAPPORT_FORECAST_N_SERIES; s++)
    {
      const char *name = rapport_forecast_chart_get_series_name (s);
      int height;
      int width = text_width (GTK_WIDGET (self), name, &height);

      gdk_cairo_set_source_rgba (cr, &series_colours[s]);
      cairo_rectangle (cr, x, PADDING + (height - LEGEND_SWATCH) / 2.0, LEGEND_SWATCH, LEGEND_SWATCH);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      show_text (cr, GTK_WIDGET (self), name, x + LEGEND_SWATCH + 6, PADDING, 0);
      x += LEGEND_SWATCH + 6 + width + LEGEND_GAP;
    }
}

static void
draw_axes (RapportForecastChart *self,
           cairo_t              *cr,
           const Geometry       *geometry,
           const GdkRGBA        *fg)
{
  GdkRGBA grid = *fg;
  int line = 0;

  text_width (GTK_WIDGET (self), "0", &line);
  grid.alpha *= 0.2f;
  for (gint64 tick = 0; tick <= geometry->top; tick += geometry->step)
    {
      double y = geometry->plot.origin.y + geometry->plot.size.height * (1 - (double) tick / geometry->top);
      g_autofree char *text = tick_text (tick);

      gdk_cairo_set_source_rgba (cr, &grid);
      cairo_rectangle (cr, geometry->plot.origin.x, (int) (y + 0.5), geometry->plot.size.width, 1);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      show_text (cr, GTK_WIDGET (self), text, geometry->axis_width - PADDING / 2.0, y - line / 2.0, 1);
    }
  for (guint i = 0; i < self->periods->len; i++)
    {
      double group = geometry->plot.size.width / self->periods->len;

      show_text (cr, GTK_WIDGET (self), g_array_index (self->periods, ForecastPeriod, i).label,
                 geometry->plot.origin.x + (i + 0.5) * group,
                 geometry->plot.origin.y + geometry->plot.size.height + PADDING / 2.0, 0.5);
    }
}

static void
rapport_forecast_chart_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  RapportForecastChart *self = RAPPORT_FORECAST_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Geometry geometry;
  cairo_t *cr;
  GdkRGBA fg;

  if (width <= 0 || height <= 0)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  compute_geometry (self, width, height, &geometry);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_legend (self, cr, &fg);
  draw_axes (self, cr, &geometry, &fg);
  for (guint i = 0; i < self->periods->len; i++)
    for (guint s = 0; s < RAPPORT_FORECAST_N_SERIES; s++)
      {
        graphene_rect_t area;

        bar_area (self, &geometry, i, s, &area);
        gdk_cairo_set_source_rgba (cr, &series_colours[s]);
        /* an empty bar is still a line on the axis, so that it reads as zero */
        cairo_rectangle (cr, area.origin.x + 1, area.origin.y - (area.size.height < 1 ? 1 : 0),
                         MAX (1, area.size.width - 2), MAX (1, area.size.height));
        cairo_fill (cr);
      }
  cairo_destroy (cr);
}

static void
rapport_forecast_chart_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  RapportForecastChart *self = RAPPORT_FORECAST_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* many periods scroll sideways rather than squeeze */
      *minimum = 120 + MIN_GROUP * (int) self->periods->len;
      *natural = MAX (*minimum, 640);
    }
  else
    {
      *minimum = 200;
      *natural = 280;
    }
}

/* a bar's period, series and exact amount */
static gboolean
on_query_tooltip (RapportForecastChart *self,
                  int                   x,
                  int                   y,
                  gboolean              keyboard,
                  GtkTooltip           *tooltip)
{
  Geometry geometry;

  if (keyboard)
    return FALSE;
  compute_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &geometry);
  for (guint i = 0; i < self->periods->len; i++)
    for (guint s = 0; s < RAPPORT_FORECAST_N_SERIES; s++)
      {
        ForecastPeriod *period = &g_array_index (self->periods, ForecastPeriod, i);
        graphene_rect_t area;
        g_autofree char *amount = NULL;
        g_autofree char *text = NULL;

        bar_area (self, &geometry, i, s, &area);
        /* a low bar is found anywhere above it in the plot */
        area.origin.y = geometry.plot.origin.y;
        area.size.height = geometry.plot.size.height;
        if (!graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (x, y)))
          continue;
        amount = crm_money_format (period->values[s], 2);
        /* TRANSLATORS: a forecast bar's tooltip: the period, the series, the currency and the exact amount */
        text = g_strdup_printf (C_("forecast", "%s — %s: %s %s"), period->label, rapport_forecast_chart_get_series_name (s),
                                self->currency ? self->currency : "", amount);
        gtk_tooltip_set_text (tooltip, text);
        return TRUE;
      }
  return FALSE;
}

static void
rapport_forecast_chart_finalize (GObject *object)
{
  RapportForecastChart *self = RAPPORT_FORECAST_CHART (object);

  g_clear_pointer (&self->periods, g_array_unref);
  g_clear_pointer (&self->currency, g_free);
  G_OBJECT_CLASS (rapport_forecast_chart_parent_class)->finalize (object);
}

static void
rapport_forecast_chart_class_init (RapportForecastChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rapport_forecast_chart_finalize;
  widget_class->snapshot = rapport_forecast_chart_snapshot;
  widget_class->measure = rapport_forecast_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "forecastchart");
}

static void
rapport_forecast_chart_init (RapportForecastChart *self)
{
  self->periods = g_array_new (FALSE, TRUE, sizeof (ForecastPeriod));
  g_array_set_clear_func (self->periods, (GDestroyNotify) forecast_period_clear);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Forecast by period, as bars"), -1);
}

GtkWidget *
rapport_forecast_chart_new (void)
{
  return g_object_new (RAPPORT_TYPE_FORECAST_CHART, NULL);
}

/* what a screen reader says: each period's four amounts, exact */
static void
describe (RapportForecastChart *self)
{
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint i = 0; i < self->periods->len; i++)
    {
      ForecastPeriod *period = &g_array_index (self->periods, ForecastPeriod, i);

      g_string_append_printf (description, "%s: ", period->label);
      for (guint s = 0; s < RAPPORT_FORECAST_N_SERIES; s++)
        {
          g_autofree char *amount = crm_money_format (period->values[s], 2);

          /* TRANSLATORS: one amount of a period in the forecast chart's description: series, currency, amount */
          g_string_append_printf (description, C_("forecast", "%s %s %s"), rapport_forecast_chart_get_series_name (s),
                                  self->currency ? self->currency : "", amount);
          g_string_append (description, s + 1 < RAPPORT_FORECAST_N_SERIES ? C_("forecast", ", ") : C_("forecast", ". "));
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
}

/**
 * rapport_forecast_chart_set_periods:
 * @self: the chart
 * @currency: (nullable): the base currency the amounts are in
 * @periods: the forecast's `periods` as the API gives them, oldest first
 *
 * Four bars a period: won, committed, weighted and best case.
 */
void
rapport_forecast_chart_set_periods (RapportForecastChart *self,
                                    const char           *currency,
                                    JsonArray            *periods)
{
  static const char * const members[RAPPORT_FORECAST_N_SERIES] = { "won", "committed", "weighted", "best_case" };

  g_return_if_fail (RAPPORT_IS_FORECAST_CHART (self));
  g_return_if_fail (periods != NULL);

  g_free (self->currency);
  self->currency = g_strdup (currency);
  g_array_set_size (self->periods, 0);
  for (guint i = 0; i < json_array_get_length (periods); i++)
    {
      JsonObject *object = json_array_get_object_element (periods, i);
      ForecastPeriod period = { 0 };

      period.label = period_label (json_object_get_string_member_with_default (object, "period", NULL));
      for (guint s = 0; s < RAPPORT_FORECAST_N_SERIES; s++)
        if (!crm_money_parse (json_object_get_string_member_with_default (object, members[s], "0"), 2,
                              &period.values[s], NULL))
          period.values[s] = crm_money_new (0, 2);
      g_array_append_val (self->periods, period);
    }
  describe (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
rapport_forecast_chart_get_n_periods (RapportForecastChart *self)
{
  g_return_val_if_fail (RAPPORT_IS_FORECAST_CHART (self), 0);

  return self->periods->len;
}

/* four a period */
guint
rapport_forecast_chart_get_n_bars (RapportForecastChart *self)
{
  g_return_val_if_fail (RAPPORT_IS_FORECAST_CHART (self), 0);

  return self->periods->len * RAPPORT_FORECAST_N_SERIES;
}

/* Returns: (transfer none): the period's name under its bars */
const char *
rapport_forecast_chart_get_period_label (RapportForecastChart *self,
                                         guint                 period)
{
  g_return_val_if_fail (RAPPORT_IS_FORECAST_CHART (self), NULL);
  g_return_val_if_fail (period < self->periods->len, NULL);

  return g_array_index (self->periods, ForecastPeriod, period).label;
}

/**
 * rapport_forecast_chart_get_value:
 * @self: the chart
 * @period: a period, from the oldest
 * @series: one of its bars
 * @value: (out): the bar's exact amount
 *
 * Returns: whether there is such a bar
 */
gboolean
rapport_forecast_chart_get_value (RapportForecastChart  *self,
                                  guint                  period,
                                  RapportForecastSeries  series,
                                  CrmMoney              *value)
{
  g_return_val_if_fail (RAPPORT_IS_FORECAST_CHART (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (period >= self->periods->len || series >= RAPPORT_FORECAST_N_SERIES)
    return FALSE;
  *value = g_array_index (self->periods, ForecastPeriod, period).values[series];
  return TRUE;
}

/**
 * rapport_forecast_chart_get_bar_area:
 * @self: the chart, allocated
 * @period: a period, from the oldest
 * @series: one of its bars
 * @area: (out): where the bar is drawn
 *
 * Returns: whether there is such a bar
 */
gboolean
rapport_forecast_chart_get_bar_area (RapportForecastChart  *self,
                                     guint                  period,
                                     RapportForecastSeries  series,
                                     graphene_rect_t       *area)
{
  Geometry geometry;

  g_return_val_if_fail (RAPPORT_IS_FORECAST_CHART (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (period >= self->periods->len || series >= RAPPORT_FORECAST_N_SERIES)
    return FALSE;
  compute_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &geometry);
  bar_area (self, &geometry, period, series, area);
  return TRUE;
}
