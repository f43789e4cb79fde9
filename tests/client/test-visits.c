/* test-visits.c: the Visits section under Xvfb, against a real rapportd: a visit plan checked out, checked in and recorded from its page, and the visit activity opened */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "crm-entity.h"

#include <glib/gi18n.h>

#define PASSWORD "correct horse battery"
#define ACCOUNT "杭州西湖医疗器械有限公司"
#define PURPOSE "季度回访：新品演示"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";
static gint64 plan_id;

static char *
shot_name (const char *name)
{
  return g_strdup_printf ("%s%s", name, suffix);
}

static gboolean
shows_record_of (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), data);
}

/* the plan's page, loaded, in status @data */
static gboolean
plan_in_status (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), "visit-plans") &&
         g_strcmp0 (crm_entity_get_text (entity, "status"), data) == 0;
}

static gboolean
button_shown (gpointer data)
{
  GtkWidget *button = rapport_test_ui_record_page (window) ? rapport_test_ui_find_button (GTK_WIDGET (rapport_test_ui_record_page (window)), data) : NULL;

  return button != NULL && gtk_widget_get_mapped (button) && gtk_widget_is_sensitive (button);
}

static void
click (const char *label)
{
  rapport_test_ui_wait_until (button_shown, (gpointer) label, 30, label);
  g_signal_emit_by_name (rapport_test_ui_find_button (GTK_WIDGET (rapport_test_ui_record_page (window)), label), "clicked");
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "vera", PASSWORD);
}

static void
test_check_out_in_record (void)
{
  GtkListBoxRow *visits = rapport_window_get_section_row (RAPPORT_WINDOW (window), "visit-plans");
  GtkListBoxRow *reports = rapport_window_get_section_row (RAPPORT_WINDOW (window), "weekly-reports");
  g_autofree char *plan_shot = shot_name ("visits-checked-in");
  g_autofree char *activity_shot = shot_name ("visits-recorded-activity");
  g_autofree char *plan_path = g_strdup_printf ("/api/v1/visit-plans/%" G_GINT64_FORMAT, plan_id);
  g_autoptr(RapportTestReply) stored = NULL;
  CrmEntity *activity;

  g_assert_nonnull (visits);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (visits)));
  g_assert_nonnull (reports);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reports)));

  rapport_window_open_record (RAPPORT_WINDOW (window), "visit-plans", plan_id, NULL);
  rapport_test_ui_wait_until (plan_in_status, "planned", 30, "the planned visit");
  /* a planned visit offers only Check out */
  click (_("Check out"));
  rapport_test_ui_wait_until (plan_in_status, "checked_out", 30, "the visit checked out");
  g_assert_false (button_shown ((gpointer) _("Record visit")));
  click (_("Check in"));
  rapport_test_ui_wait_until (plan_in_status, "checked_in", 30, "the visit checked in");
  g_assert_false (button_shown ((gpointer) _("Check out")));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, plan_shot));

  /* the visit recorded from it opens */
  click (_("Record visit"));
  rapport_test_ui_wait_until (shows_record_of, "activities", 30, "the visit activity's page");
  activity = rapport_record_page_get_entity (rapport_test_ui_record_page (window));
  g_assert_cmpstr (crm_entity_get_text (activity, "kind"), ==, "visit");
  g_assert_cmpstr (crm_entity_get_text (activity, "subject"), ==, PURPOSE);
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, PURPOSE));
  g_free (rapport_test_ui_screenshot (window, activity_shot));

  stored = rapport_test_request (server, "GET", plan_path, rep, NULL);
  g_assert_cmpuint (stored->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (stored, "status"), ==, "done");
  g_assert_cmpint (rapport_test_reply_int (stored, "activity_id"), ==, crm_entity_get_id (activity));
  g_assert_nonnull (rapport_test_reply_string (stored, "checked_out_at"));
  g_assert_nonnull (rapport_test_reply_string (stored, "checked_in_at"));
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *body = NULL;
  gint64 account;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "vera", "sales");
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"" ACCOUNT "\"}");
  body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"purpose\":\"" PURPOSE "\","
                          "\"planned_at\":\"2030-03-05T02:00:00Z\",\"place\":\"杭州市西湖区文三路 90 号\"}", account);
  plan_id = rapport_test_create (server, rep, "visit-plans", body);
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/visits/sign-in", test_sign_in);
  g_test_add_func ("/ui/visits/check-out-in-record", test_check_out_in_record);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
