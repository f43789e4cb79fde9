/* test-comment-thread.c: a manager's review comment (批复) on a rep's activity and on a rep's weekly summary, posted from its page under Xvfb against a real rapportd, read by the rep, and the activity marked reviewed */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-comment-thread.h"

#include <glib/gi18n.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *manager;
static const char *suffix = "";
static gint64 activity_id;
static gint64 report_id;
static gboolean signed_in;

static void
sign_in (void)
{
  if (signed_in)
    return;
  rapport_test_ui_sign_in (window, server->base_url, "mona", "correct horse battery");
  signed_in = TRUE;
}

static RapportCommentThread *
thread (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  GtkWidget *found = page && RAPPORT_IS_RECORD_PAGE (page) ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_COMMENT_THREAD) : NULL;

  return found ? RAPPORT_COMMENT_THREAD (found) : NULL;
}

/* the thread shows @data comments and is done reading */
static gboolean
shows_comments (gpointer data)
{
  RapportCommentThread *t = thread ();

  return t != NULL && gtk_widget_get_visible (GTK_WIDGET (t)) && !rapport_comment_thread_get_busy (t) &&
         rapport_comment_thread_get_n_comments (t) == GPOINTER_TO_UINT (data);
}

static gboolean
not_busy (gpointer data)
{
  return thread () != NULL && !rapport_comment_thread_get_busy (thread ());
}

/* whether the activity awaits the manager's review */
static gboolean
pending_for_manager (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/reviews/pending?limit=200", manager, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      /* weekly reports await review too, numbered on their own */
      if (g_strcmp0 (json_object_get_string_member (item, "entity"), "activity") == 0 &&
          json_object_get_int_member (item, "id") == activity_id)
        return TRUE;
    }
  return FALSE;
}

static void
test_comment_and_review (void)
{
  g_autofree char *shot = g_strdup_printf ("comment-thread%s", suffix);
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/comments", activity_id);
  g_autoptr(RapportTestReply) seen = NULL;
  JsonArray *items;

  sign_in ();
  rapport_window_open_record (RAPPORT_WINDOW (window), "activities", activity_id, NULL);
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (0), 30, "the activity's empty review thread");
  /* a manager reviews another's activity */
  g_assert_true (gtk_widget_get_visible (rapport_comment_thread_get_reviewed (thread ())));
  g_assert_false (gtk_widget_get_sensitive (rapport_comment_thread_get_post (thread ())));

  gtk_editable_set_text (GTK_EDITABLE (rapport_comment_thread_get_entry (thread ())), "请下周带上试用报价 — bring the trial quote next week");
  g_assert_true (gtk_widget_get_sensitive (rapport_comment_thread_get_post (thread ())));
  g_signal_emit_by_name (rapport_comment_thread_get_post (thread ()), "clicked");
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (1), 30, "the comment in the thread");
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (thread ()), "bring the trial quote"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_comment_thread_get_entry (thread ()))), ==, "");

  /* the rep reads it, by the manager */
  seen = rapport_test_request (server, "GET", path, rep, NULL);
  g_assert_cmpuint (seen->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (seen), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "author_name"), ==, "mona");

  g_assert_true (pending_for_manager ());
  g_signal_emit_by_name (rapport_comment_thread_get_reviewed (thread ()), "clicked");
  rapport_test_ui_wait_until (not_busy, NULL, 30, "the activity marked reviewed");
  g_assert_false (pending_for_manager ());
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* a submitted weekly summary's page shows its thread and Mark Reviewed;
 * the manager's comment reaches the rep's thread and the rep is told, and
 * the manager marks it reviewed there */
static void
test_weekly_report (void)
{
  g_autofree char *shot = g_strdup_printf ("comment-thread-weekly%s", suffix);
  g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/comments", report_id);
  g_autofree char *told = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE kind = 'weekly_report.comment' "
                                           "AND record_id = %" G_GINT64_FORMAT, report_id);
  g_autoptr(RapportTestReply) seen = NULL;
  JsonArray *items;

  sign_in ();
  rapport_window_open_record (RAPPORT_WINDOW (window), "weekly-reports", report_id, NULL);
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (0), 30, "the weekly report's empty review thread");
  /* submitted, it is the manager's to mark reviewed here too */
  g_assert_true (gtk_widget_get_visible (rapport_comment_thread_get_reviewed (thread ())));
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (thread ()),
                                                           _("A comment is kept with the report and is never changed")));

  gtk_editable_set_text (GTK_EDITABLE (rapport_comment_thread_get_entry (thread ())), "下周多跑两家医院 — two more hospitals next week");
  g_assert_true (gtk_widget_get_sensitive (rapport_comment_thread_get_post (thread ())));
  g_signal_emit_by_name (rapport_comment_thread_get_post (thread ()), "clicked");
  rapport_test_ui_wait_until (shows_comments, GUINT_TO_POINTER (1), 30, "the comment in the weekly report's thread");
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (thread ()), "two more hospitals"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_comment_thread_get_entry (thread ()))), ==, "");

  /* the rep reads it on the report, and was told */
  seen = rapport_test_request (server, "GET", path, rep, NULL);
  g_assert_cmpuint (seen->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (seen), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "author_name"), ==, "mona");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "entity"), ==, "weekly_report");
  g_assert_cmpint (rapport_test_sql_int (server, "%s", told), ==, 1);
  g_free (rapport_test_ui_screenshot (window, shot));

  g_signal_emit_by_name (rapport_comment_thread_get_reviewed (thread ()), "clicked");
  rapport_test_ui_wait_until (not_busy, NULL, 30, "the weekly report marked reviewed");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_marks WHERE entity = 'weekly_report' "
                                         "AND record_id = %" G_GINT64_FORMAT, report_id), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *body = NULL;
  g_autofree char *team_sql = NULL;
  g_autofree char *report_path = NULL;
  g_autoptr(RapportTestReply) submitted = NULL;
  gint64 account_id;
  gint64 team_id;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = "-zh_CN";

  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "mona", "manager");
  rep = rapport_test_server_add_user (server, "lena", "sales");
  /* a manager reviews her team's activities */
  team_id = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  team_sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mona', 'lena')", team_id);
  g_free (rapport_test_server_sql (server, team_sql));
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"杭州康泰医疗器械有限公司\"}");
  body = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"拜访王主任 Visit Dr Wang\",\"account_id\":%" G_GINT64_FORMAT "}",
                          account_id);
  activity_id = rapport_test_create (server, rep, "activities", body);
  report_id = rapport_test_create (server, rep, "weekly-reports",
                                   "{\"week\":\"2030-W05\",\"kind\":\"summary\",\"text\":\"拜访了 3 家医院\"}");
  report_path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT, report_id);
  submitted = rapport_test_request (server, "PATCH", report_path, rep, "{\"version\":1,\"status\":\"submitted\"}");
  g_assert_cmpuint (submitted->status, ==, 200);
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/comment-thread/comment-and-review", test_comment_and_review);
  g_test_add_func ("/ui/comment-thread/weekly-report", test_weekly_report);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
