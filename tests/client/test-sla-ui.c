/* test-sla-ui.c: a case's service level on its page under Xvfb, against a real rapportd: the badge tells each target's state and business time left, and shows the breach once the periodic job has marked it, in both languages */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-sla-badge.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";
static gint64 case_id;

static RapportSlaBadge *
badge (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_SLA_BADGE) : NULL;

  return found ? RAPPORT_SLA_BADGE (found) : NULL;
}

static gboolean
badge_says (gpointer data)
{
  const char *state = data;
  RapportSlaBadge *shown = badge ();

  return shown != NULL && gtk_widget_get_visible (GTK_WIDGET (shown)) &&
         g_strcmp0 (rapport_sla_badge_get_state (shown, "first_response"), state) == 0;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "sven", PASSWORD);
}

/* a new case: both targets running, with their business time left */
static void
test_running (void)
{
  g_autofree char *shot = g_strdup_printf ("case-sla-running%s", suffix);
  RapportSlaBadge *shown;

  rapport_window_open_record (RAPPORT_WINDOW (window), "cases", case_id, NULL);
  rapport_test_ui_wait_until (badge_says, "ok", 30, "the case's SLA badge, running");
  shown = badge ();
  g_assert_cmpstr (rapport_sla_badge_get_state (shown, "resolution"), ==, "ok");
  g_assert_nonnull (strstr (rapport_sla_badge_get_text (shown, "first_response"), _("First response")));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* the job, four days on, marks the first response (10 hours) breached and
 * warns of the resolution (100 hours, warned at 80): the page, read again,
 * shows it */
static void
test_breached (void)
{
  g_autofree char *shot = g_strdup_printf ("case-sla-breached%s", suffix);
  g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (today, 4);
  g_autofree char *now = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", now);
  g_autoptr(RapportTestReply) ran = rapport_test_request (server, "POST", path, server->admin_token, NULL);
  RapportSlaBadge *shown;

  g_assert_cmpuint (ran->status, ==, 200);
  rapport_record_page_reload (rapport_test_ui_record_page (window));
  rapport_test_ui_wait_until (badge_says, "breached", 30, "the case's SLA badge, breached");
  shown = badge ();
  g_assert_cmpstr (rapport_sla_badge_get_state (shown, "resolution"), ==, "warning");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *body = NULL;
  g_autofree char *policy = NULL;
  gint64 account;
  gint64 calendar;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "sven", "service");
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"苏州工业园区精密仪器有限公司\"}");
  calendar = rapport_test_create (server, server->admin_token, "business-calendars",
                                  "{\"name\":\"全天候\",\"time_zone\":\"UTC\",\"monday\":\"00:00-24:00\",\"tuesday\":\"00:00-24:00\","
                                  "\"wednesday\":\"00:00-24:00\",\"thursday\":\"00:00-24:00\",\"friday\":\"00:00-24:00\","
                                  "\"saturday\":\"00:00-24:00\",\"sunday\":\"00:00-24:00\"}");
  policy = g_strdup_printf ("{\"name\":\"标准服务\",\"calendar_id\":%" G_GINT64_FORMAT
                            ",\"first_response_minutes\":600,\"resolution_minutes\":6000}", calendar);
  rapport_test_create (server, server->admin_token, "sla-policies", policy);
  body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"subject\":\"离心机运行时异响\"}", account);
  case_id = rapport_test_create (server, rep, "cases", body);
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/sla/sign-in", test_sign_in);
  g_test_add_func ("/ui/sla/running", test_running);
  g_test_add_func ("/ui/sla/breached", test_breached);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
