/* test-forms.c: record forms fit their fields: dates in a calendar, currencies and choices in drop-downs with search, defaults, Save suggested on a change, focus and Tab, under Xvfb against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-test-keys.h"
#include "rapport-window.h"
#include "pages/rapport-document-page.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "widgets/rapport-choice-row.h"
#include "widgets/rapport-date-row.h"
#include "widgets/rapport-document-lines.h"
#include "widgets/rapport-entity-form.h"
#include "crm-entities.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

static RapportTestServer *server;
static GtkWidget *window;
static char *suffix;
static gint64 account_id, contact_id, quote_id;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

/* ---- pages ---- */

static GtkWidget *
record_page (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));

  return RAPPORT_IS_RECORD_PAGE (page) ? page : NULL;
}

static RapportEntityForm *
form (void)
{
  return rapport_record_page_get_form (RAPPORT_RECORD_PAGE (record_page ()));
}

static GtkWidget *
row (const char *json_key)
{
  GtkWidget *found = rapport_entity_form_get_row (form (), json_key);

  g_assert_nonnull (found);
  return found;
}

static gboolean
record_loaded (gpointer data)
{
  return record_page () && rapport_record_page_get_entity (RAPPORT_RECORD_PAGE (record_page ())) != NULL;
}

static gboolean
page_closed (gpointer data)
{
  return record_page () == NULL;
}

static void
open_record (const char *collection,
             gint64      id)
{
  rapport_window_open_record (RAPPORT_WINDOW (window), collection, id, NULL);
  g_assert_nonnull (record_page ());
  if (id != 0)
    rapport_test_ui_wait_until (record_loaded, NULL, 30, "the record");
  rapport_test_ui_settle (100);
}

static void
close_record (void)
{
  gtk_widget_activate_action (window, "win.close-page", NULL);
  rapport_test_ui_settle (200);
}

static gboolean
save_suggested (void)
{
  return gtk_widget_has_css_class (CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE, "save_button"), "suggested-action");
}

static GtkWidget *
focus (void)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static void
screenshot (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s", name, suffix);

  g_free (rapport_test_ui_screenshot (window, file));
}

/* ---- tests ---- */

/* the metamodel says a new product is active: the form shows it, and the
 * server, sent nothing about it, stores it so */
static void
test_product_active_default (void)
{
  GtkWidget *active;
  CrmEntity *saved;

  open_record ("products", 0);
  active = g_object_get_data (G_OBJECT (row ("active")), "switch");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (active)));
  g_assert_false (rapport_entity_form_is_dirty (form ()));

  gtk_editable_set_text (GTK_EDITABLE (row ("code")), "FORM-1");
  gtk_editable_set_text (GTK_EDITABLE (row ("name")), "Form analyser");
  rapport_choice_row_set_value (RAPPORT_CHOICE_ROW (row ("currency")), "CNY");
  rapport_record_page_save (RAPPORT_RECORD_PAGE (record_page ()));
  rapport_test_ui_wait_until (record_loaded, NULL, 30, "the saved product");
  saved = rapport_record_page_get_entity (RAPPORT_RECORD_PAGE (record_page ()));
  g_assert_cmpint (crm_entity_get_id (saved), >, 0);
  g_assert_true (crm_entity_get_bool (saved, "active"));
  g_assert_cmpstr (crm_entity_get_text (saved, "currency"), ==, "CNY");
  close_record ();
  g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
}

/* a record opens with the focus in its first field, not on Archive */
static void
test_initial_focus (void)
{
  open_record ("accounts", account_id);
  g_assert_nonnull (focus ());
  g_assert_true (gtk_widget_is_ancestor (focus (), row ("name")));
  g_assert_false (focus () == CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE, "archive_button"));
  close_record ();

  open_record ("products", 0);
  g_assert_nonnull (focus ());
  g_assert_true (gtk_widget_is_ancestor (focus (), row ("code")));
  close_record ();
  g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
}

/* Save is the suggested action only while something differs from what was loaded */
static void
test_save_suggested (void)
{
  g_autofree char *name = NULL;

  open_record ("accounts", account_id);
  g_assert_false (save_suggested ());
  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row ("name"))));
  gtk_editable_set_text (GTK_EDITABLE (row ("name")), "Changed Ltd");
  g_assert_true (save_suggested ());
  screenshot ("forms-save-suggested");
  gtk_editable_set_text (GTK_EDITABLE (row ("name")), name);
  g_assert_false (save_suggested ());

  open_record ("products", 0);
  g_assert_false (save_suggested ());
  gtk_editable_set_text (GTK_EDITABLE (row ("code")), "X");
  g_assert_true (save_suggested ());
  gtk_editable_set_text (GTK_EDITABLE (row ("code")), "");
  close_record ();
  g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
}

/* Tab through every row at full speed, then close: nothing was changed, nothing is asked */
static void
test_tab_through_and_close (void)
{
  static const struct { const char *collection; gint64 *id; } records[] = {
    { "products", NULL },
    { "contacts", &contact_id },
    { "accounts", &account_id },
  };

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      open_record (records[i].collection, records[i].id ? *records[i].id : 0);
      rapport_test_keys_send (window, "<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>");
      g_assert_false (rapport_entity_form_is_dirty (form ()));
      g_assert_false (save_suggested ());
      close_record ();
      g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
      rapport_test_ui_wait_until (page_closed, NULL, 10, "the page to close");
    }
}

static RapportDocumentPage *
document_page (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));

  return RAPPORT_IS_DOCUMENT_PAGE (page) ? RAPPORT_DOCUMENT_PAGE (page) : NULL;
}

static gboolean
document_loaded (gpointer data)
{
  RapportDocumentPage *page = document_page ();

  return page && rapport_document_page_get_entity (page) != NULL && !rapport_document_page_get_busy (page) &&
         rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_DOCUMENT_LINES) != NULL;
}

static gboolean
document_closed (gpointer data)
{
  return document_page () == NULL;
}

static gboolean
document_save_suggested (void)
{
  return gtk_widget_has_css_class (CHILD (document_page (), RAPPORT_TYPE_DOCUMENT_PAGE, "save_button"), "suggested-action");
}

static GtkWidget *
document_cell (const char *key)
{
  GtkWidget *lines = rapport_test_ui_find_by_type (GTK_WIDGET (document_page ()), RAPPORT_TYPE_DOCUMENT_LINES);
  GtkWidget *cell = rapport_document_lines_get_cell (RAPPORT_DOCUMENT_LINES (lines), 0, key);

  g_assert_nonnull (cell);
  return cell;
}

static void
open_quote (void)
{
  rapport_window_open_record (RAPPORT_WINDOW (window), "quotes", quote_id, NULL);
  rapport_test_ui_wait_until (document_loaded, NULL, 30, "the quote");
  rapport_test_ui_settle (100);
}

/* a quote's Save is suggested only while its header or lines differ from what was loaded */
static void
test_document_save_suggested (void)
{
  RapportEntityForm *header;
  GtkWidget *title;
  GtkWidget *quantity;

  open_quote ();
  g_assert_false (document_save_suggested ());
  header = RAPPORT_ENTITY_FORM (rapport_test_ui_find_by_type (GTK_WIDGET (document_page ()), RAPPORT_TYPE_ENTITY_FORM));
  title = rapport_entity_form_get_row (header, "title");
  gtk_editable_set_text (GTK_EDITABLE (title), "Changed title");
  g_assert_true (document_save_suggested ());
  gtk_editable_set_text (GTK_EDITABLE (title), "Forms quote");
  g_assert_false (document_save_suggested ());

  quantity = document_cell ("quantity");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (quantity)), ==, "2");
  gtk_editable_set_text (GTK_EDITABLE (quantity), "3");
  g_assert_true (document_save_suggested ());
  screenshot ("forms-document-save-suggested");
  gtk_editable_set_text (GTK_EDITABLE (quantity), "2");
  g_assert_false (document_save_suggested ());
  gtk_widget_activate_action (window, "win.close-page", NULL);
  rapport_test_ui_settle (200);
  g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
  rapport_test_ui_wait_until (document_closed, NULL, 10, "the quote to close");
}

/* Tab through a quote's header and lines at full speed, then close: nothing is asked */
static void
test_document_tab_through_and_close (void)
{
  open_quote ();
  rapport_test_keys_send (window, "<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>"
                                  "<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>");
  /* and through the line's cells */
  gtk_widget_grab_focus (document_cell ("product_id"));
  rapport_test_keys_send (window, "<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>");
  rapport_test_ui_settle (200);
  g_assert_false (document_save_suggested ());
  gtk_widget_activate_action (window, "win.close-page", NULL);
  rapport_test_ui_settle (200);
  g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
  rapport_test_ui_wait_until (document_closed, NULL, 10, "the quote to close");
}

static gboolean
popover_state (gpointer data)
{
  GtkWidget *popover = (GtkWidget *) gtk_menu_button_get_popover (rapport_date_row_get_button (RAPPORT_DATE_ROW (row ("birthday"))));

  return gtk_widget_get_mapped (popover) == GPOINTER_TO_INT (data);
}

/* a date row is typed in, in the user's order too, or picked in its calendar */
static void
test_date_popover (void)
{
  GtkMenuButton *button;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  open_record ("contacts", contact_id);
  g_assert_true (RAPPORT_IS_DATE_ROW (row ("birthday")));
  gtk_editable_set_text (GTK_EDITABLE (row ("birthday")), "1980/2/27");
  text = rapport_entity_form_get_text (form (), "birthday");
  g_assert_cmpstr (text, ==, "1980-02-27");
  g_assert_true (rapport_date_parse ("1980年2月27日", &date));
  g_assert_cmpuint (g_date_get_day (&date), ==, 27);
  g_assert_false (rapport_date_parse ("1980-02-30", &date));

  /* the calendar opens on the date typed */
  button = rapport_date_row_get_button (RAPPORT_DATE_ROW (row ("birthday")));
  gtk_menu_button_popup (button);
  rapport_test_ui_wait_until (popover_state, GINT_TO_POINTER (TRUE), 10, "the calendar");
  g_free (rapport_test_ui_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (button)),
                                      suffix[0] ? "forms-date-popover-zh_CN" : "forms-date-popover"));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (rapport_date_row_get_calendar (RAPPORT_DATE_ROW (row ("birthday"))))));
  /* a day picked, as a click on it does */
  day = g_date_time_new_local (1980, 2, 28, 12, 0, 0);
  gtk_calendar_select_day (rapport_date_row_get_calendar (RAPPORT_DATE_ROW (row ("birthday"))), day);
  rapport_test_ui_wait_until (popover_state, GINT_TO_POINTER (FALSE), 10, "the calendar to close");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row ("birthday"))), ==, "1980-02-28");
  g_assert_true (save_suggested ());
  rapport_record_page_save (RAPPORT_RECORD_PAGE (record_page ()));
}

static gboolean
saved_birthday (gpointer data)
{
  CrmEntity *entity = rapport_record_page_get_entity (RAPPORT_RECORD_PAGE (record_page ()));

  return entity && g_strcmp0 (crm_entity_get_text (entity, "birthday"), data) == 0;
}

static void
test_date_saved (void)
{
  rapport_test_ui_wait_until (saved_birthday, "1980-02-28", 30, "the birthday saved");
  g_assert_false (save_suggested ());
  close_record ();
  g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
currency_shown (gpointer data)
{
  return g_strcmp0 (rapport_choice_row_get_value (RAPPORT_CHOICE_ROW (row ("currency"))), data) == 0;
}

/* the currency is chosen from ISO 4217: typing "cn" in the drop-down's search leaves CNY */
static void
test_currency_search (void)
{
  g_autofree char *popup = NULL;
  GtkDropDown *drop_down;
  GtkWidget *search;

  open_record ("products", 0);
  g_assert_true (RAPPORT_IS_CHOICE_ROW (row ("currency")));
  /* a free text stays typed */
  g_assert_false (RAPPORT_IS_CHOICE_ROW (row ("category")));
  drop_down = rapport_choice_row_get_drop_down (RAPPORT_CHOICE_ROW (row ("currency")));
  g_assert_true (gtk_drop_down_get_enable_search (drop_down));
  gtk_widget_grab_focus (GTK_WIDGET (drop_down));
  rapport_test_keys_send (window, "<space>");
  rapport_test_keys_send (window, "cn");
  search = rapport_test_ui_find_by_type (GTK_WIDGET (drop_down), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "cn");
  popup = g_strdup_printf ("forms-currency-search%s", suffix);
  g_free (rapport_test_ui_screenshot (gtk_widget_get_ancestor (search, GTK_TYPE_POPOVER), popup));
  rapport_test_keys_send (window, "<Return>");
  rapport_test_ui_wait_until (currency_shown, "CNY", 10, "CNY chosen");
  g_assert_true (save_suggested ());
  screenshot ("forms-currency-chosen");
}

/* one choice left in the drop-down's list, and it shows CNY */
static gboolean
one_currency_left (gpointer data)
{
  GtkWidget *list = rapport_test_ui_find_by_type (data, GTK_TYPE_LIST_VIEW);

  return list && g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))) == 1 &&
         rapport_test_ui_find_label_containing (list, "CNY") != NULL;
}

/* the currencies are named in the interface's language, by ICU: found by that
 * name in the drop-down's search as by their code */
static void
test_currency_names (void)
{
  /* ICU's names, in the language under test */
  const char *cny = suffix[0] ? "人民币" : "Chinese Yuan";
  const char *usd = suffix[0] ? "美元" : "US Dollar";
  g_autofree char *popup = NULL;
  g_autofree char *initial = NULL;
  GtkDropDown *drop_down;
  GtkWidget *search;
  GtkWidget *popover;

  open_record ("products", 0);
  initial = g_strdup (rapport_choice_row_get_value (RAPPORT_CHOICE_ROW (row ("currency"))));
  drop_down = rapport_choice_row_get_drop_down (RAPPORT_CHOICE_ROW (row ("currency")));
  rapport_choice_row_set_value (RAPPORT_CHOICE_ROW (row ("currency")), "USD");
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (drop_down), usd));
  gtk_widget_grab_focus (GTK_WIDGET (drop_down));
  rapport_test_keys_send (window, "<space>");
  search = rapport_test_ui_find_by_type (GTK_WIDGET (drop_down), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  popover = gtk_widget_get_ancestor (search, GTK_TYPE_POPOVER);
  /* typed by name, as an input method gives it */
  gtk_editable_set_text (GTK_EDITABLE (search), cny);
  rapport_test_ui_wait_until (one_currency_left, popover, 10, "the one currency of that name");
  popup = g_strdup_printf ("forms-currency-names%s", suffix);
  g_free (rapport_test_ui_screenshot (popover, popup));
  rapport_test_keys_send (window, "<Return>");
  rapport_test_ui_wait_until (currency_shown, "CNY", 10, "CNY chosen by name");
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (drop_down), cny));
  screenshot ("forms-currency-named");
  rapport_choice_row_set_value (RAPPORT_CHOICE_ROW (row ("currency")), initial);
  close_record ();
  g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
  rapport_test_ui_wait_until (page_closed, NULL, 10, "the page to close");
}

static GtkWidget *
records_page (void)
{
  return gtk_stack_get_child_by_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "products");
}

static gboolean
one_result (gpointer data)
{
  GListModel *model = G_LIST_MODEL (rapport_records_page_get_model (RAPPORT_RECORDS_PAGE (records_page ())));

  return g_list_model_get_n_items (model) == 1;
}

static gboolean
record_titled (gpointer data)
{
  return record_loaded (NULL) &&
         g_strcmp0 (rapport_record_page_get_title (RAPPORT_RECORD_PAGE (record_page ())), data) == 0;
}

/* the focus is in the results, their first row selected */
static gboolean
first_result_focused (gpointer data)
{
  GtkWidget *results = data;

  return focus () != NULL && (gtk_widget_is_ancestor (focus (), results) || focus () == results) &&
         gtk_selection_model_is_selected (rapport_records_page_get_selection (RAPPORT_RECORDS_PAGE (records_page ())), 0);
}

/* Enter in a list's search moves to the results: a second Enter opens the first */
static void
test_search_enter (void)
{
  GtkWidget *search;
  GtkWidget *results;

  rapport_window_show_section (RAPPORT_WINDOW (window), "products");
  search = CHILD (records_page (), RAPPORT_TYPE_RECORDS_PAGE, "search_entry");
  results = CHILD (records_page (), RAPPORT_TYPE_RECORDS_PAGE, "column_view");
  gtk_widget_grab_focus (search);
  rapport_test_keys_send (window, "form");
  rapport_test_ui_wait_until (one_result, NULL, 30, "the one product found");
  rapport_test_keys_send (window, "<Return>");
  rapport_test_ui_wait_until (first_result_focused, results, 30, "the focus on the first result");
  screenshot ("forms-search-enter");
  rapport_test_keys_send (window, "<Return>");
  rapport_test_ui_wait_until (record_titled, "Form analyser", 30, "the product opened");
  close_record ();
}

static void
assert_named (GtkWidget  *widget,
              const char *name)
{
  g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                 name);

  if (problem)
    g_error ("%s %s: %s", G_OBJECT_TYPE_NAME (widget), name, problem);
}

/* every control of a form is named by its field, so that a screen reader and
 * AT-SPI reach it by name: the text of an entry, a drop-down, a switch, the
 * calendar button */
static void
test_accessible_names (void)
{
  static const char * const collections[] = { "products", "contacts" };

  for (guint c = 0; c < G_N_ELEMENTS (collections); c++)
    {
      CrmEntityClass *klass = g_type_class_ref (crm_entities_lookup_collection (collections[c]));
      guint named = 0;

      open_record (collections[c], 0);
      for (guint i = 0; i < klass->n_fields; i++)
        {
          const CrmFieldSpec *spec = &klass->fields[i];
          GtkWidget *widget = rapport_entity_form_get_row (form (), crm_field_spec_get_json_key (spec));
          const char *label = crm_field_spec_get_label (spec);

          if (widget == NULL)
            continue;
          if (RAPPORT_IS_CHOICE_ROW (widget))
            assert_named (GTK_WIDGET (rapport_choice_row_get_drop_down (RAPPORT_CHOICE_ROW (widget))), label);
          else if (spec->type == CRM_FIELD_BOOL)
            assert_named (g_object_get_data (G_OBJECT (widget), "switch"), label);
          else if (GTK_IS_EDITABLE (widget))
            assert_named (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (widget))), label);
          else
            continue;
          if (RAPPORT_IS_DATE_ROW (widget))
            assert_named (GTK_WIDGET (rapport_date_row_get_button (RAPPORT_DATE_ROW (widget))),
                          _("Pick a date in a calendar"));
          named++;
        }
      g_assert_cmpuint (named, >, 5);
      g_type_class_unref (klass);
      close_record ();
      g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
    }
}

static gboolean
focus_within (GtkWidget *widget)
{
  return focus () && (focus () == widget || gtk_widget_is_ancestor (focus (), widget));
}

/* each filter of a list is one Tab stop: from the column chooser, Tab reaches
 * the owner filter, the archived toggle, then the status filter */
static void
test_filter_tab_stops (void)
{
  GtkWidget *page;
  GtkWidget *box;
  GtkWidget *status = NULL;

  rapport_window_show_section (RAPPORT_WINDOW (window), "quotes");
  page = gtk_stack_get_child_by_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "quotes");
  box = CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "filter_box");
  for (GtkWidget *child = gtk_widget_get_first_child (box); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *inner = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (GTK_IS_DROP_DOWN (inner) && inner != CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "owner_dropdown"))
        status = inner;
    }
  g_assert_nonnull (status);
  gtk_widget_grab_focus (CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "columns_button"));
  rapport_test_keys_send (window, "<Tab>");
  g_assert_true (focus_within (CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "owner_dropdown")));
  rapport_test_keys_send (window, "<Tab>");
  g_assert_true (focus_within (CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "archived_button")));
  rapport_test_keys_send (window, "<Tab>");
  g_assert_true (focus_within (status));
}

static gboolean
has_template (gpointer data)
{
  return rapport_choice_row_has_choice (data, "Forms letterhead");
}

/* a quote's template is chosen among those stored, by name */
static void
test_template_chooser (void)
{
  GtkWidget *page;
  RapportEntityForm *header;
  GtkWidget *template;

  rapport_window_open_record (RAPPORT_WINDOW (window), "quotes", 0, NULL);
  page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  g_assert_true (RAPPORT_IS_DOCUMENT_PAGE (page));
  header = RAPPORT_ENTITY_FORM (rapport_test_ui_find_by_type (page, RAPPORT_TYPE_ENTITY_FORM));
  template = rapport_entity_form_get_row (header, "template");
  g_assert_true (RAPPORT_IS_CHOICE_ROW (template));
  rapport_test_ui_wait_until (has_template, template, 30, "the stored templates");
  g_assert_false (rapport_choice_row_has_choice (RAPPORT_CHOICE_ROW (template), "Nothing stored"));
  rapport_choice_row_set_value (RAPPORT_CHOICE_ROW (template), "Forms letterhead");
  g_assert_cmpstr (rapport_entity_form_get_text (header, "template"), ==, "Forms letterhead");
  /* the page has slid in over the list */
  rapport_test_ui_settle (600);
  screenshot ("forms-template-chooser");
  rapport_choice_row_set_value (RAPPORT_CHOICE_ROW (template), "");
  gtk_widget_activate_action (window, "win.close-page", NULL);
  rapport_test_ui_settle (200);
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *contact = NULL;
  g_autofree char *path = NULL;
  g_autofree char *content = NULL;
  g_autofree char *body = NULL;
  g_autofree char *product = NULL;
  g_autofree char *quote = NULL;
  gint64 product_id;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  suffix = lang ? g_strdup_printf ("-%s", lang) : g_strdup ("");
  if (lang)
    g_assert_cmpstr (_("Pick a date in a calendar"), !=, "Pick a date in a calendar");

  server = rapport_test_server_start ();
  account_id = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Forms Test Ltd\"}");
  contact = g_strdup_printf ("{\"name\":\"Fiona Form\",\"account_id\":%" G_GINT64_FORMAT "}", account_id);
  contact_id = rapport_test_create (server, server->admin_token, "contacts", contact);
  path = g_test_build_filename (G_TEST_DIST, "..", "..", "schemas", "templates", "default.json", NULL);
  g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Forms letterhead");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  rapport_test_create (server, server->admin_token, "templates", body);
  product = g_strdup_printf ("{\"code\":\"FQ-1\",\"name\":\"Quoted analyser\",\"unit\":\"pc\","
                             "\"list_price\":\"100\",\"currency\":\"CNY\",\"tax_rate\":\"13\"}");
  product_id = rapport_test_create (server, server->admin_token, "products", product);
  quote = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"Forms quote\","
                           "\"lines\":[{\"product_id\":%" G_GINT64_FORMAT ",\"description\":\"Analyser\","
                           "\"quantity\":\"2\",\"unit\":\"pc\",\"unit_price\":\"100\",\"discount\":\"5\","
                           "\"tax_rate\":\"13\"}]}", account_id, product_id);
  quote_id = rapport_test_create (server, server->admin_token, "quotes", quote);

  window = rapport_test_ui_open_window (1280, 860);
  rapport_test_ui_sign_in (window, server->base_url, "admin", server->admin_password);

  g_test_add_func ("/forms/product-active-default", test_product_active_default);
  g_test_add_func ("/forms/initial-focus", test_initial_focus);
  g_test_add_func ("/forms/save-suggested", test_save_suggested);
  g_test_add_func ("/forms/tab-through-and-close", test_tab_through_and_close);
  g_test_add_func ("/forms/document-save-suggested", test_document_save_suggested);
  g_test_add_func ("/forms/document-tab-through-and-close", test_document_tab_through_and_close);
  g_test_add_func ("/forms/date-popover", test_date_popover);
  g_test_add_func ("/forms/date-saved", test_date_saved);
  g_test_add_func ("/forms/currency-names", test_currency_names);
  g_test_add_func ("/forms/currency-search", test_currency_search);
  g_test_add_func ("/forms/template-chooser", test_template_chooser);
  g_test_add_func ("/forms/search-enter", test_search_enter);
  g_test_add_func ("/forms/accessible-names", test_accessible_names);
  g_test_add_func ("/forms/filter-tab-stops", test_filter_tab_stops);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  g_free (suffix);
  return status;
}
