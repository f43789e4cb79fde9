/* test-sales.c: quotes in the desktop client under Xvfb, against a real rapportd: lines at the keyboard, live totals, steps, PDFs, print templates */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-admin-page.h"
#include "pages/rapport-admin-templates-page.h"
#include "pages/rapport-document-page.h"
#include "pages/rapport-records-page.h"
#include "widgets/rapport-document-actions.h"
#include "widgets/rapport-document-lines.h"
#include "widgets/rapport-document-totals.h"
#include "widgets/rapport-entity-picker.h"
#include "widgets/rapport-reference-row.h"
#include "widgets/rapport-template-preview.h"
#include "crm-chinese-amount.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define SHIPPED_TEMPLATE "/org/rapport/Rapport/templates/default.json"

static RapportTestServer *server;
static GtkWidget *window;
static char *director;
static gint64 account_id, other_contact_id, analyser_id, service_id, quote_id;
static char *quote_number;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestReply *
api (const char *method,
     const char *path,
     const char *body)
{
  return rapport_test_request (server, method, path, director, body);
}

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static RapportDocumentPage *
document_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_DOCUMENT_PAGE (child) ? RAPPORT_DOCUMENT_PAGE (child) : NULL;
}

static RapportDocumentLines *
lines (void)
{
  return RAPPORT_DOCUMENT_LINES (rapport_test_ui_find_by_type (GTK_WIDGET (document_page ()), RAPPORT_TYPE_DOCUMENT_LINES));
}

static RapportDocumentTotals *
totals (void)
{
  return RAPPORT_DOCUMENT_TOTALS (CHILD (document_page (), RAPPORT_TYPE_DOCUMENT_PAGE, "totals"));
}

static GtkWidget *
form_row (const char *json_key)
{
  GtkWidget *row = rapport_test_ui_find_by_name (GTK_WIDGET (document_page ()), json_key);

  g_assert_nonnull (row);
  return row;
}

static GtkWidget *
focus (void)
{
  return gtk_window_get_focus (GTK_WINDOW (window));
}

static gboolean
visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* ---- sections ---- */

static gboolean
list_loaded (gpointer data)
{
  RapportListModel *model = rapport_records_page_get_model (data);

  return !rapport_list_model_get_loading (model) && rapport_list_model_get_total (model) >= 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == (guint) rapport_list_model_get_total (model);
}

static void
test_sections (void)
{
  static const char * const collections[] = { "products", "quotes", "orders", "contracts", "payments", "invoices", NULL };
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  RapportRecordsPage *page;

  for (guint i = 0; collections[i]; i++)
    {
      GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), collections[i]);

      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
      g_signal_emit_by_name (sections, "row-activated", row);
      page = RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (content_stack (), collections[i]));
      g_assert_nonnull (page);
      rapport_test_ui_wait_until (list_loaded, page, 30, "a sales list");
    }

  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), "products"));
  page = RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (content_stack (), "products"));
  g_assert_cmpint (rapport_list_model_get_total (rapport_records_page_get_model (page)), ==, 2);
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, "Test analyser"));
  g_free (rapport_test_ui_screenshot (window, "sales-products"));

  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), "quotes"));
  page = RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (content_stack (), "quotes"));
  rapport_test_ui_wait_until (list_loaded, page, 30, "the quotes");
  /* the quote the customer accepted before */
  g_assert_cmpint (rapport_list_model_get_total (rapport_records_page_get_model (page)), ==, 1);
  g_free (rapport_test_ui_screenshot (window, "sales-quotes"));
}

/* ---- a new quote at the keyboard ---- */

typedef struct
{
  RapportEntityPicker *picker;
  guint                n;
} Search;

static gboolean
searched (gpointer data)
{
  Search *search = data;

  return !rapport_entity_picker_get_loading (search->picker) &&
         g_list_model_get_n_items (rapport_entity_picker_get_results (search->picker)) == search->n;
}

/* types in a picker's search and presses Enter on the one match */
static void
pick (RapportEntityPicker *picker,
      const char          *text)
{
  Search search = { picker, 1 };

  rapport_test_ui_wait_until (visible, picker, 10, "the search popover");
  rapport_entity_picker_search (picker, text);
  rapport_test_ui_wait_until (searched, &search, 30, "the search results");
  g_assert_true (rapport_entity_picker_choose_selected (picker));
}

typedef struct
{
  guint       line;
  const char *key;
} Cell;

/* the keyboard focus is in a line's cell */
static gboolean
focus_in (gpointer data)
{
  Cell *cell = data;
  GtkWidget *widget = rapport_document_lines_get_cell (lines (), cell->line, cell->key);

  return widget && focus () && (focus () == widget || gtk_widget_is_ancestor (focus (), widget));
}

static void
wait_focus (guint       line,
            const char *key)
{
  Cell cell = { line, key };
  g_autofree char *what = g_strdup_printf ("the focus in line %u, %s", line + 1, key);

  rapport_test_ui_wait_until (focus_in, &cell, 10, what);
}

/* what a person types in the focused cell */
static void
type (const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (focus ()));
  gtk_editable_set_text (GTK_EDITABLE (focus ()), text);
}

/* Tab */
static void
next_cell (const char *expected_key,
           guint       line)
{
  gtk_widget_activate_action (GTK_WIDGET (lines ()), "lines.next-cell", NULL);
  wait_focus (line, expected_key);
}

/* Enter on the product cell, then a search */
static void
choose_product (guint       line,
                const char *code)
{
  GtkWidget *cell = rapport_document_lines_get_cell (lines (), line, "product_id");

  wait_focus (line, "product_id");
  gtk_widget_activate (focus ());
  pick (RAPPORT_ENTITY_PICKER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (cell))), code);
  /* the product fills the line in, and the quantity is next */
  wait_focus (line, "quantity");
}

static gint64
line_product (guint line)
{
  g_autoptr(CrmEntity) item = g_list_model_get_item (rapport_document_lines_get_model (lines ()), line);

  return crm_entity_get_int (item, "product");
}

static gboolean
last_price_known (gpointer data)
{
  return g_strcmp0 (rapport_document_lines_get_last_price (lines (), 0), data) == 0;
}

static gboolean
total_shown (gpointer data)
{
  return g_strcmp0 (rapport_document_totals_get_text (totals (), "total"), data) == 0;
}

static char *
amount (const char *decimal)
{
  CrmMoney money;

  g_assert_true (crm_money_parse (decimal, 2, &money, NULL));
  {
    g_autofree char *number = crm_money_format (money, 2);
    return g_strdup_printf (_("%s %s"), number, "CNY");
  }
}

static gboolean
page_saved (gpointer data)
{
  RapportDocumentPage *page = document_page ();
  CrmEntity *entity = page ? rapport_document_page_get_entity (page) : NULL;

  return entity && crm_entity_get_version (entity) >= GPOINTER_TO_INT (data) && !rapport_document_page_get_busy (page);
}

static void
test_new_quote (void)
{
  RapportReferenceRow *account_row;
  g_autofree char *expected_total = amount ("5476.10");
  g_autofree char *shown_net = NULL;
  g_autofree char *shown_total = NULL;
  g_autofree char *shown_tax13 = NULL;
  g_autofree char *shown_tax6 = NULL;
  g_autofree char *shown_words = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) stored = NULL;
  JsonObject *object;
  JsonArray *stored_lines;

  /* Ctrl+N in the Quotes section */
  gtk_widget_activate_action (window, "win.new", NULL);
  g_assert_nonnull (document_page ());
  gtk_editable_set_text (GTK_EDITABLE (form_row ("title")), "Lab equipment 实验室设备");

  /* the customer, searched and chosen */
  account_row = RAPPORT_REFERENCE_ROW (form_row ("account_id"));
  g_signal_emit_by_name (account_row, "activated");
  pick (rapport_reference_row_get_picker (account_row), "Acme");
  g_assert_cmpint (rapport_reference_row_get_id (account_row), ==, account_id);

  /* Ctrl+Enter: a line, its product chosen from the catalog */
  gtk_widget_activate_action (GTK_WIDGET (lines ()), "lines.add", NULL);
  choose_product (0, "TST-1");
  type ("3");
  /* the customer accepted 1,100.00 before; the list price is 1,234.50 */
  rapport_test_ui_wait_until (last_price_known, "1100.00", 30, "the last accepted price");
  next_cell ("unit", 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus ())), ==, "pc");
  next_cell ("unit_price", 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus ())), ==, "1234.50");
  g_free (rapport_test_ui_screenshot (window, "sales-last-price"));
  /* Ctrl+L takes it */
  gtk_widget_activate_action (GTK_WIDGET (lines ()), "lines.take-last-price", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus ())), ==, "1100.00");
  next_cell ("discount", 0);
  type ("10");
  next_cell ("tax_rate", 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus ())), ==, "13");

  /* a second line */
  gtk_widget_activate_action (GTK_WIDGET (lines ()), "lines.add", NULL);
  choose_product (1, "TST-2");
  type ("2.5");

  /* Alt+Up and Alt+Down move the line; Ctrl+Enter and Ctrl+Delete add and remove one */
  gtk_widget_activate_action (GTK_WIDGET (lines ()), "lines.move-up", NULL);
  wait_focus (0, "quantity");
  g_assert_cmpint (line_product (0), ==, service_id);
  gtk_widget_activate_action (GTK_WIDGET (lines ()), "lines.move-down", NULL);
  wait_focus (1, "quantity");
  g_assert_cmpint (line_product (0), ==, analyser_id);
  gtk_widget_activate_action (GTK_WIDGET (lines ()), "lines.add", NULL);
  wait_focus (2, "product_id");
  g_assert_cmpuint (g_list_model_get_n_items (rapport_document_lines_get_model (lines ())), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (lines ()), "lines.remove", NULL);
  wait_focus (1, "product_id");
  g_assert_cmpuint (g_list_model_get_n_items (rapport_document_lines_get_model (lines ())), ==, 2);

  /* 3 × 1,100 less 10 % = 2,970.00 + 13 % (386.10); 2.5 × 800 = 2,000.00 + 6 % (120.00) */
  rapport_test_ui_wait_until (total_shown, expected_total, 10, "the live total");
  shown_net = g_strdup (rapport_document_totals_get_text (totals (), "net_total"));
  shown_total = g_strdup (rapport_document_totals_get_text (totals (), "total"));
  shown_tax13 = g_strdup (rapport_document_totals_get_text (totals (), "tax:13"));
  shown_tax6 = g_strdup (rapport_document_totals_get_text (totals (), "tax:6"));
  shown_words = g_strdup (rapport_document_totals_get_text (totals (), "words"));
  g_assert_nonnull (shown_tax13);
  g_assert_nonnull (shown_tax6);
  g_assert_nonnull (shown_words);
  g_free (rapport_test_ui_screenshot (window, "sales-quote-typed"));

  /* Ctrl+S; what was shown is what the server stored */
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (page_saved, GINT_TO_POINTER (1), 30, "the new quote");
  quote_id = crm_entity_get_id (rapport_document_page_get_entity (document_page ()));
  quote_number = g_strdup (crm_entity_get_text (rapport_document_page_get_entity (document_page ()), "number"));
  path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote_id);
  stored = api ("GET", path, NULL);
  object = rapport_test_reply_object (stored);
  g_assert_cmpstr (json_object_get_string_member (object, "net_total"), ==, "4970.00");
  g_assert_cmpstr (json_object_get_string_member (object, "tax_total"), ==, "506.10");
  g_assert_cmpstr (json_object_get_string_member (object, "total"), ==, "5476.10");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Lab equipment 实验室设备");
  g_assert_cmpint (json_object_get_int_member (object, "account_id"), ==, account_id);
  {
    g_autofree char *net = amount (json_object_get_string_member (object, "net_total"));
    g_autofree char *total = amount (json_object_get_string_member (object, "total"));
    CrmMoney money;
    g_autofree char *words = NULL;

    g_assert_cmpstr (shown_net, ==, net);
    g_assert_cmpstr (shown_total, ==, total);
    g_assert_true (crm_money_parse (json_object_get_string_member (object, "total"), 2, &money, NULL));
    words = crm_money_to_chinese_capital (money, NULL);
    g_assert_cmpstr (shown_words, ==, words);
  }
  stored_lines = json_object_get_array_member (object, "lines");
  g_assert_cmpuint (json_array_get_length (stored_lines), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (stored_lines, 0);
    JsonObject *second = json_array_get_object_element (stored_lines, 1);
    g_autofree char *tax13 = amount (json_object_get_string_member (first, "tax"));
    g_autofree char *tax6 = amount (json_object_get_string_member (second, "tax"));

    g_assert_cmpint (json_object_get_int_member (first, "product_id"), ==, analyser_id);
    g_assert_cmpstr (json_object_get_string_member (first, "unit_price"), ==, "1100.0000");
    g_assert_cmpstr (json_object_get_string_member (first, "discount"), ==, "10.0000");
    g_assert_cmpstr (json_object_get_string_member (first, "net"), ==, "2970.00");
    g_assert_cmpint (json_object_get_int_member (second, "product_id"), ==, service_id);
    g_assert_cmpstr (json_object_get_string_member (second, "quantity"), ==, "2.5000");
    g_assert_cmpstr (shown_tax13, ==, tax13);
    g_assert_cmpstr (shown_tax6, ==, tax6);
  }
  g_free (rapport_test_ui_screenshot (window, "sales-quote-saved"));
}

/* ---- the server's word on a save: 409 and 422 keep the user's edits ---- */

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = CHILD (document_page (), RAPPORT_TYPE_DOCUMENT_PAGE, "error_label");

  return gtk_widget_get_visible (label) && gtk_label_get_text (GTK_LABEL (label))[0] != '\0' &&
         !rapport_document_page_get_busy (document_page ());
}

static gboolean
server_title_is (gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote_id);
  g_autoptr(RapportTestReply) reply = api ("GET", path, NULL);

  return g_strcmp0 (rapport_test_reply_string (reply, "title"), data) == 0;
}

static void
test_conflict_and_validation (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote_id);
  g_autoptr(RapportTestReply) elsewhere = api ("PATCH", path, "{\"version\":1,\"title\":\"Changed elsewhere\"}");
  GtkWidget *error_label = CHILD (document_page (), RAPPORT_TYPE_DOCUMENT_PAGE, "error_label");
  GtkWidget *contact = form_row ("contact_id");

  g_assert_cmpuint (elsewhere->status, ==, 200);

  /* someone saved first: the server's message, and the edit stays */
  gtk_editable_set_text (GTK_EDITABLE (form_row ("title")), "Lab equipment, revised");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (error_shown, NULL, 30, "the conflict");
  rapport_test_ui_wait_until (page_saved, GINT_TO_POINTER (2), 30, "the newer version under the edits");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_row ("title"))), ==, "Lab equipment, revised");
  g_free (rapport_test_ui_screenshot (window, "sales-conflict"));
  /* saved again, on top of the newer version */
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (server_title_is, "Lab equipment, revised", 30, "the second save");
  rapport_test_ui_wait_until (page_saved, GINT_TO_POINTER (3), 30, "the saved quote");
  g_assert_false (gtk_widget_get_visible (error_label));

  /* a contact of another account: refused naming the field, which is marked */
  rapport_reference_row_set_value (RAPPORT_REFERENCE_ROW (contact), other_contact_id, "Olga Other");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (error_shown, NULL, 30, "the refusal");
  g_assert_true (gtk_widget_has_css_class (contact, "error"));
  g_assert_cmpint (rapport_reference_row_get_id (RAPPORT_REFERENCE_ROW (contact)), ==, other_contact_id);
  g_free (rapport_test_ui_screenshot (window, "sales-refused"));
  rapport_reference_row_set_value (RAPPORT_REFERENCE_ROW (contact), 0, NULL);
}

/* ---- submit and send through the buttons ---- */

static gboolean
status_is (gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote_id);
  g_autoptr(RapportTestReply) reply = api ("GET", path, NULL);
  RapportDocumentPage *page = document_page ();
  CrmEntity *entity = page ? rapport_document_page_get_entity (page) : NULL;

  return g_strcmp0 (rapport_test_reply_string (reply, "status"), data) == 0 &&
         entity && g_strcmp0 (crm_entity_get_text (entity, "status"), data) == 0 &&
         !rapport_document_page_get_busy (page);
}

static GtkWidget *
step_button (const char *verb)
{
  RapportDocumentActions *actions = RAPPORT_DOCUMENT_ACTIONS (CHILD (document_page (), RAPPORT_TYPE_DOCUMENT_PAGE, "actions"));
  GtkWidget *button = rapport_document_actions_get_button (actions, verb);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  return button;
}

static void
test_submit_and_send (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote_id);
  g_autoptr(RapportTestReply) sent = NULL;
  GtkWidget *quantity;

  gtk_widget_activate (step_button ("submit"));
  rapport_test_ui_wait_until (status_is, "approved", 30, "the quote approved");

  /* sending issues the quote: asked first */
  gtk_widget_activate (step_button ("send"));
  rapport_test_ui_respond ("go", "sales-send-confirm");
  rapport_test_ui_wait_until (status_is, "sent", 30, "the quote sent");
  sent = api ("GET", path, NULL);
  g_assert_nonnull (rapport_test_reply_string (sent, "issued_sha256"));

  /* a sent quote is read-only; its next steps are offered */
  rapport_test_ui_settle (200);
  g_assert_false (gtk_widget_get_visible (CHILD (document_page (), RAPPORT_TYPE_DOCUMENT_PAGE, "save_button")));
  quantity = rapport_document_lines_get_cell (lines (), 0, "quantity");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (quantity)));
  g_assert_nonnull (step_button ("accept"));
  g_assert_nonnull (step_button ("revise"));
  g_free (rapport_test_ui_screenshot (window, "sales-quote-sent"));
}

/* ---- the issued PDF, and printing ---- */

static void
test_export_pdf (void)
{
  g_autofree char *path = g_build_filename (server->data_dir, "exported.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  rapport_document_page_export_pdf_async (document_page (), file, rapport_test_ui_keep_result, &result);
  rapport_test_ui_wait_result (&result, "the exported PDF");
  g_assert_true (rapport_document_page_export_pdf_finish (document_page (), result, &error));
  g_assert_no_error (error);
  text = rapport_test_ui_pdf_text (path);
  g_assert_nonnull (strstr (text, quote_number));
}

static gint64
prints (void)
{
  g_autofree char *statement = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE action = 'print' AND entity_id = %"
                                                G_GINT64_FORMAT, quote_id);
  g_autofree char *output = rapport_test_server_sql (server, statement);

  return g_ascii_strtoll (output, NULL, 10);
}

static void
test_print (void)
{
  g_autofree char *path = g_build_filename (server->data_dir, "printed.pdf", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 before = prints ();

  rapport_document_page_print_async (document_page (), GTK_PRINT_OPERATION_ACTION_EXPORT, path,
                                     rapport_test_ui_keep_result, &result);
  rapport_test_ui_wait_result (&result, "the print");
  g_assert_true (rapport_document_page_print_finish (document_page (), result, &error));
  g_assert_no_error (error);
  text = rapport_test_ui_pdf_text (path);
  g_assert_nonnull (strstr (text, quote_number));
  g_assert_nonnull (strstr (text, "Acme Hospital"));
  g_assert_nonnull (strstr (text, "5,476.10"));
  /* each line's product code, as the server prints it */
  g_assert_nonnull (strstr (text, "TST-1"));
  /* the server audited the print */
  g_assert_cmpint (prints (), ==, before + 1);
}

/* ---- the next document: an order from the accepted quote ---- */

static gboolean
order_shown (gpointer data)
{
  RapportDocumentPage *page = document_page ();
  CrmEntity *entity = page ? rapport_document_page_get_entity (page) : NULL;

  return entity && g_str_equal (crm_entity_get_entity_name (entity), "order") && !rapport_document_page_get_busy (page);
}

static void
test_make_order (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders?quote_id=%" G_GINT64_FORMAT, quote_id);
  g_autoptr(RapportTestReply) orders = NULL;
  g_autofree char *expected = amount ("5476.10");
  CrmEntity *order;

  gtk_widget_activate (step_button ("accept"));
  rapport_test_ui_wait_until (status_is, "accepted", 30, "the quote accepted");
  gtk_widget_activate (step_button ("order"));
  rapport_test_ui_wait_until (order_shown, NULL, 30, "the new order");
  order = rapport_document_page_get_entity (document_page ());
  g_assert_cmpstr (crm_entity_get_text (order, "status"), ==, "draft");
  g_assert_cmpint (crm_entity_get_int (order, "quote"), ==, quote_id);
  g_assert_cmpuint (crm_entity_get_lines (order)->len, ==, 2);
  /* the Sales orders section, its order open and still editable */
  g_assert_true (gtk_list_box_row_is_selected (rapport_window_get_section_row (RAPPORT_WINDOW (window), "orders")));
  g_assert_true (gtk_widget_get_visible (CHILD (document_page (), RAPPORT_TYPE_DOCUMENT_PAGE, "save_button")));
  g_assert_nonnull (step_button ("confirm"));
  orders = api ("GET", path, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (orders), "items")), ==, 1);
  /* the order is priced as the quote was */
  rapport_test_ui_wait_until (total_shown, expected, 10, "the order's total");
  g_free (rapport_test_ui_screenshot (window, "sales-order"));
}

/* ---- a narrow window ---- */

static gboolean
narrow_quote_loaded (gpointer data)
{
  GtkStack *stack = GTK_STACK (CHILD (data, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *child = gtk_stack_get_visible_child (stack);

  return RAPPORT_IS_DOCUMENT_PAGE (child) &&
         rapport_document_page_get_entity (RAPPORT_DOCUMENT_PAGE (child)) != NULL;
}

static void
test_narrow (void)
{
  GtkWidget *narrow = rapport_test_ui_open_window (360, 720);

  rapport_test_ui_sign_in (narrow, server->base_url, "dora", PASSWORD);
  rapport_window_open_record (RAPPORT_WINDOW (narrow), "quotes", quote_id, NULL);
  rapport_test_ui_wait_until (narrow_quote_loaded, narrow, 30, "the quote in the narrow window");
  rapport_test_ui_settle (500);
  /* the editor fits a phone's width: the steps and the lines scroll sideways */
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (CHILD (narrow, RAPPORT_TYPE_WINDOW, "leaflet"))));
  {
    GtkStack *stack = GTK_STACK (CHILD (narrow, RAPPORT_TYPE_WINDOW, "content_stack"));
    int minimum;

    gtk_widget_measure (gtk_stack_get_visible_child (stack), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
  g_free (rapport_test_ui_screenshot (narrow, "sales-narrow"));
  gtk_window_destroy (GTK_WINDOW (narrow));
}

/* ---- print templates, for administrators ---- */

static RapportAdminTemplatesPage *
templates_page (void)
{
  GtkWidget *admin = gtk_stack_get_child_by_name (content_stack (), "admin");

  return RAPPORT_ADMIN_TEMPLATES_PAGE (CHILD (admin, RAPPORT_TYPE_ADMIN_PAGE, "templates_page"));
}

static gboolean
templates_ready (gpointer data)
{
  return !rapport_admin_templates_page_get_busy (templates_page ()) &&
         rapport_admin_templates_page_get_n_templates (templates_page ()) == GPOINTER_TO_UINT (data);
}

static gboolean
preview_drawn (gpointer data)
{
  RapportTemplatePreview *preview = RAPPORT_TEMPLATE_PREVIEW (CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE,
                                                                     "preview"));

  return rapport_template_preview_get_n_pages (preview) > 0;
}

static gboolean
template_error_shown (gpointer data)
{
  GtkWidget *label = CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "error_label");

  return gtk_widget_get_visible (label) && !rapport_admin_templates_page_get_busy (templates_page ());
}

static void
test_templates (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  g_autoptr(GBytes) shipped = g_resources_lookup_data (SHIPPED_TEMPLATE, 0, NULL);
  g_auto(GStrv) parts = g_strsplit (g_bytes_get_data (shipped, NULL), "上海瑞博医疗科技有限公司", 2);
  g_autofree char *content = g_strjoinv ("Rapport Test Company", parts);
  const char *bad = "{\"version\":1,\"columns\":[\"nonsense\"]}";
  g_autoptr(RapportTestReply) stored = NULL;
  g_autoptr(RapportTestReply) refused = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *template_path = NULL;
  GtkWidget *name_row;
  JsonObject *item;
  GtkWidget *error_label;

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  rapport_test_ui_sign_in (window, server->base_url, "admin", server->admin_password);
  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), "admin"));
  rapport_admin_page_show (RAPPORT_ADMIN_PAGE (gtk_stack_get_child_by_name (content_stack (), "admin")), "templates");
  rapport_test_ui_wait_until (templates_ready, GUINT_TO_POINTER (0), 30, "the templates");
  /* none stored: a new one, from the shipped one, previewed */
  rapport_test_ui_wait_until (preview_drawn, NULL, 10, "the preview");

  gtk_editable_set_text (GTK_EDITABLE (CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "name_row")), "house");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "description_row")),
                         "House style");
  rapport_admin_templates_page_set_content (templates_page (), content);
  rapport_test_ui_settle (500);
  g_free (rapport_test_ui_screenshot (window, "sales-template-editor"));
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (templates_ready, GUINT_TO_POINTER (1), 30, "the stored template");
  stored = rapport_test_request (server, "GET", "/api/v1/templates?q=house", server->admin_token, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (stored), "items")), ==, 1);
  item = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (stored), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "house");
  g_assert_nonnull (strstr (json_object_get_string_member (item, "content"), "Rapport Test Company"));

  /* one that would not print: the server's reason, and nothing stored */
  rapport_admin_templates_page_set_content (templates_page (), bad);
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (template_error_shown, NULL, 30, "the refusal");
  error_label = CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "error_label");
  template_path = g_strdup_printf ("/api/v1/templates/%" G_GINT64_FORMAT, json_object_get_int_member (item, "id"));
  patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"content\":\"%s\"}",
                           json_object_get_int_member (item, "version"), "{\\\"version\\\":1,\\\"columns\\\":[\\\"nonsense\\\"]}");
  refused = rapport_test_request (server, "PATCH", template_path, server->admin_token, patch);
  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "content");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)),
                   ==, json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (refused), "error"),
                                                      "message"));
  {
    g_autoptr(RapportTestReply) again = rapport_test_request (server, "GET", template_path, server->admin_token, NULL);
    g_assert_nonnull (strstr (rapport_test_reply_string (again, "content"), "Rapport Test Company"));
  }
  rapport_test_ui_settle (500);
  g_free (rapport_test_ui_screenshot (window, "sales-template-refused"));

  /* unsaved edits are not thrown away without asking */
  name_row = CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "name_row");
  rapport_admin_templates_page_new_template (templates_page ());
  rapport_test_ui_respond ("cancel", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "house");
  rapport_admin_templates_page_new_template (templates_page ());
  rapport_test_ui_respond ("discard", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), !=, "house");
}

static gint64
post (const char *collection,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gint64
post (const char *collection,
      const char *format,
      ...)
{
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  return rapport_test_create (server, director, collection, body);
}

static void
step (gint64      quote,
      const char *verb)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/%s", quote, verb);
  g_autoptr(RapportTestReply) reply = api ("POST", path, "{}");

  if (reply->status != 200)
    g_error ("%s: %u %s", verb, reply->status, reply->body);
}

int
main (int   argc,
      char *argv[])
{
  gint64 other_account, earlier;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  director = rapport_test_server_add_user (server, "dora", "director");
  analyser_id = post ("products", "{\"code\":\"TST-1\",\"name\":\"Test analyser\",\"unit\":\"pc\",\"list_price\":\"1234.50\","
                                  "\"currency\":\"CNY\",\"tax_rate\":\"13\"}");
  service_id = post ("products", "{\"code\":\"TST-2\",\"name\":\"Service day\",\"unit\":\"day\",\"list_price\":\"800\","
                                 "\"currency\":\"CNY\",\"tax_rate\":\"6\"}");
  account_id = post ("accounts", "{\"name\":\"Acme Hospital 测试医院\",\"address\":\"1 Test Road\\nTest City\"}");
  other_account = post ("accounts", "{\"name\":\"Other Clinic\"}");
  other_contact_id = post ("contacts", "{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"Olga Other\"}", other_account);
  /* the customer accepted the analyser at 1,100.00 before */
  earlier = post ("quotes", "{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":[{\"product_id\":%"
                  G_GINT64_FORMAT ",\"description\":\"Analyser\",\"quantity\":\"1\",\"unit_price\":\"1100\",\"tax_rate\":\"13\"}]}",
                  account_id, analyser_id);
  step (earlier, "submit");
  step (earlier, "send");
  step (earlier, "accept");

  window = rapport_test_ui_open_window (1280, 860);
  rapport_test_ui_sign_in (window, server->base_url, "dora", PASSWORD);

  g_test_add_func ("/sales/sections", test_sections);
  g_test_add_func ("/sales/new-quote", test_new_quote);
  g_test_add_func ("/sales/conflict-and-validation", test_conflict_and_validation);
  g_test_add_func ("/sales/submit-and-send", test_submit_and_send);
  g_test_add_func ("/sales/export-pdf", test_export_pdf);
  g_test_add_func ("/sales/print", test_print);
  g_test_add_func ("/sales/make-order", test_make_order);
  g_test_add_func ("/sales/narrow", test_narrow);
  g_test_add_func ("/sales/templates", test_templates);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (director);
  g_free (quote_number);
  rapport_test_server_stop (server);
  return status;
}
