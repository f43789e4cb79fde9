/* rapport-forecast-chart.h: RapportForecastChart, the forecast as bars: won, committed, weighted and best case a period */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "crm-money.h"

G_BEGIN_DECLS

/**
 * RapportForecastSeries:
 * @RAPPORT_FORECAST_WON: closed as won in the period
 * @RAPPORT_FORECAST_COMMITTED: open, due then, in a stage of at least the committed probability
 * @RAPPORT_FORECAST_WEIGHTED: each open amount times its probability
 * @RAPPORT_FORECAST_BEST_CASE: won and every open amount
 *
 * The bars of a period, from the left, as the forecast's members
 * `won`, `committed`, `weighted` and `best_case`.
 */
typedef enum
{
  RAPPORT_FORECAST_WON,
  RAPPORT_FORECAST_COMMITTED,
  RAPPORT_FORECAST_WEIGHTED,
  RAPPORT_FORECAST_BEST_CASE,
  RAPPORT_FORECAST_N_SERIES
} RapportForecastSeries;

#define RAPPORT_TYPE_FORECAST_CHART (rapport_forecast_chart_get_type ())

G_DECLARE_FINAL_TYPE (RapportForecastChart, rapport_forecast_chart, RAPPORT, FORECAST_CHART, GtkWidget)

GtkWidget  *rapport_forecast_chart_new              (void);
void        rapport_forecast_chart_set_periods      (RapportForecastChart  *self,
                                                     const char            *currency,
                                                     JsonArray             *periods);
guint       rapport_forecast_chart_get_n_periods    (RapportForecastChart  *self);
guint       rapport_forecast_chart_get_n_bars       (RapportForecastChart  *self);
const char *rapport_forecast_chart_get_period_label (RapportForecastChart  *self,
                                                     guint                  period);
gboolean    rapport_forecast_chart_get_value        (RapportForecastChart  *self,
                                                     guint                  period,
                                                     RapportForecastSeries  series,
                                                     CrmMoney              *value);
gboolean    rapport_forecast_chart_get_bar_area     (RapportForecastChart  *self,
                                                     guint                  period,
                                                     RapportForecastSeries  series,
                                                     graphene_rect_t       *area);
const char *rapport_forecast_chart_get_series_name  (RapportForecastSeries  series);

G_END_DECLS
