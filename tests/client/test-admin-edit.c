/* test-admin-edit.c: administration for non-engineers under Xvfb: editing a user, landing on Administration, the scope grid's roles in view, an audit trail in names and words */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-admin-page.h"
#include "pages/rapport-admin-scopes-page.h"
#include "pages/rapport-admin-templates-page.h"
#include "pages/rapport-admin-workflows-page.h"
#include "pages/rapport-admin-users-page.h"
#include "pages/rapport-audit-page.h"
#include "pages/rapport-sign-in-page.h"
#include "widgets/rapport-chooser-row.h"
#include "widgets/rapport-entity-picker.h"
#include "widgets/rapport-template-form.h"
#include "widgets/rapport-workflow-form.h"
#include "crm-json.h"
#include "widgets/rapport-user-dialog.h"
#include "crm-entity.h"
#include "crm-entities.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define ANN_NEW_NAME "Ann Chen 陈安"

static RapportTestServer *server;
static GtkWidget *window;
static gint64 ann_id, bob_id, admin_id, team_id, account_id, product_id;
static char *suffix;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestReply *
api (const char *method,
     const char *path,
     const char *body)
{
  return rapport_test_request (server, method, path, server->admin_token, body);
}

static char *
sql_text (const char *statement)
{
  return g_strstrip (rapport_test_server_sql (server, statement));
}

static gint64
sql_int (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static gint64
sql_int (const char *format,
         ...)
{
  g_autofree char *statement = NULL;
  g_autofree char *output = NULL;
  va_list args;

  va_start (args, format);
  statement = g_strdup_vprintf (format, args);
  va_end (args);
  output = rapport_test_server_sql (server, statement);
  return g_ascii_strtoll (output, NULL, 10);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *full = g_strconcat (name, suffix, NULL);

  g_free (rapport_test_ui_screenshot (widget, full));
}

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static RapportAdminPage *
admin_page (void)
{
  return RAPPORT_ADMIN_PAGE (gtk_stack_get_child_by_name (content_stack (), "admin"));
}

static RapportAdminUsersPage *
users_page (void)
{
  return RAPPORT_ADMIN_USERS_PAGE (CHILD (admin_page (), RAPPORT_TYPE_ADMIN_PAGE, "users_page"));
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

static void
sign_in (const char *login,
         const char *password)
{
  RapportSignInPage *page = RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"));

  rapport_sign_in_page_set_server (page, server->base_url);
  rapport_sign_in_page_sign_in (page, login, password, NULL);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");
}

/* any label under @root whose text has @part, shown or folded away */
static GtkWidget *
find_any_label (GtkWidget  *root,
                const char *part)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_any_label (child, part);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
label_shown (gpointer data)
{
  return rapport_test_ui_find_label_containing (window, data) != NULL;
}

static void
wait_label (const char *text)
{
  g_autofree char *what = g_strdup_printf ("“%s” on screen", text);

  rapport_test_ui_wait_until (label_shown, (gpointer) text, 30, what);
}

/* the administrator's role sees no accounts: the window opens on Administration */
static void
test_lands_on_administration (void)
{
  g_free (rapport_test_server_sql (server, "UPDATE role_scopes SET scope = 'none' WHERE role = 'admin'"));
  sign_in ("admin", server->admin_password);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack ()), ==, "admin");
  g_assert_nonnull (admin_page ());
  rapport_test_ui_settle (300);
  screenshot (window, "admin-edit-landing");
  /* given a scope, the same administrator opens on the accounts again */
  g_free (rapport_test_server_sql (server, "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin'"));
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  g_assert_false (is_workspace (NULL));
  sign_in ("admin", server->admin_password);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack ()), ==, "accounts");
  rapport_window_show_section (RAPPORT_WINDOW (window), "admin");
}

static gboolean
users_listed (gpointer data)
{
  RapportListModel *model = rapport_admin_users_page_get_model (users_page ());

  return model && !rapport_list_model_get_loading (model) && g_list_model_get_n_items (G_LIST_MODEL (model)) >= 3;
}

static gboolean
chooser_loaded (gpointer data)
{
  return rapport_chooser_row_get_loaded (data);
}

static gboolean
ann_saved (gpointer data)
{
  g_autofree char *row = sql_text ("SELECT CONCAT(name, '|', role, '|', IFNULL(team_id, 0), '|', IFNULL(manager_id, 0)) "
                                   "FROM users WHERE login = 'ann'");
  g_autofree char *wanted = g_strdup_printf ("%s|manager|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                                             ANN_NEW_NAME, team_id, bob_id);

  return g_str_equal (row, wanted);
}

static void
test_edit_user (void)
{
  GtkWidget *dialog, *team_row, *manager_row;
  RapportChooserRow *manager;

  rapport_admin_page_show (admin_page (), "users");
  rapport_test_ui_wait_until (users_listed, NULL, 30, "the users");
  dialog = rapport_admin_users_page_edit (users_page (), ann_id);
  g_assert_nonnull (dialog);
  rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_USER_DIALOG, "the user's form");
  team_row = CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "team_row");
  manager_row = CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "manager_row");
  manager = RAPPORT_CHOOSER_ROW (manager_row);
  rapport_test_ui_wait_until (chooser_loaded, team_row, 30, "the teams");
  rapport_test_ui_wait_until (chooser_loaded, manager_row, 30, "the managers");
  /* the form holds the user as they are; the login does not change */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "name_row"))), ==, "Ann Able");
  g_assert_false (gtk_widget_get_sensitive (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "login_row")));
  g_assert_false (gtk_widget_is_visible (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "password_row")));
  /* a manager is picked by name, and nobody manages themselves */
  g_assert_true (g_str_has_prefix (rapport_chooser_row_get_label (manager, bob_id), "Bob Boss"));
  g_assert_null (rapport_chooser_row_get_label (manager, ann_id));

  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "name_row")), ANN_NEW_NAME);
  /* the roles in descriptor order: admin, director, manager, … */
  adw_combo_row_set_selected (ADW_COMBO_ROW (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "role_row")), 2);
  rapport_chooser_row_select_id (RAPPORT_CHOOSER_ROW (team_row), team_id);
  rapport_chooser_row_select_id (manager, bob_id);
  g_assert_cmpint (rapport_chooser_row_get_selected_id (manager), ==, bob_id);
  rapport_test_ui_settle (200);
  screenshot (dialog, "admin-edit-user");
  rapport_user_dialog_save (RAPPORT_USER_DIALOG (dialog));
  rapport_test_ui_wait_until (ann_saved, NULL, 30, "the user saved");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_USER_DIALOG, "the form to close");

  /* the list shows the new name, and the manager by name */
  wait_label (ANN_NEW_NAME);
  wait_label ("Bob Boss");
  rapport_test_ui_settle (200);
  screenshot (window, "admin-edit-users-list");
  wait_label ("North");
}

static GtkLabel *
role_label_in (GtkWidget  *page,
               const char *role_text)
{
  GtkWidget *label = rapport_test_ui_find_label (page, role_text);

  g_assert_nonnull (label);
  return GTK_LABEL (label);
}

static gboolean
scopes_ready (gpointer data)
{
  return !rapport_admin_scopes_page_get_busy (data) && gtk_widget_get_sensitive (CHILD (data, RAPPORT_TYPE_ADMIN_SCOPES_PAGE, "grid"));
}

/* a widget lies inside @page's width */
static void
assert_in_view (GtkWidget *widget,
                GtkWidget *page)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, page, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (page));
}

static void
test_scopes_role_column (void)
{
  GtkWidget *page = CHILD (admin_page (), RAPPORT_TYPE_ADMIN_PAGE, "scopes_page");
  const char *sales = g_dpgettext2 (GETTEXT_PACKAGE, "role", "Sales");
  GtkDropDown *first, *last = NULL;
  GtkScrolledWindow *scroller;
  GtkAdjustment *sideways;
  guint n_types = 0;
  const GType *types = crm_entities_list (&n_types);

  rapport_admin_page_show (admin_page (), "scopes");
  rapport_test_ui_wait_until (scopes_ready, page, 30, "the scopes");
  rapport_test_ui_settle (300);
  first = rapport_admin_scopes_page_get_cell (RAPPORT_ADMIN_SCOPES_PAGE (page), "sales", "account");
  /* the grid's last column: the last kind of record, in the metamodel's order, that has a scope */
  for (guint i = n_types; last == NULL && i > 0; i--)
    last = rapport_admin_scopes_page_get_cell (RAPPORT_ADMIN_SCOPES_PAGE (page), "sales",
                                               CRM_ENTITY_CLASS (g_type_class_peek (types[i - 1]))->entity_name);
  g_assert_nonnull (first);
  g_assert_nonnull (last);
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (first), GTK_TYPE_SCROLLED_WINDOW));
  sideways = gtk_scrolled_window_get_hadjustment (scroller);
  /* wider than its place: there is something to scroll */
  g_assert_cmpfloat (gtk_adjustment_get_upper (sideways), >, gtk_adjustment_get_page_size (sideways));
  assert_in_view (GTK_WIDGET (role_label_in (page, sales)), page);

  gtk_adjustment_set_value (sideways, gtk_adjustment_get_upper (sideways) - gtk_adjustment_get_page_size (sideways));
  rapport_test_ui_settle (300);
  /* scrolled to the last kind of record, the roles are still there to read */
  assert_in_view (GTK_WIDGET (last), page);
  assert_in_view (GTK_WIDGET (role_label_in (page, sales)), page);
  screenshot (window, "admin-edit-scopes-scrolled");
}

static RapportAuditPage *
audit_page (void)
{
  rapport_window_show_section (RAPPORT_WINDOW (window), "audit");
  return RAPPORT_AUDIT_PAGE (gtk_stack_get_child_by_name (content_stack (), "audit"));
}

static gboolean
users_loaded (gpointer data)
{
  return rapport_audit_page_get_users_loaded (data);
}

static char *
record_text (const char *kind,
             const char *label)
{
  return g_strdup_printf (C_("record", "%s %s"), kind, label);
}

static char *
entry_title (const char *action,
             const char *record)
{
  return g_strdup_printf (_("%s · %s"), action, record);
}

/* the entries of what the administrator did: names and words, no ids or codes */
static void
test_audit_names (void)
{
  RapportAuditPage *page = audit_page ();
  g_autofree char *ann = record_text (_("User"), ANN_NEW_NAME);
  g_autofree char *changed = entry_title (_("Changed"), ann);
  g_autofree char *reset = entry_title (_("Password reset"), ann);
  g_autofree char *roles = g_strdup_printf ("%s → %s", g_dpgettext2 (GETTEXT_PACKAGE, "role", "Sales"),
                                            g_dpgettext2 (GETTEXT_PACKAGE, "role", "Manager"));
  g_autofree char *yes_no = g_strdup_printf ("%s → %s", _("Yes"), _("No"));
  g_autofree char *ann_path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/password", ann_id);
  g_autoptr(RapportTestReply) reset_reply = api ("POST", ann_path, "{\"password\":\"Another passphrase 22\"}");
  g_autofree char *id_title = g_strdup_printf ("%s %" G_GINT64_FORMAT, _("User"), ann_id);
  g_autofree char *empty_login = g_strdup_printf ("%s → ann", _("(empty)"));

  g_assert_cmpuint (reset_reply->status, ==, 200);
  rapport_test_ui_wait_until (users_loaded, page, 30, "the users to filter by");
  g_assert_true (rapport_audit_page_select_user (page, admin_id));
  wait_label (reset);
  wait_label (changed);
  /* the change of role in the words of the form, the manager by name */
  wait_label (roles);
  g_assert_nonnull (find_any_label (GTK_WIDGET (page), "→ Bob Boss"));
  g_assert_nonnull (find_any_label (GTK_WIDGET (page), "→ North"));
  g_assert_null (find_any_label (GTK_WIDGET (page), "password_reset"));
  /* a reset records the user as they are after it: values, not "(empty) →" */
  g_assert_null (find_any_label (GTK_WIDGET (page), empty_login));
  g_assert_null (find_any_label (GTK_WIDGET (page), id_title));
  /* a quote by its number, its lines counted rather than shown as JSON */
  {
    g_autofree char *number = sql_text ("SELECT number FROM quotes ORDER BY id DESC LIMIT 1");
    g_autofree char *quote = record_text (_("Quote"), number);
    g_autofree char *quote_created = entry_title (C_("audit action", "Created"), quote);
    g_autofree char *two_lines = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", 2), 2);

    wait_label (quote_created);
    g_assert_nonnull (find_any_label (GTK_WIDGET (page), two_lines));
    g_assert_null (find_any_label (GTK_WIDGET (page), "[{"));
  }
  /* a product's switch and price as its form shows them */
  g_assert_nonnull (find_any_label (GTK_WIDGET (page), yes_no));
  g_assert_nonnull (find_any_label (GTK_WIDGET (page), "→ 99.90"));
  rapport_test_ui_settle (200);
  screenshot (window, "admin-edit-audit");
}

static gboolean
picker_found (gpointer data)
{
  return !rapport_entity_picker_get_loading (data) && g_list_model_get_n_items (rapport_entity_picker_get_results (data)) == 1;
}

static gboolean
audit_rows_of_record (gpointer data)
{
  return rapport_audit_page_get_n_rows (data) == 1;
}

/* rows under @root with a title and no value under it */
static guint
count_blank_rows (GtkWidget *root)
{
  guint n = 0;

  if (ADW_IS_ACTION_ROW (root))
    {
      const char *value = adw_action_row_get_subtitle (ADW_ACTION_ROW (root));

      n += value == NULL || value[0] == '\0';
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += count_blank_rows (child);
  return n;
}

/* a record is picked by searching its name; its creation lists values, not "(empty) →" */
static void
test_audit_record (void)
{
  RapportAuditPage *page = audit_page ();
  GtkDropDown *kinds = GTK_DROP_DOWN (CHILD (page, RAPPORT_TYPE_AUDIT_PAGE, "entity_filter"));
  GtkMenuButton *record_button = GTK_MENU_BUTTON (CHILD (page, RAPPORT_TYPE_AUDIT_PAGE, "record_button"));
  GListModel *kind_names = gtk_drop_down_get_model (kinds);
  g_autofree char *account = record_text (_("Account"), "Kangtai Medical 康泰医疗");
  g_autofree char *created = entry_title (C_("audit action", "Created"), account);
  GtkWidget *picker;

  rapport_test_ui_wait_until (users_loaded, page, 30, "the users to filter by");
  g_assert_true (rapport_audit_page_select_user (page, admin_id));
  for (guint i = 0; i < g_list_model_get_n_items (kind_names); i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (kind_names, i);

      if (g_str_equal (gtk_string_object_get_string (name), _("Account")))
        gtk_drop_down_set_selected (kinds, i);
    }
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (record_button)));
  gtk_menu_button_popup (record_button);
  picker = GTK_WIDGET (gtk_menu_button_get_popover (record_button));
  g_assert_true (RAPPORT_IS_ENTITY_PICKER (picker));
  rapport_entity_picker_search (RAPPORT_ENTITY_PICKER (picker), "Kangtai");
  rapport_test_ui_wait_until (picker_found, picker, 30, "the account found");
  g_assert_true (rapport_entity_picker_choose_selected (RAPPORT_ENTITY_PICKER (picker)));
  wait_label (created);
  rapport_test_ui_wait_until (audit_rows_of_record, page, 30, "only the account's entries");
  for (GtkWidget *row = gtk_widget_get_first_child (CHILD (page, RAPPORT_TYPE_AUDIT_PAGE, "rows")); row;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_EXPANDER_ROW (row))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  rapport_test_ui_settle (300);
  g_assert_nonnull (find_any_label (GTK_WIDGET (page), "Kangtai Medical 康泰医疗"));
  g_assert_null (find_any_label (GTK_WIDGET (page), _("(empty)")));
  g_assert_null (find_any_label (GTK_WIDGET (page), "→"));
  /* every field listed has a value to read */
  g_assert_cmpuint (count_blank_rows (CHILD (page, RAPPORT_TYPE_AUDIT_PAGE, "rows")), ==, 0);
  screenshot (window, "admin-edit-audit-record");
}

static GtkWidget *
templates_page (void)
{
  return CHILD (admin_page (), RAPPORT_TYPE_ADMIN_PAGE, "templates_page");
}

static char *
template_json (void)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE,
                                                                          "content_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
template_shown (gpointer data)
{
  g_autofree char *json = template_json ();

  return !rapport_admin_templates_page_get_busy (RAPPORT_ADMIN_TEMPLATES_PAGE (templates_page ())) && json[0] != '\0';
}

/* the check box of one column, in the form's list of columns */
static GtkCheckButton *
column_check (GtkWidget  *form,
              const char *label)
{
  GtkWidget *columns = CHILD (form, RAPPORT_TYPE_TEMPLATE_FORM, "columns_row");
  GtkWidget *title;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (columns), TRUE);
  rapport_test_ui_settle (300);
  title = rapport_test_ui_find_label (columns, label);
  g_assert_nonnull (title);
  return GTK_CHECK_BUTTON (rapport_test_ui_find_by_type (gtk_widget_get_ancestor (title, ADW_TYPE_ACTION_ROW),
                                                         GTK_TYPE_CHECK_BUTTON));
}

/* the common settings of a print template as a form; the JSON follows, and the other way round */
static void
test_template_form (void)
{
  GtkWidget *form = CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "template_form");
  GtkWidget *company = CHILD (form, RAPPORT_TYPE_TEMPLATE_FORM, "company_name_row");
  g_autofree char *edited = NULL;
  g_autofree char *unchecked = NULL;
  GtkCheckButton *discount;

  rapport_window_show_section (RAPPORT_WINDOW (window), "admin");
  rapport_admin_page_show (admin_page (), "templates");
  rapport_test_ui_wait_until (template_shown, NULL, 30, "the shipped template");
  /* the form is what opens; the JSON is one click away */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (templates_page (), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE,
                                                                       "editor_stack"))), ==, "form");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (company)), ==, "上海瑞博医疗科技有限公司");

  gtk_editable_set_text (GTK_EDITABLE (company), "Rapport Form Company");
  edited = template_json ();
  g_assert_nonnull (strstr (edited, "\"Rapport Form Company\""));
  /* what the form does not show is kept */
  g_assert_nonnull (strstr (edited, "\"language\""));
  g_assert_nonnull (strstr (edited, "\"discount\""));

  discount = column_check (form, _("Discount"));
  g_assert_true (gtk_check_button_get_active (discount));
  gtk_check_button_set_active (discount, FALSE);
  unchecked = template_json ();
  g_assert_null (strstr (unchecked, "\"discount\""));
  g_assert_nonnull (strstr (unchecked, "\"unit_price\""));
  rapport_test_ui_settle (300);
  screenshot (window, "admin-edit-template-form");

  /* JSON typed by an expert shows in the form */
  rapport_admin_templates_page_set_content (RAPPORT_ADMIN_TEMPLATES_PAGE (templates_page ()),
                                            "{\"version\":1,\"company\":{\"name\":\"Typed Company\",\"address\":[\"1 Road\"]},"
                                            "\"columns\":[\"description\",\"discount\",\"net\"]}");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (company)), ==, "Typed Company");
  g_assert_true (gtk_check_button_get_active (discount));
  /* not JSON: the form waits, insensitive */
  rapport_admin_templates_page_set_content (RAPPORT_ADMIN_TEMPLATES_PAGE (templates_page ()), "{\"version\":");
  g_assert_false (gtk_widget_get_sensitive (form));
}

/* @widget is drawn whole across: no ancestor up to @top cuts it off at the left or the right */
static void
assert_shown_across (GtkWidget  *widget,
                     GtkWidget  *top,
                     const char *what)
{
  g_assert_true (gtk_widget_get_mapped (widget));
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget); ancestor; ancestor = gtk_widget_get_parent (ancestor))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
      if (bounds.origin.x < -1 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (ancestor) + 1)
        g_error ("%s is cut off by its %s: %.0f to %.0f of %d px", what, G_OBJECT_TYPE_NAME (ancestor),
                 bounds.origin.x, bounds.origin.x + bounds.size.width, gtk_widget_get_width (ancestor));
      if (ancestor == top)
        break;
    }
}

/* @child shown whole up to @top, once the editor has scrolled sideways to it */
static void
assert_reachable (GtkWidget  *page,
                  GtkWidget  *top,
                  GtkWidget  *child,
                  const char *what)
{
  GtkWidget *scroller = CHILD (page, RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "scroller");

  g_assert_nonnull (child);
  if (scroller && gtk_widget_is_ancestor (child, scroller))
    {
      GtkAdjustment *across = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
      GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
      graphene_rect_t bounds;

      /* where it lies in what scrolls, whatever the scrolling now */
      if (GTK_IS_VIEWPORT (content))
        content = gtk_viewport_get_child (GTK_VIEWPORT (content));
      g_assert_true (gtk_widget_compute_bounds (child, content, &bounds));
      gtk_adjustment_set_value (across, bounds.origin.x + bounds.size.width - gtk_adjustment_get_page_size (across));
      rapport_test_ui_settle (100);
    }
  assert_shown_across (child, top, what);
}

/* the page's controls, each shown whole up to @top */
static void
assert_template_controls (GtkWidget *page,
                          GtkWidget *top)
{
  static const struct { const char *name; const char *what; } children[] = {
    { "new_button", "New Template" },
    { "save_button", "Save" },
    { "list_stack", "the list of templates" },
    { "name_row", "the name" },
    { "description_row", "the description" },
    { "editor_switcher", "Settings and JSON" },
    { "template_form", "the settings" },
    { "preview", "the preview" },
  };
  GtkWidget *form = CHILD (page, RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "template_form");
  GtkWidget *scroller = CHILD (page, RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "scroller");

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    assert_reachable (page, top, CHILD (page, RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, children[i].name), children[i].what);
  assert_reachable (page, top, CHILD (form, RAPPORT_TYPE_TEMPLATE_FORM, "company_name_row"), "the company's name");
  if (scroller)
    gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
}

/* the window, its shadow aside, wider than @data px */
static gboolean
window_wide (gpointer data)
{
  return gtk_widget_get_width (window) > GPOINTER_TO_INT (data);
}

/* at 900 px, in Chinese too, every control of the print templates is in
 * view; at 360 px each is reached by scrolling the editor sideways */
static void
test_template_layout (void)
{
  GtkWidget *page = templates_page ();
  GtkWidget *scroller = CHILD (page, RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE, "scroller");
  GtkAdjustment *across = scroller ? gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller)) : NULL;
  int minimum;

  rapport_window_show_section (RAPPORT_WINDOW (window), "admin");
  rapport_admin_page_show (admin_page (), "templates");
  rapport_admin_templates_page_set_content (RAPPORT_ADMIN_TEMPLATES_PAGE (page), "{\"version\":1}");
  rapport_test_ui_wait_until (template_shown, NULL, 30, "the template");
  rapport_test_ui_settle (500);
  g_assert_cmpint (gtk_widget_get_width (window), >, 880);
  screenshot (window, "admin-edit-template-900");
  /* nothing to scroll to at 900 px, nothing cut off in the window */
  if (across)
    g_assert_cmpfloat (gtk_adjustment_get_upper (across), <=, gtk_adjustment_get_page_size (across) + 1);
  assert_template_controls (page, window);

  /* on a phone the page fits the window's 360 px, its border aside */
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 350);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  rapport_test_ui_settle (1000);
  g_test_message ("the window at 360 px is %d px wide; the page %d px", gtk_widget_get_width (window), gtk_widget_get_width (page));
  screenshot (window, "admin-edit-template-360");
  assert_template_controls (page, page);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 720);
  rapport_test_ui_wait_until (window_wide, GINT_TO_POINTER (880), 10, "the window back at 900 px");
}


static GtkWidget *
workflows_page (void)
{
  return CHILD (admin_page (), RAPPORT_TYPE_ADMIN_PAGE, "workflows_page");
}

static gboolean
workflows_listed (gpointer data)
{
  return !rapport_admin_workflows_page_get_busy (RAPPORT_ADMIN_WORKFLOWS_PAGE (workflows_page ())) &&
         rapport_admin_workflows_page_get_n_workflows (RAPPORT_ADMIN_WORKFLOWS_PAGE (workflows_page ())) > 0;
}

static void
test_workflow_names (void)
{
  GtkWidget *list = CHILD (workflows_page (), RAPPORT_TYPE_ADMIN_WORKFLOWS_PAGE, "list");

  rapport_admin_page_show (admin_page (), "workflows");
  rapport_test_ui_wait_until (workflows_listed, NULL, 30, "the workflows");
  rapport_test_ui_settle (300);
  /* the shipped workflows carry a Chinese name */
  g_assert_nonnull (rapport_test_ui_find_label (list, suffix[0] ? "报价折扣审批" : "Quote discount"));
  g_assert_nonnull (rapport_test_ui_find_label (list, suffix[0] ? "大额合同审批" : "Large contract"));
  if (suffix[0])
    g_assert_null (rapport_test_ui_find_label (list, "Quote discount"));
  screenshot (window, "admin-edit-workflow-names");
  /* chosen by the name it is stored under */
  g_assert_true (rapport_admin_workflows_page_select (RAPPORT_ADMIN_WORKFLOWS_PAGE (workflows_page ()), "Quote discount"));
}

/* the definition in the JSON view, parsed */
static JsonObject *
workflow_json (void)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (CHILD (workflows_page (), RAPPORT_TYPE_ADMIN_WORKFLOWS_PAGE,
                                                                          "content_view")));
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  JsonObject *root;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  root = crm_json_parse_object (text, -1, NULL);
  g_assert_nonnull (root);
  return root;
}

static JsonObject *
step_of (JsonObject *root,
         guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (root, "steps"), index);
}

/* the role's place among the approver choices: after the owner's manager */
static guint
role_choice (const char *role)
{
  const char * const roles[] = { "admin", "director", "manager", "sales", "service", "finance", "auditor" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_str_equal (roles[i], role))
      return i + 1;
  g_assert_not_reached ();
  return 0;
}

/* steps, approvers, deadlines and conditions of a workflow as a form; the JSON follows, keeping the rest */
static void
test_workflow_form (void)
{
  RapportAdminWorkflowsPage *page = RAPPORT_ADMIN_WORKFLOWS_PAGE (workflows_page ());
  RapportWorkflowForm *form = RAPPORT_WORKFLOW_FORM (CHILD (page, RAPPORT_TYPE_ADMIN_WORKFLOWS_PAGE, "workflow_form"));
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonObject) added = NULL;
  JsonObject *director;

  rapport_admin_page_show (admin_page (), "workflows");
  rapport_test_ui_wait_until (workflows_listed, NULL, 30, "the workflows");
  g_assert_true (rapport_admin_workflows_page_select (page, "Quote discount"));
  g_assert_cmpuint (rapport_workflow_form_get_n_steps (form), ==, 2);
  /* the manager step, then the director's */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (rapport_workflow_form_get_step_row (form, 0, "approvers"))), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (rapport_workflow_form_get_step_row (form, 1, "approvers"))), ==,
                    role_choice ("director"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (rapport_workflow_form_get_step_row (form, 1, "approvers")), role_choice ("finance"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (rapport_workflow_form_get_step_row (form, 1, "deadline_hours")), 36);
  gtk_editable_set_text (GTK_EDITABLE (rapport_workflow_form_get_step_row (form, 1, "name")), "Finance");
  edited = workflow_json ();
  director = step_of (edited, 1);
  g_assert_cmpstr (json_object_get_string_member (director, "name"), ==, "Finance");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (director, "approvers"), "role"), ==, "finance");
  g_assert_cmpint (json_object_get_int_member (director, "deadline_hours"), ==, 36);
  /* what the form does not show is kept: the Chinese name, the step's condition, the first step's escalation */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (director, "names"), "zh_CN"), ==, "总监审批");
  g_assert_nonnull (json_object_get_string_member (director, "condition"));
  g_assert_cmpstr (json_object_get_string_member (step_of (edited, 0), "escalate"), ==, "next_manager");

  rapport_workflow_form_add_step (form);
  added = workflow_json ();
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (added, "steps")), ==, 3);
  g_assert_cmpuint (rapport_workflow_form_get_n_steps (form), ==, 3);
  /* the engine takes the definition as the form wrote it */
  g_assert_true (rapport_admin_workflows_page_check (page));
  rapport_test_ui_settle (300);
  screenshot (window, "admin-edit-workflow-form");
}

static gint64
add_user (const char *login,
          const char *name,
          const char *role)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;
  g_autofree char *statement = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", login);

  g_file_set_contents (password_path, PASSWORD, -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--name", name,
                                 "--password-file", password_path, NULL) != 0)
    g_error ("user add %s: %s", login, output);
  return sql_int ("%s", statement);
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autoptr(RapportTestReply) product_edit = NULL;
  g_autofree char *product_path = NULL;
  g_autofree char *quote = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  suffix = lang ? g_strdup_printf ("-%s", lang) : g_strdup ("");

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "team", "add", "North", NULL), ==, 0);
  team_id = sql_int ("SELECT id FROM teams WHERE name = 'North'");
  ann_id = add_user ("ann", "Ann Able", "sales");
  bob_id = add_user ("bob", "Bob Boss", "manager");
  admin_id = sql_int ("SELECT id FROM users WHERE login = 'admin'");
  account_id = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Kangtai Medical 康泰医疗\"}");
  product_id = rapport_test_create (server, server->admin_token, "products",
                                    "{\"code\":\"ECG-1\",\"name\":\"ECG monitor\",\"currency\":\"CNY\",\"list_price\":\"1234.5\"}");
  product_path = g_strdup_printf ("/api/v1/products/%" G_GINT64_FORMAT, product_id);
  product_edit = api ("PATCH", product_path, "{\"version\":1,\"list_price\":\"99.9\",\"active\":false}");
  g_assert_cmpuint (product_edit->status, ==, 200);
  quote = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":["
                           "{\"description\":\"Monitor\",\"quantity\":\"1\",\"unit_price\":\"10.0000\",\"tax_rate\":\"13\"},"
                           "{\"description\":\"Cable\",\"quantity\":\"2\",\"unit_price\":\"1.0000\",\"tax_rate\":\"13\"}]}",
                           account_id);
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "quotes", quote), >, 0);

  /* narrower than the scope grid in either language, wide enough for the sidebar */
  window = rapport_test_ui_open_window (900, 720);

  g_test_add_func ("/admin-edit/lands-on-administration", test_lands_on_administration);
  g_test_add_func ("/admin-edit/edit-user", test_edit_user);
  g_test_add_func ("/admin-edit/scopes-role-column", test_scopes_role_column);
  g_test_add_func ("/admin-edit/audit-names", test_audit_names);
  g_test_add_func ("/admin-edit/audit-record", test_audit_record);
  g_test_add_func ("/admin-edit/template-form", test_template_form);
  g_test_add_func ("/admin-edit/template-layout", test_template_layout);
  g_test_add_func ("/admin-edit/workflow-names", test_workflow_names);
  g_test_add_func ("/admin-edit/workflow-form", test_workflow_form);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (suffix);
  rapport_test_server_stop (server);
  return status;
}
