/* test-notify.c: desktop notifications clicked open their record in the window hidden in the background (a comment, a task's reminder and its Snooze, a contract ending, a case's service level breached), and a second launch shows that window again; under Xvfb with a session bus, against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-document-page.h"
#include "pages/rapport-record-page.h"

#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *manager;
static const char *suffix = "";
static gint64 activity_id;
static gint64 task_id;
/* a second task whose reminder is snoozed from its notification */
static gint64 snoozed_id;
static gint64 contract_id;
/* a case of the rep's, held to a service level */
static gint64 case_id;

/* The desktop's notification daemon, played by the test on the session
 * bus: each Notify is kept, and a click is the ActionInvoked signal that
 * a daemon sends. */
static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "<arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

typedef struct
{
  guint32  id;
  char    *summary;
  char    *body;
  /* key, label, key, label… */
  char   **actions;
} Shown;

static GPtrArray *shown;
static GDBusConnection *daemon_connection;

static void
shown_free (Shown *notification)
{
  g_free (notification->summary);
  g_free (notification->body);
  g_strfreev (notification->actions);
  g_free (notification);
}

static void
notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *path,
                    const char            *interface,
                    const char            *method,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      Shown *notification = g_new0 (Shown, 1);

      g_variant_get_child (parameters, 3, "s", &notification->summary);
      g_variant_get_child (parameters, 4, "s", &notification->body);
      g_variant_get_child (parameters, 5, "^as", &notification->actions);
      notification->id = shown->len + 1;
      g_ptr_array_add (shown, notification);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notification->id));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "rapport", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
notifications_acquired (GDBusConnection *connection,
                        const char      *name,
                        gpointer         user_data)
{
  static const GDBusInterfaceVTable vtable = { notifications_call };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GError) error = NULL;

  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  daemon_connection = connection;
}

static gboolean
daemon_ready (gpointer data)
{
  return daemon_connection != NULL;
}

/* the last notification whose title contains @data */
static Shown *
find_shown (const char *part)
{
  for (guint i = shown->len; i > 0; i--)
    {
      Shown *notification = shown->pdata[i - 1];

      if (strstr (notification->summary, part) != NULL)
        return notification;
    }
  return NULL;
}

static gboolean
is_shown (gpointer data)
{
  return find_shown (data) != NULL;
}

/* the action key of @notification that starts with @prefix ("default",
 * "app.snooze-task") */
static const char *
action_key (Shown      *notification,
            const char *prefix)
{
  for (guint i = 0; notification->actions[i] != NULL && notification->actions[i + 1] != NULL; i += 2)
    if (g_str_has_prefix (notification->actions[i], prefix))
      return notification->actions[i];
  return NULL;
}

/* the user clicks @key on @notification, as the daemon tells it */
static void
click (Shown      *notification,
       const char *key)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (key);
  g_dbus_connection_emit_signal (daemon_connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", notification->id, key), &error);
  g_assert_no_error (error);
}

static gboolean
window_hidden (gpointer data)
{
  return !gtk_widget_get_visible (window);
}

/* closed, as its close button does: signed in, it stays hidden in the background */
static void
hide_window (void)
{
  gtk_window_close (GTK_WINDOW (window));
  rapport_test_ui_wait_until (window_hidden, NULL, 30, "the window hidden");
  g_assert_true (g_list_find (gtk_application_get_windows (gtk_window_get_application (GTK_WINDOW (window))), window) != NULL);
}

static GtkWidget *
visible_page (void)
{
  return gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
}

typedef struct
{
  const char *collection;
  gint64      id;
} Record;

/* the window is shown again, on @data's record, loaded */
static gboolean
shows_record (gpointer data)
{
  const Record *record = data;
  GtkWidget *page = visible_page ();
  CrmEntity *entity;

  if (!gtk_widget_get_visible (window) || !RAPPORT_IS_RECORD_PAGE (page))
    return FALSE;
  entity = rapport_record_page_get_entity (RAPPORT_RECORD_PAGE (page));
  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), record->collection) &&
         crm_entity_get_id (entity) == record->id;
}

static void
screenshot (const char *name)
{
  g_autofree char *shot = g_strdup_printf ("%s%s", name, suffix);

  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "rita", PASSWORD);
  /* the comments and breaches below are heard over it */
  rapport_test_ui_wait_events (window);
}

/* the manager comments on the rep's activity while the rep's window is
 * hidden: the notification, clicked, shows the window on the activity */
static void
test_comment (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/comments", activity_id);
  g_autoptr(RapportTestReply) posted = NULL;
  Record record = { "activities", activity_id };
  Shown *notification;

  hide_window ();
  posted = rapport_test_request (server, "POST", path, manager, "{\"text\":\"请补充客户反馈 — add the customer's feedback\"}");
  g_assert_cmpuint (posted->status, ==, 201);
  rapport_test_ui_wait_until (is_shown, (gpointer) "拜访王主任", 30, "the comment's notification");
  notification = find_shown ("拜访王主任");
  g_assert_nonnull (strstr (notification->summary, "mara"));
  g_assert_cmpstr (notification->body, ==, "请补充客户反馈 — add the customer's feedback");
  g_assert_false (gtk_widget_get_visible (window));
  click (notification, action_key (notification, "default"));
  rapport_test_ui_wait_until (shows_record, &record, 30, "the activity shown on the comment's click");
  screenshot ("notify-comment-opened");
}

/* how long until the snoozed task reminds again: its reminder, or the time it was put off to */
static gint64
remind_in_minutes (void)
{
  g_autofree char *query = g_strdup_printf ("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), COALESCE(snoozed_until, remind_at)) "
                                            "FROM tasks WHERE id = %" G_GINT64_FORMAT, snoozed_id);

  return rapport_test_sql_int (server, "%s", query);
}

static gboolean
snoozed (gpointer data)
{
  return remind_in_minutes () >= 50;
}

static gboolean
shows_contract (gpointer data)
{
  GtkWidget *page = visible_page ();

  return gtk_widget_get_visible (window) && RAPPORT_IS_DOCUMENT_PAGE (page) &&
         rapport_document_page_get_title (RAPPORT_DOCUMENT_PAGE (page)) != NULL &&
         strstr (rapport_document_page_get_title (RAPPORT_DOCUMENT_PAGE (page)), "C-N-1") != NULL;
}

/* the periodic job tells the tasks' reminders and the contract's end: a
 * task's notification opens the task; another's Snooze puts its reminder
 * off an hour without showing the window; the contract's opens the
 * contract. A daemon forgets a notification once clicked. */
static void
test_reminders (void)
{
  g_autoptr(RapportTestReply) ran = NULL;
  Record record = { "tasks", task_id };
  Shown *reminder;
  Shown *other;
  Shown *contract;

  hide_window ();
  ran = rapport_test_request (server, "POST", "/api/v1/jobs/run", server->admin_token, NULL);
  g_assert_cmpuint (ran->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (ran, "reminded"), ==, 2);
  rapport_test_ui_wait_until (is_shown, (gpointer) "回访 Follow up", 30, "the task's reminder");
  rapport_test_ui_wait_until (is_shown, (gpointer) "寄样品 Send the samples", 30, "the other task's reminder");
  rapport_test_ui_wait_until (is_shown, (gpointer) "Service C-N-1", 30, "the contract's reminder");
  reminder = find_shown ("回访 Follow up");
  other = find_shown ("寄样品 Send the samples");
  contract = find_shown ("Service C-N-1");
  g_assert_nonnull (action_key (reminder, "app.snooze-task"));
  g_assert_nonnull (action_key (contract, "default"));
  g_assert_null (action_key (contract, "app.snooze-task"));

  /* Snooze, with the window hidden */
  g_assert_cmpint (remind_in_minutes (), <, 0);
  click (other, action_key (other, "app.snooze-task"));
  rapport_test_ui_wait_until (snoozed, NULL, 30, "the reminder snoozed for an hour");
  g_assert_cmpint (remind_in_minutes (), <=, 60);
  rapport_test_ui_settle (200);
  g_assert_false (gtk_widget_get_visible (window));

  click (reminder, action_key (reminder, "default"));
  rapport_test_ui_wait_until (shows_record, &record, 30, "the task shown on the reminder's click");
  screenshot ("notify-task-opened");

  hide_window ();
  click (contract, action_key (contract, "default"));
  rapport_test_ui_wait_until (shows_contract, NULL, 30, "the contract shown on the reminder's click");
  screenshot ("notify-contract-opened");
}

/* whether @body is @format with its %s filled */
static gboolean
body_is (const char *body,
         const char *format)
{
  g_auto(GStrv) parts = g_strsplit (format, "%s", 2);

  return g_str_has_prefix (body, parts[0]) && parts[1] != NULL && g_str_has_suffix (body, parts[1]);
}

static gboolean
both_breaches_shown (gpointer data)
{
  gboolean first = FALSE, resolution = FALSE;

  for (guint i = 0; i < shown->len; i++)
    {
      Shown *notification = shown->pdata[i];

      if (strstr (notification->summary, "泵报警 Pump alarm") == NULL)
        continue;
      first |= body_is (notification->body, _("First response overdue since %s"));
      resolution |= body_is (notification->body, _("Resolution overdue since %s"));
    }
  return first && resolution;
}

/* the SLA job, a month on, marks both targets of the rep's case breached:
 * each is a notification, clicked open on the case */
static void
test_sla (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *later_text = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", later_text);
  g_autoptr(RapportTestReply) ran = NULL;
  Record record = { "cases", case_id };
  Shown *breach;

  hide_window ();
  ran = rapport_test_request (server, "POST", path, server->admin_token, NULL);
  g_assert_cmpuint (ran->status, ==, 200);
  rapport_test_ui_wait_until (is_shown, "泵报警 Pump alarm", 30, "the case's breach notified");
  /* the resolution's too, each telling what is overdue */
  rapport_test_ui_wait_until (both_breaches_shown, NULL, 30, "both targets' breaches notified");
  breach = find_shown ("泵报警 Pump alarm");
  g_assert_nonnull (action_key (breach, "default"));
  click (breach, action_key (breach, "default"));
  rapport_test_ui_wait_until (shows_record, &record, 30, "the case shown on the notification's click");
  screenshot ("notify-sla-opened");
}

/* a target that names no record only shows the window */
static void
test_unknown_target (void)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  GtkWidget *before;

  before = visible_page ();
  hide_window ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-record", g_variant_new_string ("no-such-things/3"));
  rapport_test_ui_settle (200);
  g_assert_true (gtk_widget_get_visible (window));
  g_assert_true (visible_page () == before);
  hide_window ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-record", g_variant_new_string ("tasks/x"));
  rapport_test_ui_settle (200);
  g_assert_true (gtk_widget_get_visible (window));
  g_assert_true (visible_page () == before);
}

typedef struct
{
  GSubprocess *process;
  gboolean     exited;
} Launch;

static void
launch_exited (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Launch *launch = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  launch->exited = TRUE;
}

static gboolean
launch_done (gpointer data)
{
  Launch *launch = data;

  return launch->exited && gtk_widget_get_visible (window);
}

static guint
n_main_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (gtk_window_get_application (GTK_WINDOW (window))); l != NULL; l = l->next)
    if (RAPPORT_IS_WINDOW (l->data))
      n++;
  return n;
}

/* `rapport` started again while the window is hidden in the background:
 * the running client shows that window, signed in, and the second one
 * ends; no second sign-in */
static void
test_second_launch (void)
{
  const char *client = g_getenv ("RAPPORT_CLIENT");
  g_autoptr(GError) error = NULL;
  Launch launch = { NULL, FALSE };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GtkWidget *main_stack = CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack");

  g_assert_nonnull (client);
  hide_window ();
  launch.process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, client, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (launch.process, NULL, launch_exited, &launch);
  while (!launch_done (&launch) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  if (!launch.exited)
    {
      /* a second client of its own: ended, and the test fails below */
      g_subprocess_force_exit (launch.process);
      while (!launch.exited)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (g_subprocess_get_if_exited (launch.process));
  g_assert_cmpint (g_subprocess_get_exit_status (launch.process), ==, 0);
  g_assert_true (gtk_widget_get_visible (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (main_stack)), ==, "workspace");
  g_assert_cmpuint (n_main_windows (), ==, 1);
  g_clear_object (&launch.process);
  screenshot ("notify-second-launch");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) due = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -1);
  g_autoptr(GDateTime) ends = g_date_time_add_days (now, 5);
  g_autofree char *due_text = g_date_time_format (due, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *past_text = g_date_time_format (past, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *ends_text = g_date_time_format (ends, "%Y-%m-%d");
  g_autofree char *body = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(RapportTestReply) settings = NULL;
  g_autoptr(RapportTestReply) enabled = NULL;
  JsonObject *setting;
  gint64 account_id;
  gint64 team_id;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = "-zh_CN";
  shown = g_ptr_array_new_with_free_func ((GDestroyNotify) shown_free);

  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "mara", "manager");
  rep = rapport_test_server_add_user (server, "rita", "sales");
  team_id = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mara', 'rita')", team_id);
  g_free (rapport_test_server_sql (server, sql));
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"杭州康泰医疗器械有限公司\"}");
  body = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"拜访王主任 Visit Dr Wang\",\"account_id\":%" G_GINT64_FORMAT "}",
                          account_id);
  activity_id = rapport_test_create (server, rep, "activities", body);
  g_free (body);
  body = g_strdup_printf ("{\"subject\":\"回访 Follow up\",\"due_at\":\"%s\",\"remind_at\":\"%s\"}", due_text, past_text);
  task_id = rapport_test_create (server, rep, "tasks", body);
  g_free (body);
  body = g_strdup_printf ("{\"subject\":\"寄样品 Send the samples\",\"due_at\":\"%s\",\"remind_at\":\"%s\"}", due_text, past_text);
  snoozed_id = rapport_test_create (server, rep, "tasks", body);
  /* a contract of the rep's ending within the days the company set */
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO contracts (created_at, updated_at, number, title, account_id, owner_id, status, currency, "
                         "end_date) SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'C-N-1', 'Service C-N-1', %" G_GINT64_FORMAT
                         ", id, 'active', 'CNY', '%s' FROM users WHERE login = 'rita'; SELECT LAST_INSERT_ID()",
                         account_id, ends_text);
  contract_id = rapport_test_sql_int (server, "%s", sql);
  settings = rapport_test_request (server, "GET", "/api/v1/reminder-settings?kind=contract_end", server->admin_token, NULL);
  g_assert_cmpuint (settings->status, ==, 200);
  setting = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (settings), "items"), 0);
  g_free (sql);
  sql = g_strdup_printf ("/api/v1/reminder-settings/%" G_GINT64_FORMAT, json_object_get_int_member (setting, "id"));
  g_free (body);
  body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"enabled\":true,\"days\":14}",
                          json_object_get_int_member (setting, "version"));
  enabled = rapport_test_request (server, "PATCH", sql, server->admin_token, body);
  g_assert_cmpuint (enabled->status, ==, 200);

  rapport_test_create (server, server->admin_token, "sla-policies",
                       "{\"name\":\"Standard\",\"first_response_minutes\":60,\"resolution_minutes\":120}");
  g_free (body);
  body = g_strdup_printf ("{\"subject\":\"泵报警 Pump alarm\",\"account_id\":%" G_GINT64_FORMAT "}", account_id);
  case_id = rapport_test_create (server, rep, "cases", body);

  g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                  notifications_acquired, NULL, NULL, NULL, NULL);
  rapport_test_ui_wait_until (daemon_ready, NULL, 30, "the test's notification daemon on the session bus");
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/notify/sign-in", test_sign_in);
  g_test_add_func ("/ui/notify/comment", test_comment);
  g_test_add_func ("/ui/notify/reminders", test_reminders);
  g_test_add_func ("/ui/notify/sla", test_sla);
  g_test_add_func ("/ui/notify/unknown-target", test_unknown_target);
  g_test_add_func ("/ui/notify/second-launch", test_second_launch);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (manager);
  g_ptr_array_unref (shown);
  rapport_test_server_stop (server);
  return status;
}
