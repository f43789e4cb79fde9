/* test-pipeline-report.c: the Pipeline section under Xvfb, against a real rapportd: the funnel's bars and figures and the forecast as a manager sees them */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-pipeline-report-page.h"
#include "crm-money.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#define PASSWORD "correct horse battery"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
/* "-zh_CN" on the screenshots of a run in Chinese */
static char *suffix = "";

/* mara manages team East, with rita; otto is in no team of hers. Times are
 * set in SQL so that the stays in each stage are known.
 *   o1 rita Qualification 1000.00 at 10 %, due 2026-03-15; in Q since 01-05
 *   o2 rita Proposal 0.05 at 50 %, due 2026-03-20; Q 01-06 → 01-08, NA → 01-11, P since
 *   o3 mara won 500.00 on 2026-03-10; Q, NA, P, N, Won
 *   o4 otto Negotiation 2000.00: not mara's to see */
static const char data_sql[] =
  "INSERT INTO teams (created_at, updated_at, name) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'East');"
  "UPDATE users SET team_id = LAST_INSERT_ID() WHERE login IN ('mara', 'rita');"
  "SET @q = (SELECT s.id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.is_default = 1 AND s.position = 0);"
  "SET @pipeline = (SELECT id FROM pipelines WHERE is_default = 1);"
  "SET @mara = (SELECT id FROM users WHERE login = 'mara'); SET @rita = (SELECT id FROM users WHERE login = 'rita');"
  "SET @otto = (SELECT id FROM users WHERE login = 'otto');"
  "INSERT INTO accounts (created_at, updated_at, name, owner_id) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Funnel Bank', @rita);"
  "SET @a = LAST_INSERT_ID();"
  "INSERT INTO opportunities (created_at, updated_at, name, account_id, owner_id, amount, currency, amount_base, expected_close,"
  "  pipeline_id, stage_id, probability, status, closed_at) VALUES"
  "  ('2026-01-05', '2026-01-05', 'o1', @a, @rita, 1000.00, 'CNY', 1000.00, '2026-03-15', @pipeline, @q, 10, 'open', NULL);"
  "SET @o1 = LAST_INSERT_ID();"
  "INSERT INTO opportunities (created_at, updated_at, name, account_id, owner_id, amount, currency, amount_base, expected_close,"
  "  pipeline_id, stage_id, probability, status, closed_at) VALUES"
  "  ('2026-01-06', '2026-01-06', 'o2', @a, @rita, 0.05, 'CNY', 0.05, '2026-03-20', @pipeline, @q + 2, 50, 'open', NULL);"
  "SET @o2 = LAST_INSERT_ID();"
  "INSERT INTO opportunities (created_at, updated_at, name, account_id, owner_id, amount, currency, amount_base, expected_close,"
  "  pipeline_id, stage_id, probability, status, closed_at) VALUES"
  "  ('2026-01-02', '2026-01-02', 'o3', @a, @mara, 500.00, 'CNY', 500.00, NULL, @pipeline, @q + 4, 100, 'won', '2026-03-10 12:00');"
  "SET @o3 = LAST_INSERT_ID();"
  "INSERT INTO opportunities (created_at, updated_at, name, account_id, owner_id, amount, currency, amount_base, expected_close,"
  "  pipeline_id, stage_id, probability, status, closed_at) VALUES"
  "  ('2026-01-07', '2026-01-07', 'o4', @a, @otto, 2000.00, 'CNY', 2000.00, '2026-03-31', @pipeline, @q + 3, 75, 'open', NULL);"
  "INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at, left_at) VALUES"
  "  (@o1, @q, '2026-01-05', NULL),"
  "  (@o2, @q, '2026-01-06', '2026-01-08'), (@o2, @q + 1, '2026-01-08', '2026-01-11'), (@o2, @q + 2, '2026-01-11', NULL),"
  "  (@o3, @q, '2026-01-02', '2026-01-04'), (@o3, @q + 1, '2026-01-04', '2026-01-06'), (@o3, @q + 2, '2026-01-06', '2026-02-01'),"
  "  (@o3, @q + 3, '2026-02-01', '2026-03-10 12:00'), (@o3, @q + 4, '2026-03-10 12:00', NULL);";

static RapportPipelineReportPage *
report_page (void)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *page = gtk_stack_get_child_by_name (stack, "pipeline");

  return page && RAPPORT_IS_PIPELINE_REPORT_PAGE (page) ? RAPPORT_PIPELINE_REPORT_PAGE (page) : NULL;
}

static const char *
cell (GtkGrid *grid,
      int      column,
      int      row)
{
  GtkWidget *child = gtk_grid_get_child_at (grid, column, row);

  return child && GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

/* loaded, and the funnel's first stage shows @data open opportunities */
static gboolean
funnel_shows (gpointer data)
{
  RapportPipelineReportPage *page = report_page ();

  return page != NULL && !rapport_pipeline_report_page_get_busy (page) &&
         g_strcmp0 (cell (rapport_pipeline_report_page_get_funnel_grid (page), 1, 1), data) == 0;
}

static char *
amount (const char *text)
{
  CrmMoney money;

  g_assert_true (crm_money_parse (text, 2, &money, NULL));
  return crm_money_format (money, 2);
}

static void
assert_cell (GtkGrid    *grid,
             int         column,
             int         row,
             const char *expected)
{
  g_test_message ("cell %d, %d", column, row);
  g_assert_cmpstr (cell (grid, column, row), ==, expected);
}

static void
assert_amount (GtkGrid    *grid,
               int         column,
               int         row,
               const char *expected)
{
  g_autofree char *text = amount (expected);

  assert_cell (grid, column, row, text);
}

/* A stage's figures are written on its bar where they fit inside it, and
 * otherwise beside it: never across a bar's edge, nor over the marker line
 * of a stage with nothing in it. */
static void
assert_figures_clear (RapportFunnelChart *chart)
{
  for (guint i = 0; i < rapport_funnel_chart_get_n_bars (chart); i++)
    {
      graphene_rect_t bar, figures, overlap;

      g_assert_true (rapport_funnel_chart_get_areas (chart, i, &bar, &figures));
      g_test_message ("stage %u: bar %.0f+%.0f, figures %.0f+%.0f", i, bar.origin.x, bar.size.width,
                      figures.origin.x, figures.size.width);
      g_assert_true (graphene_rect_contains_rect (&bar, &figures) || !graphene_rect_intersection (&bar, &figures, &overlap));
      /* inside the chart */
      g_assert_cmpfloat (figures.origin.x, >=, 0);
      g_assert_cmpfloat (figures.origin.x + figures.size.width, <=, gtk_widget_get_width (GTK_WIDGET (chart)));
      if (rapport_funnel_chart_get_count (chart, i) == 0)
        g_assert_false (graphene_rect_intersection (&bar, &figures, &overlap));
    }
}

static void
assert_bar (RapportForecastChart  *chart,
            RapportForecastSeries  series,
            const char            *expected)
{
  g_autofree char *text = NULL;
  CrmMoney value;

  g_assert_true (rapport_forecast_chart_get_value (chart, 0, series, &value));
  text = crm_money_to_string (value);
  g_assert_cmpstr (text, ==, expected);
}

static double
bar_height (RapportForecastChart  *chart,
            RapportForecastSeries  series)
{
  graphene_rect_t area;

  g_assert_true (rapport_forecast_chart_get_bar_area (chart, 0, series, &area));
  return area.size.height;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "mara", PASSWORD);
}

static void
test_funnel_and_forecast (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "pipeline");
  RapportPipelineReportPage *page;
  GtkGrid *funnel;
  GtkGrid *forecast;
  RapportForecastChart *chart;
  g_autofree char *percent = NULL;

  /* a manager has the section; it opens on the funnel of their team */
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_signal_emit_by_name (sections, "row-activated", row);
  rapport_test_ui_wait_until (funnel_shows, "1", 30, "the team's funnel");
  page = report_page ();
  funnel = rapport_pipeline_report_page_get_funnel_grid (page);
  /* Qualification: o1 open (1000.00 at 10 % = 100.00); reached by o1, o2, o3;
   * two of them went on to Needs analysis: 2/3 */
  assert_cell (funnel, 0, 1, "Qualification");
  assert_amount (funnel, 2, 1, "1000.00");
  assert_amount (funnel, 3, 1, "100.00");
  assert_cell (funnel, 4, 1, "3");
  percent = g_strdup_printf (_("%s %%"), "66.7");
  assert_cell (funnel, 5, 1, percent);
  /* finished stays in Q: 2 and 2 days */
  assert_cell (funnel, 6, 1, "2.0");
  /* Proposal: o2, 0.05 at 50 %: 0.025, rounded half up to 0.03 */
  assert_cell (funnel, 0, 3, "Proposal");
  assert_cell (funnel, 1, 3, "1");
  assert_amount (funnel, 2, 3, "0.05");
  assert_amount (funnel, 3, 3, "0.03");
  /* Negotiation: otto's o4 is not counted */
  assert_cell (funnel, 1, 4, "0");
  assert_cell (funnel, 1, 5, "1");
  assert_amount (funnel, 2, 5, "500.00");
  rapport_test_ui_settle (300);
  /* the chart: a bar a stage, Needs analysis, Negotiation and Lost empty, none of their figures over a bar */
  g_assert_cmpuint (rapport_funnel_chart_get_n_bars (rapport_pipeline_report_page_get_funnel_chart (page)), ==, 6);
  g_assert_cmpint (rapport_funnel_chart_get_count (rapport_pipeline_report_page_get_funnel_chart (page), 3), ==, 0);
  assert_figures_clear (rapport_pipeline_report_page_get_funnel_chart (page));
  {
    g_autofree char *shot = g_strdup_printf ("pipeline-funnel%s", suffix);

    g_free (rapport_test_ui_screenshot (window, shot));
  }

  /* the forecast by month: March, won o3 500.00; weighted 100.00 + 0.03;
   * best case 500.00 + 1000.00 + 0.05 */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (CHILD (page, RAPPORT_TYPE_PIPELINE_REPORT_PAGE, "view_stack")), "forecast");
  forecast = rapport_pipeline_report_page_get_forecast_grid (page);
  assert_cell (forecast, 0, 1, "2026-03");
  assert_amount (forecast, 1, 1, "500.00");
  assert_amount (forecast, 2, 1, "0.00");
  assert_amount (forecast, 3, 1, "100.03");
  assert_amount (forecast, 4, 1, "1500.05");
  g_assert_null (gtk_grid_get_child_at (forecast, 0, 2));
  rapport_test_ui_settle (300);
  /* the chart above it: four bars for March, named in the locale's words, their amounts exact, their heights in proportion */
  chart = rapport_pipeline_report_page_get_forecast_chart (page);
  g_assert_cmpuint (rapport_forecast_chart_get_n_periods (chart), ==, 1);
  g_assert_cmpuint (rapport_forecast_chart_get_n_bars (chart), ==, 4);
  g_assert_cmpstr (rapport_forecast_chart_get_period_label (chart, 0), ==, g_strcmp0 (g_getenv ("RAPPORT_TEST_LANG"), "zh_CN") == 0
                   ? "2026年3月" : "Mar 2026");
  assert_bar (chart, RAPPORT_FORECAST_WON, "500.00");
  assert_bar (chart, RAPPORT_FORECAST_COMMITTED, "0.00");
  assert_bar (chart, RAPPORT_FORECAST_WEIGHTED, "100.03");
  assert_bar (chart, RAPPORT_FORECAST_BEST_CASE, "1500.05");
  g_assert_cmpfloat (bar_height (chart, RAPPORT_FORECAST_COMMITTED), ==, 0);
  g_assert_cmpfloat (bar_height (chart, RAPPORT_FORECAST_WEIGHTED), >, 0);
  g_assert_cmpfloat (bar_height (chart, RAPPORT_FORECAST_WON), >, bar_height (chart, RAPPORT_FORECAST_WEIGHTED));
  g_assert_cmpfloat (bar_height (chart, RAPPORT_FORECAST_BEST_CASE), >, bar_height (chart, RAPPORT_FORECAST_WON));
  /* 500.00 of 1500.05 against 1500.05 of 1500.05, on one axis */
  g_assert_cmpfloat_with_epsilon (bar_height (chart, RAPPORT_FORECAST_WON) / bar_height (chart, RAPPORT_FORECAST_BEST_CASE),
                                  500.00 / 1500.05, 0.01);
  {
    g_autofree char *shot = g_strdup_printf ("pipeline-forecast%s", suffix);

    g_free (rapport_test_ui_screenshot (window, shot));
  }

  /* Mine: o3 alone, nothing open in Qualification */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (CHILD (page, RAPPORT_TYPE_PIPELINE_REPORT_PAGE, "owner_choice")), 1);
  rapport_test_ui_wait_until (funnel_shows, "0", 30, "the manager's own funnel");
  assert_cell (funnel, 4, 1, "1");
  assert_cell (funnel, 1, 5, "1");
  assert_amount (forecast, 3, 1, "0.00");
  assert_amount (forecast, 4, 1, "500.00");
  assert_bar (chart, RAPPORT_FORECAST_WON, "500.00");
  assert_bar (chart, RAPPORT_FORECAST_WEIGHTED, "0.00");
  assert_bar (chart, RAPPORT_FORECAST_BEST_CASE, "500.00");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  int status;

  g_test_init (&argc, &argv, NULL);
  if (lang)
    {
      suffix = g_strdup_printf ("-%s", lang);
    }
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start ();
  g_free (rapport_test_server_add_user (server, "mara", "manager"));
  g_free (rapport_test_server_add_user (server, "rita", "sales"));
  g_free (rapport_test_server_add_user (server, "otto", "sales"));
  g_free (rapport_test_server_sql (server, data_sql));
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/pipeline-report/sign-in", test_sign_in);
  g_test_add_func ("/ui/pipeline-report/funnel-and-forecast", test_funnel_and_forecast);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
