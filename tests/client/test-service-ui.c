/* test-service-ui.c: the Cases section's Service views under Xvfb, against a real rapportd: my cases most urgent first with each one's SLA, my team's queue of cases no one has taken, taking one from the queue, in both languages */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-service-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";
static gint64 rep_id;
static gint64 slow_case, fast_case, waiting_case, queued_case;

static RapportServicePage *
service_page (void)
{
  GtkWidget *found = rapport_test_ui_find_by_type (window, RAPPORT_TYPE_SERVICE_PAGE);

  return found && gtk_widget_get_mapped (found) ? RAPPORT_SERVICE_PAGE (found) : NULL;
}

static gint64
row_case (GtkListBoxRow *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "case-id"));
}

/* the ids a view lists, in order, comma-separated */
static char *
listed (const char *view)
{
  RapportServicePage *page = service_page ();
  GtkListBox *list = page ? rapport_service_page_get_list (page, view) : NULL;
  g_autoptr(GString) ids = g_string_new ("");
  GtkListBoxRow *row;

  for (int i = 0; list && (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", row_case (row));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

typedef struct
{
  const char *view;
  const char *ids;
} Expect;

static gboolean
lists (gpointer data)
{
  const Expect *expect = data;
  RapportServicePage *page = service_page ();
  g_autofree char *ids = page && !rapport_service_page_is_loading (page) ? listed (expect->view) : NULL;

  return g_strcmp0 (ids, expect->ids) == 0;
}

static void
move (gint64      id,
      const char *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) current = rapport_test_request (server, "GET", path, rep, NULL);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                                           rapport_test_reply_int (current, "version"), status);
  g_autoptr(RapportTestReply) moved = rapport_test_request (server, "PATCH", path, rep, body);

  g_assert_cmpuint (moved->status, ==, 200);
}

static gboolean
shows_record_page (gpointer data)
{
  return rapport_test_ui_record_page (window) != NULL;
}

static gboolean
shows_service_page (gpointer data)
{
  return service_page () != NULL;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "sven", PASSWORD);
}

/* the section opens on the Service views: my open cases, the most urgent
 * first (the fast policy's first response, then the slow one's), the one
 * waiting on its customer last; each row says its SLA */
static void
test_my_cases (void)
{
  g_autofree char *shot = g_strdup_printf ("service-my-cases%s", suffix);
  g_autofree char *ids = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                          fast_case, slow_case, waiting_case);
  Expect expect = { "mine", ids };
  RapportServicePage *page;
  GtkListBoxRow *first;

  rapport_window_show_section (RAPPORT_WINDOW (window), "cases");
  rapport_test_ui_wait_until (lists, &expect, 30, "my cases, most urgent first");
  page = service_page ();
  first = gtk_list_box_get_row_at_index (rapport_service_page_get_list (page, "mine"), 0);
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (first), _("First response")));
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (first), "Autoclave"));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* my team's queue: the case no one has taken; taken (by another client),
 * it leaves the queue as soon as the change is told */
static void
test_queue (void)
{
  g_autofree char *shot = g_strdup_printf ("service-queue%s", suffix);
  g_autofree char *queued = g_strdup_printf ("%" G_GINT64_FORMAT, queued_case);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, queued_case);
  g_autofree char *take = g_strdup_printf ("{\"version\":1,\"owner_id\":%" G_GINT64_FORMAT "}", rep_id);
  g_autoptr(RapportTestReply) taken = NULL;
  Expect expect = { "queue", queued };
  Expect empty = { "queue", "" };
  RapportServicePage *page = service_page ();
  GtkListBoxRow *row;

  rapport_service_page_show (page, "queue");
  rapport_test_ui_wait_until (lists, &expect, 30, "my team's queue");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));

  /* the row opens the case */
  row = gtk_list_box_get_row_at_index (rapport_service_page_get_list (page, "queue"), 0);
  g_signal_emit_by_name (rapport_service_page_get_list (page, "queue"), "row-activated", row);
  rapport_test_ui_wait_until (shows_record_page, NULL, 30, "the queued case's page");

  rapport_window_show_section (RAPPORT_WINDOW (window), "cases");
  rapport_test_ui_wait_until (shows_service_page, NULL, 30, "the Service views again");
  rapport_test_ui_wait_until (lists, &expect, 30, "my team's queue, read again");
  /* taken elsewhere: the event WebSocket tells the change, and the views follow without a reload */
  taken = rapport_test_request (server, "PATCH", path, rep, take);
  g_assert_cmpuint (taken->status, ==, 200);
  rapport_test_ui_wait_until (lists, &empty, 30, "the queue, emptied by the change told");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *fast_policy = NULL;
  g_autofree char *slow_policy = NULL;
  g_autofree char *member = NULL;
  g_autofree char *teams = NULL;
  gint64 account, calendar, team, fast, slow;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "sven", "service");
  rep_id = rapport_test_user_id (server, rep);
  team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"售后一组\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'sven'", team);
  g_free (rapport_test_server_sql (server, teams));
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"苏州工业园区精密仪器有限公司\"}");
  calendar = rapport_test_create (server, server->admin_token, "business-calendars",
                                  "{\"name\":\"全天候\",\"time_zone\":\"UTC\",\"monday\":\"00:00-24:00\",\"tuesday\":\"00:00-24:00\","
                                  "\"wednesday\":\"00:00-24:00\",\"thursday\":\"00:00-24:00\",\"friday\":\"00:00-24:00\","
                                  "\"saturday\":\"00:00-24:00\",\"sunday\":\"00:00-24:00\"}");
  fast = rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"紧急\"}");
  slow = rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"一般\"}");
  fast_policy = g_strdup_printf ("{\"name\":\"紧急服务\",\"category\":\"紧急\",\"calendar_id\":%" G_GINT64_FORMAT
                                 ",\"first_response_minutes\":30,\"resolution_minutes\":600}", calendar);
  slow_policy = g_strdup_printf ("{\"name\":\"标准服务\",\"category\":\"一般\",\"calendar_id\":%" G_GINT64_FORMAT
                                 ",\"first_response_minutes\":600,\"resolution_minutes\":6000}", calendar);
  rapport_test_create (server, server->admin_token, "sla-policies", fast_policy);
  rapport_test_create (server, server->admin_token, "sla-policies", slow_policy);

  member = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"subject\":\"离心机运行时异响\",\"category_id\":%" G_GINT64_FORMAT "}", account, slow);
  slow_case = rapport_test_create (server, rep, "cases", member);
  g_free (member);
  member = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"subject\":\"Autoclave door seal leaking\",\"category_id\":%" G_GINT64_FORMAT "}", account, fast);
  fast_case = rapport_test_create (server, rep, "cases", member);
  g_free (member);
  member = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"subject\":\"等待客户提供序列号\",\"category_id\":%" G_GINT64_FORMAT "}",
                            account, fast);
  waiting_case = rapport_test_create (server, rep, "cases", member);
  g_free (member);
  move (waiting_case, "in_progress");
  move (waiting_case, "waiting_on_customer");
  member = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"subject\":\"培养箱温度报警\",\"owner_id\":null,\"queue_team_id\":%" G_GINT64_FORMAT "}",
                            account, team);
  queued_case = rapport_test_create (server, rep, "cases", member);
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/service/sign-in", test_sign_in);
  g_test_add_func ("/ui/service/my-cases", test_my_cases);
  g_test_add_func ("/ui/service/queue", test_queue);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
