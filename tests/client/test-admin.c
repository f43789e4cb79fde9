/* test-admin.c: administration in the desktop client under Xvfb, against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-admin-page.h"
#include "pages/rapport-admin-scopes-page.h"
#include "pages/rapport-admin-teams-page.h"
#include "pages/rapport-admin-users-page.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-sign-in-page.h"
#include "widgets/rapport-chooser-row.h"
#include "widgets/rapport-share-dialog.h"
#include "widgets/rapport-team-dialog.h"
#include "widgets/rapport-transfer-dialog.h"
#include "widgets/rapport-user-dialog.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#define PASSWORD "correct horse battery"

static RapportTestServer *server;
static GtkWidget *window;
static gint64 leaver_id, heir_id, locked_id, sharee_id;
static gint64 account1, account2, account3;
static char *sharee_token;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestReply *
api (const char *method,
     const char *path,
     const char *body)
{
  return rapport_test_request (server, method, path, server->admin_token, body);
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

static gint64
user_id (const char *login)
{
  g_autofree char *statement = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", login);
  g_autofree char *output = rapport_test_server_sql (server, statement);

  return g_ascii_strtoll (output, NULL, 10);
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

static void
respond (GtkWidget  *dialog,
         const char *response)
{
  GType type = G_OBJECT_TYPE (dialog);

  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), response));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  rapport_test_ui_wait_dialog_gone (type, "the dialog to close");
}

static gboolean
chooser_loaded (gpointer data)
{
  return rapport_chooser_row_get_loaded (data);
}

static void
choose (GtkWidget *row,
        gint64     id)
{
  rapport_test_ui_wait_until (chooser_loaded, row, 30, "the list to choose from");
  rapport_chooser_row_select_id (RAPPORT_CHOOSER_ROW (row), id);
  g_assert_cmpint (rapport_chooser_row_get_selected_id (RAPPORT_CHOOSER_ROW (row)), ==, id);
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

/* the sidebar row of the Administration section, shown or not */
static GtkListBoxRow *
admin_row (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (sections, i)) != NULL; i++)
    {
      GtkWidget *label = gtk_widget_get_last_child (gtk_list_box_row_get_child (row));

      if (GTK_IS_LABEL (label) && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), _("Administration")))
        return row;
    }
  g_assert_not_reached ();
}

static gboolean
users_listed (gpointer data)
{
  RapportListModel *model = rapport_admin_users_page_get_model (users_page ());

  return model && !rapport_list_model_get_loading (model) &&
         rapport_list_model_get_total (model) == GPOINTER_TO_INT (data) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == (guint) GPOINTER_TO_INT (data);
}

static void
test_users_list (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = admin_row ();

  /* administrators see the section */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_signal_emit_by_name (sections, "row-activated", row);
  g_assert_nonnull (admin_page ());
  /* admin and the five users the test added */
  rapport_test_ui_wait_until (users_listed, GINT_TO_POINTER (6), 30, "the users");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, "Lee Leaver"));
  g_free (rapport_test_ui_screenshot (window, "admin-users"));
}

static gboolean
user_created (gpointer data)
{
  return sql_int ("SELECT COUNT(*) FROM users WHERE login = 'newbie'") == 1 &&
         sql_int ("SELECT must_change_password FROM users WHERE login = 'newbie'") == 1;
}

static void
test_create_user (void)
{
  GtkWidget *dialog;
  gint64 team = sql_int ("SELECT id FROM teams WHERE name = 'East'");
  gint64 manager = user_id ("heir");

  gtk_widget_activate_action (GTK_WIDGET (admin_page ()), "win.new", NULL);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_USER_DIALOG, "the new-user dialog");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "login_row")), "newbie");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "name_row")), "Nina Newbie 新");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "email_row")), "nina@example.com");
  /* the roles in descriptor order: admin, director, manager, … */
  adw_combo_row_set_selected (ADW_COMBO_ROW (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "role_row")), 2);
  choose (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "team_row"), team);
  choose (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "manager_row"), manager);

  /* a password the policy refuses is told in place; the user exists, the password is given again */
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "password_row")), "short");
  rapport_user_dialog_create (RAPPORT_USER_DIALOG (dialog));
  {
    GtkWidget *error_label = CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "error_label");
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (!gtk_widget_get_visible (error_label) && g_get_monotonic_time () < deadline)
      rapport_test_ui_settle (20);
    g_assert_true (gtk_widget_get_visible (error_label));
  }
  g_free (rapport_test_ui_screenshot (dialog, "admin-new-user-error"));
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_USER_DIALOG, "password_row")),
                         "A temporary passphrase 1");
  rapport_user_dialog_create (RAPPORT_USER_DIALOG (dialog));
  rapport_test_ui_wait_until (user_created, NULL, 30, "the new user");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_USER_DIALOG, "the dialog to close");

  g_assert_cmpstr (g_strchomp (rapport_test_server_sql (server, "SELECT role FROM users WHERE login = 'newbie'")), ==,
                   "manager");
  g_assert_cmpint (sql_int ("SELECT team_id FROM users WHERE login = 'newbie'"), ==, team);
  g_assert_cmpint (sql_int ("SELECT manager_id FROM users WHERE login = 'newbie'"), ==, manager);
  /* the user signs in with it, and must choose their own */
  {
    g_autofree char *token = rapport_test_login (server, "newbie", "A temporary passphrase 1");
    g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);

    g_assert_nonnull (token);
    g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (me), "must_change_password"));
  }
  rapport_test_ui_wait_until (users_listed, GINT_TO_POINTER (7), 30, "the list with the new user");
}

static gboolean
leaver_gone (gpointer data)
{
  return sql_int ("SELECT active FROM users WHERE id = %" G_GINT64_FORMAT, leaver_id) == 0;
}

static void
test_deactivate (void)
{
  GtkWidget *dialog;

  gtk_widget_activate_action (GTK_WIDGET (users_page ()), "users.deactivate", "x", leaver_id);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_TRANSFER_DIALOG, "the deactivation dialog");
  /* nobody is chosen for the leaver's records yet: nothing to confirm */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "transfer"));
  choose (CHILD (dialog, RAPPORT_TYPE_TRANSFER_DIALOG, "owner_row"), heir_id);
  g_free (rapport_test_ui_screenshot (dialog, "admin-deactivate"));
  respond (dialog, "transfer");

  rapport_test_ui_wait_until (leaver_gone, NULL, 30, "the deactivation");
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM accounts WHERE owner_id = %" G_GINT64_FORMAT, leaver_id), ==, 0);
  g_assert_cmpint (sql_int ("SELECT owner_id FROM accounts WHERE id = %" G_GINT64_FORMAT, account1), ==, heir_id);
  g_assert_cmpint (sql_int ("SELECT owner_id FROM accounts WHERE id = %" G_GINT64_FORMAT, account2), ==, heir_id);
  g_assert_null (rapport_test_login (server, "leaver", PASSWORD));
  rapport_test_ui_settle (500);
  g_free (rapport_test_ui_screenshot (window, "admin-deactivated"));
}

static gboolean
unlocked (gpointer data)
{
  return sql_int ("SELECT locked FROM users WHERE id = %" G_GINT64_FORMAT, locked_id) == 0;
}

static gboolean
signed_out (gpointer data)
{
  g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", data, NULL);

  return me->status == 401;
}

static void
test_unlock_and_end_sessions (void)
{
  GtkWidget *dialog;

  g_assert_cmpint (sql_int ("SELECT locked FROM users WHERE id = %" G_GINT64_FORMAT, locked_id), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (users_page ()), "users.unlock", "x", locked_id);
  rapport_test_ui_wait_until (unlocked, NULL, 30, "the unlock");
  g_assert_nonnull (rapport_test_login (server, "locky", PASSWORD));

  g_assert_false (signed_out (sharee_token));
  gtk_widget_activate_action (GTK_WIDGET (users_page ()), "users.end-sessions", "x", sharee_id);
  dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "the confirmation");
  g_free (rapport_test_ui_screenshot (dialog, "admin-end-sessions"));
  respond (dialog, "end");
  rapport_test_ui_wait_until (signed_out, sharee_token, 30, "the sessions to end");
  g_free (sharee_token);
  sharee_token = rapport_test_login (server, "sharee", PASSWORD);
}

static gboolean
scopes_ready (gpointer data)
{
  return !rapport_admin_scopes_page_get_busy (data);
}

static gboolean
sales_sees_team (gpointer data)
{
  g_autoptr(RapportTestReply) reply = api ("GET", "/api/v1/role-scopes", NULL);
  JsonArray *items = json_object_get_array_member (rapport_test_reply_object (reply), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "role"), "sales") &&
          g_str_equal (json_object_get_string_member (item, "entity"), "account"))
        return g_str_equal (json_object_get_string_member (item, "scope"), "team");
    }
  return FALSE;
}

static void
test_role_scopes (void)
{
  RapportAdminScopesPage *page = RAPPORT_ADMIN_SCOPES_PAGE (CHILD (admin_page (), RAPPORT_TYPE_ADMIN_PAGE, "scopes_page"));
  GtkDropDown *cell;

  rapport_admin_page_show (admin_page (), "scopes");
  rapport_test_ui_wait_until (scopes_ready, page, 30, "the scopes");
  cell = rapport_admin_scopes_page_get_cell (page, "sales", "account");
  g_assert_nonnull (cell);
  /* own, as the defaults have it */
  g_assert_cmpuint (gtk_drop_down_get_selected (cell), ==, 0);
  gtk_drop_down_set_selected (cell, 1);
  rapport_test_ui_wait_until (sales_sees_team, NULL, 30, "the new scope on the server");
  rapport_test_ui_wait_until (scopes_ready, page, 30, "the save");
  g_free (rapport_test_ui_screenshot (window, "admin-scopes"));
}

static gboolean
teams_shown (gpointer data)
{
  GListModel *tree = rapport_admin_teams_page_get_tree (data);

  return tree && g_list_model_get_n_items (tree) == GPOINTER_TO_UINT (g_object_get_data (data, "wanted"));
}

static void
test_teams (void)
{
  RapportAdminTeamsPage *page = RAPPORT_ADMIN_TEAMS_PAGE (CHILD (admin_page (), RAPPORT_TYPE_ADMIN_PAGE, "teams_page"));
  gint64 sales = sql_int ("SELECT id FROM teams WHERE name = 'Sales'");
  g_autoptr(GtkTreeListRow) row = NULL;
  GtkWidget *dialog;

  rapport_admin_page_show (admin_page (), "teams");
  /* Sales, with East under it, expanded */
  g_object_set_data (G_OBJECT (page), "wanted", GUINT_TO_POINTER (2));
  rapport_test_ui_wait_until (teams_shown, page, 30, "the team tree");
  row = g_list_model_get_item (rapport_admin_teams_page_get_tree (page), 1);
  g_assert_cmpuint (gtk_tree_list_row_get_depth (row), ==, 1);

  /* a new team under Sales */
  gtk_widget_activate_action (GTK_WIDGET (page), "teams.new", NULL);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_TEAM_DIALOG, "the new-team dialog");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_TEAM_DIALOG, "name_row")), "West 西区");
  choose (CHILD (dialog, RAPPORT_TYPE_TEAM_DIALOG, "parent_row"), sales);
  g_free (rapport_test_ui_screenshot (dialog, "admin-new-team"));
  respond (dialog, "save");
  g_object_set_data (G_OBJECT (page), "wanted", GUINT_TO_POINTER (3));
  rapport_test_ui_wait_until (teams_shown, page, 30, "the new team in the tree");
  g_assert_cmpint (sql_int ("SELECT parent_id FROM teams WHERE name = 'West 西区'"), ==, sales);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, "admin-teams"));
}

static RapportRecordPage *
record_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_RECORD_PAGE (child) ? RAPPORT_RECORD_PAGE (child) : NULL;
}

static gboolean
record_loaded (gpointer data)
{
  RapportRecordPage *page = record_page ();

  return page && rapport_record_page_get_entity (page) != NULL;
}

static gboolean
share_dialog_ready (gpointer data)
{
  return !rapport_share_dialog_get_busy (data) &&
         rapport_share_dialog_get_n_shares (data) == GPOINTER_TO_INT (g_object_get_data (data, "wanted"));
}

static gboolean
owned_by (gpointer data)
{
  gint64 *wanted = data;

  return sql_int ("SELECT owner_id FROM accounts WHERE id = %" G_GINT64_FORMAT, wanted[0]) == wanted[1];
}

static void
test_share_and_transfer (void)
{
  g_autofree char *shares_path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/shares", account1);
  g_autoptr(RapportTestReply) shares = NULL;
  gint64 wanted[2] = { account1, sharee_id };
  JsonObject *share;
  GtkWidget *dialog;
  GtkWidget *more;

  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account1, NULL);
  rapport_test_ui_wait_until (record_loaded, NULL, 30, "the account");
  more = CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE, "more_button");
  g_assert_true (gtk_widget_get_visible (more));

  /* shared with a user, who may change it, until the end of a day */
  gtk_widget_activate_action (GTK_WIDGET (record_page ()), "record.share", NULL);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_SHARE_DIALOG, "the share dialog");
  g_object_set_data (G_OBJECT (dialog), "wanted", GINT_TO_POINTER (0));
  rapport_test_ui_wait_until (share_dialog_ready, dialog, 30, "the shares");
  choose (CHILD (dialog, RAPPORT_TYPE_SHARE_DIALOG, "user_row"), sharee_id);
  adw_combo_row_set_selected (ADW_COMBO_ROW (CHILD (dialog, RAPPORT_TYPE_SHARE_DIALOG, "access_row")), 1);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SHARE_DIALOG, "until_row")), "2099-12-31");
  rapport_share_dialog_share (RAPPORT_SHARE_DIALOG (dialog));
  g_object_set_data (G_OBJECT (dialog), "wanted", GINT_TO_POINTER (1));
  rapport_test_ui_wait_until (share_dialog_ready, dialog, 30, "the share");
  rapport_test_ui_settle (200);
  g_assert_nonnull (rapport_test_ui_find_label (dialog, "Sam Sharee (sharee)"));
  g_free (rapport_test_ui_screenshot (dialog, "admin-share"));

  shares = api ("GET", shares_path, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (shares), "items")), ==, 1);
  share = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (shares), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (share, "user_id"), ==, sharee_id);
  g_assert_cmpstr (json_object_get_string_member (share, "access"), ==, "write");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (share, "until"), "2099-12-31") ||
                 g_str_has_prefix (json_object_get_string_member (share, "until"), "2100-01-01"));
  gtk_window_close (GTK_WINDOW (dialog));
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_SHARE_DIALOG, "the share dialog to close");

  /* then given to that user, with a reason */
  gtk_widget_activate_action (GTK_WIDGET (record_page ()), "record.transfer", NULL);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_TRANSFER_DIALOG, "the transfer dialog");
  choose (CHILD (dialog, RAPPORT_TYPE_TRANSFER_DIALOG, "owner_row"), sharee_id);
  /* no reason, no transfer */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "transfer"));
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_TRANSFER_DIALOG, "reason_row")), "Territory change");
  g_free (rapport_test_ui_screenshot (dialog, "admin-transfer"));
  respond (dialog, "transfer");
  rapport_test_ui_wait_until (owned_by, wanted, 30, "the transfer");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/history", account1);
    g_autoptr(RapportTestReply) history = api ("GET", path, NULL);

    g_assert_nonnull (strstr (history->body, "Territory change"));
  }
  g_free (rapport_test_ui_screenshot (window, "admin-transferred"));
  rapport_record_page_close (record_page ());
}

static gboolean
list_loaded (gpointer data)
{
  RapportListModel *model = rapport_records_page_get_model (data);

  return g_list_model_get_n_items (G_LIST_MODEL (model)) >= 3 && !rapport_list_model_get_loading (model);
}

static gboolean
both_owned_by_heir (gpointer data)
{
  gint64 *ids = data;

  return sql_int ("SELECT COUNT(*) FROM accounts WHERE owner_id = %" G_GINT64_FORMAT " AND id IN (%" G_GINT64_FORMAT
                  ",%" G_GINT64_FORMAT ")", heir_id, ids[0], ids[1]) == 2;
}

/* several rows of a list, to one new owner */
static void
test_bulk_transfer (void)
{
  RapportRecordsPage *page;
  GtkSelectionModel *selection;
  RapportListModel *model;
  GtkWidget *button, *dialog;
  gint64 ids[2];

  rapport_window_show_section (RAPPORT_WINDOW (window), "accounts");
  page = RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (content_stack (), "accounts"));
  rapport_test_ui_wait_until (list_loaded, page, 30, "the accounts");
  model = rapport_records_page_get_model (page);
  selection = rapport_records_page_get_selection (page);
  button = CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "transfer_button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_selection_model_select_range (selection, 0, 2, TRUE);
  g_assert_true (gtk_widget_get_sensitive (button));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CrmEntity) entity = g_list_model_get_item (G_LIST_MODEL (model), i);
      ids[i] = crm_entity_get_id (entity);
    }
  g_free (rapport_test_ui_screenshot (window, "admin-bulk-selected"));

  gtk_widget_activate (button);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_TRANSFER_DIALOG, "the bulk transfer dialog");
  choose (CHILD (dialog, RAPPORT_TYPE_TRANSFER_DIALOG, "owner_row"), heir_id);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_TRANSFER_DIALOG, "reason_row")), "Reorganisation");
  respond (dialog, "transfer");
  rapport_test_ui_wait_until (both_owned_by_heir, ids, 30, "the bulk transfer");
}

/* the section is for administrators only */
static void
test_hidden_for_others (void)
{
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  sign_in ("sharee", PASSWORD);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (admin_row ())));
  g_assert_null (gtk_stack_get_child_by_name (content_stack (), "admin"));
  g_free (rapport_test_ui_screenshot (window, "admin-hidden-for-sales"));
}

static gint64
add_user (const char *login,
          const char *name,
          char      **token)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;

  g_file_set_contents (password_path, PASSWORD, -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", "sales", "--name", name,
                                 "--team", "Sales", "--password-file", password_path, NULL) != 0)
    g_error ("user add %s: %s", login, output);
  if (token)
    *token = rapport_test_login (server, login, PASSWORD);
  return user_id (login);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *leaver = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "team", "add", "Sales", NULL), ==, 0);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "team", "add", "East", "--parent", "Sales", NULL), ==, 0);
  leaver_id = add_user ("leaver", "Lee Leaver", &leaver);
  heir_id = add_user ("heir", "Hana Heir", NULL);
  locked_id = add_user ("locky", "Lou Locked", NULL);
  sharee_id = add_user ("sharee", "Sam Sharee", &sharee_token);
  add_user ("bystander", "Bo Bystander", NULL);
  g_free (rapport_test_server_sql (server, "UPDATE users SET locked = 1 WHERE login = 'locky'"));
  account1 = rapport_test_create (server, leaver, "accounts", "{\"name\":\"Leaver Trading 甲\"}");
  account2 = rapport_test_create (server, leaver, "accounts", "{\"name\":\"Leaver Supplies 乙\"}");
  account3 = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Admin Holdings\"}");

  window = rapport_test_ui_open_window (1100, 720);
  sign_in ("admin", server->admin_password);

  g_test_add_func ("/admin/users-list", test_users_list);
  g_test_add_func ("/admin/create-user", test_create_user);
  g_test_add_func ("/admin/deactivate", test_deactivate);
  g_test_add_func ("/admin/unlock-and-end-sessions", test_unlock_and_end_sessions);
  g_test_add_func ("/admin/role-scopes", test_role_scopes);
  g_test_add_func ("/admin/teams", test_teams);
  g_test_add_func ("/admin/share-and-transfer", test_share_and_transfer);
  g_test_add_func ("/admin/bulk-transfer", test_bulk_transfer);
  g_test_add_func ("/admin/hidden-for-others", test_hidden_for_others);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (sharee_token);
  rapport_test_server_stop (server);
  return status;
}
