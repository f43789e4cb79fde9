/* test-leads.c: the Leads section under Xvfb, against a real rapportd: a lead created in its list, converted, and the new account opened */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "widgets/rapport-choice-row.h"
#include "widgets/rapport-entity-form.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>

#define PASSWORD "correct horse battery"
#define COMPANY "苏州明远精密机械有限公司"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";

static char *
shot_name (const char *name)
{
  return g_strdup_printf ("%s%s", name, suffix);
}

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static RapportRecordPage *
record_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_RECORD_PAGE (child) ? RAPPORT_RECORD_PAGE (child) : NULL;
}

static gboolean
list_loaded (gpointer data)
{
  RapportListModel *model = rapport_records_page_get_model (data);

  return !rapport_list_model_get_loading (model) && rapport_list_model_get_total (model) >= 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == (guint) rapport_list_model_get_total (model);
}

/* the page shows a record of @data's collection, loaded */
static gboolean
shows_record_of (gpointer data)
{
  RapportRecordPage *page = record_page ();
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), data);
}

static gboolean
new_record_shown (gpointer data)
{
  RapportRecordPage *page = record_page ();

  return page != NULL && rapport_record_page_get_entity (page) == NULL;
}

static gboolean
button_shown (gpointer data)
{
  return record_page () != NULL && rapport_test_ui_find_button (GTK_WIDGET (record_page ()), data) != NULL;
}

static void
set_field (const char *json_key,
           const char *text)
{
  GtkWidget *row = rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), json_key);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* the values the status drop-down offers, joined by spaces */
static char *
offered_statuses (void)
{
  GtkWidget *row = rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), "status");
  GListModel *model = gtk_drop_down_get_model (rapport_choice_row_get_drop_down (RAPPORT_CHOICE_ROW (row)));
  g_autoptr(GString) offered = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (offered, "%s%s", offered->len ? " " : "", (const char *) g_object_get_data (item, "value"));
    }
  return g_string_free (g_steal_pointer (&offered), FALSE);
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "lena", PASSWORD);
}

static void
test_create_and_convert (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "leads");
  g_autofree char *list_shot = shot_name ("leads-list");
  g_autofree char *empty_shot = shot_name ("leads-empty-list");
  g_autofree char *lead_shot = shot_name ("leads-lead");
  g_autofree char *account_shot = shot_name ("leads-converted-account");
  RapportRecordsPage *list;
  CrmEntity *account;
  GtkWidget *convert;
  gint64 lead_id;
  g_autofree char *lead_path = NULL;
  g_autoptr(RapportTestReply) lead = NULL;

  /* the section is in the sidebar, its list loads, with its own columns */
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_signal_emit_by_name (sections, "row-activated", row);
  list = RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (content_stack (), "leads"));
  g_assert_nonnull (list);
  rapport_test_ui_wait_until (list_loaded, list, 30, "the leads list");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, empty_shot));

  /* a new lead, saved from its form */
  gtk_widget_activate_action (window, "win.new", NULL);
  rapport_test_ui_wait_until (new_record_shown, NULL, 30, "the new lead's form");
  /* a new lead starts new: the drop-down offers nothing else */
  {
    g_autofree char *offered = offered_statuses ();

    g_assert_cmpstr (offered, ==, "new");
  }
  set_field ("company", COMPANY);
  set_field ("person", "周明");
  set_field ("mobile", "139 1234 5678");
  set_field ("title", "设备部主任");
  /* a score is typed as a whole number within its bounds */
  set_field ("score", "120");
  g_assert_true (gtk_widget_has_css_class (rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), "score"),
                                           "error"));
  set_field ("score", "85");
  g_assert_false (gtk_widget_has_css_class (rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), "score"),
                                            "error"));
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (shows_record_of, "leads", 30, "the saved lead");
  lead_id = crm_entity_get_id (rapport_record_page_get_entity (record_page ()));
  g_assert_cmpint (lead_id, >, 0);
  g_assert_cmpstr (crm_entity_get_text (rapport_record_page_get_entity (record_page ()), "status"), ==, "new");
  g_assert_cmpint (crm_entity_get_int (rapport_record_page_get_entity (record_page ()), "score"), ==, 85);
  /* and a stored one only the moves it may make: never "converted" */
  {
    g_autofree char *offered = offered_statuses ();

    g_assert_cmpstr (offered, ==, "new working disqualified");
  }

  /* an open lead offers Convert */
  rapport_test_ui_wait_until (button_shown, (gpointer) _("Convert"), 10, "the Convert button");
  rapport_test_ui_settle (200);
  g_free (rapport_test_ui_screenshot (window, lead_shot));
  convert = rapport_test_ui_find_button (GTK_WIDGET (record_page ()), _("Convert"));
  g_signal_emit_by_name (convert, "clicked");

  /* the account it became opens */
  rapport_test_ui_wait_until (shows_record_of, "accounts", 30, "the new account's page");
  account = rapport_record_page_get_entity (record_page ());
  g_assert_cmpstr (crm_entity_get_text (account, "name"), ==, COMPANY);
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, COMPANY));
  g_free (rapport_test_ui_screenshot (window, account_shot));

  lead_path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT, lead_id);
  lead = rapport_test_request (server, "GET", lead_path, rep, NULL);
  g_assert_cmpuint (lead->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (lead, "status"), ==, "converted");
  g_assert_cmpint (rapport_test_reply_int (lead, "converted_account_id"), ==, crm_entity_get_id (account));
  g_assert_cmpint (rapport_test_reply_int (lead, "converted_contact_id"), >, 0);

  /* Back returns to the lead, converted now, without Convert */
  gtk_widget_activate_action (window, "win.go-back", NULL);
  rapport_test_ui_wait_until (shows_record_of, "leads", 30, "the lead again");
  g_assert_cmpstr (crm_entity_get_text (rapport_record_page_get_entity (record_page ()), "status"), ==, "converted");
  rapport_test_ui_settle (200);
  g_assert_null (rapport_test_ui_find_button (GTK_WIDGET (record_page ()), _("Convert")));

  /* the list shows it converted */
  g_signal_emit_by_name (sections, "row-activated", row);
  rapport_test_ui_wait_until (list_loaded, list, 30, "the leads list again");
  rapport_test_ui_settle (300);
  g_assert_cmpint (rapport_list_model_get_total (rapport_records_page_get_model (list)), ==, 1);
  g_assert_nonnull (rapport_test_ui_find_label (window, C_("lead", "Converted")));
  /* status, owner and source as columns, filters on source and status */
  g_assert_nonnull (rapport_test_ui_find_label (window, C_("lead source", "Source channel")));
  g_assert_nonnull (rapport_test_ui_find_label (window, C_("lead", "Status")));
  g_assert_nonnull (rapport_test_ui_find_label (window, _("Owner")));
  g_assert_nonnull (rapport_test_ui_find_label (window, COMPANY));
  g_free (rapport_test_ui_screenshot (window, list_shot));
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
  rep = rapport_test_server_add_user (server, "lena", "sales");
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/leads/sign-in", test_sign_in);
  g_test_add_func ("/ui/leads/create-and-convert", test_create_and_convert);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
