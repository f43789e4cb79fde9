/* test-follow-up.c: a call logged from an account with its follow-up task, typed at full speed; the reminder's notification; a manager's comment read by the rep; the window closed and the application running on */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-activity-follow-up.h"
#include "pages/rapport-activity-log-dialog.h"
#include "pages/rapport-activity-participants.h"
#include "widgets/rapport-reference-row.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-comment-thread.h"
#include "widgets/rapport-timeline.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define ACCOUNT "苏州华康医药有限公司"
#define SUBJECT "price call with mr zhou"
#define NEXT_STEP "send the trial contract"
#define COMMENT "请周五前发出合同 — send it by Friday"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *manager;
static char *stranger;   /* a rep of another team */
static char *suffix = "";
static gint64 account_id;
static gint64 activity_id;
static gint64 task_id;
static gint64 visit_id;

/* The desktop's notification daemon, played by the test on the session
 * bus: each Notify is counted and kept, with whether it has a default
 * action (what a click runs). */
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
static guint n_notified;
/* the task reminder's notification, by the id the daemon gave it */
static guint reminder_notification;
static char *last_summary;
static gboolean last_has_default;
static gboolean daemon_ready;
static GDBusConnection *bus;

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
      const char *summary = NULL;
      g_autofree const char **actions = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 5, "^a&s", &actions);
      g_free (last_summary);
      last_summary = g_strdup (summary);
      last_has_default = actions != NULL && g_strv_contains (actions, "default");
      n_notified++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n_notified));
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
  bus = connection;
  daemon_ready = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static char *
shot_name (const char *name)
{
  return g_strdup_printf ("%s%s", name, suffix);
}

/* the page shows the record @data ("accounts/12"), loaded */
static gboolean
shows_record (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;
  g_autofree char *shown = entity ? g_strdup_printf ("%s/%" G_GINT64_FORMAT, crm_entity_get_collection (entity),
                                                     crm_entity_get_id (entity)) : NULL;

  return shown != NULL && g_str_equal (shown, data);
}

static gboolean
button_shown (gpointer data)
{
  return rapport_test_ui_record_page (window) != NULL && rapport_test_ui_find_button (GTK_WIDGET (rapport_test_ui_record_page (window)), data) != NULL;
}

static gboolean
focus_in (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (data));

  return focus != NULL && (focus == data || gtk_widget_is_ancestor (focus, data));
}

/* the keyboard in @row, then @keys typed at full speed */
static void
type_into (GtkWidget  *dialog,
           const char *row_name,
           const char *keys)
{
  GtkWidget *row = rapport_test_ui_find_by_name (dialog, row_name);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  gtk_widget_grab_focus (row);
  rapport_test_ui_wait_until (focus_in, row, 10, row_name);
  rapport_test_keys_send (dialog, keys);
}

static JsonArray *
items_of (const char *path,
          const char *token)
{
  RapportTestReply *reply = rapport_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_array_ref (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
  rapport_test_reply_free (reply);
  return items;
}

static gboolean
logged_on_server (gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/activities?account_id=%" G_GINT64_FORMAT, account_id);
  g_autoptr(JsonArray) items = items_of (path, rep);

  return json_array_get_length (items) >= 1;
}

static char *
local_text (GDateTime  *time,
            const char *format)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, format);
}

static char *
utc_text (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000000Z");
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "rosa", PASSWORD);
}

/* Ctrl+L on the account, a call typed with its next step, due tomorrow:
 * the follow-up switch turns on, the task due that day at nine; a
 * reminder typed in five minutes; Enter logs both in one request */
static void
test_log_with_follow_up (void)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", ACCOUNT);
  g_autofree char *opened = NULL;
  g_autofree char *dialog_shot = shot_name ("follow-up-quick-log");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) remind = g_date_time_add_minutes (now, 5);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *next_day = local_text (tomorrow, "%Y-%m-%d");
  g_autofree char *remind_typed = local_text (remind, "%Y-%m-%d %H:%M");
  g_autofree char *due_shown = g_strdup_printf ("%s 09:00", next_day);
  g_autoptr(GDateTime) due = g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                                    g_date_time_get_day_of_month (tomorrow), 9, 0, 0);
  g_autoptr(GDateTime) remind_minute = g_date_time_new_local (g_date_time_get_year (remind), g_date_time_get_month (remind),
                                                              g_date_time_get_day_of_month (remind),
                                                              g_date_time_get_hour (remind), g_date_time_get_minute (remind), 0);
  g_autofree char *due_utc = utc_text (due);
  g_autofree char *remind_utc = utc_text (remind_minute);
  g_autofree char *tasks_path = NULL;
  g_autoptr(JsonArray) tasks = NULL;
  JsonObject *task;
  GtkWidget *dialog;
  GtkWidget *follow_switch;

  account_id = rapport_test_create (server, rep, "accounts", body);
  opened = g_strdup_printf ("accounts/%" G_GINT64_FORMAT, account_id);
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account_id, NULL);
  rapport_test_ui_wait_until (shows_record, opened, 30, "the account's page");
  rapport_test_ui_wait_until (button_shown, (gpointer) _("_Log…"), 30, "the account's Log button");
  rapport_test_ui_settle (200);

  rapport_test_keys_send (window, "<C-l>");
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_ACTIVITY_LOG_DIALOG, "the quick log");
  follow_switch = rapport_test_ui_find_by_name (dialog, "follow-up-switch");
  g_assert_nonnull (follow_switch);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (follow_switch)));
  g_assert_false (gtk_widget_get_visible (rapport_test_ui_find_by_name (dialog, "follow-up-due")));

  /* typed with no delay between the keys */
  rapport_test_keys_send (dialog, SUBJECT);
  type_into (dialog, "next-step", NEXT_STEP);
  type_into (dialog, "next-step-date", next_day);
  rapport_test_ui_settle (200);
  /* a next-step date offers the follow-up, due that day at nine */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (follow_switch)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_test_ui_find_by_name (dialog, "follow-up-due"))), ==, due_shown);
  type_into (dialog, "follow-up-remind", remind_typed);
  rapport_test_ui_settle (300);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "log"));
  g_free (rapport_test_ui_screenshot (dialog, dialog_shot));
  rapport_test_keys_send (dialog, "<Return>");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_ACTIVITY_LOG_DIALOG, "the quick log to close");

  /* the server has both: the call, and the task following it on the account, the rep's */
  rapport_test_ui_wait_until (logged_on_server, NULL, 30, "the call stored");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/activities?account_id=%" G_GINT64_FORMAT, account_id);
    g_autoptr(JsonArray) activities = items_of (path, rep);
    JsonObject *activity = json_array_get_object_element (activities, 0);

    g_assert_cmpuint (json_array_get_length (activities), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (activity, "subject"), ==, SUBJECT);
    g_assert_cmpstr (json_object_get_string_member (activity, "next_step"), ==, NEXT_STEP);
    activity_id = json_object_get_int_member (activity, "id");
  }
  tasks_path = g_strdup_printf ("/api/v1/tasks?activity_id=%" G_GINT64_FORMAT, activity_id);
  tasks = items_of (tasks_path, rep);
  g_assert_cmpuint (json_array_get_length (tasks), ==, 1);
  task = json_array_get_object_element (tasks, 0);
  task_id = json_object_get_int_member (task, "id");
  /* the task's subject is the next step's, as none was typed */
  g_assert_cmpstr (json_object_get_string_member (task, "subject"), ==, NEXT_STEP);
  g_assert_cmpint (json_object_get_int_member (task, "account_id"), ==, account_id);
  g_assert_cmpstr (json_object_get_string_member (task, "due_at"), ==, due_utc);
  g_assert_cmpstr (json_object_get_string_member (task, "remind_at"), ==, remind_utc);
  {
    g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", rep, NULL);

    g_assert_cmpint (json_object_get_int_member (task, "assignee_id"), ==, rapport_test_reply_int (me, "id"));
  }
}

static gboolean
notified (gpointer data)
{
  return n_notified >= GPOINTER_TO_UINT (data);
}

/* the job's clock moved past the reminder: it fires, and the client
 * shows it as a desktop notification that a click opens on the task */
static void
test_reminder_fires (void)
{
  guint before = n_notified;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 10);
  g_autofree char *when = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", when);
  g_autoptr(RapportTestReply) early = rapport_test_request (server, "POST", "/api/v1/jobs/run", server->admin_token, NULL);
  g_autoptr(RapportTestReply) ran = NULL;

  /* not yet: its reminder is five minutes away */
  g_assert_cmpuint (early->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (early, "reminded"), ==, 0);
  ran = rapport_test_request (server, "POST", path, server->admin_token, NULL);
  g_assert_cmpuint (ran->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (ran, "reminded"), ==, 1);
  rapport_test_ui_wait_until (notified, GUINT_TO_POINTER (before + 1), 30, "the reminder's notification");
  g_assert_cmpstr (last_summary, ==, NEXT_STEP);
  g_assert_true (last_has_default);
  reminder_notification = n_notified;
}

/* the page scrolled so that @widget's top shows, for the screenshot */
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
  gtk_adjustment_set_value (adjustment, at.y - 40);
}

static RapportTimeline *
timeline (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_TIMELINE) : NULL;

  return found ? RAPPORT_TIMELINE (found) : NULL;
}

/* the timeline shows @data rows and is done reading */
static gboolean
is_timeline_idle (gpointer data)
{
  return timeline () != NULL && !rapport_timeline_get_busy (timeline ());
}

static gboolean
timeline_shows (gpointer data)
{
  RapportTimeline *t = timeline ();

  return t != NULL && !rapport_timeline_get_busy (t) && rapport_timeline_get_n_rows (t) == GPOINTER_TO_UINT (data);
}

/* The account's page open, its timeline filtered to activities: a visit
 * logged on the account elsewhere (the rep's other session) shows in it
 * without a reload, the filter kept (the follow-up task stays out); one
 * logged on another account changes nothing. */
static void
test_timeline_live (void)
{
  g_autofree char *opened = g_strdup_printf ("accounts/%" G_GINT64_FORMAT, account_id);
  g_autofree char *shot = shot_name ("follow-up-timeline-live");
  g_autofree char *visit = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"visit to sign the trial\","
                                            "\"account_id\":%" G_GINT64_FORMAT "}", account_id);
  gint64 other = rapport_test_create (server, rep, "accounts", "{\"name\":\"Another account\"}");
  g_autofree char *elsewhere = g_strdup_printf ("{\"kind\":\"note\",\"subject\":\"a note elsewhere\","
                                                "\"account_id\":%" G_GINT64_FORMAT "}", other);

  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account_id, NULL);
  rapport_test_ui_wait_until (shows_record, opened, 30, "the account's page");
  rapport_test_ui_wait_until (is_timeline_idle, NULL, 30, "the account's timeline");
  rapport_timeline_set_kind (timeline (), "activity");
  rapport_test_ui_wait_until (timeline_shows, GUINT_TO_POINTER (1), 30, "the call alone in the activities");

  rapport_test_create (server, rep, "activities", elsewhere);
  visit_id = rapport_test_create (server, rep, "activities", visit);
  rapport_test_ui_wait_until (timeline_shows, GUINT_TO_POINTER (2), 30, "the visit in the timeline, live");
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (timeline ()), "visit to sign the trial"));
  g_assert_null (rapport_test_ui_find_label_containing (GTK_WIDGET (timeline ()), "a note elsewhere"));
  g_assert_null (rapport_test_ui_find_label_containing (GTK_WIDGET (timeline ()), NEXT_STEP));
  scroll_to (GTK_WIDGET (timeline ()));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

static RapportCommentThread *
thread (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_COMMENT_THREAD) : NULL;

  return found ? RAPPORT_COMMENT_THREAD (found) : NULL;
}

static gboolean
shows_comments (gpointer data)
{
  RapportCommentThread *t = thread ();

  return t != NULL && gtk_widget_get_visible (GTK_WIDGET (t)) && !rapport_comment_thread_get_busy (t) &&
         rapport_comment_thread_get_n_comments (t) == GPOINTER_TO_UINT (data);
}

/* the manager comments on the call (through the API); the rep's page of
 * the activity, opened again, shows the comment */
static void
test_manager_comments (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/comments", activity_id);
  g_autofree char *opened = g_strdup_printf ("activities/%" G_GINT64_FORMAT, activity_id);
  g_autofree char *shot = shot_name ("follow-up-comment");
  g_autoptr(RapportTestReply) posted = NULL;

  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", activity_id, NULL);
  rapport_test_ui_wait_until (shows_record, opened, 30, "the activity's page");
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (0), 30, "the activity's empty review thread");

  posted = rapport_test_request (server, "POST", path, manager, "{\"text\":\"" COMMENT "\"}");
  g_assert_cmpuint (posted->status, ==, 201);

  /* the rep opens the activity again, from the account */
  {
    g_autofree char *account = g_strdup_printf ("accounts/%" G_GINT64_FORMAT, account_id);

    rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account_id, NULL);
    rapport_test_ui_wait_until (shows_record, account, 30, "the account's page");
  }
  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", activity_id, NULL);
  rapport_test_ui_wait_until (shows_record, opened, 30, "the activity's page again");
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (1), 30, "the manager's comment on the rep's page");
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (thread ()), "send it by Friday"));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

static RapportActivityFollowUp *
follow_up (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_ACTIVITY_FOLLOW_UP) : NULL;

  return found ? RAPPORT_ACTIVITY_FOLLOW_UP (found) : NULL;
}

static gboolean
follow_up_shown (gpointer data)
{
  return follow_up () != NULL && gtk_widget_get_visible (GTK_WIDGET (follow_up ())) &&
         rapport_activity_follow_up_get_task (follow_up ()) == *(gint64 *) data;
}

static gboolean
new_task_form (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);

  return page != NULL && rapport_record_page_get_entity (page) == NULL &&
         rapport_test_ui_find_label_containing (GTK_WIDGET (page), data) != NULL;
}

static gint64
follow_ups_of (gint64 activity)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tasks?activity_id=%" G_GINT64_FORMAT, activity);
  g_autoptr(JsonArray) items = items_of (path, rep);

  return json_array_get_length (items) > 0 ? json_object_get_int_member (json_array_get_object_element (items, 0), "id") : 0;
}

static gboolean
saved_follow_up (gpointer data)
{
  return follow_ups_of (visit_id) > 0;
}

/* The call's page opens its follow-up task; the visit logged without one
 * offers it: a new task's form from the visit, saved as following it up
 * on its account */
static void
test_later_follow_up (void)
{
  g_autofree char *call = g_strdup_printf ("activities/%" G_GINT64_FORMAT, activity_id);
  g_autofree char *visit = g_strdup_printf ("activities/%" G_GINT64_FORMAT, visit_id);
  g_autofree char *task = g_strdup_printf ("tasks/%" G_GINT64_FORMAT, task_id);
  g_autofree char *shot = shot_name ("follow-up-offered");
  g_autofree char *query = NULL;
  gint64 none = 0;
  gint64 made;

  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", activity_id, NULL);
  rapport_test_ui_wait_until (shows_record, call, 30, "the call's page");
  rapport_test_ui_wait_until (follow_up_shown, &task_id, 30, "the call's follow-up task offered to open");
  g_signal_emit_by_name (rapport_activity_follow_up_get_button (follow_up ()), "clicked");
  rapport_test_ui_wait_until (shows_record, task, 30, "the follow-up task's page");

  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", visit_id, NULL);
  rapport_test_ui_wait_until (shows_record, visit, 30, "the visit's page");
  rapport_test_ui_wait_until (follow_up_shown, &none, 30, "a follow-up task offered for the visit");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
  g_signal_emit_by_name (rapport_activity_follow_up_get_button (follow_up ()), "clicked");
  rapport_test_ui_wait_until (new_task_form, (gpointer) "visit to sign the trial", 30, "the new task's form from the visit");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (saved_follow_up, NULL, 30, "the task saved as the visit's follow-up");
  made = follow_ups_of (visit_id);
  query = g_strdup_printf ("SELECT CONCAT(subject, '/', account_id) FROM tasks WHERE id = %" G_GINT64_FORMAT, made);
  {
    g_autofree char *row = g_strstrip (rapport_test_server_sql (server, query));
    g_autofree char *expected = g_strdup_printf ("visit to sign the trial/%" G_GINT64_FORMAT, account_id);

    g_assert_cmpstr (row, ==, expected);
  }
}

static RapportActivityParticipants *
participants (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_ACTIVITY_PARTICIPANTS) : NULL;

  return found ? RAPPORT_ACTIVITY_PARTICIPANTS (found) : NULL;
}

static gboolean
participants_shown (gpointer data)
{
  RapportActivityParticipants *p = participants ();

  return p != NULL && !rapport_activity_participants_get_busy (p) &&
         rapport_activity_participants_get_n_rows (p) == GPOINTER_TO_UINT (data);
}

static gboolean
participant_named (gpointer data)
{
  return participants () != NULL && rapport_test_ui_find_label_containing (GTK_WIDGET (participants ()), data) != NULL;
}

static char *
stored_participants (void)
{
  g_autofree char *query = g_strdup_printf ("SELECT COALESCE(GROUP_CONCAT(CONCAT(COALESCE(user_id, 0), ':', COALESCE(contact_id, 0)) "
                                            "ORDER BY position SEPARATOR ','), '') FROM activity_participants "
                                            "WHERE activity_id = %" G_GINT64_FORMAT, activity_id);

  return g_strstrip (rapport_test_server_sql (server, query));
}

/* The call's page adds a colleague and a contact as participants, each
 * saved at once; a contact the rep may not see is refused by the server
 * and not added; a participant removed is gone */
static void
test_participants (void)
{
  g_autofree char *call = g_strdup_printf ("activities/%" G_GINT64_FORMAT, activity_id);
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"周先生 Mr Zhou\",\"account_id\":%" G_GINT64_FORMAT "}", account_id);
  gint64 contact = rapport_test_create (server, rep, "contacts", contact_body);
  gint64 theirs = rapport_test_create (server, stranger, "accounts", "{\"name\":\"Sven's account\"}");
  g_autofree char *hidden_body = g_strdup_printf ("{\"name\":\"Not yours\",\"account_id\":%" G_GINT64_FORMAT "}", theirs);
  gint64 hidden = rapport_test_create (server, stranger, "contacts", hidden_body);
  g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", manager, NULL);
  gint64 colleague = rapport_test_reply_int (me, "id");
  g_autofree char *both = g_strdup_printf ("%" G_GINT64_FORMAT ":0,0:%" G_GINT64_FORMAT, colleague, contact);
  g_autofree char *contact_only = g_strdup_printf ("0:%" G_GINT64_FORMAT, contact);
  g_autofree char *shot = shot_name ("follow-up-participants");
  g_autofree char *stored = NULL;

  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", activity_id, NULL);
  rapport_test_ui_wait_until (shows_record, call, 30, "the call's page");
  rapport_test_ui_wait_until (participants_shown, GUINT_TO_POINTER (0), 30, "no participants yet");

  rapport_reference_row_set_id (RAPPORT_REFERENCE_ROW (rapport_activity_participants_get_adder (participants (), "users")), colleague);
  rapport_test_ui_wait_until (participants_shown, GUINT_TO_POINTER (1), 30, "the colleague added");
  rapport_reference_row_set_id (RAPPORT_REFERENCE_ROW (rapport_activity_participants_get_adder (participants (), "contacts")), contact);
  rapport_test_ui_wait_until (participants_shown, GUINT_TO_POINTER (2), 30, "the contact added");
  stored = stored_participants ();
  g_assert_cmpstr (stored, ==, both);
  rapport_test_ui_wait_until (participant_named, (gpointer) "Mr Zhou", 30, "the contact named among the participants");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));

  /* refused: still the two */
  rapport_reference_row_set_id (RAPPORT_REFERENCE_ROW (rapport_activity_participants_get_adder (participants (), "contacts")), hidden);
  rapport_test_ui_settle (200);
  rapport_test_ui_wait_until (participants_shown, GUINT_TO_POINTER (2), 30, "the participants after the refusal");
  g_clear_pointer (&stored, g_free);
  stored = stored_participants ();
  g_assert_cmpstr (stored, ==, both);

  rapport_activity_participants_remove (participants (), 0);
  rapport_test_ui_wait_until (participants_shown, GUINT_TO_POINTER (1), 30, "the colleague removed");
  g_clear_pointer (&stored, g_free);
  stored = stored_participants ();
  g_assert_cmpstr (stored, ==, contact_only);
}

/* Closing the window once signed in hides it and the application runs
 * on (its reminders still heard); the notification's click shows it
 * again, on the task. With the setting off, closing it ends it. */
static void
test_background (void)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autoptr(GSettings) settings = g_settings_new ("org.rapport.Rapport");
  g_autofree char *task_opened = g_strdup_printf ("tasks/%" G_GINT64_FORMAT, task_id);
  g_autofree char *shot = shot_name ("follow-up-task-from-notification");
  GtkWidget *watched = window;

  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_object_add_weak_pointer (G_OBJECT (watched), (gpointer *) &watched);
  gtk_window_close (GTK_WINDOW (window));
  rapport_test_ui_settle (300);
  g_assert_nonnull (watched);
  g_assert_false (gtk_widget_get_visible (window));
  g_assert_true (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window) != NULL);

  /* the reminder's notification clicked (the manager's comment came after
   * it, with one of its own): the desktop tells the application which */
  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                                 "ActionInvoked", g_variant_new ("(us)", reminder_notification, "default"), NULL);
  rapport_test_ui_wait_until (shows_record, task_opened, 30, "the window again, on the task");
  g_assert_true (gtk_widget_get_visible (window));
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));

  /* the setting off: closing the window closes it */
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  gtk_window_close (GTK_WINDOW (window));
  rapport_test_ui_settle (300);
  g_assert_null (watched);
  window = NULL;
  g_settings_reset (settings, "run-in-background");
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
    suffix = g_strdup_printf ("-%s", lang);
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "mark", "manager");
  rep = rapport_test_server_add_user (server, "rosa", "sales");
  stranger = rapport_test_server_add_user (server, "sven", "sales");
  /* a manager reviews his team's activities */
  team_id = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  team_sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mark', 'rosa')", team_id);
  g_free (rapport_test_server_sql (server, team_sql));
  window = rapport_test_ui_open_window (1100, 760);
  g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                  notifications_acquired, NULL, NULL, NULL, NULL);
  rapport_test_ui_wait_until (is_true, &daemon_ready, 30, "the test's notification daemon on the session bus");

  g_test_add_func ("/ui/follow-up/sign-in", test_sign_in);
  g_test_add_func ("/ui/follow-up/log-with-follow-up", test_log_with_follow_up);
  g_test_add_func ("/ui/follow-up/reminder-fires", test_reminder_fires);
  g_test_add_func ("/ui/follow-up/timeline-live", test_timeline_live);
  g_test_add_func ("/ui/follow-up/manager-comments", test_manager_comments);
  g_test_add_func ("/ui/follow-up/later-follow-up", test_later_follow_up);
  g_test_add_func ("/ui/follow-up/participants", test_participants);
  g_test_add_func ("/ui/follow-up/background", test_background);

  status = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (manager);
  g_free (stranger);
  rapport_test_server_stop (server);
  return status;
}
