/* test-kb-ui.c: the Knowledge base section under Xvfb, against a real rapportd: shown to a service rep, a draft article opened on the generic record page and submitted for approval from its page, the categories' section for managers only, in both languages */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "rapport-window-sections.h"
#include "pages/rapport-record-page.h"
#include "crm-entity.h"

#include <glib/gi18n.h>

#define PASSWORD "correct horse battery"
#define TITLE "打印机卡纸处理"

static RapportTestServer *server;
static GtkWidget *window;
static char *writer;
static char *suffix = "";
static gint64 article;

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
  /* the one who approves the publishing */
  g_free (rapport_test_server_add_user (server, "mona", "manager"));
  article = rapport_test_create (server, writer, "kb-articles",
                                 "{\"title\":\"" TITLE "\",\"body\":\"如果打印机卡纸，请先关闭电源。\",\"visibility\":\"customer\"}");
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/kb/sign-in", test_sign_in);
  g_test_add_func ("/ui/kb/submit-from-page", test_submit_from_page);
  g_test_add_func ("/ui/kb/categories-section", test_categories_section);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (writer);
  rapport_test_server_stop (server);
  return status;
}
