/* test-review-list.c: the manager's "Awaiting my review" under Xvfb against a real rapportd: a rep logs, the manager's list shows it, opens it and comments, marks it reviewed and it leaves, a visit's review signed with the password, the rest marked all at once; the rep reads the comment; a submitted weekly summary is reviewed the same way */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "rapport-window-sections.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-review-page.h"
#include "widgets/rapport-comment-thread.h"
#include "widgets/rapport-sign-dialog.h"
#include "crm-entities.h"

#include <glib/gi18n.h>
#include <string.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))
#define PASSWORD "correct horse battery"

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *manager;
static const char *suffix = "";
static gint64 account_id;

static gint64
log_activity (const char *kind,
              const char *subject)
{
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"%s\",\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "}",
                                           kind, subject, account_id);

  return rapport_test_create (server, rep, "activities", body);
}

static RapportReviewPage *
review_page (void)
{
  GtkWidget *stack = CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack");
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (stack), "reviews");

  return page && RAPPORT_IS_REVIEW_PAGE (page) ? RAPPORT_REVIEW_PAGE (page) : NULL;
}

/* the list is read and shows @data activities */
static gboolean
shows_n (gpointer data)
{
  RapportReviewPage *page = review_page ();

  return page != NULL && gtk_widget_get_mapped (GTK_WIDGET (page)) && !rapport_review_page_get_busy (page) &&
         g_list_model_get_n_items (rapport_review_page_get_items (page)) == GPOINTER_TO_UINT (data);
}

static gint64
shown_id (guint position)
{
  g_autoptr(CrmEntity) item = g_list_model_get_item (rapport_review_page_get_items (review_page ()), position);

  return crm_entity_get_id (item);
}

static guint
position_of (gint64 id)
{
  GListModel *items = rapport_review_page_get_items (review_page ());

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    if (shown_id (i) == id)
      return i;
  g_assert_not_reached ();
}

static RapportCommentThread *
thread (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  GtkWidget *found = page && RAPPORT_IS_RECORD_PAGE (page) ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_COMMENT_THREAD) : NULL;

  return found ? RAPPORT_COMMENT_THREAD (found) : NULL;
}

static gboolean
thread_shows (gpointer data)
{
  RapportCommentThread *t = thread ();

  return t != NULL && gtk_widget_get_visible (GTK_WIDGET (t)) && !rapport_comment_thread_get_busy (t) &&
         rapport_comment_thread_get_n_comments (t) == GPOINTER_TO_UINT (data);
}

/* whether the manager's pending list has the record of @entity ("activity", "weekly_report") and @id */
static gboolean
pending_has (const char *entity,
             gint64      id)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/reviews/pending?limit=200", manager, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "entity"), entity) == 0 &&
          json_object_get_int_member (item, "id") == id)
        return TRUE;
    }
  return FALSE;
}

/* the count beside "Awaiting my review" in the sidebar */
static GtkWidget *
badge (void)
{
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "reviews");

  return gtk_widget_get_last_child (gtk_list_box_row_get_child (row));
}

/* the sidebar's count reads @data, hidden for "" */
static gboolean
badge_shows (gpointer data)
{
  GtkWidget *label = badge ();

  if (!GTK_IS_LABEL (label))
    return FALSE;
  if (((const char *) data)[0] == '\0')
    return !gtk_widget_get_visible (label);
  return gtk_widget_get_visible (label) && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), data);
}

static gboolean
sign_dialog_idle (gpointer data)
{
  return !rapport_sign_dialog_get_busy (data);
}

static void
test_review_list (void)
{
  g_autofree char *shot_list = g_strdup_printf ("review-list%s", suffix);
  g_autofree char *shot_sign = g_strdup_printf ("review-list-sign%s", suffix);
  g_autofree char *shot_done = g_strdup_printf ("review-list-done%s", suffix);
  gint64 call = log_activity ("call", "电话回访李经理 Call back Mr Li");
  gint64 visit = log_activity ("visit", "拜访王主任 Visit Dr Wang");
  gint64 note, email;
  g_autofree char *comments_path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/comments", call);
  g_autoptr(RapportTestReply) seen = NULL;
  GtkListBoxRow *row;
  GtkWidget *dialog;
  JsonArray *items;

  rapport_test_ui_sign_in (window, server->base_url, "mona", PASSWORD);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rapport_window_get_section_row (RAPPORT_WINDOW (window), "reviews"))));
  /* counted in the sidebar before the section is opened */
  rapport_test_ui_wait_until (badge_shows, "2", 30, "the sidebar's count of two awaiting review");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (badge ()), "2"));
  rapport_window_show_section (RAPPORT_WINDOW (window), "reviews");
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (2), 30, "the rep's two activities awaiting review");
  /* newest first */
  g_assert_cmpint (shown_id (0), ==, visit);
  g_assert_cmpint (shown_id (1), ==, call);
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (review_page ()), "Visit Dr Wang"));
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (review_page ()), "lena"));
  g_free (rapport_test_ui_screenshot (window, shot_list));

  /* the call opens on its page, with its thread; the manager comments */
  row = gtk_list_box_get_row_at_index (rapport_review_page_get_list (review_page ()), position_of (call));
  g_signal_emit_by_name (rapport_review_page_get_list (review_page ()), "row-activated", row);
  rapport_test_ui_wait_until (thread_shows, GUINT_TO_POINTER (0), 30, "the call's page with its review thread");
  gtk_editable_set_text (GTK_EDITABLE (rapport_comment_thread_get_entry (thread ())), "请周五前发报价 — send the quote by Friday");
  g_signal_emit_by_name (rapport_comment_thread_get_post (thread ()), "clicked");
  rapport_test_ui_wait_until (thread_shows, GUINT_TO_POINTER (1), 30, "the comment posted");

  /* back in the list, which reads itself again: a comment is no review */
  rapport_window_show_section (RAPPORT_WINDOW (window), "reviews");
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (2), 30, "the list read again after the comment");

  /* the call marked reviewed leaves the list and the server's pending */
  rapport_review_page_mark (review_page (), position_of (call));
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (1), 30, "the call marked reviewed");
  g_assert_cmpint (shown_id (0), ==, visit);
  g_assert_false (pending_has ("activity", call));

  /* a visit's review is a signature (company setting): the approvals'
   * dialog asks the password; a wrong one is told in place */
  rapport_review_page_mark (review_page (), position_of (visit));
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_SIGN_DIALOG, "the signature dialog for the visit's review");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "login_row"))), ==, "mona");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row")), "not my password");
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  rapport_test_ui_wait_until (sign_dialog_idle, dialog, 30, "the server's answer to a wrong password");
  g_assert_nonnull (rapport_sign_dialog_get_error (RAPPORT_SIGN_DIALOG (dialog)));
  g_assert_true (rapport_test_ui_find_dialog (RAPPORT_TYPE_SIGN_DIALOG) == dialog);
  g_assert_true (pending_has ("activity", visit));
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row")), PASSWORD);
  g_free (rapport_test_ui_screenshot (dialog, shot_sign));
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_SIGN_DIALOG, "the visit's review signed");
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (0), 30, "the visit signed and gone");
  g_assert_false (pending_has ("activity", visit));

  /* two more recorded: the list follows, and Mark All, confirmed, empties it */
  note = log_activity ("note", "备忘 Note on pricing");
  email = log_activity ("email", "邮件 Email with terms");
  rapport_review_page_reload (review_page ());
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (2), 30, "the two new activities");
  g_assert_true (gtk_widget_get_sensitive (rapport_review_page_get_mark_all (review_page ())));
  g_signal_emit_by_name (rapport_review_page_get_mark_all (review_page ()), "clicked");
  rapport_test_ui_respond ("mark", NULL);
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (0), 30, "everything marked reviewed");
  rapport_test_ui_wait_until (badge_shows, "", 30, "the sidebar's count gone");
  g_assert_false (pending_has ("activity", note));
  g_assert_false (pending_has ("activity", email));
  g_free (rapport_test_ui_screenshot (window, shot_done));

  /* the rep reads the manager's comment */
  seen = rapport_test_request (server, "GET", comments_path, rep, NULL);
  g_assert_cmpuint (seen->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (seen), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "author_name"), ==, "mona");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (items, 0), "text"), "Friday"));
}

/* the rep's submitted weekly summary awaits the manager beside activities:
 * its row names the week, opens the report's page with its thread, and is
 * marked reviewed; a draft waits for no one */
static void
test_weekly_report (void)
{
  g_autofree char *shot = g_strdup_printf ("review-list-weekly%s", suffix);
  gint64 draft = rapport_test_create (server, rep, "weekly-reports", "{\"week\":\"2030-W20\",\"kind\":\"plan\"}");
  gint64 report = rapport_test_create (server, rep, "weekly-reports",
                                       "{\"week\":\"2030-W20\",\"kind\":\"summary\",\"text\":\"拜访 5 家医院\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT, report);
  g_autoptr(RapportTestReply) submitted = rapport_test_request (server, "PATCH", path, rep,
                                                                "{\"version\":1,\"status\":\"submitted\"}");
  g_autoptr(CrmEntity) shown = NULL;
  GtkListBoxRow *row;

  g_assert_cmpuint (submitted->status, ==, 200);
  /* elsewhere in the window, the sidebar's count follows the submission */
  rapport_window_show_section (RAPPORT_WINDOW (window), "accounts");
  rapport_test_ui_wait_until (badge_shows, "1", 30, "the sidebar counting the submitted summary");
  rapport_window_show_section (RAPPORT_WINDOW (window), "reviews");
  rapport_review_page_reload (review_page ());
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (1), 30, "the submitted summary awaiting review");
  shown = g_list_model_get_item (rapport_review_page_get_items (review_page ()), 0);
  g_assert_true (G_OBJECT_TYPE (shown) == crm_entities_lookup_name ("weekly_report"));
  g_assert_cmpint (crm_entity_get_id (shown), ==, report);
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (review_page ()), "2030-W20"));
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (review_page ()), g_dpgettext2 (NULL, "weekly report", "Weekly summary")));
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (review_page ()), "lena"));
  g_free (rapport_test_ui_screenshot (window, shot));

  /* it opens on the report's own page, with its review thread */
  row = gtk_list_box_get_row_at_index (rapport_review_page_get_list (review_page ()), 0);
  g_signal_emit_by_name (rapport_review_page_get_list (review_page ()), "row-activated", row);
  rapport_test_ui_wait_until (thread_shows, GUINT_TO_POINTER (0), 30, "the weekly summary's page with its thread");

  rapport_window_show_section (RAPPORT_WINDOW (window), "reviews");
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (1), 30, "the list read again");
  rapport_review_page_mark (review_page (), 0);
  rapport_test_ui_wait_until (shows_n, GUINT_TO_POINTER (0), 30, "the summary marked reviewed");
  g_assert_false (pending_has ("weekly_report", report));
  g_assert_false (pending_has ("weekly_report", draft));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_marks WHERE entity = 'weekly_report' "
                                         "AND record_id = %" G_GINT64_FORMAT, report), ==, 1);
}

/* a rep's role has no such section */
static void
test_hidden_from_reps (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/reviews/pending", rep, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "items")), ==, 0);
  g_assert_false (rapport_section_shown_to (rapport_section_find ("reviews"), "sales"));
  g_assert_true (rapport_section_shown_to (rapport_section_find ("reviews"), "manager"));
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
    suffix = "-zh_CN";

  server = rapport_test_server_start_with_config ("[reviews]\nkinds=visit\nsignature=true\n");
  manager = rapport_test_server_add_user (server, "mona", "manager");
  rep = rapport_test_server_add_user (server, "lena", "sales");
  team_id = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  team_sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mona', 'lena')", team_id);
  g_free (rapport_test_server_sql (server, team_sql));
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"杭州康泰医疗器械有限公司\"}");
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/review-list/review", test_review_list);
  g_test_add_func ("/ui/review-list/weekly-report", test_weekly_report);
  g_test_add_func ("/ui/review-list/hidden-from-reps", test_hidden_from_reps);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
