/* test-kb-ui.c: the Knowledge base section under Xvfb, against a real rapportd: shown to a service rep, a draft article opened on the generic record page and submitted for approval from its page, voted useful once published, a new version drafted, submitted and approved with the old one still readable, nothing to vote on or draft for the auditor, the categories' section for managers only, in both languages */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "rapport-window-sections.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-kb-feedback.h"
#include "widgets/rapport-kb-versions.h"
#include "crm-entity.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#define PASSWORD "correct horse battery"
#define TITLE "打印机卡纸处理"
#define BODY_1 "如果打印机卡纸，请先关闭电源。"
#define BODY_2 "如果打印机卡纸，请先关闭电源，再打开后盖取出纸张。"

static RapportTestServer *server;
static GtkWidget *window;
static char *writer;
static char *approver;
static char *suffix = "";
static gint64 article;
static gint64 draft;

static gboolean
article_loaded (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), "kb-articles") &&
         crm_entity_get_id (entity) == article;
}

static gboolean
article_pending (gpointer data)
{
  return rapport_test_sql_int (server, "SELECT status = 'pending_approval' FROM `kb-articles` WHERE id = %" G_GINT64_FORMAT,
                               article) == 1;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "sven", PASSWORD);
}

/* the section is there for a service rep, an article opens on the record
 * page, and its Submit for approval step sends it to its approval */
static void
test_submit_from_page (void)
{
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "kb-articles");
  g_autofree char *shot = g_strdup_printf ("kb-article-page%s", suffix);
  GtkWidget *submit;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (row), _("Knowledge base")));

  rapport_window_open_record (RAPPORT_WINDOW (window), "kb-articles", article, NULL);
  rapport_test_ui_wait_until (article_loaded, NULL, 30, "the article's page");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, _("Body")));
  submit = rapport_test_ui_find_button (window, _("Submit for approval"));
  g_assert_nonnull (submit);
  g_free (rapport_test_ui_screenshot (window, shot));
  g_signal_emit_by_name (submit, "clicked");
  rapport_test_ui_wait_until (article_pending, NULL, 30, "the article waiting for its approval");
}

/* the manager approves the article's pending publishing, signed */
static void
approve_pending (gint64 id)
{
  gint64 approval = rapport_test_sql_int (server, "SELECT id FROM approvals WHERE entity = 'kb_article' AND record_id = %"
                                          G_GINT64_FORMAT " AND state = 'pending'", id);
  g_autofree char *path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);
  g_autofree char *body = g_strdup_printf ("{\"password\":\"%s\",\"login\":\"mona\",\"meaning\":\"approved\","
                                           "\"comment\":\"内容准确\"}", PASSWORD);
  g_autoptr(RapportTestReply) approved = rapport_test_request (server, "POST", path, approver, body);

  if (approved->status != 200)
    g_error ("approve %" G_GINT64_FORMAT ": %u %s", approval, approved->status, approved->body);
}

static GtkWidget *
page_widget (GType type)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);

  return page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), type) : NULL;
}

/* the article's page, as the server has it now, published in @data's version */
static gboolean
article_published (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return article_loaded (NULL) && g_strcmp0 (crm_entity_get_text (entity, "status"), "published") == 0 &&
         crm_entity_get_int (entity, "published_version") == GPOINTER_TO_INT (data);
}

static gboolean
label_shown (gpointer data)
{
  return rapport_test_ui_find_label_containing (window, data) != NULL;
}

static gboolean
feedback_done (gpointer data)
{
  GtkWidget *feedback = page_widget (RAPPORT_TYPE_KB_FEEDBACK);

  return feedback != NULL && !rapport_kb_feedback_is_sending (RAPPORT_KB_FEEDBACK (feedback)) &&
         label_shown (data);
}

static gint64
server_count (const char *member)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/kb-articles/%" G_GINT64_FORMAT, article);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, writer, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return rapport_test_reply_int (reply, member);
}

/* a vote and then its change: the counts shown are the server's */
static void
vote (const char *label,
      gint64      useful,
      gint64      not_useful)
{
  GtkWidget *button = rapport_test_ui_find_button (window, label);
  g_autofree char *counts = g_strdup_printf (_("%lld found this useful, %lld did not"), (long long) useful,
                                             (long long) not_useful);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  rapport_test_ui_wait_until (feedback_done, counts, 30, counts);
  g_assert_cmpint (server_count ("useful_count"), ==, useful);
  g_assert_cmpint (server_count ("not_useful_count"), ==, not_useful);
}

/* published, the article asks whether it was useful: a vote counts, a
 * second one replaces it, as the server counts */
static void
test_useful (void)
{
  g_autofree char *shot = g_strdup_printf ("kb-useful%s", suffix);

  approve_pending (article);
  rapport_record_page_reload (rapport_test_ui_record_page (window));
  rapport_test_ui_wait_until (article_published, GINT_TO_POINTER (1), 30, "the article, published");
  rapport_test_ui_wait_until (label_shown, (gpointer) _("Nobody has rated this article yet"), 30, "no votes yet");
  g_assert_nonnull (page_widget (RAPPORT_TYPE_KB_FEEDBACK));
  g_assert_null (rapport_test_ui_find_button (window, _("Submit for approval")));
  /* its text is changed through a new version only: shown, not editable */
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (
    rapport_entity_form_get_row (rapport_record_page_get_form (rapport_test_ui_record_page (window)), "body"))));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (
    rapport_entity_form_get_row (rapport_record_page_get_form (rapport_test_ui_record_page (window)), "title"))));

  vote (C_("kb feedback", "_Yes"), 1, 0);
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, _("Thank you: you found this article useful")));
  vote (C_("kb feedback", "_No"), 0, 1);
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, _("Your vote is changed: you did not find this article useful")));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM kb_feedback WHERE article_id = %" G_GINT64_FORMAT,
                                         article), ==, 1);
  vote (C_("kb feedback", "_Yes"), 1, 0);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* the page shows the draft of the article's next version */
static gboolean
draft_loaded (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), "kb-articles") &&
         crm_entity_get_int (entity, "draft_of") == article && crm_entity_get_id (entity) != article;
}

static gboolean
draft_saved (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return draft_loaded (NULL) && crm_entity_get_version (entity) > *(gint64 *) data;
}

static gboolean
draft_pending (gpointer data)
{
  return rapport_test_sql_int (server, "SELECT status = 'pending_approval' FROM `kb-articles` WHERE id = %" G_GINT64_FORMAT,
                               draft) == 1;
}

static gboolean
versions_listed (gpointer data)
{
  GtkWidget *versions = page_widget (RAPPORT_TYPE_KB_VERSIONS);
  GtkListBox *list = versions ? rapport_kb_versions_get_list (RAPPORT_KB_VERSIONS (versions)) : NULL;

  return list != NULL && !rapport_kb_versions_is_loading (RAPPORT_KB_VERSIONS (versions)) &&
         gtk_list_box_get_row_at_index (list, GPOINTER_TO_INT (data) - 1) != NULL &&
         gtk_list_box_get_row_at_index (list, GPOINTER_TO_INT (data)) == NULL;
}

static gboolean
version_shown (gpointer data)
{
  GtkWidget *versions = page_widget (RAPPORT_TYPE_KB_VERSIONS);

  return versions != NULL && !rapport_kb_versions_is_loading (RAPPORT_KB_VERSIONS (versions)) &&
         rapport_kb_versions_get_shown (RAPPORT_KB_VERSIONS (versions)) == GPOINTER_TO_INT (data) &&
         label_shown (GPOINTER_TO_INT (data) == 1 ? BODY_1 : BODY_2);
}

/* New version opens the draft of the article's next version, which says
 * so; edited, submitted and approved, it is version 2 in the article's
 * list, with version 1 still readable */
static void
test_new_version (void)
{
  g_autofree char *shot = g_strdup_printf ("kb-versions%s", suffix);
  g_autofree char *draft_shot = g_strdup_printf ("kb-new-version%s", suffix);
  g_autofree char *notice = NULL;
  g_autofree char *v2 = g_strdup_printf (_("Version %lld · %s"), 2LL, TITLE);
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) reply = NULL;
  GtkWidget *button = rapport_test_ui_find_button (window, _("New version"));
  RapportRecordPage *page;
  GtkWidget *body;
  GtkListBox *list;
  gint64 saved_version;

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  rapport_test_ui_wait_until (draft_loaded, NULL, 30, "the new version's draft");
  page = rapport_test_ui_record_page (window);
  draft = crm_entity_get_id (rapport_record_page_get_entity (page));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT draft_of FROM `kb-articles` WHERE id = %" G_GINT64_FORMAT, draft),
                   ==, article);
  notice = g_strdup_printf (_("A new version of “%s”: once its approval is given, this text replaces the published one. "
                              "Until then readers see the published text."), TITLE);
  rapport_test_ui_wait_until (label_shown, notice, 30, "the draft saying which article it replaces");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, draft_shot));
  /* nothing to vote on in a draft */
  g_assert_null (page_widget (RAPPORT_TYPE_KB_FEEDBACK));

  body = rapport_entity_form_get_row (rapport_record_page_get_form (page), "body");
  g_assert_nonnull (body);
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (body)));
  saved_version = crm_entity_get_version (rapport_record_page_get_entity (page));
  gtk_editable_set_text (GTK_EDITABLE (body), BODY_2);
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (draft_saved, &saved_version, 30, "the draft, saved");
  rapport_test_ui_settle (200);
  button = rapport_test_ui_find_button (window, _("Submit for approval"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  rapport_test_ui_wait_until (draft_pending, NULL, 30, "the draft waiting for its approval");
  approve_pending (draft);

  rapport_window_open_record (RAPPORT_WINDOW (window), "kb-articles", article, NULL);
  rapport_test_ui_wait_until (article_published, GINT_TO_POINTER (2), 30, "the article, in its version 2");
  rapport_test_ui_wait_until (versions_listed, GINT_TO_POINTER (2), 30, "two versions listed");
  list = rapport_kb_versions_get_list (RAPPORT_KB_VERSIONS (page_widget (RAPPORT_TYPE_KB_VERSIONS)));
  /* newest first */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, 0))), ==, v2);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));
  rapport_test_ui_wait_until (version_shown, GINT_TO_POINTER (1), 30, "version 1's text");
  g_assert_true (gtk_list_box_row_is_selected (gtk_list_box_get_row_at_index (list, 1)));

  path = g_strdup_printf ("/api/v1/kb-articles/%" G_GINT64_FORMAT, article);
  reply = rapport_test_request (server, "GET", path, writer, NULL);
  g_assert_cmpstr (rapport_test_reply_string (reply, "body"), ==, BODY_2);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* the auditor reads the versions, but neither votes nor drafts */
static void
test_auditor (void)
{
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  rapport_test_ui_settle (200);
  rapport_test_ui_sign_in (window, server->base_url, "aude", PASSWORD);
  rapport_window_open_record (RAPPORT_WINDOW (window), "kb-articles", article, NULL);
  rapport_test_ui_wait_until (article_published, GINT_TO_POINTER (2), 30, "the article, for the auditor");
  rapport_test_ui_wait_until (versions_listed, GINT_TO_POINTER (2), 30, "two versions listed to the auditor");
  g_assert_null (page_widget (RAPPORT_TYPE_KB_FEEDBACK));
  g_assert_null (rapport_test_ui_find_button (window, _("New version")));
  g_assert_null (rapport_test_ui_find_button (window, C_("kb feedback", "_Yes")));
}

/* the categories are kept by managers, directors and administrators */
static void
test_categories_section (void)
{
  const RapportSection *section = rapport_section_find ("kb-categories");

  g_assert_nonnull (section);
  g_assert_true (rapport_section_shown_to (section, "manager"));
  g_assert_true (rapport_section_shown_to (section, "admin"));
  g_assert_false (rapport_section_shown_to (section, "service"));
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
  writer = rapport_test_server_add_user (server, "sven", "service");
  /* the one who approves the publishing, and one who only reads */
  approver = rapport_test_server_add_user (server, "mona", "manager");
  g_free (rapport_test_server_add_user (server, "aude", "auditor"));
  article = rapport_test_create (server, writer, "kb-articles",
                                 "{\"title\":\"" TITLE "\",\"body\":\"" BODY_1 "\",\"visibility\":\"customer\"}");
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/kb/sign-in", test_sign_in);
  g_test_add_func ("/ui/kb/submit-from-page", test_submit_from_page);
  g_test_add_func ("/ui/kb/useful", test_useful);
  g_test_add_func ("/ui/kb/new-version", test_new_version);
  g_test_add_func ("/ui/kb/auditor", test_auditor);
  g_test_add_func ("/ui/kb/categories-section", test_categories_section);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (writer);
  g_free (approver);
  rapport_test_server_stop (server);
  return status;
}
