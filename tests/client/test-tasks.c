/* test-tasks.c: the Tasks section under Xvfb, against a real rapportd: Today, Overdue and Upcoming, mark done, snooze, a reminder as a desktop notification */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-tasks-page.h"
#include "widgets/rapport-entity-form.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rita;
/* "-zh_CN" on the screenshots of a run in Chinese */
static char *suffix = "";
static gint64 today_id;
static gint64 overdue_id;
static gint64 upcoming_id;
/* the notification's body the upcoming task's reminder should have */
static char *upcoming_body;

/* The desktop's notification daemon, played by the test on the session
 * bus: each Notify the application sends is counted and kept. */
static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "<arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";
static guint n_notified;
static char *last_summary;
static char *last_body;
static gboolean daemon_ready;

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
      const char *body = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_free (last_summary);
      g_free (last_body);
      last_summary = g_strdup (summary);
      last_body = g_strdup (body);
      n_notified++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n_notified));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

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
  daemon_ready = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static RapportTasksPage *
tasks_page (void)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *section = gtk_stack_get_child_by_name (stack, "tasks");
  GtkWidget *page = section ? rapport_test_ui_find_by_type (section, RAPPORT_TYPE_TASKS_PAGE) : NULL;

  return page ? RAPPORT_TASKS_PAGE (page) : NULL;
}

static void
screenshot (const char *name)
{
  g_autofree char *shot = g_strdup_printf ("%s%s", name, suffix);

  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

static gint64
sql_int (const char *statement)
{
  g_autofree char *out = rapport_test_server_sql (server, statement);

  return g_ascii_strtoll (out, NULL, 10);
}

typedef struct
{
  guint today;
  guint overdue;
  guint upcoming;
} Counts;

static gboolean
shows (gpointer data)
{
  const Counts *counts = data;
  RapportTasksPage *page = tasks_page ();

  return page != NULL && !rapport_tasks_page_get_busy (page) &&
         g_list_model_get_n_items (rapport_tasks_page_get_tasks (page, "today")) == counts->today &&
         g_list_model_get_n_items (rapport_tasks_page_get_tasks (page, "overdue")) == counts->overdue &&
         g_list_model_get_n_items (rapport_tasks_page_get_tasks (page, "upcoming")) == counts->upcoming;
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* one task of each view, the upcoming one with its reminder already due */
static void
make_tasks (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);
  GTimeSpan left = g_date_time_difference (tomorrow, now);
  g_autoptr(GDateTime) later_today = g_date_time_add (now, left / 2);
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -2);
  g_autoptr(GDateTime) in_days = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -1);
  g_autofree char *today_due = format_time (later_today);
  g_autofree char *overdue_due = format_time (earlier);
  g_autofree char *upcoming_due = format_time (in_days);
  g_autofree char *remind = format_time (past);
  g_autofree char *today = g_strdup_printf ("{\"subject\":\"给王总回电话 Call Mr Wang back\",\"due_at\":\"%s\"}", today_due);
  g_autofree char *overdue = g_strdup_printf ("{\"subject\":\"提交周报 Weekly report\",\"due_at\":\"%s\","
                                              "\"recurrence\":\"FREQ=WEEKLY;BYDAY=FR\"}", overdue_due);
  g_autofree char *upcoming = g_strdup_printf ("{\"subject\":\"拜访华东贸易 Visit East China Trading\",\"due_at\":\"%s\","
                                               "\"remind_at\":\"%s\"}", upcoming_due, remind);

  {
    g_autofree char *when = g_date_time_format (in_days, "%Y-%m-%d %H:%M");

    upcoming_body = g_strdup_printf (_("Task due %s"), when);
  }
  today_id = rapport_test_create (server, rita, "tasks", today);
  overdue_id = rapport_test_create (server, rita, "tasks", overdue);
  upcoming_id = rapport_test_create (server, rita, "tasks", upcoming);
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "rita", PASSWORD);
}

static void
test_views (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "tasks");
  Counts counts = { 1, 1, 1 };
  RapportTasksPage *page;

  g_assert_nonnull (row);
  g_signal_emit_by_name (sections, "row-activated", row);
  rapport_test_ui_wait_until (shows, &counts, 30, "a task in each of Today, Overdue and Upcoming");
  page = tasks_page ();
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (page), "Call Mr Wang back"));
  screenshot ("tasks-today");
  rapport_tasks_page_show_view (page, "overdue");
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (page), _("Repeats")));
  screenshot ("tasks-overdue");
  rapport_tasks_page_show_view (page, "today");
}

static GtkWidget *
button_in_view (const char *view,
                const char *label)
{
  RapportTasksPage *page = tasks_page ();
  const char *list = g_str_equal (view, "today") ? "today_list" : g_str_equal (view, "overdue") ? "overdue_list" : "upcoming_list";

  return rapport_test_ui_find_button (CHILD (page, RAPPORT_TYPE_TASKS_PAGE, list), label);
}

/* done: gone from Today, kept as done */
static void
test_done (void)
{
  Counts counts = { 0, 1, 1 };
  GtkWidget *done = button_in_view ("today", _("Mark done"));
  g_autofree char *query = g_strdup_printf ("SELECT done FROM tasks WHERE id = %" G_GINT64_FORMAT, today_id);

  g_assert_nonnull (done);
  g_signal_emit_by_name (done, "clicked");
  rapport_test_ui_wait_until (shows, &counts, 30, "Today empty once its task is done");
  g_assert_cmpint (sql_int (query), ==, 1);
  g_assert_null (rapport_tasks_page_get_message (tasks_page ()));
}

/* snoozed: still overdue, its reminder put off by an hour */
static void
test_snooze (void)
{
  Counts counts = { 0, 1, 1 };
  GtkWidget *snooze = NULL;
  g_autofree char *query = g_strdup_printf ("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), snoozed_until) FROM tasks WHERE id = %"
                                            G_GINT64_FORMAT, overdue_id);

  rapport_tasks_page_show_view (tasks_page (), "overdue");
  snooze = button_in_view ("overdue", _("Snooze 1 hour"));
  g_assert_nonnull (snooze);
  g_signal_emit_by_name (snooze, "clicked");
  rapport_test_ui_wait_until (shows, &counts, 30, "the views again after the snooze");
  g_assert_cmpint (sql_int (query), >=, 55);
  g_assert_null (rapport_tasks_page_get_message (tasks_page ()));
}

static gboolean
page_shows_label (gpointer data)
{
  return rapport_test_ui_find_label_containing (GTK_WIDGET (tasks_page ()), data) != NULL;
}

/* a task typed into the agenda, to be reminded in an hour: due today, its reminder set */
static void
test_add (void)
{
  RapportTasksPage *page = tasks_page ();
  GtkWidget *entry = CHILD (page, RAPPORT_TYPE_TASKS_PAGE, "new_task_entry");
  GtkWidget *choice = CHILD (page, RAPPORT_TYPE_TASKS_PAGE, "remind_choice");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) reminded = g_date_time_add_minutes (now, 61);
  /* due by midnight, or when reminded if that is tomorrow */
  gboolean tomorrow = g_date_time_get_day_of_year (reminded) != g_date_time_get_day_of_year (now);
  Counts counts = { tomorrow ? 0 : 1, 1, tomorrow ? 2 : 1 };
  g_autofree char *minutes = NULL;

  rapport_tasks_page_show_view (page, "today");
  gtk_editable_set_text (GTK_EDITABLE (entry), "寄样品 Send the samples");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), 2);
  g_signal_emit_by_name (entry, "activate");
  rapport_test_ui_wait_until (shows, &counts, 30, "the new task in Today");
  /* in the last hour of the day its reminder, and so the task, is tomorrow's: Upcoming */
  if (tomorrow)
    rapport_tasks_page_show_view (page, "upcoming");
  rapport_test_ui_wait_until (page_shows_label, "Send the samples", 30, "the new task's row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  minutes = rapport_test_server_sql (server, "SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), remind_at) FROM tasks "
                                             "WHERE subject = '寄样品 Send the samples' AND done = 0");
  g_assert_cmpint (g_ascii_strtoll (minutes, NULL, 10), >=, 55);
  g_assert_cmpint (g_ascii_strtoll (minutes, NULL, 10), <=, 60);
}

static gboolean
notified (gpointer data)
{
  return n_notified >= GPOINTER_TO_UINT (data);
}

/* the job finds the upcoming task's reminder due: the client is told over
 * its event WebSocket and sends a desktop notification */
static void
test_notification (void)
{
  guint before = n_notified;
  g_autoptr(RapportTestReply) ran = rapport_test_request (server, "POST", "/api/v1/jobs/run", server->admin_token, NULL);
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE kind = 'task.reminder' AND record_id = %"
                                            G_GINT64_FORMAT, upcoming_id);

  g_assert_cmpuint (ran->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (ran, "reminded"), ==, 1);
  g_assert_cmpint (sql_int (query), ==, 1);
  rapport_test_ui_wait_until (notified, GUINT_TO_POINTER (before + 1), 30, "the reminder's notification");
  g_assert_cmpstr (last_summary, ==, "拜访华东贸易 Visit East China Trading");
  g_assert_cmpstr (last_body, ==, upcoming_body);
  rapport_tasks_page_show_view (tasks_page (), "upcoming");
  screenshot ("tasks-upcoming");
  /* told once: a second run finds nothing more to tell */
  {
    g_autoptr(RapportTestReply) again = rapport_test_request (server, "POST", "/api/v1/jobs/run", server->admin_token, NULL);

    g_assert_cmpint (rapport_test_reply_int (again, "reminded"), ==, 0);
  }
  rapport_test_ui_settle (500);
  g_assert_cmpuint (n_notified, ==, before + 1);
}

static gboolean
new_record_shown (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);

  return page != NULL && rapport_record_page_get_entity (page) == NULL;
}

static gboolean
shows_saved_task (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), "tasks");
}

static GtkWidget *
form_row (const char *json_key)
{
  GtkWidget *row = rapport_entity_form_get_row (rapport_record_page_get_form (rapport_test_ui_record_page (window)), json_key);

  g_assert_nonnull (row);
  return row;
}

static gboolean
row_in_error (gpointer data)
{
  return gtk_widget_has_css_class (form_row (data), "error");
}

/* a task from the list's form: a recurrence libical cannot read is
 * refused on its row; without one, the task is kept */
static void
test_form (void)
{
  g_autofree char *kept = NULL;

  gtk_widget_activate_action (window, "win.new", NULL);
  rapport_test_ui_wait_until (new_record_shown, NULL, 30, "the new task's form");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("subject")), "每周拜访 Weekly visit");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("recurrence")), "FREQ=FORTNIGHTLY");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (row_in_error, (gpointer) "recurrence", 30, "the recurrence refused on its row");
  screenshot ("task-form-bad-rrule");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("recurrence")), "");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (shows_saved_task, NULL, 30, "the saved task");
  kept = rapport_test_server_sql (server, "SELECT COUNT(*) FROM tasks t JOIN users u ON u.id = t.assignee_id "
                                          "WHERE t.subject = '每周拜访 Weekly visit' AND u.login = 'rita'");
  g_assert_cmpstr (g_strstrip (kept), ==, "1");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  int status;

  g_test_init (&argc, &argv, NULL);
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);
  rapport_test_ui_init_locale ();
  server = rapport_test_server_start ();
  rita = rapport_test_server_add_user (server, "rita", "sales");
  make_tasks ();
  window = rapport_test_ui_open_window (1100, 720);
  g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                  notifications_acquired, NULL, NULL, NULL, NULL);
  rapport_test_ui_wait_until (is_true, &daemon_ready, 30, "the test's notification daemon on the session bus");

  g_test_add_func ("/ui/tasks/sign-in", test_sign_in);
  g_test_add_func ("/ui/tasks/views", test_views);
  g_test_add_func ("/ui/tasks/done", test_done);
  g_test_add_func ("/ui/tasks/snooze", test_snooze);
  g_test_add_func ("/ui/tasks/add", test_add);
  g_test_add_func ("/ui/tasks/notification", test_notification);
  g_test_add_func ("/ui/tasks/form", test_form);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rita);
  rapport_test_server_stop (server);
  return status;
}
