/* rapport-pipeline-report-page.c: RapportPipelineReportPage, the funnel and the forecast, each as a chart above a table */
#include "rapport-pipeline-report-page.h"
#include "widgets/rapport-forecast-chart.h"
#include "widgets/rapport-funnel-chart.h"
#include "crm-money.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportPipelineReportPage
{
  GtkWidget       parent_instance;

  GtkDropDown    *owner_choice;
  GtkDropDown    *period_choice;
  GtkLabel       *error_label;
  AdwViewStack   *view_stack;
  RapportFunnelChart *funnel_chart;
  RapportForecastChart *forecast_chart;
  GtkGrid        *funnel_grid;
  GtkGrid        *forecast_grid;

  RapportApi     *api;
  GCancellable   *cancellable;
  guint           n_pending;
};

G_DEFINE_FINAL_TYPE (RapportPipelineReportPage, rapport_pipeline_report_page, GTK_TYPE_WIDGET)

static void
show_error (RapportPipelineReportPage *self,
            const GError              *error)
{
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
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
format_percent (JsonObject *object,
                const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("—");
  /* TRANSLATORS: a percentage, e.g. "66.7 %" */
  return g_strdup_printf (_("%s %%"), json_node_get_string (node));
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
attach_text (GtkGrid    *grid,
             const char *text,
             int         column,
             int         row,
             gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
attach_headings (GtkGrid            *grid,
                 const char * const *headings)
{
  for (int i = 0; headings[i]; i++)
    attach_text (grid, _(headings[i]), i, 0, TRUE);
}

static void
show_funnel (RapportPipelineReportPage *self,
             JsonObject                *report)
{
  static const char * const headings[] = {
    N_("Stage"), N_("Open now"), N_("Amount"), N_("Weighted"), N_("Reached"), N_("To next stage"), N_("Days in stage"), NULL
  };
  JsonArray *stages = json_object_get_array_member (report, "stages");

  clear_grid (self->funnel_grid);
  attach_headings (self->funnel_grid, headings);
  for (guint i = 0; stages && i < json_array_get_length (stages); i++)
    {
      JsonObject *stage = json_array_get_object_element (stages, i);
      JsonNode *conversion = json_object_get_member (stage, "conversion");
      JsonNode *days = json_object_get_member (stage, "avg_days_in_stage");
      g_autofree char *amount = format_amount (json_object_get_string_member_with_default (stage, "amount", NULL));
      g_autofree char *percent = conversion && JSON_NODE_HOLDS_OBJECT (conversion)
                                 ? format_percent (json_node_get_object (conversion), "percent") : g_strdup ("—");
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (stage, "count", 0));
      g_autofree char *reached = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (stage, "reached", 0));
      g_autofree char *weighted = format_amount (json_object_get_string_member_with_default (stage, "weighted", NULL));

      attach_text (self->funnel_grid, json_object_get_string_member_with_default (stage, "name", ""), 0, i + 1, FALSE);
      attach_text (self->funnel_grid, count, 1, i + 1, FALSE);
      attach_text (self->funnel_grid, amount, 2, i + 1, FALSE);
      attach_text (self->funnel_grid, weighted, 3, i + 1, FALSE);
      attach_text (self->funnel_grid, reached, 4, i + 1, FALSE);
      attach_text (self->funnel_grid, percent, 5, i + 1, FALSE);
      attach_text (self->funnel_grid, days && JSON_NODE_HOLDS_VALUE (days) ? json_node_get_string (days) : "—", 6, i + 1, FALSE);
    }
  if (stages)
    rapport_funnel_chart_set_stages (self->funnel_chart, stages);
}

static void
show_forecast (RapportPipelineReportPage *self,
               JsonObject                *report)
{
  static const char * const headings[] = {
    N_("Period"), N_("Won amount"), N_("Committed"), N_("Weighted"), N_("Best case"), NULL
  };
  static const char * const members[] = { "won", "committed", "weighted", "best_case", NULL };
  JsonArray *periods = json_object_get_array_member (report, "periods");

  clear_grid (self->forecast_grid);
  attach_headings (self->forecast_grid, headings);
  for (guint i = 0; periods && i < json_array_get_length (periods); i++)
    {
      JsonObject *period = json_array_get_object_element (periods, i);

      attach_text (self->forecast_grid, json_object_get_string_member_with_default (period, "period", ""), 0, i + 1, FALSE);
      for (int m = 0; members[m]; m++)
        {
          g_autofree char *amount = format_amount (json_object_get_string_member_with_default (period, members[m], NULL));

          attach_text (self->forecast_grid, amount, m + 1, i + 1, FALSE);
        }
    }
  if (periods)
    rapport_forecast_chart_set_periods (self->forecast_chart, json_object_get_string_member_with_default (report, "currency", NULL),
                                        periods);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportPipelineReportPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *report;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_pending--;
  show_error (self, error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  report = json_node_get_object (node);
  if (json_object_has_member (report, "stages"))
    show_funnel (self, report);
  else
    show_forecast (self, report);
}

/**
 * rapport_pipeline_report_page_reload:
 * @self: the page
 *
 * Asks the server for the funnel and the forecast again, with the chosen
 * owner and period.
 */
void
rapport_pipeline_report_page_reload (RapportPipelineReportPage *self)
{
  gboolean mine;
  g_autofree char *funnel = NULL;
  g_autofree char *forecast = NULL;

  g_return_if_fail (RAPPORT_IS_PIPELINE_REPORT_PAGE (self));

  if (self->api == NULL)
    return;
  /* what was asked before is no longer wanted */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_pending = 2;
  mine = gtk_drop_down_get_selected (self->owner_choice) == 1;
  funnel = g_strdup_printf ("/pipeline/funnel%s", mine ? "?owner_id=me" : "");
  forecast = g_strdup_printf ("/pipeline/forecast?period=%s%s",
                              gtk_drop_down_get_selected (self->period_choice) == 1 ? "quarter" : "month",
                              mine ? "&owner_id=me" : "");
  rapport_api_request_async (self->api, "GET", funnel, NULL, self->cancellable, loaded, self);
  rapport_api_request_async (self->api, "GET", forecast, NULL, self->cancellable, loaded, self);
}

static void
on_filter_changed (RapportPipelineReportPage *self)
{
  rapport_pipeline_report_page_reload (self);
}

/* whether a load is on its way */
gboolean
rapport_pipeline_report_page_get_busy (RapportPipelineReportPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_PIPELINE_REPORT_PAGE (self), FALSE);

  return self->n_pending > 0;
}

/**
 * rapport_pipeline_report_page_get_funnel_grid:
 * @self: the page
 *
 * Returns: (transfer none): the funnel's figures, a row a stage under a row of headings
 */
GtkGrid *
rapport_pipeline_report_page_get_funnel_grid (RapportPipelineReportPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_PIPELINE_REPORT_PAGE (self), NULL);

  return self->funnel_grid;
}

/**
 * rapport_pipeline_report_page_get_funnel_chart:
 * @self: the page
 *
 * Returns: (transfer none): the funnel's bars
 */
RapportFunnelChart *
rapport_pipeline_report_page_get_funnel_chart (RapportPipelineReportPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_PIPELINE_REPORT_PAGE (self), NULL);

  return self->funnel_chart;
}

/**
 * rapport_pipeline_report_page_get_forecast_chart:
 * @self: the page
 *
 * Returns: (transfer none): the forecast's bars
 */
RapportForecastChart *
rapport_pipeline_report_page_get_forecast_chart (RapportPipelineReportPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_PIPELINE_REPORT_PAGE (self), NULL);

  return self->forecast_chart;
}

/**
 * rapport_pipeline_report_page_get_forecast_grid:
 * @self: the page
 *
 * Returns: (transfer none): the forecast, a row a period under a row of headings
 */
GtkGrid *
rapport_pipeline_report_page_get_forecast_grid (RapportPipelineReportPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_PIPELINE_REPORT_PAGE (self), NULL);

  return self->forecast_grid;
}

/**
 * rapport_pipeline_report_page_new:
 * @api: the signed-in API
 *
 * Returns: (transfer floating): the page, loading the funnel and the forecast
 */
GtkWidget *
rapport_pipeline_report_page_new (RapportApi *api)
{
  RapportPipelineReportPage *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_PIPELINE_REPORT_PAGE, NULL);
  self->api = g_object_ref (api);
  rapport_pipeline_report_page_reload (self);
  return GTK_WIDGET (self);
}

static void
rapport_pipeline_report_page_dispose (GObject *object)
{
  RapportPipelineReportPage *self = RAPPORT_PIPELINE_REPORT_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_PIPELINE_REPORT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_pipeline_report_page_parent_class)->dispose (object);
}

static void
rapport_pipeline_report_page_class_init (RapportPipelineReportPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_pipeline_report_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-pipeline-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportPipelineReportPage, owner_choice);
  gtk_widget_class_bind_template_child (widget_class, RapportPipelineReportPage, period_choice);
  gtk_widget_class_bind_template_child (widget_class, RapportPipelineReportPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportPipelineReportPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportPipelineReportPage, funnel_chart);
  gtk_widget_class_bind_template_child (widget_class, RapportPipelineReportPage, forecast_chart);
  gtk_widget_class_bind_template_child (widget_class, RapportPipelineReportPage, funnel_grid);
  gtk_widget_class_bind_template_child (widget_class, RapportPipelineReportPage, forecast_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_pipeline_report_page_init (RapportPipelineReportPage *self)
{
  g_type_ensure (ADW_TYPE_VIEW_STACK);
  g_type_ensure (ADW_TYPE_VIEW_SWITCHER);
  g_type_ensure (RAPPORT_TYPE_FUNNEL_CHART);
  g_type_ensure (RAPPORT_TYPE_FORECAST_CHART);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
