/* test-list-scale.c: 100,000 accounts: the list fetches pages only as rows come into view, in bounded memory */
#include "rapport-application.h"
#include "crm-entity.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-sign-in-page.h"

#include <stdio.h>
#include <string.h>

#define N_ACCOUNTS 100000
#define PAGE_SIZE 100
/* RSS the client may reach, in kB */
#define RSS_LIMIT_KB (200 * 1024)

static RapportTestServer *server;
static GtkWidget *window;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

static RapportRecordsPage *
accounts_page (void)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));

  return RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (stack, "accounts"));
}

static gboolean
idle_model (gpointer data)
{
  RapportListModel *model = data;

  return g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 && !rapport_list_model_get_loading (model);
}

static gboolean
total_exact (gpointer data)
{
  RapportListModel *model = data;

  return rapport_list_model_get_total_exact (model) && rapport_list_model_get_total (model) >= 0;
}

static void
test_lazy (void)
{
  RapportRecordsPage *page;
  RapportListModel *model;
  GtkWidget *column_view;
  GtkAdjustment *adjustment;
  guint pages, n_items, steps = 0;
  gboolean all = g_getenv ("RAPPORT_SCROLL_ALL") != NULL;
  guint target = all ? N_ACCOUNTS : 7000;
  gint64 started;
  double seconds;

  gtk_editable_set_text (GTK_EDITABLE (CHILD (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"), RAPPORT_TYPE_SIGN_IN_PAGE, "server_row")), server->base_url);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"), RAPPORT_TYPE_SIGN_IN_PAGE, "login_row")), "admin");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"), RAPPORT_TYPE_SIGN_IN_PAGE, "password_row")), server->admin_password);
  gtk_widget_activate (CHILD (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"), RAPPORT_TYPE_SIGN_IN_PAGE, "sign_in_button"));
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");

  page = accounts_page ();
  model = rapport_records_page_get_model (page);
  rapport_test_ui_wait_until (idle_model, model, 30, "the first page");
  rapport_test_ui_settle (1000);

  /* opening the list: one or two pages, not the table */
  pages = rapport_list_model_get_pages_fetched (model);
  g_test_message ("opening the list fetched %u page(s), %u rows, of %" G_GINT64_FORMAT,
                  pages, g_list_model_get_n_items (G_LIST_MODEL (model)), rapport_list_model_get_total (model));
  /* past the server's cheap count the first total is an estimate; the
   * exact one follows by itself */
  rapport_test_ui_wait_until (total_exact, model, 30, "the exact total");
  g_assert_cmpint (rapport_list_model_get_total (model), ==, N_ACCOUNTS);
  g_assert_cmpuint (pages, <=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <=, 2 * PAGE_SIZE);

  /* scrolling down brings the next pages as they come into view */
  column_view = CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "column_view");
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  started = g_get_monotonic_time ();
  while ((n_items = g_list_model_get_n_items (G_LIST_MODEL (model))) < target && steps < 20000)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
      rapport_test_ui_settle (5);
      rapport_test_ui_wait_until (idle_model, model, 30, "a page while scrolling");
      steps++;
    }
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  pages = rapport_list_model_get_pages_fetched (model);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_test_message ("scrolled to row %u in %.1f s (%.1f ms per 100 rows): %u pages fetched, RSS %ld MB",
                  n_items, seconds, seconds * 1000 * 100 / n_items, pages, rss_kb () / 1024);
  if (all)
    g_print ("SCROLL rows=%u seconds=%.1f pages=%u rss_mb=%ld\n", n_items, seconds, pages, rss_kb () / 1024);
  g_assert_cmpuint (n_items, >=, target);
  /* never more pages than the rows shown need */
  g_assert_cmpuint (pages, <=, n_items / PAGE_SIZE + 1);
  g_assert_cmpint (rss_kb (), <, RSS_LIMIT_KB);
}

static gboolean
first_row_back (gpointer data)
{
  g_autoptr(CrmEntity) first = g_list_model_get_item (G_LIST_MODEL (data), 0);

  return crm_entity_get_text (first, "name") != NULL;
}

/* pages far behind were dropped to bound memory; scrolling back fetches them again */
static void
test_scroll_back (void)
{
  RapportRecordsPage *page = accounts_page ();
  RapportListModel *model = rapport_records_page_get_model (page);
  GtkWidget *column_view = CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "column_view");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  guint pages = rapport_list_model_get_pages_fetched (model);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (model));

  gtk_adjustment_set_value (adjustment, 0);
  rapport_test_ui_settle (200);
  rapport_test_ui_wait_until (first_row_back, model, 30, "the first page again");
  g_assert_cmpuint (rapport_list_model_get_pages_fetched (model), >, pages);
  /* the same rows, in the same places */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_items);
  {
    g_autoptr(CrmEntity) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpint (crm_entity_get_id (first), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *insert = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  /* bulk rows straight into the table: test data, not audited changes */
  insert = g_strdup_printf ("INSERT INTO accounts (version, created_at, created_by, updated_at, updated_by, archived, "
                            "name, code, industry, region, owner_id) "
                            "SELECT 1, UTC_TIMESTAMP(6), 1, UTC_TIMESTAMP(6), 1, 0, "
                            "CONCAT(ELT(1 + seq %% 4, 'Alder', 'Birchwood', '华信', 'Cedar'), ' Scale ', seq), "
                            "CONCAT('S', LPAD(seq, 7, '0')), ELT(1 + seq %% 3, 'banking', 'pharma', 'medical_devices'), "
                            "'Scale', 1 FROM seq_1_to_%d", N_ACCOUNTS);
  g_free (rapport_test_server_sql (server, insert));

  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/list/lazy-100k", test_lazy);
  g_test_add_func ("/ui/list/scroll-back", test_scroll_back);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
