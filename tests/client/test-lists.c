/* test-lists.c: lists say whose each row is and for whom, filter by owner, keep the columns chosen, and restore archived rows, under Xvfb against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-sign-in-page.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>

#define PASSWORD "correct horse battery"
#define CUSTOMER "康泰医疗 Lists"

static RapportTestServer *server;
static GtkWidget *window;
static char *suffix;
static char *rita_token;
static gint64 rita_id;
static gint64 archived_id;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static char *
shot_name (const char *name)
{
  return g_strdup_printf ("%s%s", name, suffix ? suffix : "");
}

static void
screenshot (const char *name)
{
  g_autofree char *file = shot_name (name);

  g_free (rapport_test_ui_screenshot (window, file));
}

static gint64
sql_int (const char *statement)
{
  g_autofree char *output = rapport_test_server_sql (server, statement);

  return g_ascii_strtoll (output, NULL, 10);
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

static RapportRecordsPage *
section (const char *collection)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));

  rapport_window_show_section (RAPPORT_WINDOW (window), collection);
  return RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (stack, collection));
}

typedef struct
{
  RapportRecordsPage *page;
  guint               n_items;
} Rows;

/* the list shows exactly n_items rows, all loaded */
static gboolean
has_rows (gpointer data)
{
  Rows *rows = data;
  RapportListModel *model = rapport_records_page_get_model (rows->page);

  return !rapport_list_model_get_loading (model) && rapport_list_model_get_error (model) == NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == rows->n_items;
}

static void
wait_rows (RapportRecordsPage *page,
           guint               n_items,
           const char         *what)
{
  Rows rows = { page, n_items };

  rapport_test_ui_wait_until (has_rows, &rows, 30, what);
  rapport_test_ui_settle (200);
}

static gboolean
searched (gpointer data)
{
  RapportRecordsPage *page = data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "search_entry")));

  return g_strcmp0 (rapport_list_model_get_search (rapport_records_page_get_model (page)), text) == 0;
}

/* the search entry waits a moment before it searches: so does this */
static void
search (RapportRecordsPage *page,
        const char         *text)
{
  gtk_editable_set_text (GTK_EDITABLE (CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "search_entry")), text);
  rapport_test_ui_wait_until (searched, page, 30, "the search");
}

/* the column of a field, by its name */
static GtkColumnViewColumn *
column_of (RapportRecordsPage *page,
           const char         *field)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "column_view")));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "field-name"), field) == 0)
        return column;
    }
  g_assert_not_reached ();
}

static gboolean
owners_listed (gpointer data)
{
  GtkDropDown *dropdown = data;

  /* anyone, me, my team and the four users, the administrator among them */
  return g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)) >= 7;
}

/* the owner's and the customer's names show in their columns */
static void
test_names_in_columns (void)
{
  RapportRecordsPage *accounts = section ("accounts");
  RapportRecordsPage *quotes;
  RapportRecordsPage *contacts;

  search (accounts, "Lists");
  wait_rows (accounts, 4, "the accounts");
  g_assert_true (gtk_column_view_column_get_visible (column_of (accounts, "owner")));
  g_assert_cmpstr (gtk_column_view_column_get_title (column_of (accounts, "owner")), ==, _("Owner"));
  /* names, not ids or logins */
  g_assert_nonnull (rapport_test_ui_find_label (window, "Rita Rep 芮"));
  g_assert_nonnull (rapport_test_ui_find_label (window, "Tao Teammate"));
  g_assert_null (rapport_test_ui_find_label (window, "rita"));
  screenshot ("lists-owner-column");

  quotes = section ("quotes");
  search (quotes, "Lists");
  wait_rows (quotes, 1, "the quote");
  g_assert_true (gtk_column_view_column_get_visible (column_of (quotes, "account")));
  g_assert_nonnull (rapport_test_ui_find_label (window, CUSTOMER));
  screenshot ("lists-quote-customer");

  /* a contact shows its company, and is found by the company's name */
  contacts = section ("contacts");
  search (contacts, "Lists");
  wait_rows (contacts, 1, "the contact");
  g_assert_true (gtk_column_view_column_get_visible (column_of (contacts, "account")));
  /* the contact's name comes first, its company after it */
  {
    GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (CHILD (contacts, RAPPORT_TYPE_RECORDS_PAGE, "column_view")));
    g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (columns, 0);

    g_assert_cmpstr (g_object_get_data (G_OBJECT (first), "field-name"), ==, "name");
  }
  g_assert_nonnull (rapport_test_ui_find_label (window, CUSTOMER));
  g_assert_nonnull (rapport_test_ui_find_label (window, "Lin Contact"));
}

/* Anyone, Me, My team, a person */
static void
test_owner_filter (void)
{
  RapportRecordsPage *accounts = section ("accounts");
  GtkDropDown *owner = GTK_DROP_DOWN (CHILD (accounts, RAPPORT_TYPE_RECORDS_PAGE, "owner_dropdown"));
  GListModel *names;
  guint tao = GTK_INVALID_LIST_POSITION;

  search (accounts, "Lists");
  wait_rows (accounts, 4, "every account");
  rapport_test_ui_wait_until (owners_listed, owner, 30, "the users in the owner filter");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (owner)));

  gtk_drop_down_set_selected (owner, 1);
  wait_rows (accounts, 1, "only mine");
  g_assert_nonnull (rapport_test_ui_find_label (window, "Lists Rita Own"));
  screenshot ("lists-owner-me");

  /* rita's team: Lists Team and the one below it; Otto is in neither */
  gtk_drop_down_set_selected (owner, 2);
  wait_rows (accounts, 3, "my team's");
  g_assert_null (rapport_test_ui_find_label (window, "Lists Otto Other"));

  names = gtk_drop_down_get_model (owner);
  for (guint i = 3; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Tao Teammate"))
      tao = i;
  g_assert_cmpuint (tao, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (owner, tao);
  wait_rows (accounts, 2, "Tao's");
  g_assert_nonnull (rapport_test_ui_find_label (window, "Lists Tao Team"));
  g_assert_nonnull (rapport_test_ui_find_label (window, CUSTOMER));
  screenshot ("lists-owner-person");

  gtk_drop_down_set_selected (owner, 0);
  wait_rows (accounts, 4, "anyone's again");
}

static GtkWidget *
column_check (RapportRecordsPage *page,
              const char         *field)
{
  GtkWidget *box = CHILD (page, RAPPORT_TYPE_RECORDS_PAGE, "columns_box");
  GtkWidget *check = rapport_test_ui_find_by_name (box, field);

  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  return check;
}

/* a hidden column stays hidden in a new window */
static void
test_column_chooser (void)
{
  RapportRecordsPage *accounts = section ("accounts");
  GtkMenuButton *button = GTK_MENU_BUTTON (CHILD (accounts, RAPPORT_TYPE_RECORDS_PAGE, "columns_button"));

  search (accounts, "Lists");
  wait_rows (accounts, 4, "the accounts");
  gtk_menu_button_popup (button);
  rapport_test_ui_settle (300);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (column_check (accounts, "phone"))));
  /* a column the section does not show by default is offered too */
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (column_check (accounts, "source"))));
  screenshot ("lists-column-chooser");
  {
    /* the popover is a surface of its own */
    g_autofree char *file = shot_name ("lists-column-chooser-popover");

    g_free (rapport_test_ui_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (button)), file));
  }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (column_check (accounts, "phone")), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (column_check (accounts, "source")), TRUE);
  gtk_menu_button_popdown (button);
  g_assert_false (gtk_column_view_column_get_visible (column_of (accounts, "phone")));
  g_assert_true (gtk_column_view_column_get_visible (column_of (accounts, "source")));
  g_assert_null (rapport_test_ui_find_label (window, "+86 10 5555 0101"));

  /* closed and opened again, signed in again */
  gtk_window_destroy (GTK_WINDOW (window));
  window = rapport_test_ui_open_window (1280, 800);
  sign_in ("rita", PASSWORD);
  accounts = section ("accounts");
  search (accounts, "Lists");
  wait_rows (accounts, 4, "the accounts in the new window");
  g_assert_false (gtk_column_view_column_get_visible (column_of (accounts, "phone")));
  g_assert_true (gtk_column_view_column_get_visible (column_of (accounts, "source")));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (column_check (accounts, "phone"))));
  g_assert_null (rapport_test_ui_find_label (window, "+86 10 5555 0101"));
  /* another list keeps its own columns */
  g_assert_true (gtk_column_view_column_get_visible (column_of (section ("contacts"), "email")));
  screenshot ("lists-columns-reopened");
}

static gboolean
restored (gpointer data)
{
  g_autofree char *statement = g_strdup_printf ("SELECT archived FROM accounts WHERE id = %" G_GINT64_FORMAT, archived_id);

  return sql_int (statement) == 0;
}

/* the archived view lists what was archived, and restores the selection */
static void
test_archived_restore (void)
{
  RapportRecordsPage *accounts = section ("accounts");
  GtkToggleButton *archived = GTK_TOGGLE_BUTTON (CHILD (accounts, RAPPORT_TYPE_RECORDS_PAGE, "archived_button"));
  GtkWidget *restore = CHILD (accounts, RAPPORT_TYPE_RECORDS_PAGE, "restore_button");
  GtkSelectionModel *selection = rapport_records_page_get_selection (accounts);

  search (accounts, "Lists");
  wait_rows (accounts, 4, "the accounts");
  g_assert_false (gtk_widget_get_visible (restore));
  g_assert_null (rapport_test_ui_find_label (window, "Lists Archived Once"));

  gtk_toggle_button_set_active (archived, TRUE);
  wait_rows (accounts, 1, "the archived account");
  g_assert_nonnull (rapport_test_ui_find_label (window, "Lists Archived Once"));
  g_assert_true (gtk_widget_get_visible (restore));
  g_assert_false (gtk_widget_get_sensitive (restore));
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_get_sensitive (restore));
  screenshot ("lists-archived");

  gtk_widget_activate (restore);
  rapport_test_ui_wait_until (restored, NULL, 30, "the restore");
  wait_rows (accounts, 0, "the archived view emptied");

  gtk_toggle_button_set_active (archived, FALSE);
  wait_rows (accounts, 5, "the restored account back in the list");
  g_assert_nonnull (rapport_test_ui_find_label (window, "Lists Archived Once"));
  screenshot ("lists-restored");
}

/* a user with a display name, in a team */
static gint64
add_user (const char *login,
          const char *role,
          const char *name,
          const char *team)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;
  g_autofree char *statement = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", login);

  g_file_set_contents (password_path, PASSWORD, -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--name", name,
                                 "--team", team, "--password-file", password_path, NULL) != 0)
    g_error ("user add %s: %s", login, output);
  return sql_int (statement);
}

static gint64
account_of (gint64      owner,
            const char *name,
            const char *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"phone\":\"%s\",\"owner_id\":%" G_GINT64_FORMAT "}",
                                           name, phone, owner);

  return rapport_test_create (server, server->admin_token, "accounts", body);
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *contact = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *archive = NULL;
  g_autoptr(RapportTestReply) archived = NULL;
  gint64 tao_id, otto_id, customer;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "team", "add", "Lists Team", NULL), ==, 0);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "team", "add", "Lists Below", "--parent", "Lists Team", NULL), ==, 0);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "team", "add", "Lists Elsewhere", NULL), ==, 0);
  /* a director sees the whole company, so the owner filter alone narrows */
  rita_id = add_user ("rita", "director", "Rita Rep 芮", "Lists Team");
  tao_id = add_user ("tao", "sales", "Tao Teammate", "Lists Below");
  otto_id = add_user ("otto", "sales", "Otto Outsider", "Lists Elsewhere");
  rita_token = rapport_test_login (server, "rita", PASSWORD);

  customer = account_of (rita_id, "Lists Rita Own", "+86 10 5555 0101");
  account_of (tao_id, "Lists Tao Team", "+86 10 5555 0102");
  account_of (otto_id, "Lists Otto Other", "+86 10 5555 0103");
  {
    gint64 named = rapport_test_create (server, server->admin_token, "accounts",
                                        "{\"name\":\"" CUSTOMER "\",\"phone\":\"+86 10 5555 0104\"}");
    g_autofree char *give = g_strdup_printf ("UPDATE accounts SET owner_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                             tao_id, named);

    g_free (rapport_test_server_sql (server, give));
    customer = named;
  }
  archived_id = account_of (rita_id, "Lists Archived Once", "+86 10 5555 0105");
  archive = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "?version=1", archived_id);
  archived = rapport_test_request (server, "DELETE", archive, server->admin_token, NULL);
  g_assert_cmpuint (archived->status, ==, 200);
  contact = g_strdup_printf ("{\"name\":\"Lin Contact\",\"account_id\":%" G_GINT64_FORMAT "}", customer);
  rapport_test_create (server, rita_token, "contacts", contact);
  quote = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"title\":\"Lists quote\",\"currency\":\"CNY\","
                           "\"lines\":[{\"description\":\"Monitor\",\"quantity\":\"1\",\"unit_price\":\"100\",\"tax_rate\":\"13\"}]}",
                           customer);
  rapport_test_create (server, rita_token, "quotes", quote);

  window = rapport_test_ui_open_window (1280, 800);
  sign_in ("rita", PASSWORD);

  g_test_add_func ("/lists/names-in-columns", test_names_in_columns);
  g_test_add_func ("/lists/owner-filter", test_owner_filter);
  g_test_add_func ("/lists/column-chooser", test_column_chooser);
  g_test_add_func ("/lists/archived-restore", test_archived_restore);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rita_token);
  g_free (suffix);
  rapport_test_server_stop (server);
  return status;
}
