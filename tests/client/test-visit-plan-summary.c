/* test-visit-plan-summary.c: plan versus actual beside the Visits list, under Xvfb against a real rapportd: a rep's week of visits planned, done, missed, cancelled and unplanned, as the server counts them and as the manager's table shows them, moved a week back and forth */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-visit-plan-summary.h"

#include <glib/gi18n.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *manager;
static const char *suffix = "";

static gint64
plan (gint64      account,
      const char *purpose,
      const char *planned_at)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"purpose\":\"%s\",\"planned_at\":\"%s\"}",
                                           account, purpose, planned_at);

  return rapport_test_create (server, rep, "visit-plans", body);
}

static void
step (gint64      id,
      const char *verb,
      const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/visit-plans/%" G_GINT64_FORMAT "%s%s", id, verb[0] ? "/" : "", verb);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, body ? "PATCH" : "POST", path, rep, body);

  g_assert_cmpuint (reply->status, ==, 200);
}

static RapportVisitPlanSummary *
summary (void)
{
  GtkWidget *stack = CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack");
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (stack), "visit-plans");
  GtkWidget *found = page ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_VISIT_PLAN_SUMMARY) : NULL;

  return found ? RAPPORT_VISIT_PLAN_SUMMARY (found) : NULL;
}

static const char *
cell_text (guint column,
           guint row)
{
  GtkWidget *cell = gtk_grid_get_child_at (rapport_visit_plan_summary_get_grid (summary ()), column, row);

  return cell && GTK_IS_LABEL (cell) ? gtk_label_get_text (GTK_LABEL (cell)) : NULL;
}

/* the table shows @data's week, read */
static gboolean
shows_week (gpointer data)
{
  return summary () != NULL && gtk_widget_get_mapped (GTK_WIDGET (summary ())) &&
         !rapport_visit_plan_summary_get_busy (summary ()) &&
         g_strcmp0 (rapport_visit_plan_summary_get_week (summary ()), data) == 0;
}

static void
test_plan_versus_actual (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), 12, 0, 0);
  /* the Wednesday of last week, at noon: past, whatever day it is today */
  g_autoptr(GDateTime) wednesday = g_date_time_add_days (today, 1 - g_date_time_get_day_of_week (today) - 5);
  g_autofree char *at = g_date_time_format (wednesday, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *week = g_date_time_format (wednesday, "%G-W%V");
  g_autoptr(GDateTime) this_monday = g_date_time_add_days (wednesday, 5);
  g_autofree char *this_week = g_date_time_format (this_monday, "%G-W%V");
  g_autofree char *summary_path = g_strdup_printf ("/api/v1/visit-plans/summary?week=%s", week);
  g_autofree char *shot = g_strdup_printf ("visit-plan-summary%s", suffix);
  gint64 account = rapport_test_create (server, rep, "accounts", "{\"name\":\"杭州康泰医疗器械有限公司\"}");
  gint64 done = plan (account, "签合同 Sign the contract", at);
  gint64 cancelled = plan (account, "送样品 Bring samples", at);
  g_autofree char *unplanned_body = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"顺路拜访 Dropped in\",\"account_id\":%"
                                                     G_GINT64_FORMAT ",\"starts_at\":\"%s\"}", account, at);
  g_autoptr(RapportTestReply) counted = NULL;
  JsonObject *item;

  plan (account, "回访 Follow-up", at);
  step (done, "check-out", NULL);
  step (done, "check-in", NULL);
  step (done, "record", NULL);
  step (cancelled, "", "{\"version\":1,\"status\":\"cancelled\"}");
  rapport_test_create (server, rep, "activities", unplanned_body);

  /* as the server counts them for the manager */
  counted = rapport_test_request (server, "GET", summary_path, manager, NULL);
  g_assert_cmpuint (counted->status, ==, 200);
  item = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (counted), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "planned"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (item, "recorded"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item, "cancelled"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item, "missed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item, "unplanned"), ==, 1);

  /* as the manager's table shows them, last week */
  rapport_test_ui_sign_in (window, server->base_url, "mona", "correct horse battery");
  rapport_window_show_section (RAPPORT_WINDOW (window), "visit-plans");
  rapport_records_page_show_view (RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (
                                    GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "visit-plans")),
                                  "plan-versus-actual");
  rapport_test_ui_wait_until (shows_week, this_week, 30, "this week's plan versus actual");
  rapport_visit_plan_summary_move (summary (), -1);
  rapport_test_ui_wait_until (shows_week, week, 30, "last week's plan versus actual");
  g_assert_cmpstr (cell_text (0, 1), ==, "lena");
  g_assert_cmpstr (cell_text (1, 1), ==, "3");   /* planned */
  g_assert_cmpstr (cell_text (2, 1), ==, "1");   /* checked in */
  g_assert_cmpstr (cell_text (3, 1), ==, "1");   /* done */
  g_assert_cmpstr (cell_text (4, 1), ==, "1");   /* missed */
  g_assert_cmpstr (cell_text (5, 1), ==, "1");   /* cancelled */
  g_assert_cmpstr (cell_text (6, 1), ==, "1");   /* unplanned */
  g_free (rapport_test_ui_screenshot (window, shot));

  /* back to this week, where nothing was planned */
  rapport_visit_plan_summary_move (summary (), 0);
  rapport_test_ui_wait_until (shows_week, this_week, 30, "this week again");
  g_assert_null (cell_text (0, 1));
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *team_sql = NULL;
  gint64 team_id;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = "-zh_CN";

  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "mona", "manager");
  rep = rapport_test_server_add_user (server, "lena", "sales");
  team_id = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  team_sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mona', 'lena')", team_id);
  g_free (rapport_test_server_sql (server, team_sql));
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/visit-plan-summary/plan-versus-actual", test_plan_versus_actual);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
