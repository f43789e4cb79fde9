/* test-client.c: the desktop client in a real window under Xvfb, against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-audit-page.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-sign-in-page.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

static RapportTestServer *server;
static GtkWidget *window;
static const char *suffix = "";

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static char *
shot_name (const char *name)
{
  return g_strdup_printf ("%s%s", name, suffix);
}

static GtkWidget *
sign_in_page (void)
{
  return CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page");
}

static GtkWidget *
sign_in_child (const char *name)
{
  return CHILD (sign_in_page (), RAPPORT_TYPE_SIGN_IN_PAGE, name);
}

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static RapportRecordsPage *
records_page (const char *collection)
{
  return RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (content_stack (), collection));
}

static RapportRecordPage *
record_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_RECORD_PAGE (child) ? RAPPORT_RECORD_PAGE (child) : NULL;
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

static gboolean
label_visible_widget (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (data) && gtk_label_get_text (data)[0] != '\0';
}

static void
sign_in_with (const char *password)
{
  g_autofree char *base = g_strdup (server->base_url);

  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("server_row")), base);
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("login_row")), "admin");
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("password_row")), password);
  gtk_widget_activate (sign_in_child ("sign_in_button"));
}

static void
test_sign_in (void)
{
  g_autofree char *name = shot_name ("sign-in");
  g_autofree char *error_name = shot_name ("sign-in-error");
  g_autofree char *path = NULL;
  GtkWidget *error_label = sign_in_child ("error_label");

  g_free (rapport_test_ui_screenshot (window, name));

  /* a wrong password is told inline, and the window stays usable */
  sign_in_with ("not the password");
  rapport_test_ui_wait_until (label_visible, error_label, 30, "the sign-in error");
  g_assert_false (is_workspace (NULL));
  g_assert_true (gtk_widget_get_sensitive (sign_in_child ("sign_in_button")));
  path = rapport_test_ui_screenshot (window, error_name);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  sign_in_with (server->admin_password);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");
}

static gboolean
list_loaded (gpointer data)
{
  RapportListModel *model = rapport_records_page_get_model (data);

  return g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 && !rapport_list_model_get_loading (model) &&
         rapport_list_model_get_total (model) >= 0;
}

static void
test_accounts_list (void)
{
  g_autofree char *name = shot_name ("accounts");
  RapportRecordsPage *page = records_page ("accounts");
  RapportListModel *model;
  g_autoptr(CrmEntity) first = NULL;
  GtkWidget *count_label;

  g_assert_nonnull (page);
  rapport_test_ui_wait_until (list_loaded, page, 30, "the accounts list");
  model = rapport_records_page_get_model (page);
  /* the demo accounts, plus none other */
  g_assert_cmpint (rapport_list_model_get_total (model), ==, 60);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 60);
  count_label = CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "count_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (count_label)), "60"));

  /* the rows are on screen */
  rapport_test_ui_settle (300);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_nonnull (rapport_test_ui_find_label (window, crm_entity_get_text (first, "name")));
  g_free (rapport_test_ui_screenshot (window, name));
}

typedef struct
{
  RapportListModel *model;
  guint             previous_pages;
  const char       *text;
} Reload;

/* the model searches for the text (the entry waits for typing to pause) and has the answer */
static gboolean
reloaded (gpointer data)
{
  Reload *reload = data;

  return g_strcmp0 (rapport_list_model_get_search (reload->model), reload->text) == 0 &&
         rapport_list_model_get_pages_fetched (reload->model) > reload->previous_pages &&
         !rapport_list_model_get_loading (reload->model);
}

static void
search_for (RapportRecordsPage *page,
            const char         *text)
{
  Reload reload = { rapport_records_page_get_model (page), 0, text };
  GtkWidget *entry = CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "search_entry");

  reload.previous_pages = rapport_list_model_get_pages_fetched (reload.model);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  rapport_test_ui_wait_until (reloaded, &reload, 30, "the search results");
}

static void
test_search (void)
{
  RapportRecordsPage *page = records_page ("accounts");
  RapportListModel *model = rapport_records_page_get_model (page);
  GtkStack *view_stack = GTK_STACK (CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "view_stack"));
  guint n;

  /* Ctrl+F lands in the search entry */
  gtk_widget_activate_action (window, "win.search", NULL);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "search_entry")));

  search_for (page, "有限公司");
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, 60);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmEntity) entity = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_nonnull (strstr (crm_entity_get_text (entity, "name"), "有限公司"));
    }

  search_for (page, "no such company anywhere");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_stack), ==, "empty");

  search_for (page, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 60);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_stack), ==, "list");
}

static gboolean
record_loaded (gpointer data)
{
  RapportRecordPage *page = record_page ();

  return page && rapport_record_page_get_entity (page) != NULL;
}

typedef struct
{
  gint64 version;
} Saved;

static gboolean
record_saved (gpointer data)
{
  Saved *saved = data;
  RapportRecordPage *page = record_page ();
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity && crm_entity_get_version (entity) > saved->version;
}

static RapportTestReply *
api_get (const char *path)
{
  return rapport_test_request (server, "GET", path, server->admin_token, NULL);
}

static void
set_field (const char *json_key,
           const char *text)
{
  GtkWidget *row = rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), json_key);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static char *
record_api_path (void)
{
  CrmEntity *entity = rapport_record_page_get_entity (record_page ());

  return g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT, crm_entity_get_collection (entity),
                          crm_entity_get_id (entity));
}

static gboolean
history_shows_region (gpointer data)
{
  return rapport_test_ui_find_label_containing (window, "→ Testregion 测试") != NULL;
}

static void
test_edit_account (void)
{
  g_autofree char *name = shot_name ("account");
  RapportRecordsPage *page = records_page ("accounts");
  GtkWidget *column_view = CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "column_view");
  Saved saved;
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) reply = NULL;

  g_signal_emit_by_name (column_view, "activate", 0);
  rapport_test_ui_wait_until (record_loaded, NULL, 30, "the account page");
  g_free (rapport_test_ui_screenshot (window, name));

  saved.version = crm_entity_get_version (rapport_record_page_get_entity (record_page ()));
  set_field ("region", "Testregion 测试");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (record_saved, &saved, 30, "the save");

  path = record_api_path ();
  reply = api_get (path);
  g_assert_cmpstr (rapport_test_reply_string (reply, "region"), ==, "Testregion 测试");
  g_assert_cmpint (rapport_test_reply_int (reply, "version"), ==, saved.version + 1);

  /* the page's history shows the change, from what to what */
  rapport_test_ui_wait_until (history_shows_region, NULL, 30, "the change in the history");
}

/* a mapped button whose tooltip is @tooltip, e.g. a group's "+" */
static GtkWidget *
find_tooltip_button (GtkWidget  *root,
                     const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip_button (child, tooltip);

      if (found)
        return found;
    }
  return NULL;
}

/* the record page shows record @data (0: a new record) */
static gboolean
record_page_shows (gpointer data)
{
  RapportRecordPage *page = record_page ();
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;
  gint64 id = GPOINTER_TO_SIZE (data);

  if (page == NULL || gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"))) != GTK_WIDGET (page))
    return FALSE;
  return id == 0 ? entity == NULL : entity != NULL && crm_entity_get_id (entity) == id;
}

static gboolean
add_button_shown (gpointer data)
{
  return record_page () != NULL && find_tooltip_button (GTK_WIDGET (record_page ()), _("Add")) != NULL;
}

/* "+" on an account's contacts opens the new contact, and Back returns
 * to the account, not to the list of contacts; an account saved for the
 * first time shows its contacts' group at once */
static void
test_back_to_account (void)
{
  gint64 account = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Trail Clinic 回程诊所\"}");
  GtkWidget *add;

  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account, NULL);
  rapport_test_ui_wait_until (record_page_shows, GSIZE_TO_POINTER (account), 30, "the account");
  rapport_test_ui_wait_until (add_button_shown, NULL, 30, "the account's contacts group");
  add = find_tooltip_button (GTK_WIDGET (record_page ()), _("Add"));
  g_signal_emit_by_name (add, "clicked");
  rapport_test_ui_wait_until (record_page_shows, GSIZE_TO_POINTER (0), 30, "the new contact");
  g_assert_true (gtk_widget_activate_action (window, "win.go-back", NULL));
  rapport_test_ui_wait_until (record_page_shows, GSIZE_TO_POINTER (account), 30, "back on the account");

  /* a new account, saved: its contacts' group shows without reopening it */
  rapport_window_show_section (RAPPORT_WINDOW (window), "accounts");
  g_assert_true (gtk_widget_activate_action (window, "win.new", NULL));
  rapport_test_ui_wait_until (record_page_shows, GSIZE_TO_POINTER (0), 30, "a new account");
  g_assert_null (find_tooltip_button (GTK_WIDGET (record_page ()), _("Add")));
  set_field ("name", "Fresh Clinic 新诊所");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (add_button_shown, NULL, 30, "the new account's contacts group");
  g_assert_nonnull (rapport_record_page_get_entity (record_page ()));
}

static void
test_validation (void)
{
  GtkWidget *error_label = CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE, "error_label");
  GtkWidget *name_row = rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), "name");
  g_autofree char *path = record_api_path ();
  g_autoptr(RapportTestReply) before = api_get (path);
  g_autoptr(RapportTestReply) after = NULL;
  g_autofree char *original = g_strdup (gtk_editable_get_text (GTK_EDITABLE (name_row)));

  set_field ("name", "   ");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_settle (200);

  /* the same rules as the server, checked before anything is sent */
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  after = api_get (path);
  g_assert_cmpint (rapport_test_reply_int (after, "version"), ==, rapport_test_reply_int (before, "version"));
  set_field ("name", original);
}

static gboolean
dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          *(AdwMessageDialog **) data = ADW_MESSAGE_DIALOG (toplevel);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_conflict (void)
{
  g_autofree char *name = shot_name ("account-conflict");
  g_autofree char *path = record_api_path ();
  g_autoptr(RapportTestReply) current = api_get (path);
  g_autofree char *patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"phone\":\"+49 30 1234567\"}",
                                            rapport_test_reply_int (current, "version"));
  g_autoptr(RapportTestReply) concurrent = NULL;
  g_autoptr(RapportTestReply) final = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *tax_row = rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), "tax_id");
  Saved saved;

  /* the user types while someone else saves the same record */
  set_field ("tax_id", "91110000MA00ABCD1X");
  concurrent = rapport_test_request (server, "PATCH", path, server->admin_token, patch);
  g_assert_cmpuint (concurrent->status, ==, 200);

  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (dialog_shown, &dialog, 30, "the conflict dialog");
  g_free (rapport_test_ui_screenshot (GTK_WIDGET (dialog), name));

  /* keep my changes: nothing typed is lost, and it now applies to the new version */
  adw_message_dialog_response (dialog, "keep");
  gtk_window_close (GTK_WINDOW (dialog));
  rapport_test_ui_settle (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (tax_row)), ==, "91110000MA00ABCD1X");

  saved.version = rapport_test_reply_int (concurrent, "version");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (record_saved, &saved, 30, "the save after the conflict");

  final = api_get (path);
  g_assert_cmpstr (rapport_test_reply_string (final, "tax_id"), ==, "91110000MA00ABCD1X");
  g_assert_cmpstr (rapport_test_reply_string (final, "phone"), ==, "+49 30 1234567");
}

static gboolean
server_archived (gpointer data)
{
  g_autoptr(RapportTestReply) reply = api_get (data);

  return json_object_get_boolean_member (rapport_test_reply_object (reply), "archived");
}

static gboolean
server_restored (gpointer data)
{
  return !server_archived (data);
}


static gboolean
undo_button_shown (gpointer data)
{
  *(GtkWidget **) data = rapport_test_ui_find_button (window, _("_Undo"));
  return *(GtkWidget **) data != NULL;
}

static void
test_archive_and_undo (void)
{
  g_autofree char *path = record_api_path ();
  g_autofree char *name = shot_name ("archived-toast");
  GtkWidget *undo = NULL;

  gtk_widget_activate (CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE, "archive_button"));
  rapport_test_ui_wait_until (server_archived, path, 30, "the archive");
  rapport_test_ui_wait_until (undo_button_shown, &undo, 30, "the undo toast");
  /* back on the list */
  g_assert_null (record_page ());
  g_free (rapport_test_ui_screenshot (window, name));

  gtk_widget_activate (undo);
  rapport_test_ui_wait_until (server_restored, path, 30, "the undo");
}

static gboolean
new_contact_open (gpointer data)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));

  /* a new record's page, in the Contacts section */
  return RAPPORT_IS_RECORD_PAGE (page) && rapport_record_page_get_entity (RAPPORT_RECORD_PAGE (page)) == NULL &&
         rapport_records_page_get_collection (records_page ("contacts")) != NULL &&
         g_str_equal (adw_window_title_get_title (ADW_WINDOW_TITLE (CHILD (window, RAPPORT_TYPE_WINDOW, "content_title"))),
                      _("Contacts"));
}

static gboolean
new_contact_closed (gpointer data)
{
  return !new_contact_open (NULL);
}

static void
test_contacts (void)
{
  g_autofree char *name = shot_name ("contacts");
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  RapportRecordsPage *page;

  g_signal_emit_by_name (sections, "row-activated", gtk_list_box_get_row_at_index (sections, 1));
  page = records_page ("contacts");
  g_assert_nonnull (page);
  rapport_test_ui_wait_until (list_loaded, page, 30, "the contacts list");
  g_assert_cmpint (rapport_list_model_get_total (rapport_records_page_get_model (page)), >=, 60);
  g_free (rapport_test_ui_screenshot (window, name));

  /* "+" in Contacts opens a new contact, its account picked in the form */
  g_assert_true (gtk_widget_activate_action (window, "win.new", NULL));
  rapport_test_ui_wait_until (new_contact_open, NULL, 30, "a new contact's form");
  g_assert_true (gtk_widget_activate_action (window, "win.close-page", NULL));
  rapport_test_ui_wait_until (new_contact_closed, NULL, 30, "the new contact's form to close");

  /* in Approvals nothing is made: "+" is off and says why */
  {
    GtkWidget *new_button = CHILD (window, RAPPORT_TYPE_WINDOW, "new_button");

    rapport_window_show_section (RAPPORT_WINDOW (window), "approvals");
    g_assert_false (gtk_widget_is_sensitive (new_button));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (new_button), ==,
                     _("Approvals are asked for by submitting a quote, order or contract"));
    rapport_window_show_section (RAPPORT_WINDOW (window), "contacts");
    g_assert_true (gtk_widget_is_sensitive (new_button));
  }
}

static void
remember_result (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
audit_rows_loaded (gpointer data)
{
  return rapport_audit_page_get_n_rows (data) > 0;
}

/* an entry's title starts with its action as people say it, e.g. "Created · " */
static char *
action_title (const char *label)
{
  return g_strdup_printf ("%s · ", label);
}

static gboolean
only_updates_shown (gpointer data)
{
  g_autofree char *created = action_title (C_("audit action", "Created"));
  g_autofree char *changed = action_title (_("Changed"));

  return rapport_audit_page_get_n_rows (data) > 0 &&
         rapport_test_ui_find_label_containing (window, created) == NULL &&
         rapport_test_ui_find_label_containing (window, changed) != NULL;
}

/* administrators and auditors review the trail, filtered */
static void
test_audit_page (void)
{
  g_autofree char *name = shot_name ("audit");
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *audit_row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "audit");
  RapportAuditPage *page;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (audit_row)));
  g_signal_emit_by_name (sections, "row-activated", audit_row);
  page = RAPPORT_AUDIT_PAGE (gtk_stack_get_child_by_name (content_stack (), "audit"));
  rapport_test_ui_wait_until (audit_rows_loaded, page, 30, "the audit trail");
  {
    g_autofree char *created = action_title (C_("audit action", "Created"));

    g_assert_nonnull (rapport_test_ui_find_label_containing (window, created));
  }
  g_free (rapport_test_ui_screenshot (window, name));

  /* the second action in the filter is "update" */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (CHILD (page, RAPPORT_TYPE_AUDIT_PAGE, "action_filter")), 2);
  rapport_test_ui_wait_until (only_updates_shown, page, 30, "only updates");

  /* an export saves every matching entry */
  {
    g_autofree char *path = g_build_filename (server->data_dir, "audit-export.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *items;

    rapport_audit_page_export_async (page, file, remember_result, &result);
    rapport_test_ui_wait_until (result_arrived, &result, 30, "the export");
    g_assert_true (rapport_audit_page_export_finish (page, result, &error));
    g_assert_no_error (error);
    json_parser_load_from_file (parser, path, &error);
    g_assert_no_error (error);
    items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
    g_assert_cmpuint (json_array_get_length (items), >=, 3);
    for (guint i = 0; i < json_array_get_length (items); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i), "action"), ==, "update");
  }
}

static gboolean
narrow_signed_in (gpointer data)
{
  GtkStack *stack = GTK_STACK (CHILD (data, RAPPORT_TYPE_WINDOW, "main_stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "workspace") == 0;
}

/* a phone-sized window: the sidebar and the list take turns */
static void
test_narrow (void)
{
  GtkWidget *narrow = rapport_test_ui_open_window (360, 640);
  AdwLeaflet *leaflet = ADW_LEAFLET (CHILD (narrow, RAPPORT_TYPE_WINDOW, "leaflet"));
  RapportSignInPage *sign_in = RAPPORT_SIGN_IN_PAGE (CHILD (narrow, RAPPORT_TYPE_WINDOW, "sign_in_page"));
  g_autofree char *sidebar_name = shot_name ("narrow-sidebar");
  g_autofree char *list_name = shot_name ("narrow-list");

  rapport_sign_in_page_set_server (sign_in, server->base_url);
  rapport_sign_in_page_sign_in (sign_in, "admin", server->admin_password, NULL);
  rapport_test_ui_wait_until (narrow_signed_in, narrow, 30, "the narrow window to sign in");
  rapport_test_ui_settle (500);

  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpint (gtk_widget_get_width (narrow), <=, 400);
  /* signed in, the list shows; going back shows the sections */
  g_free (rapport_test_ui_screenshot (narrow, list_name));
  gtk_widget_activate_action (narrow, "win.go-back", NULL);
  rapport_test_ui_settle (500);
  g_free (rapport_test_ui_screenshot (narrow, sidebar_name));
  gtk_window_destroy (GTK_WINDOW (narrow));
}

static void
test_forced_password_change (void)
{
  g_autofree char *name = shot_name ("sign-in-change-password");
  GtkWidget *group = sign_in_child ("change_group");

  gtk_widget_activate_action (window, "win.sign-out", NULL);
  g_free (rapport_test_server_sql (server, "UPDATE users SET must_change_password = 1 WHERE login = 'admin'"));
  sign_in_with (server->admin_password);
  rapport_test_ui_wait_until (label_visible_widget, group, 30, "the new-password form");
  g_assert_false (is_workspace (NULL));
  g_free (rapport_test_ui_screenshot (window, name));

  /* two different entries are caught before anything is sent */
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("new_password_row")), "A fresh passphrase 42");
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("confirm_password_row")), "A fresh passphrase 43");
  gtk_widget_activate (sign_in_child ("change_button"));
  rapport_test_ui_wait_until (label_visible, sign_in_child ("error_label"), 10, "the mismatch message");

  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("confirm_password_row")), "A fresh passphrase 42");
  gtk_widget_activate (sign_in_child ("change_button"));
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace after changing the password");
  g_free (server->admin_password);
  server->admin_password = g_strdup ("A fresh passphrase 42");
  g_assert_nonnull (rapport_test_login (server, "admin", server->admin_password));
}

static void
test_translated (void)
{
  /* the whole UI comes from the catalogue: a section and a column header */
  g_assert_nonnull (rapport_test_ui_find_label (window, "客户"));
  g_assert_nonnull (rapport_test_ui_find_label (window, "名称"));
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
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "demo", "--accounts", "60", NULL), ==, 0);

  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/sign-in", test_sign_in);
  g_test_add_func ("/ui/accounts-list", test_accounts_list);
  if (lang)
    {
      g_test_add_func ("/ui/translated", test_translated);
      g_test_add_func ("/ui/account", test_edit_account);
    }
  else
    {
      g_test_add_func ("/ui/search", test_search);
      g_test_add_func ("/ui/edit-account", test_edit_account);
      g_test_add_func ("/ui/validation", test_validation);
      g_test_add_func ("/ui/conflict", test_conflict);
      g_test_add_func ("/ui/archive-and-undo", test_archive_and_undo);
      g_test_add_func ("/ui/contacts", test_contacts);
      g_test_add_func ("/ui/back-to-account", test_back_to_account);
      g_test_add_func ("/ui/audit", test_audit_page);
      g_test_add_func ("/ui/narrow", test_narrow);
      g_test_add_func ("/ui/forced-password-change", test_forced_password_change);
    }

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
