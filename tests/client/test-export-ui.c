/* test-export-ui.c: a list's "Export…" under Xvfb against a real rapportd: Accounts searched,
 * the dialog offers the list's columns with the visible ones checked, two columns and CSV
 * chosen, and the file saved (where the file chooser would have said) holds exactly the
 * rows the search shows, in those columns, with the byte order mark */
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-records-page.h"
#include "widgets/rapport-export-dialog.h"
#include "crm-csv.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

static RapportTestServer *server;
static GtkWidget *window;
static char *suffix;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static void
screenshot (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s", name, suffix ? suffix : "");

  g_free (rapport_test_ui_screenshot (window, file));
}

static void
dialog_screenshot (GtkWidget  *dialog,
                   const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s", name, suffix ? suffix : "");

  g_free (rapport_test_ui_screenshot (dialog, file));
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

typedef struct
{
  RapportRecordsPage *page;
  const char         *search;
  guint               n_items;
} Rows;

/* the list shows the search's n_items rows, all loaded */
static gboolean
has_rows (gpointer data)
{
  Rows *rows = data;
  RapportListModel *model = rapport_records_page_get_model (rows->page);

  return g_strcmp0 (rapport_list_model_get_search (model), rows->search) == 0 &&
         !rapport_list_model_get_loading (model) && rapport_list_model_get_error (model) == NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == rows->n_items;
}

/* every check of the dialog that names a column */
static void
collect_checks (GtkWidget *root,
                GPtrArray *checks)
{
  if (GTK_IS_CHECK_BUTTON (root) && g_strcmp0 (gtk_widget_get_name (root), "GtkCheckButton") != 0)
    g_ptr_array_add (checks, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_checks (child, checks);
}

static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS) && rapport_test_ui_find_dialog (RAPPORT_TYPE_EXPORT_DIALOG) == NULL;
}

static void
test_export_csv (void)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  RapportRecordsPage *page;
  Rows rows;
  GtkWidget *button, *dialog, *name_check;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autofree char *dir = g_dir_make_tmp ("export-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) csv = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint offered = 0;

  rapport_window_show_section (RAPPORT_WINDOW (window), "accounts");
  page = RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (stack, "accounts"));
  gtk_editable_set_text (GTK_EDITABLE (CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "search_entry")), "Export");
  rows = (Rows) { page, "Export", 2 };
  rapport_test_ui_wait_until (has_rows, &rows, 30, "the two accounts the search finds");
  rapport_test_ui_settle (200);
  screenshot ("export-ui-list");

  button = rapport_test_ui_find_button (GTK_WIDGET (page), _("E_xport…"));
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_EXPORT_DIALOG, "the export dialog");

  /* the list's columns, the visible ones checked */
  collect_checks (dialog, checks);
  g_assert_cmpuint (checks->len, >=, 3);
  for (guint i = 0; i < checks->len; i++)
    {
      const char *field = gtk_widget_get_name (checks->pdata[i]);

      offered += g_str_equal (field, "name") || g_str_equal (field, "code");
    }
  g_assert_cmpuint (offered, ==, 2);
  name_check = rapport_test_ui_find_by_name (dialog, "name");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (name_check)));
  /* accounts have no vCard: CSV twice and the workbook */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (rapport_test_ui_find_by_type (dialog, ADW_TYPE_COMBO_ROW)))), ==, 3);

  /* name and code alone, as CSV with the byte order mark */
  for (guint i = 0; i < checks->len; i++)
    {
      const char *field = gtk_widget_get_name (checks->pdata[i]);

      gtk_check_button_set_active (checks->pdata[i], g_str_equal (field, "name") || g_str_equal (field, "code"));
    }
  adw_combo_row_set_selected (ADW_COMBO_ROW (rapport_test_ui_find_by_type (dialog, ADW_TYPE_COMBO_ROW)), 0);
  rapport_test_ui_settle (200);
  dialog_screenshot (dialog, "export-ui-dialog");

  rapport_export_dialog_set_chooser_answer (RAPPORT_EXPORT_DIALOG (dialog), file);
  button = rapport_test_ui_find_button (dialog, _("_Export…"));
  g_assert_nonnull (button);
  /* clicked at once (activating it clicks it a moment later): while the
   * export runs, Export waits, whatever is ticked meanwhile */
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (name_check), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (name_check), TRUE);
  g_assert_false (gtk_widget_get_sensitive (button));
  rapport_test_ui_wait_until (file_written, path, 30, "the export saved and the dialog closed");
  rapport_test_ui_settle (200);
  screenshot ("export-ui-saved");

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, 3, "\xEF\xBB\xBF", 3);
  csv = crm_csv_parse (contents + 3, length - 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (csv->len, ==, 3);
  g_assert_cmpstrv ((const char * const *) csv->pdata[0], ((const char * const[]) { "name", "code", NULL }));
  g_assert_cmpstrv ((const char * const *) csv->pdata[1], ((const char * const[]) { "Export Alpha 甲", "EXA-1", NULL }));
  g_assert_cmpstrv ((const char * const *) csv->pdata[2], ((const char * const[]) { "Export Beta", "EXB-2", NULL }));
  g_assert_null (strstr (contents, "Other Gamma"));
  /* the export the server audited was the list's search */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'"
                                         " AND after_json LIKE '%%\"q\":\"Export\"%%'"
                                         " AND after_json LIKE '%%\"columns\":\"name,code\"%%'"), ==, 1);
  g_unlink (path);
  g_rmdir (dir);
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
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "accounts",
                                        "{\"name\":\"Export Alpha 甲\",\"code\":\"EXA-1\",\"industry\":\"manufacturing\"}"), >, 0);
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "accounts",
                                        "{\"name\":\"Export Beta\",\"code\":\"EXB-2\"}"), >, 0);
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "accounts",
                                        "{\"name\":\"Other Gamma\",\"code\":\"EXG-3\"}"), >, 0);

  window = rapport_test_ui_open_window (1280, 800);
  rapport_test_ui_sign_in (window, server->base_url, "admin", server->admin_password);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");

  g_test_add_func ("/export-ui/csv", test_export_csv);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (suffix);
  rapport_test_server_stop (server);
  return status;
}
