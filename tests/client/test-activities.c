/* test-activities.c: activities under Xvfb, against a real rapportd: a call logged from an account with Ctrl+L, typed at full speed, the Activities section, a closed activity corrected */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-activity-log-dialog.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define ACCOUNT "杭州康泰医疗器械有限公司"
#define SUBJECT "trial pricing call"
#define DISCUSSION "prices for 2027 and a trial of 20 units"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";
static gint64 account_id;

static char *
shot_name (const char *name)
{
  return g_strdup_printf ("%s%s", name, suffix);
}

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static RapportRecordPage *
record_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_RECORD_PAGE (child) ? RAPPORT_RECORD_PAGE (child) : NULL;
}

/* the page shows the record @data ("accounts/12"), loaded */
static gboolean
shows_record (gpointer data)
{
  RapportRecordPage *page = record_page ();
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;
  g_autofree char *shown = entity ? g_strdup_printf ("%s/%" G_GINT64_FORMAT, crm_entity_get_collection (entity),
                                                     crm_entity_get_id (entity)) : NULL;

  return shown != NULL && g_str_equal (shown, data);
}

/* the page shows a correction of the activity *@data */
static gboolean
shows_correction_of (gpointer data)
{
  RapportRecordPage *page = record_page ();
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), "activities") &&
         crm_entity_get_int (entity, "corrects") == *(gint64 *) data;
}

static gboolean
button_shown (gpointer data)
{
  return record_page () != NULL && rapport_test_ui_find_button (GTK_WIDGET (record_page ()), data) != NULL;
}

static gboolean
label_shown (gpointer data)
{
  return rapport_test_ui_find_label_containing (window, data) != NULL;
}

static gboolean
focus_in_dialog_subject (gpointer data)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (data));

  return focus != NULL && GTK_IS_TEXT (focus) && gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) != NULL;
}

static gboolean
list_loaded (gpointer data)
{
  RapportListModel *model = rapport_records_page_get_model (data);

  return !rapport_list_model_get_loading (model) && rapport_list_model_get_total (model) >= 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == (guint) rapport_list_model_get_total (model);
}

/* the mapped labels under @root whose text is @text */
static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);
  return n;
}

/* the page scrolled so that @widget shows, for the screenshot */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t at;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (adjustment, at.y - gtk_adjustment_get_page_size (adjustment) / 2);
}

/* the page scrolled to its end (its activities, its history), for the screenshot */
static void
scroll_to_end (GtkWidget *page)
{
  GtkWidget *scrolled = rapport_test_ui_find_by_type (page, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

static JsonArray *
activities_of_account (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/activities?account_id=%" G_GINT64_FORMAT, account_id);
  RapportTestReply *reply = rapport_test_request (server, "GET", path, rep, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_array_ref (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
  rapport_test_reply_free (reply);
  return items;
}

static gboolean
logged_on_server (gpointer data)
{
  g_autoptr(JsonArray) items = activities_of_account ();

  return json_array_get_length (items) >= 1;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "lena", PASSWORD);
}

/* Ctrl+L on an account's page opens the quick log with the account
 * filled in; a call typed at full speed and Enter log it, and the
 * account's activities show it */
static void
test_quick_log (void)
{
  g_autofree char *opened = NULL;
  g_autofree char *dialog_shot = shot_name ("activities-quick-log");
  g_autofree char *account_shot = shot_name ("activities-account");
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", ACCOUNT);
  g_autoptr(JsonArray) items = NULL;
  GtkWidget *dialog;
  JsonObject *activity;

  account_id = rapport_test_create (server, rep, "accounts", body);
  opened = g_strdup_printf ("accounts/%" G_GINT64_FORMAT, account_id);
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account_id, NULL);
  rapport_test_ui_wait_until (shows_record, opened, 30, "the account's page");
  rapport_test_ui_wait_until (button_shown, (gpointer) _("_Log…"), 30, "the account's Log button");
  rapport_test_ui_settle (200);

  rapport_test_keys_send (window, "<C-l>");
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_ACTIVITY_LOG_DIALOG, "the quick log");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, ACCOUNT);
  rapport_test_ui_wait_until (focus_in_dialog_subject, dialog, 10, "the focus in the subject");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "log"));

  /* typed with no delay between the keys; Tab moves on to what was discussed */
  rapport_test_keys_send (dialog, SUBJECT "<Tab>" DISCUSSION);
  rapport_test_ui_settle (300);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "log"));
  g_free (rapport_test_ui_screenshot (dialog, dialog_shot));
  rapport_test_keys_send (dialog, "<Return>");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_ACTIVITY_LOG_DIALOG, "the quick log to close");

  /* stored as typed, a call on the account, and shown on its page */
  rapport_test_ui_wait_until (logged_on_server, NULL, 30, "the call stored");
  items = activities_of_account ();
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  activity = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (activity, "kind"), ==, "call");
  g_assert_cmpstr (json_object_get_string_member (activity, "subject"), ==, SUBJECT);
  g_assert_cmpstr (json_object_get_string_member_with_default (activity, "discussion", NULL), ==, DISCUSSION);
  rapport_test_ui_wait_until (label_shown, (gpointer) SUBJECT, 30, "the call among the account's activities");
  scroll_to (rapport_test_ui_find_label_containing (window, SUBJECT));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, account_shot));
}

/* the Activities section lists what one logged, with its kind */
static void
test_section (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "activities");
  g_autofree char *list_shot = shot_name ("activities-list");
  RapportRecordsPage *list;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_signal_emit_by_name (sections, "row-activated", row);
  list = RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (content_stack (), "activities"));
  g_assert_nonnull (list);
  rapport_test_ui_wait_until (list_loaded, list, 30, "the activities list");
  g_assert_cmpint (rapport_list_model_get_total (rapport_records_page_get_model (list)), ==, 1);
  rapport_test_ui_wait_until (label_shown, (gpointer) SUBJECT, 30, "the call in the list");
  g_assert_nonnull (rapport_test_ui_find_label (window, C_("activity kind", "Call")));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, list_shot));
}

/* past its edit window an activity offers Correct…, which asks why and
 * opens the correction */
static void
test_correct (void)
{
  g_autoptr(JsonArray) items = activities_of_account ();
  gint64 id = json_object_get_int_member (json_array_get_object_element (items, 0), "id");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 25);
  g_autofree char *when = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *jobs = g_strdup_printf ("/api/v1/jobs/run?now=%s", when);
  g_autoptr(RapportTestReply) ran = rapport_test_request (server, "POST", jobs, server->admin_token, NULL);
  g_autofree char *opened = g_strdup_printf ("activities/%" G_GINT64_FORMAT, id);
  g_autofree char *closed_shot = shot_name ("activities-closed");
  g_autofree char *reason_shot = shot_name ("activities-correct-reason");
  g_autofree char *corrected_shot = shot_name ("activities-corrected-original");
  g_autofree char *corrected_path = NULL;
  g_autoptr(RapportTestReply) original = NULL;
  GtkWidget *correct;
  GtkWidget *dialog;
  CrmEntity *correction;

  g_assert_cmpuint (ran->status, ==, 200);
  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", id, NULL);
  rapport_test_ui_wait_until (shows_record, opened, 30, "the activity's page");
  rapport_test_ui_wait_until (button_shown, (gpointer) _("Correct…"), 30, "the Correct button");
  rapport_test_ui_settle (200);
  g_free (rapport_test_ui_screenshot (window, closed_shot));

  correct = rapport_test_ui_find_button (GTK_WIDGET (record_page ()), _("Correct…"));
  g_signal_emit_by_name (correct, "clicked");
  dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "the reason asked");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "go"));
  rapport_test_ui_wait_until (focus_in_dialog_subject, dialog, 10, "the focus in the reason");
  rapport_test_keys_send (dialog, "wrong number of units");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (dialog, reason_shot));
  rapport_test_keys_send (dialog, "<Return>");
  rapport_test_ui_wait_dialog_gone (ADW_TYPE_MESSAGE_DIALOG, "the reason dialog to close");

  /* the correction opens, linked to the original, which names it */
  rapport_test_ui_wait_until (shows_correction_of, &id, 30, "the correction's page");
  correction = rapport_record_page_get_entity (record_page ());
  g_assert_cmpstr (crm_entity_get_text (correction, "correction_reason"), ==, "wrong number of units");
  g_assert_cmpstr (crm_entity_get_text (correction, "subject"), ==, SUBJECT);
  g_assert_cmpstr (crm_entity_get_text (correction, "status"), ==, "open");
  corrected_path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT, id);
  original = rapport_test_request (server, "GET", corrected_path, rep, NULL);
  g_assert_cmpint (rapport_test_reply_int (original, "corrected_by_id"), ==, crm_entity_get_id (correction));
  g_assert_cmpstr (rapport_test_reply_string (original, "discussion"), ==, DISCUSSION);

  /* Back on the original, its one list of activities holds the correction */
  gtk_widget_activate_action (window, "win.go-back", NULL);
  rapport_test_ui_wait_until (shows_record, opened, 30, "the original again");
  rapport_test_ui_wait_until (label_shown, (gpointer) SUBJECT, 30, "the correction listed");
  g_assert_cmpuint (count_labels (GTK_WIDGET (record_page ()), _("Activities")), ==, 1);
  /* corrected once, it offers no second correction */
  g_assert_cmpstr (crm_entity_get_text (rapport_record_page_get_entity (record_page ()), "status"), ==, "corrected");
  g_assert_null (rapport_test_ui_find_button (GTK_WIDGET (record_page ()), _("Correct…")));
  rapport_test_ui_settle (300);
  scroll_to_end (GTK_WIDGET (record_page ()));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, corrected_shot));
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "lena", "sales");
  window = rapport_test_ui_open_window (1100, 760);

  g_test_add_func ("/ui/activities/sign-in", test_sign_in);
  g_test_add_func ("/ui/activities/quick-log", test_quick_log);
  g_test_add_func ("/ui/activities/section", test_section);
  g_test_add_func ("/ui/activities/correct", test_correct);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
