/* test-cases-ui.c: the Cases section under Xvfb, against a real rapportd: shown to a service rep, a case opened on the generic record page with its server-given number, its fields' labels and its category in a chooser, in both languages */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "rapport-window-sections.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-entity-picker.h"
#include "widgets/rapport-reference-row.h"
#include "crm-entity.h"

#include <glib/gi18n.h>

#define PASSWORD "correct horse battery"
#define ACCOUNT "苏州工业园区精密仪器有限公司"
#define SUBJECT "离心机运行时异响"
#define CATEGORY "离心机"
#define SIBLING "培养箱"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";
static gint64 case_id;

static gboolean
case_loaded (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), "cases") &&
         crm_entity_get_id (entity) == case_id;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "sven", PASSWORD);
}

static void
test_open_case (void)
{
  GtkListBoxRow *cases = rapport_window_get_section_row (RAPPORT_WINDOW (window), "cases");
  g_autofree char *shot = g_strdup_printf ("case-page%s", suffix);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, case_id);
  g_autoptr(RapportTestReply) stored = rapport_test_request (server, "GET", path, rep, NULL);
  const char *number = rapport_test_reply_string (stored, "number");

  g_assert_nonnull (cases);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cases)));
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (cases), _("Cases")));

  rapport_window_open_record (RAPPORT_WINDOW (window), "cases", case_id, NULL);
  rapport_test_ui_wait_until (case_loaded, NULL, 30, "the case's page");
  rapport_test_ui_settle (300);
  /* the server's number, and the fields' labels, translated */
  g_assert_nonnull (number);
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, number));
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, g_dpgettext2 (GETTEXT_PACKAGE, "case priority", "Priority")));
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, _("Serial or lot number")));
  g_free (rapport_test_ui_screenshot (window, shot));
}

static gboolean
category_named (gpointer data)
{
  return g_strcmp0 (rapport_reference_row_get_label (data), CATEGORY) == 0;
}

static gboolean
sibling_listed (gpointer data)
{
  return rapport_test_ui_find_label_containing (data, SIBLING) != NULL;
}

/* the case's category is a reference to the categories administrators
 * keep: a chooser row that names it, whose picker lists the categories */
static void
test_category_chooser (void)
{
  g_autofree char *shot = g_strdup_printf ("case-category-chooser%s", suffix);
  RapportEntityForm *form;
  GtkWidget *row;
  GtkWidget *picker;

  rapport_window_open_record (RAPPORT_WINDOW (window), "cases", case_id, NULL);
  rapport_test_ui_wait_until (case_loaded, NULL, 30, "the case's page");
  form = rapport_record_page_get_form (rapport_test_ui_record_page (window));
  row = rapport_entity_form_get_row (form, "category_id");
  g_assert_true (RAPPORT_IS_REFERENCE_ROW (row));
  rapport_test_ui_wait_until (category_named, row, 30, "the category's name in its row");

  g_signal_emit_by_name (row, "activate");
  picker = GTK_WIDGET (rapport_reference_row_get_picker (RAPPORT_REFERENCE_ROW (row)));
  rapport_test_ui_wait_until (sibling_listed, picker, 30, "the categories in the chooser");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (picker, shot));
  gtk_popover_popdown (GTK_POPOVER (picker));
}

/* administrators keep the categories and the complaint types in sections
 * of their own, which managers and directors read too; a service rep does
 * not see them */
static void
test_categories_section (void)
{
  static const char * const collections[] = { "case-categories", "complaint-types" };

  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      const RapportSection *section = rapport_section_find (collections[i]);
      GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), collections[i]);

      g_assert_nonnull (section);
      g_assert_true (rapport_section_shown_to (section, "admin"));
      g_assert_true (rapport_section_shown_to (section, "manager"));
      g_assert_false (rapport_section_shown_to (section, "service"));
      g_assert_true (row == NULL || !gtk_widget_get_visible (GTK_WIDGET (row)));
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *body = NULL;
  g_autofree char *category_body = NULL;
  gint64 account;
  gint64 parent;
  gint64 category;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "sven", "service");
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"" ACCOUNT "\"}");
  parent = rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"实验室设备\"}");
  category_body = g_strdup_printf ("{\"name\":\"" CATEGORY "\",\"parent_id\":%" G_GINT64_FORMAT "}", parent);
  category = rapport_test_create (server, server->admin_token, "case-categories", category_body);
  rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"" SIBLING "\"}");
  body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"subject\":\"" SUBJECT "\","
                          "\"channel\":\"phone\",\"serial_lot\":\"LX-2207-118\",\"category_id\":%" G_GINT64_FORMAT "}",
                          account, category);
  case_id = rapport_test_create (server, rep, "cases", body);
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/cases/sign-in", test_sign_in);
  g_test_add_func ("/ui/cases/open-case", test_open_case);
  g_test_add_func ("/ui/cases/category-chooser", test_category_chooser);
  g_test_add_func ("/ui/cases/categories-section", test_categories_section);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
