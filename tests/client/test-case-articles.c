/* test-case-articles.c: a case's page under Xvfb, against a real rapportd: the knowledge-base article its subject suggests, linked to the case as having solved it and unlinked again, in both languages */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-case-articles.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";
static gint64 case_id, article_id, other_id;

static RapportCaseArticles *
panel (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_CASE_ARTICLES) : NULL;

  return found ? RAPPORT_CASE_ARTICLES (found) : NULL;
}

/* the panel, read, shows the article with a button of this label */
static gboolean
shows_button (gpointer data)
{
  RapportCaseArticles *shown = panel ();
  GtkListBoxRow *row;

  if (shown == NULL || rapport_case_articles_is_loading (shown) || !gtk_widget_get_visible (GTK_WIDGET (shown)))
    return FALSE;
  row = gtk_list_box_get_row_at_index (rapport_case_articles_get_list (shown), 0);
  return row != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "article-id")) == article_id &&
         rapport_test_ui_find_button (GTK_WIDGET (row), data) != NULL;
}

static gint64
links (void)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM kb_article_cases WHERE case_id = %" G_GINT64_FORMAT
                               " AND article_id = %" G_GINT64_FORMAT, case_id, article_id);
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "sven", PASSWORD);
}

/* the case's subject, written without spaces, suggests the article that holds its words;
 * the other article, about something else, is not shown */
static void
test_suggested (void)
{
  g_autofree char *shot = g_strdup_printf ("case-articles-suggested%s", suffix);
  RapportCaseArticles *shown;
  GtkListBox *list;

  rapport_window_open_record (RAPPORT_WINDOW (window), "cases", case_id, NULL);
  rapport_test_ui_wait_until (shows_button, _("_Link"), 30, "the suggested article");
  shown = panel ();
  list = rapport_case_articles_get_list (shown);
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (list), "打印机卡纸"));
  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (list, i)), "article-id")),
                     !=, other_id);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* Link, then Unlink: each is stored, and the row says which it is */
static void
test_link_unlink (void)
{
  g_autofree char *shot = g_strdup_printf ("case-articles-linked%s", suffix);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (rapport_case_articles_get_list (panel ()), 0);

  gtk_widget_activate (rapport_test_ui_find_button (GTK_WIDGET (row), _("_Link")));
  rapport_test_ui_wait_until (shows_button, _("_Unlink"), 30, "the article, linked");
  g_assert_cmpint (links (), ==, 1);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));

  row = gtk_list_box_get_row_at_index (rapport_case_articles_get_list (panel ()), 0);
  gtk_widget_activate (rapport_test_ui_find_button (GTK_WIDGET (row), _("_Unlink")));
  rapport_test_ui_wait_until (shows_button, _("_Link"), 30, "the article, unlinked");
  g_assert_cmpint (links (), ==, 0);
}

static gint64
published_article (const char *body)
{
  gint64 id = rapport_test_create (server, rep, "kb-articles", body);
  g_autofree char *publish = g_strdup_printf ("UPDATE `kb-articles` SET status = 'published', published_version = 1, "
                                              "published_at = UTC_TIMESTAMP(6) WHERE id = %" G_GINT64_FORMAT, id);

  g_free (rapport_test_server_sql (server, publish));
  return id;
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *body = NULL;
  gint64 account;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "sven", "service");
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"苏州工业园区精密仪器有限公司\"}");
  article_id = published_article ("{\"title\":\"打印机卡纸的处理\",\"summary\":\"先关闭电源，再取出卡住的纸\","
                                  "\"body\":\"如果打印机卡纸，请先关闭电源，打开后盖，慢慢取出卡住的纸。\",\"visibility\":\"customer\"}");
  other_id = published_article ("{\"title\":\"Centrifuge noise\",\"summary\":\"Balance the rotor\","
                                "\"body\":\"A centrifuge that hums loudly is usually out of balance.\",\"visibility\":\"internal\"}");
  body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"subject\":\"网络打印机卡纸怎么办\"}", account);
  case_id = rapport_test_create (server, rep, "cases", body);
  window = rapport_test_ui_open_window (1100, 900);

  g_test_add_func ("/ui/case-articles/sign-in", test_sign_in);
  g_test_add_func ("/ui/case-articles/suggested", test_suggested);
  g_test_add_func ("/ui/case-articles/link-unlink", test_link_unlink);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
