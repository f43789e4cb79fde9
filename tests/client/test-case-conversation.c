/* test-case-conversation.c: a case's conversation under Xvfb against a real rapportd: a reply typed at full speed and sent with Ctrl+Enter is listed, the case's first response is set and its SLA badge turns met; an internal note is listed tinted; a customer's message recorded elsewhere appears by the event WebSocket; in both languages */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-attachments.h"
#include "widgets/rapport-case-conversation.h"
#include "widgets/rapport-sla-badge.h"

#include <string.h>

#define PASSWORD "correct horse battery"

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";
static gint64 case_id;

static RapportCaseConversation *
conversation (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_CASE_CONVERSATION) : NULL;

  return found != NULL && gtk_widget_get_visible (found) ? RAPPORT_CASE_CONVERSATION (found) : NULL;
}

static gboolean
shows_messages (gpointer data)
{
  RapportCaseConversation *shown = conversation ();

  return shown != NULL && rapport_case_conversation_get_n_messages (shown) == GPOINTER_TO_UINT (data);
}

static gboolean
first_response_is (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *badge = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_SLA_BADGE) : NULL;

  return badge != NULL && g_strcmp0 (rapport_sla_badge_get_state (RAPPORT_SLA_BADGE (badge), "first_response"), data) == 0;
}

static gboolean
has_focus (gpointer data)
{
  return gtk_widget_has_focus (data);
}

static void
write_in (RapportCaseConversation *shown)
{
  GtkWidget *text = rapport_case_conversation_get_text_view (shown);

  gtk_widget_grab_focus (text);
  rapport_test_ui_wait_until (has_focus, text, 10, "the message box focused");
}

static JsonArray *
stored_messages (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/messages", case_id);
  RapportTestReply *reply = rapport_test_request (server, "GET", path, server->admin_token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_array_ref (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
  rapport_test_reply_free (reply);
  return items;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "sven", PASSWORD);
}

/* a reply typed at full speed, sent with Ctrl+Enter: listed, the case
 * answered (first response met, in progress) */
static void
test_reply (void)
{
  g_autofree char *shot = g_strdup_printf ("case-conversation-reply%s", suffix);
  g_autoptr(JsonArray) stored = NULL;
  RapportCaseConversation *shown;

  rapport_window_open_record (RAPPORT_WINDOW (window), "cases", case_id, NULL);
  rapport_test_ui_wait_until (shows_messages, GUINT_TO_POINTER (0), 30, "the case's conversation, empty");
  rapport_test_ui_wait_until (first_response_is, "ok", 30, "the first response running");
  shown = conversation ();
  write_in (shown);
  rapport_test_keys_send (window, "the engineer will call you at 14:00 today. please keep the pump off.<C-Return>");
  rapport_test_ui_wait_until (shows_messages, GUINT_TO_POINTER (1), 30, "the reply listed");
  rapport_test_ui_wait_until (first_response_is, "met", 30, "the first response met");
  /* the page read again, the next message is typed where the last one was */
  rapport_test_ui_settle (300);
  g_assert_true (gtk_widget_has_focus (rapport_case_conversation_get_text_view (conversation ())));

  stored = stored_messages ();
  g_assert_cmpuint (json_array_get_length (stored), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stored, 0), "kind"), ==, "reply");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stored, 0), "body"), ==,
                   "the engineer will call you at 14:00 today. please keep the pump off.");
  g_assert_true (gtk_widget_has_css_class (rapport_case_conversation_get_row (conversation (), 0), "rapport-reply"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                                         " AND first_response_at IS NOT NULL AND status = 'in_progress'", case_id), ==, 1);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* an internal note: switched to, typed, sent with the button; tinted */
static void
test_note (void)
{
  g_autofree char *shot = g_strdup_printf ("case-conversation-note%s", suffix);
  g_autoptr(JsonArray) stored = NULL;
  RapportCaseConversation *shown = conversation ();

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (rapport_case_conversation_get_note_toggle (shown)), TRUE);
  write_in (shown);
  rapport_test_keys_send (window, "customer prefers calls before 10:00.");
  g_assert_true (gtk_widget_get_sensitive (rapport_case_conversation_get_send (shown)));
  gtk_widget_activate (rapport_case_conversation_get_send (shown));
  rapport_test_ui_wait_until (shows_messages, GUINT_TO_POINTER (2), 30, "the note listed");

  stored = stored_messages ();
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stored, 1), "kind"), ==, "note");
  g_assert_true (gtk_widget_has_css_class (rapport_case_conversation_get_row (conversation (), 1), "rapport-note"));
  g_assert_false (gtk_widget_get_visible (rapport_case_conversation_get_error_label (conversation ())));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* the customer's answer with a file, recorded by someone else, appears by
 * itself with the file's name; the file is in the case's Attachments too */
static void
test_told (void)
{
  g_autofree char *shot = g_strdup_printf ("case-conversation-told%s", suffix);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/messages", case_id);
  g_autofree char *upload = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/attachments?name=alarm-log.txt", case_id);
  g_autoptr(GBytes) log = g_bytes_new_static ("E42 14:02\n", 10);
  g_autoptr(RapportTestReply) file = rapport_test_request_full (server, "POST", upload, server->admin_token, "text/plain", log);
  g_autofree char *body = NULL;
  g_autoptr(RapportTestReply) reply = NULL;
  RapportRecordPage *page;

  g_assert_cmpuint (file->status, ==, 201);
  body = g_strdup_printf ("{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"好的，我们下午等电话。\","
                          "\"attachment_ids\":[%" G_GINT64_FORMAT "]}", rapport_test_reply_int (file, "id"));
  reply = rapport_test_request (server, "POST", path, server->admin_token, body);
  g_assert_cmpuint (reply->status, ==, 201);
  rapport_test_ui_wait_until (shows_messages, GUINT_TO_POINTER (3), 30, "the customer's message told");
  g_assert_true (gtk_widget_has_css_class (rapport_case_conversation_get_row (conversation (), 2), "rapport-inbound"));
  g_assert_nonnull (rapport_test_ui_find_label_containing (rapport_case_conversation_get_row (conversation (), 2), "alarm-log.txt"));
  page = rapport_test_ui_record_page (window);
  g_assert_nonnull (rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_ATTACHMENTS));
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
  window = rapport_test_ui_open_window (1100, 900);

  g_test_add_func ("/ui/case-conversation/sign-in", test_sign_in);
  g_test_add_func ("/ui/case-conversation/reply", test_reply);
  g_test_add_func ("/ui/case-conversation/note", test_note);
  g_test_add_func ("/ui/case-conversation/told", test_told);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
