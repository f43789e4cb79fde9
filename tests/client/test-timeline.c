/* test-timeline.c: an account's timeline on its page under Xvfb, against a real rapportd: newest first, "Load more", the kind filter, an item opening its record */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-timeline.h"
#include "crm-entity.h"

#include <glib/gi18n.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))
#define N_ACTIVITIES 40

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static const char *suffix = "";
static gint64 account_id;
static gint64 task_id;

static GtkWidget *
visible_page (void)
{
  return gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
}

static RapportTimeline *
timeline (void)
{
  GtkWidget *page = visible_page ();
  GtkWidget *found = page && RAPPORT_IS_RECORD_PAGE (page) ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_TIMELINE) : NULL;

  return found ? RAPPORT_TIMELINE (found) : NULL;
}

/* every item of the account's stream, as the server gives it to the rep */
static guint
stream_length (const char *kind)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/timeline?limit=200%s%s", account_id,
                                           kind ? "&kind=" : "", kind ? kind : "");
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
}

typedef struct
{
  guint    n_rows;
  gboolean more;
} Shown;

static gboolean
shows (gpointer data)
{
  Shown *want = data;
  RapportTimeline *tl = timeline ();

  return tl != NULL && gtk_widget_get_mapped (GTK_WIDGET (tl)) && !rapport_timeline_get_busy (tl) &&
         rapport_timeline_get_n_rows (tl) == want->n_rows && rapport_timeline_has_more (tl) == want->more;
}

/* the page scrolled to its foot, where the timeline is, for the screenshot */
static void
scroll_to_timeline (void)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (timeline ()), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  /* the focus on the timeline's filter, as the keyboard would put it: the
   * page scrolls to what has the focus (the first field, on opening) */
  rapport_test_ui_settle (500);
  g_assert_true (gtk_widget_grab_focus (rapport_test_ui_find_by_type (GTK_WIDGET (timeline ()), GTK_TYPE_DROP_DOWN)));
  rapport_test_ui_settle (300);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  rapport_test_ui_settle (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
}

static gboolean
shows_task_page (gpointer data)
{
  GtkWidget *page = visible_page ();
  CrmEntity *entity = page && RAPPORT_IS_RECORD_PAGE (page) ? rapport_record_page_get_entity (RAPPORT_RECORD_PAGE (page)) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_entity_name (entity), "task") && crm_entity_get_id (entity) == task_id;
}

static void
test_stream (void)
{
  g_autofree char *shot = g_strdup_printf ("timeline%s", suffix);
  g_autofree char *shot_tasks = g_strdup_printf ("timeline-tasks%s", suffix);
  guint total = stream_length (NULL);
  Shown first = { 30, TRUE };
  Shown all = { total, FALSE };
  Shown tasks = { 1, FALSE };
  GtkWidget *more, *row;

  g_assert_cmpuint (total, >, 30);
  rapport_test_ui_sign_in (window, server->base_url, "lena", "correct horse battery");
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account_id, NULL);
  rapport_test_ui_wait_until (shows, &first, 30, "the timeline's first page");
  /* newest first: the last activity logged heads it */
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (timeline ()), "活动 Visit 40"));
  scroll_to_timeline ();
  g_free (rapport_test_ui_screenshot (window, shot));

  more = rapport_test_ui_find_button (GTK_WIDGET (timeline ()), _("_Load more"));
  g_assert_nonnull (more);
  g_signal_emit_by_name (more, "clicked");
  rapport_test_ui_wait_until (shows, &all, 30, "the timeline's second page appended");
  g_assert_false (gtk_widget_get_visible (more));
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (timeline ()), "活动 Visit 1"));

  g_assert_cmpuint (stream_length ("task"), ==, 1);
  rapport_timeline_set_kind (timeline (), "task");
  rapport_test_ui_wait_until (shows, &tasks, 30, "only the task");
  row = rapport_test_ui_find_label (GTK_WIDGET (timeline ()), "Call back about the tender");
  g_assert_nonnull (row);
  scroll_to_timeline ();
  g_free (rapport_test_ui_screenshot (window, shot_tasks));

  row = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");
  rapport_test_ui_wait_until (shows_task_page, NULL, 30, "the task's page opened from the timeline");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *rep_id = NULL;
  g_autofree char *load = NULL;
  g_autofree char *task_body = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = "-zh_CN";

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "lena", "sales");
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"浙江省人民医院\"}");
  rep_id = g_strstrip (rapport_test_server_sql (server, "SELECT id FROM users WHERE login = 'lena'"));
  /* N_ACTIVITIES visits an hour apart, the newest an hour ago */
  load = g_strdup_printf ("INSERT INTO activities (created_at, updated_at, kind, subject, account_id, owner_id, status, starts_at) "
                          "SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'visit', CONCAT('活动 Visit ', seq), %" G_GINT64_FORMAT
                          ", %s, 'closed', UTC_TIMESTAMP(6) - INTERVAL (%d - seq + 1) HOUR FROM seq_1_to_%d",
                          account_id, rep_id, N_ACTIVITIES, N_ACTIVITIES);
  g_free (rapport_test_server_sql (server, load));
  task_body = g_strdup_printf ("{\"subject\":\"Call back about the tender\",\"account_id\":%" G_GINT64_FORMAT "}", account_id);
  task_id = rapport_test_create (server, rep, "tasks", task_body);
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/timeline/stream", test_stream);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
