/* rapport-pipeline-report-page.h: RapportPipelineReportPage, the funnel and the forecast, each as a chart above a table */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "widgets/rapport-forecast-chart.h"
#include "widgets/rapport-funnel-chart.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_PIPELINE_REPORT_PAGE (rapport_pipeline_report_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportPipelineReportPage, rapport_pipeline_report_page, RAPPORT, PIPELINE_REPORT_PAGE, GtkWidget)

GtkWidget *rapport_pipeline_report_page_new        (RapportApi                *api);
void       rapport_pipeline_report_page_reload     (RapportPipelineReportPage *self);
gboolean   rapport_pipeline_report_page_get_busy   (RapportPipelineReportPage *self);
GtkGrid   *rapport_pipeline_report_page_get_funnel_grid   (RapportPipelineReportPage *self);
GtkGrid   *rapport_pipeline_report_page_get_forecast_grid (RapportPipelineReportPage *self);
RapportFunnelChart *rapport_pipeline_report_page_get_funnel_chart (RapportPipelineReportPage *self);
RapportForecastChart *rapport_pipeline_report_page_get_forecast_chart (RapportPipelineReportPage *self);

G_END_DECLS
