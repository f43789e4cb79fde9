/* test-calendar.c: the Calendar section under Xvfb, against a real rapportd: a manager's week and month, items on their day and hour, dragged by the pointer through the X server (and moved with Alt+Up) to reschedule them, a refused move put back */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-pointer.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-calendar-page.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-invitation-export.h"
#include "crm-json.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *manager;
static char *rep;
static char *suffix = "";
static gint64 call_id, plan_id, task_id, reps_id, meeting_id;

/* a local time in the week of Monday 4 March 2030 */
static gint64
local_time (int day,
            int hour,
            int minute)
{
  g_autoptr(GDateTime) at = g_date_time_new_local (2030, 3, day, hour, minute, 0);

  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

static char *
api_time (gint64 usec)
{
  return crm_json_format_timestamp (usec);
}

static RapportCalendarPage *
calendar_page (void)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *page = gtk_stack_get_child_by_name (stack, "calendar");

  return page && RAPPORT_IS_CALENDAR_PAGE (page) ? RAPPORT_CALENDAR_PAGE (page) : NULL;
}

static gboolean
page_shown (gpointer data)
{
  return calendar_page () != NULL;
}

static guint loads_before;

/* a read that began after loads_before was taken has come back, and nothing waits */
static gboolean
loaded (gpointer data)
{
  RapportCalendarPage *page = calendar_page ();

  return page != NULL && !rapport_calendar_page_get_busy (page) && rapport_calendar_page_get_loads (page) > loads_before;
}

static void
wait_loaded (const char *what)
{
  rapport_test_ui_wait_until (loaded, NULL, 30, what);
  rapport_test_ui_settle (200);
}

static gint64
stored_time (const char *collection,
             gint64      id,
             const char *member)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT, collection, id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, manager, NULL);
  gint64 usec = 0;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (crm_json_parse_timestamp (rapport_test_reply_string (reply, member), &usec));
  return usec;
}

typedef struct
{
  const char *collection;
  gint64      id;
  const char *member;
  gint64      expected;
} Stored;

static gboolean
stored_is (gpointer data)
{
  Stored *stored = data;

  return stored_time (stored->collection, stored->id, stored->member) == stored->expected;
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

/* the week's time at the chip's top left corner, once the chip has been laid
 * out (a week read again makes new chips, placed at the next frame) */
static gint64
week_time_of (const char *collection,
              gint64      id,
              gboolean   *in_strip)
{
  RapportCalendarWeek *week = rapport_calendar_page_get_week (calendar_page ());
  GtkWidget *chip = rapport_calendar_week_get_item_widget (week, collection, id);
  graphene_point_t point;

  g_assert_nonnull (chip);
  rapport_test_ui_wait_until (allocated, chip, 30, "the chip laid out");
  g_assert_true (gtk_widget_get_child_visible (chip));
  g_assert_true (gtk_widget_compute_point (chip, GTK_WIDGET (week), &GRAPHENE_POINT_INIT (2, 1), &point));
  return rapport_calendar_week_time_at (week, point.x, point.y, in_strip);
}

static void
drop_on (GtkDropTarget *target,
         GtkWidget     *chip,
         double         x,
         double         y)
{
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  GObject *item = g_object_get_data (G_OBJECT (chip), "rapport-calendar-item");

  /* the drop target is given the dragged item as a real drop gives it,
   * at once: what is shown between the drop and the server's answer can
   * be seen (the pointer's own drags are below) */
  g_assert_nonnull (item);
  g_value_init (&value, RAPPORT_TYPE_CALENDAR_ITEM);
  g_value_set_object (&value, item);
  g_signal_emit_by_name (target, "drop", &value, x, y, &accepted);
  g_assert_true (accepted);
}

/* where a chip is taken: near its top, so the time under the pointer is the time it starts at */
#define GRAB_Y 3.0

/* the week scrolled so that @a and @b (heights in it) are in view */
static void
scroll_to_show (RapportCalendarWeek *week,
                double               a,
                double               b)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (week), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  /* past the day names and the strip, which stay on top */
  gtk_adjustment_set_value (adjustment, MIN (a, b) - 160);
  rapport_test_ui_settle (200);
  g_assert_cmpfloat (MAX (a, b), <, gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
}

/* a real drag through the X server: the chip taken near its top and let go
 * at (@x, @y) of @target, which is where its start lands */
static void
pointer_drag (GtkWidget *chip,
              GtkWidget *target,
              double     x,
              double     y)
{
  rapport_test_ui_wait_until (allocated, chip, 30, "the chip laid out");
  rapport_test_pointer_drag (window, chip, gtk_widget_get_width (chip) / 2.0, GRAB_Y, target, x, y + GRAB_Y);
}

static gboolean
refused (gpointer data)
{
  return !rapport_calendar_page_get_busy (calendar_page ()) && rapport_calendar_page_get_refusal (calendar_page ()) != NULL;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "mara", PASSWORD);
}

static void
test_week (void)
{
  g_autoptr(GDateTime) week_of = g_date_time_new_local (2030, 3, 6, 0, 0, 0);
  gboolean in_strip = TRUE;
  g_autofree char *shot = g_strdup_printf ("calendar-week%s", suffix);
  GtkWidget *chip;
  g_autofree char *name = NULL;

  rapport_window_show_section (RAPPORT_WINDOW (window), "calendar");
  rapport_test_ui_wait_until (page_shown, NULL, 30, "the calendar page");
  loads_before = rapport_calendar_page_get_loads (calendar_page ());
  rapport_calendar_page_go_to (calendar_page (), week_of);
  wait_loaded ("the week of 4 March 2030");

  /* each item on its day and at its hour; the task in the strip on its day */
  g_assert_cmpint (week_time_of ("activities", call_id, &in_strip), ==, local_time (5, 10, 0));
  g_assert_false (in_strip);
  g_assert_cmpint (week_time_of ("visit-plans", plan_id, &in_strip), ==, local_time (6, 14, 0));
  g_assert_false (in_strip);
  g_assert_cmpint (week_time_of ("tasks", task_id, &in_strip), ==, local_time (7, 0, 0));
  g_assert_true (in_strip);
  /* the team's items are not in one's own calendar */
  g_assert_null (rapport_calendar_week_get_item_widget (rapport_calendar_page_get_week (calendar_page ()), "activities", reps_id));

  /* named for a screen reader by title, kind and time */
  chip = rapport_calendar_week_get_item_widget (rapport_calendar_page_get_week (calendar_page ()), "activities", call_id);
  name = g_strdup (gtk_widget_get_tooltip_text (chip));
  g_assert_nonnull (strstr (name, "Call Dr Wang"));
  g_assert_nonnull (strstr (name, C_("activity kind", "Call")));
  g_assert_nonnull (strstr (name, "10:00"));
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* dragged by the pointer to Friday 15:00: the server has the new start, the end 45 minutes later */
static void
test_week_drag (void)
{
  RapportCalendarWeek *week = rapport_calendar_page_get_week (calendar_page ());
  GtkWidget *chip = rapport_calendar_week_get_item_widget (week, "activities", call_id);
  Stored starts = { "activities", call_id, "starts_at", local_time (8, 15, 0) };
  graphene_point_t top;
  double x, y;

  g_assert_true (rapport_calendar_week_point_for (week, local_time (8, 15, 0), &x, &y));
  g_assert_true (gtk_widget_compute_point (chip, GTK_WIDGET (week), &GRAPHENE_POINT_INIT (0, 0), &top));
  scroll_to_show (week, top.y, y);
  loads_before = rapport_calendar_page_get_loads (calendar_page ());
  pointer_drag (chip, GTK_WIDGET (week), x, y);
  rapport_test_ui_wait_until (stored_is, &starts, 30, "the activity's new start stored");
  g_assert_cmpint (stored_time ("activities", call_id, "ends_at"), ==, local_time (8, 15, 45));
  wait_loaded ("the week read again");
  g_assert_cmpint (week_time_of ("activities", call_id, NULL), ==, local_time (8, 15, 0));
}

/* Alt+Up on the selected task: due a quarter of an hour earlier */
static void
test_week_keyboard (void)
{
  RapportCalendarWeek *week = rapport_calendar_page_get_week (calendar_page ());
  GtkWidget *chip = rapport_calendar_week_get_item_widget (week, "tasks", task_id);
  Stored due = { "tasks", task_id, "due_at", local_time (7, 9, 15) };

  loads_before = rapport_calendar_page_get_loads (calendar_page ());
  g_assert_true (gtk_widget_grab_focus (chip));
  rapport_test_ui_settle (100);
  rapport_test_keys_send (window, "<A-Up>");
  rapport_test_ui_wait_until (stored_is, &due, 30, "the task's due time moved by Alt+Up");
  /* its reminder keeps its lead: half an hour before */
  g_assert_cmpint (stored_time ("tasks", task_id, "remind_at"), ==, local_time (7, 8, 45));
  wait_loaded ("the week read again");
}

/* the team's calendar holds the rep's call; the manager may not move it (403): it goes back */
static void
test_refused (void)
{
  GtkWidget *team = rapport_test_ui_find_button (GTK_WIDGET (calendar_page ()), _("My team"));
  g_autoptr(RapportCalendarItem) item = NULL;
  RapportCalendarWeek *week = rapport_calendar_page_get_week (calendar_page ());
  GtkWidget *chip;
  double x, y;

  g_assert_nonnull (team);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (team)));
  loads_before = rapport_calendar_page_get_loads (calendar_page ());
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (team), TRUE);
  wait_loaded ("the team's week");
  g_assert_cmpint (week_time_of ("activities", reps_id, NULL), ==, local_time (4, 16, 0));
  chip = rapport_calendar_week_get_item_widget (week, "activities", reps_id);
  g_assert_true (rapport_calendar_week_point_for (week, local_time (9, 11, 0), &x, &y));
  item = g_object_ref (g_object_get_data (G_OBJECT (chip), "rapport-calendar-item"));
  drop_on (rapport_calendar_week_get_drop_target (week), chip, x, y);
  /* moved at once, before the server answers */
  g_assert_cmpint (rapport_calendar_item_get_starts (item), ==, local_time (9, 11, 0));
  rapport_test_ui_wait_until (refused, NULL, 30, "the refusal");
  rapport_test_ui_settle (200);
  /* put back where it was, with the server's reason */
  g_assert_cmpint (rapport_calendar_item_get_starts (item), ==, local_time (4, 16, 0));
  g_assert_cmpint (week_time_of ("activities", reps_id, NULL), ==, local_time (4, 16, 0));
  g_assert_cmpint (stored_time ("activities", reps_id, "starts_at"), ==, local_time (4, 16, 0));
  g_test_message ("refused: %s", rapport_calendar_page_get_refusal (calendar_page ()));
  loads_before = rapport_calendar_page_get_loads (calendar_page ());
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (rapport_test_ui_find_button (GTK_WIDGET (calendar_page ()), _("Mine"))), TRUE);
  wait_loaded ("one's own week again");
}

/* the month: chips on their days, "+2 more" on a day of four, a drag to another day keeping the time */
static void
test_month (void)
{
  RapportCalendarMonth *month = rapport_calendar_page_get_month (calendar_page ());
  g_autofree char *shot = g_strdup_printf ("calendar-month%s", suffix);
  Stored planned = { "visit-plans", plan_id, "planned_at", local_time (12, 14, 0) };
  g_autofree char *more = NULL;
  const struct { const char *collection; gint64 id; int day; } shown[] = {
    { "activities", call_id, 8 }, { "visit-plans", plan_id, 6 }, { "tasks", task_id, 7 },
  };
  GtkWidget *chip;
  double x, y;

  loads_before = rapport_calendar_page_get_loads (calendar_page ());
  rapport_calendar_page_show_month (calendar_page (), TRUE);
  wait_loaded ("March 2030");
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      g_autoptr(GDateTime) day = NULL;
      graphene_point_t point;

      chip = rapport_calendar_month_get_item_widget (month, shown[i].collection, shown[i].id);
      g_assert_nonnull (chip);
      rapport_test_ui_wait_until (allocated, chip, 30, "the chip laid out");
      g_assert_true (gtk_widget_compute_point (chip, GTK_WIDGET (month), &GRAPHENE_POINT_INIT (2, 2), &point));
      day = rapport_calendar_month_day_at (month, point.x, point.y);
      g_assert_cmpint (g_date_time_get_month (day), ==, 3);
      g_assert_cmpint (g_date_time_get_day_of_month (day), ==, shown[i].day);
    }
  /* four tasks on Saturday the 9th: two chips and "+2 more" */
  g_assert_cmpuint (rapport_calendar_month_get_hidden (month, local_time (9, 12, 0)), ==, 2);
  more = g_strdup_printf (ngettext ("+%u more", "+%u more", 2), 2);
  g_assert_nonnull (rapport_test_ui_find_button (GTK_WIDGET (month), more));
  g_free (rapport_test_ui_screenshot (window, shot));

  chip = rapport_calendar_month_get_item_widget (month, "visit-plans", plan_id);
  g_assert_true (rapport_calendar_month_point_for (month, local_time (12, 9, 0), &x, &y));
  loads_before = rapport_calendar_page_get_loads (calendar_page ());
  pointer_drag (chip, GTK_WIDGET (month), x, y);
  rapport_test_ui_wait_until (stored_is, &planned, 30, "the visit plan moved to the 12th at the same time");
  wait_loaded ("the month read again");
}

static RapportInvitationExport *
invitation_export (void)
{
  GtkWidget *found = rapport_test_ui_find_by_type (window, RAPPORT_TYPE_INVITATION_EXPORT);

  return found ? RAPPORT_INVITATION_EXPORT (found) : NULL;
}

static gboolean
export_offered (gpointer data)
{
  RapportInvitationExport *export = invitation_export ();

  return export != NULL && gtk_widget_get_mapped (rapport_invitation_export_get_button (export));
}

static gboolean
export_saved (gpointer data)
{
  return invitation_export () != NULL && rapport_invitation_export_get_saved (invitation_export ()) > 0;
}

static gboolean
shows_record (gpointer data)
{
  GtkWidget *child = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  CrmEntity *entity = RAPPORT_IS_RECORD_PAGE (child) ? rapport_record_page_get_entity (RAPPORT_RECORD_PAGE (child)) : NULL;

  return entity != NULL && crm_entity_get_id (entity) == *(gint64 *) data;
}

/* a meeting's page offers Export Invitation…, which writes its iTIP request; a call's does not */
static void
test_invitation (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-test-invitation-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "invitation.ics", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *uid = g_strdup_printf ("UID:activity-%" G_GINT64_FORMAT "@rapport", meeting_id);
  g_autofree char *shot = g_strdup_printf ("calendar-invitation%s", suffix);

  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", call_id, NULL);
  rapport_test_ui_wait_until (shows_record, &call_id, 30, "the call's page");
  rapport_test_ui_settle (200);
  g_assert_false (export_offered (NULL));

  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", meeting_id, NULL);
  rapport_test_ui_wait_until (export_offered, NULL, 30, "Export Invitation… on the meeting's page");
  g_free (rapport_test_ui_screenshot (window, shot));
  rapport_invitation_export_save_to (invitation_export (), file);
  rapport_test_ui_wait_until (export_saved, NULL, 30, "the invitation written");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "METHOD:REQUEST"));
  g_assert_nonnull (strstr (text, uid));
  g_assert_nonnull (strstr (text, "mailto:mara@example.com"));
  g_assert_nonnull (strstr (text, "SUMMARY:Quarterly review"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
create_items (void)
{
  gint64 account = rapport_test_create (server, manager, "accounts", "{\"name\":\"杭州西湖医疗器械有限公司\"}");
  gint64 reps_account = rapport_test_create (server, rep, "accounts", "{\"name\":\"宁波海曙康复医院\"}");
  g_autofree char *call_starts = api_time (local_time (5, 10, 0));
  g_autofree char *call_ends = api_time (local_time (5, 10, 45));
  g_autofree char *planned = api_time (local_time (6, 14, 0));
  g_autofree char *due = api_time (local_time (7, 9, 30));
  g_autofree char *remind = api_time (local_time (7, 9, 0));
  g_autofree char *reps_starts = api_time (local_time (4, 16, 0));
  g_autofree char *saturday = api_time (local_time (9, 10, 0));
  g_autofree char *body = NULL;

  body = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Call Dr Wang\",\"starts_at\":\"%s\",\"ends_at\":\"%s\","
                          "\"account_id\":%" G_GINT64_FORMAT "}", call_starts, call_ends, account);
  call_id = rapport_test_create (server, manager, "activities", body);
  g_free (body);
  body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"purpose\":\"季度回访：新品演示\",\"planned_at\":\"%s\"}", account, planned);
  plan_id = rapport_test_create (server, manager, "visit-plans", body);
  g_free (body);
  body = g_strdup_printf ("{\"subject\":\"Send the offer\",\"due_at\":\"%s\",\"remind_at\":\"%s\"}", due, remind);
  task_id = rapport_test_create (server, manager, "tasks", body);
  g_free (body);
  body = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"Rita's visit\",\"starts_at\":\"%s\","
                          "\"account_id\":%" G_GINT64_FORMAT "}", reps_starts, reps_account);
  reps_id = rapport_test_create (server, rep, "activities", body);
  g_free (body);
  body = g_strdup_printf ("{\"kind\":\"meeting\",\"subject\":\"Quarterly review\",\"starts_at\":\"2030-03-20T02:00:00Z\","
                          "\"ends_at\":\"2030-03-20T03:00:00Z\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  meeting_id = rapport_test_create (server, manager, "activities", body);
  for (int i = 0; i < 4; i++)
    {
      g_free (body);
      body = g_strdup_printf ("{\"subject\":\"Saturday task %d\",\"due_at\":\"%s\"}", i + 1, saturday);
      g_assert_cmpint (rapport_test_create (server, manager, "tasks", body), >, 0);
    }
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

  /* sessions read afresh, so that the team set below applies at once */
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  manager = rapport_test_server_add_user (server, "mara", "manager");
  rep = rapport_test_server_add_user (server, "rita", "sales");
  g_free (rapport_test_server_sql (server, "INSERT INTO teams (created_at, updated_at, name) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'East');"
                                           "UPDATE users SET team_id = LAST_INSERT_ID() WHERE login IN ('mara', 'rita');"
                                           "UPDATE users SET email = 'mara@example.com' WHERE login = 'mara'"));
  create_items ();
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/calendar/sign-in", test_sign_in);
  g_test_add_func ("/ui/calendar/week", test_week);
  g_test_add_func ("/ui/calendar/week-drag", test_week_drag);
  g_test_add_func ("/ui/calendar/week-keyboard", test_week_keyboard);
  g_test_add_func ("/ui/calendar/refused", test_refused);
  g_test_add_func ("/ui/calendar/month", test_month);
  g_test_add_func ("/ui/calendar/invitation", test_invitation);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (manager);
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
