/* test-follow.c: the client follows the event WebSocket without a manual refresh: the calendar shows an activity created, moved and archived elsewhere; an activity's comment thread shows a manager's comment in place, keeping the scroll position and what is being written; under Xvfb against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-calendar-page.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-calendar-item.h"
#include "widgets/rapport-calendar-private.h"
#include "widgets/rapport-comment-thread.h"
#include "crm-json.h"

#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *manager;
static const char *suffix = "";
static gint64 account_id;
static gint64 activity_id;

/* a local time in the week of Monday 4 March 2030 */
static gint64
local_time (int day,
            int hour,
            int minute)
{
  g_autoptr(GDateTime) at = g_date_time_new_local (2030, 3, day, hour, minute, 0);

  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
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
}

static RapportCalendarPage *
calendar_page (void)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *page = gtk_stack_get_child_by_name (stack, "calendar");

  return page && RAPPORT_IS_CALENDAR_PAGE (page) ? RAPPORT_CALENDAR_PAGE (page) : NULL;
}

static gboolean
week_loaded (gpointer data)
{
  RapportCalendarPage *page = calendar_page ();

  return page != NULL && !rapport_calendar_page_get_busy (page) &&
         rapport_calendar_page_get_loads (page) > GPOINTER_TO_UINT (data);
}

/* the item shown in the week, or NULL */
static RapportCalendarItem *
shown_item (const char *collection,
            gint64      id)
{
  GtkWidget *chip = rapport_calendar_week_get_item_widget (rapport_calendar_page_get_week (calendar_page ()), collection, id);

  return chip != NULL ? rapport_calendar_chip_get_item (chip) : NULL;
}

typedef struct
{
  const char *collection;
  gint64 id;
  /* when it starts, or 0 for not shown at all */
  gint64 starts;
} Expected;

static gboolean
week_shows (gpointer data)
{
  const Expected *expected = data;
  RapportCalendarItem *item = shown_item (expected->collection, expected->id);

  if (expected->starts == 0)
    return item == NULL;
  return item != NULL && rapport_calendar_item_get_starts (item) == expected->starts;
}

/* the rep's calendar, open on the week: an activity the rep logs in
 * another window appears, moves and goes when archived there; a task the
 * manager gives the rep appears; each without a refresh */
static void
test_calendar (void)
{
  g_autoptr(GDateTime) week_of = g_date_time_new_local (2030, 3, 6, 0, 0, 0);
  g_autofree char *starts = crm_json_format_timestamp (local_time (5, 10, 0));
  g_autofree char *ends = crm_json_format_timestamp (local_time (5, 11, 0));
  g_autofree char *moved_starts = crm_json_format_timestamp (local_time (7, 15, 0));
  g_autofree char *moved_ends = crm_json_format_timestamp (local_time (7, 16, 0));
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) moved = NULL;
  g_autoptr(RapportTestReply) archived = NULL;
  Expected expected = { "activities", 0, 0 };
  Expected task = { "tasks", 0, 0 };
  g_autofree char *due = crm_json_format_timestamp (local_time (6, 12, 0));
  guint loads;
  guint loads_after_open;

  rapport_window_show_section (RAPPORT_WINDOW (window), "calendar");
  rapport_test_ui_wait_until (week_loaded, GUINT_TO_POINTER (0), 30, "the calendar");
  loads = rapport_calendar_page_get_loads (calendar_page ());
  rapport_calendar_page_go_to (calendar_page (), week_of);
  rapport_test_ui_wait_until (week_loaded, GUINT_TO_POINTER (loads), 30, "the week of 4 March 2030");
  loads_after_open = rapport_calendar_page_get_loads (calendar_page ());

  /* logged in another window */
  body = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"跟进报价 Follow the offer up\",\"starts_at\":\"%s\","
                          "\"ends_at\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "}", starts, ends, account_id);
  expected.id = rapport_test_create (server, rep, "activities", body);
  expected.starts = local_time (5, 10, 0);
  rapport_test_ui_wait_until (week_shows, &expected, 30, "the new call in the week");
  screenshot ("follow-calendar-created");

  /* moved there */
  path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT, expected.id);
  g_free (body);
  body = g_strdup_printf ("{\"version\":1,\"starts_at\":\"%s\",\"ends_at\":\"%s\"}", moved_starts, moved_ends);
  moved = rapport_test_request (server, "PATCH", path, rep, body);
  g_assert_cmpuint (moved->status, ==, 200);
  expected.starts = local_time (7, 15, 0);
  rapport_test_ui_wait_until (week_shows, &expected, 30, "the call moved to Thursday");
  screenshot ("follow-calendar-moved");

  /* archived */
  archived = rapport_test_request (server, "DELETE", path, rep, NULL);
  g_assert_cmpuint (archived->status / 100, ==, 2);
  expected.starts = 0;
  rapport_test_ui_wait_until (week_shows, &expected, 30, "the archived call gone from the week");

  /* given by the manager */
  g_free (body);
  body = g_strdup_printf ("{\"subject\":\"准备投标文件 Prepare the tender\",\"due_at\":\"%s\",\"assignee_id\":%" G_GINT64_FORMAT "}",
                          due, rapport_test_user_id (server, rep));
  task.id = rapport_test_create (server, manager, "tasks", body);
  task.starts = local_time (6, 12, 0);
  rapport_test_ui_wait_until (week_shows, &task, 30, "the manager's task in the rep's week");
  screenshot ("follow-calendar-task");
  /* the reads were the page's own: no one asked for them */
  g_assert_cmpuint (rapport_calendar_page_get_loads (calendar_page ()), >, loads_after_open);
}

static RapportCommentThread *
thread (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  GtkWidget *found = page && RAPPORT_IS_RECORD_PAGE (page) ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_COMMENT_THREAD) : NULL;

  return found ? RAPPORT_COMMENT_THREAD (found) : NULL;
}

static gboolean
shows_comments (gpointer data)
{
  RapportCommentThread *t = thread ();

  return t != NULL && gtk_widget_get_visible (GTK_WIDGET (t)) && !rapport_comment_thread_get_busy (t) &&
         rapport_comment_thread_get_n_comments (t) == GPOINTER_TO_UINT (data);
}

static void
comment_as_manager (const char *text)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/comments", activity_id);
  g_autofree char *body = g_strdup_printf ("{\"text\":\"%s\"}", text);
  g_autoptr(RapportTestReply) posted = rapport_test_request (server, "POST", path, manager, body);

  g_assert_cmpuint (posted->status, ==, 201);
}

/* the focus is in the box a comment is written in */
static gboolean
entry_has_focus (GtkWidget *entry)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static gboolean
focus_in_entry (gpointer data)
{
  return entry_has_focus (data);
}

/* the rep has the activity open, scrolled down to its thread and writing
 * a reply: the manager's comments appear in place, the reply and the
 * scroll position stay */
static void
test_comment_thread (void)
{
  GtkWidget *entry;
  GtkWidget *first;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  double value;

  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", activity_id, NULL);
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (0), 30, "the activity's empty thread");
  entry = rapport_comment_thread_get_entry (thread ());
  gtk_editable_set_text (GTK_EDITABLE (entry), "好的，我周五前补上");
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (thread ()), GTK_TYPE_SCROLLED_WINDOW));
  g_assert_nonnull (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  /* the page puts the focus on its first field once loaded; then the rep clicks in the box */
  rapport_test_ui_settle (300);
  gtk_widget_grab_focus (entry);
  rapport_test_ui_wait_until (focus_in_entry, entry, 30, "the focus in the box to write in");
  rapport_test_ui_settle (300);
  /* scrolled a little: the thread, above the form, still in view */
  gtk_adjustment_set_value (adjustment, 40);
  rapport_test_ui_settle (300);
  value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (value, >, 0);
  g_assert_true (entry_has_focus (entry));

  comment_as_manager ("请补充客户反馈 — add the customer's feedback");
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (1), 30, "the manager's comment in the open thread");
  first = rapport_test_ui_find_label_containing (GTK_WIDGET (thread ()), "add the customer's feedback");
  g_assert_nonnull (first);
  comment_as_manager ("以及下次拜访时间 — and when you visit next");
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (2), 30, "the second comment in the open thread");
  rapport_test_ui_settle (300);
  /* the first comment's row stayed as it was, the reply too, and the page did not scroll */
  g_assert_true (rapport_test_ui_find_label_containing (GTK_WIDGET (thread ()), "add the customer's feedback") == first);
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (thread ()), "and when you visit next"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "好的，我周五前补上");
  g_assert_true (entry_has_focus (entry));
  g_assert_cmpfloat (ABS (gtk_adjustment_get_value (adjustment) - value), <, 1.0);
  screenshot ("follow-comment-thread");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *body = NULL;
  g_autofree char *sql = NULL;
  gint64 team_id;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = "-zh_CN";

  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "mara", "manager");
  rep = rapport_test_server_add_user (server, "rita", "sales");
  team_id = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mara', 'rita')", team_id);
  g_free (rapport_test_server_sql (server, sql));
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"宁波海曙康复医院\"}");
  body = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"拜访王主任 Visit Dr Wang\",\"account_id\":%" G_GINT64_FORMAT ","
                          "\"discussion\":\"%s\"}", account_id,
                          "试用装的反馈、价格和交货期；下一步安排演示。Feedback on the trial kit, price and delivery; a demo next.");
  activity_id = rapport_test_create (server, rep, "activities", body);
  window = rapport_test_ui_open_window (1100, 600);

  g_test_add_func ("/ui/follow/sign-in", test_sign_in);
  g_test_add_func ("/ui/follow/calendar", test_calendar);
  g_test_add_func ("/ui/follow/comment-thread", test_comment_thread);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
