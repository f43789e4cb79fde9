/* test-pool.c: the Pool section under Xvfb, against a real rapportd: claiming a lead from the pool, the limits shown, a refusal */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-pool-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#define PASSWORD "correct horse battery"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
/* "-zh_CN" on the screenshots of a run in Chinese */
static char *suffix = "";

/* rita is in team East, whose pool lets a rep claim one lead a day */
static const char data_sql[] =
  "INSERT INTO teams (created_at, updated_at, name) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'East');"
  "SET @east = LAST_INSERT_ID();"
  "UPDATE users SET team_id = @east WHERE login = 'rita';"
  "INSERT INTO pools (created_at, updated_at, name, team_id, entity, claims_per_day, max_holdings, mask_contacts,"
  "  reclaim_idle_days) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'East pool', @east, 'lead', 1, 50, 1, 30);"
  "SET @pool = LAST_INSERT_ID();"
  "INSERT INTO leads (created_at, updated_at, company, person, mobile, status, pool_id) VALUES"
  "  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Anhui Pharma', '张伟', '13812345678', 'new', @pool),"
  "  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Beijing Devices', '李娜', '13987654321', 'new', @pool);";

static RapportPoolPage *
pool_page (void)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *page = gtk_stack_get_child_by_name (stack, "pool");

  return page && RAPPORT_IS_POOL_PAGE (page) ? RAPPORT_POOL_PAGE (page) : NULL;
}

typedef struct
{
  guint  n_records;
  char  *limits;
} Shown;

/* the limits line as the page writes it, in the language of the run */
static char *
limits_text (gint64 left,
             gint64 held,
             gint64 most)
{
  g_autofree char *claims = g_strdup_printf (ngettext ("%lld claim left today", "%lld claims left today", left),
                                             (long long) left);
  g_autofree char *holdings = g_strdup_printf (_("%lld of %lld held"), (long long) held, (long long) most);

  return g_strdup_printf ("%s · %s", claims, holdings);
}

static void
screenshot (const char *name)
{
  g_autofree char *shot = g_strdup_printf ("%s%s", name, suffix);

  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

static gboolean
shows (gpointer data)
{
  const Shown *shown = data;
  RapportPoolPage *page = pool_page ();

  return page != NULL && !rapport_pool_page_get_busy (page) &&
         g_list_model_get_n_items (rapport_pool_page_get_records (page)) == shown->n_records &&
         g_strcmp0 (rapport_pool_page_get_limits (page), shown->limits) == 0;
}

/* a claim refused: its message shown as an error (the server's words, in
 * the language rapportd runs in) */
static gboolean
refused (gpointer data)
{
  RapportPoolPage *page = pool_page ();
  const char *message = page ? rapport_pool_page_get_message (page) : NULL;

  return page != NULL && !rapport_pool_page_get_busy (page) && message != NULL &&
         gtk_widget_has_css_class (CHILD (page, RAPPORT_TYPE_POOL_PAGE, "message_label"), "error");
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "rita", PASSWORD);
}

static void
test_claim (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "pool");
  Shown before = { 2, limits_text (1, 0, 50) };
  Shown after = { 1, limits_text (0, 1, 50) };
  g_autofree char *back = g_strdup_printf (ngettext ("Goes back to the pool in %lld day", "Goes back to the pool in %lld days", 30),
                                           (long long) 30);
  RapportPoolPage *page;
  GtkWidget *claim;
  g_autofree char *owner = NULL;

  g_assert_nonnull (row);
  g_signal_emit_by_name (sections, "row-activated", row);
  rapport_test_ui_wait_until (shows, &before, 30, "the pool's two leads and the limits");
  page = pool_page ();
  /* masked as the server sends them */
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (page), "138****5678"));
  g_assert_null (rapport_test_ui_find_label_containing (GTK_WIDGET (page), "13812345678"));
  screenshot ("pool-before-claim");

  claim = rapport_test_ui_find_button (GTK_WIDGET (page), _("Claim"));
  g_assert_nonnull (claim);
  g_signal_emit_by_name (claim, "clicked");
  rapport_test_ui_wait_until (shows, &after, 30, "the claimed lead gone and the limits changed");
  owner = rapport_test_server_sql (server, "SELECT COUNT(*) FROM leads l JOIN users u ON u.id = l.owner_id "
                                          "WHERE u.login = 'rita' AND l.pool_id IS NULL");
  g_assert_cmpint (g_ascii_strtoll (owner, NULL, 10), ==, 1);
  /* held now, with the days until it goes back */
  g_assert_cmpuint (g_list_model_get_n_items (rapport_pool_page_get_holdings (page)), ==, 1);
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (page), back));
  g_free (before.limits);
  g_free (after.limits);
}

static void
test_refusal (void)
{
  RapportPoolPage *page = pool_page ();
  g_autofree char *limits = limits_text (0, 1, 50);
  Shown still = { 1, limits };
  GtkWidget *claim = rapport_test_ui_find_button (GTK_WIDGET (page), _("Claim"));

  g_assert_nonnull (claim);
  g_signal_emit_by_name (claim, "clicked");
  rapport_test_ui_wait_until (refused, NULL, 30, "the day's limit refused");
  g_test_message ("refused: %s", rapport_pool_page_get_message (page));
  rapport_test_ui_wait_until (shows, &still, 30, "the lead still in the pool");
  screenshot ("pool-refused");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  int status;

  g_test_init (&argc, &argv, NULL);
  if (lang)
    {
      suffix = g_strdup_printf ("-%s", lang);
    }
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start ();
  g_free (rapport_test_server_add_user (server, "rita", "sales"));
  g_free (rapport_test_server_sql (server, data_sql));
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/pool/sign-in", test_sign_in);
  g_test_add_func ("/ui/pool/claim", test_claim);
  g_test_add_func ("/ui/pool/refusal", test_refusal);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
