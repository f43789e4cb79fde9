/* test-live-updates.c: lists and open records follow what another session changes, over the event WebSocket, under Xvfb against a real rapportd */
#include "rapport-application.h"
#include "rapport-list-model.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-approvals-page.h"
#include "pages/rapport-document-page.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-sign-in-page.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#define PASSWORD "correct horse battery"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
/* the window's user, and a second session of the same user */
static char *rep;
static gint64 rep_id;
/* the other session that writes: the administrator, who sees every account */
static char *admin_name;
static gint64 alpha, beta, gamma_id, delta, customer;

/* the administrator changes an account through the API, from another session */
static void
admin_patch (gint64      id,
             const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, server->admin_token, body);

  g_assert_cmpuint (reply->status, ==, 200);
}

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static RapportRecordsPage *
accounts_page (void)
{
  return RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (content_stack (), "accounts"));
}

static RapportListModel *
accounts (void)
{
  return rapport_records_page_get_model (accounts_page ());
}

static RapportRecordPage *
record_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_RECORD_PAGE (child) ? RAPPORT_RECORD_PAGE (child) : NULL;
}

static RapportApprovalsPage *
approvals_page (void)
{
  return RAPPORT_APPROVALS_PAGE (gtk_stack_get_child_by_name (content_stack (), "approvals"));
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

static void
open_section (const char *collection)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));

  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), collection));
}

/* the row of the accounts list that shows @id, or -1 */
static int
position_of (gint64 id)
{
  GListModel *model = G_LIST_MODEL (accounts ());

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CrmEntity) entity = g_list_model_get_item (model, i);

      if (crm_entity_get_id (entity) == id)
        return (int) i;
    }
  return -1;
}

static gboolean
list_loaded (gpointer data)
{
  return accounts_page () && gtk_stack_get_visible_child (content_stack ()) == GTK_WIDGET (accounts_page ()) &&
         !rapport_list_model_get_loading (accounts ()) && g_list_model_get_n_items (G_LIST_MODEL (accounts ())) > 0;
}

/* the accounts list, loaded, with the event WebSocket open: its number of rows */
static guint
show_accounts (void)
{
  open_section ("accounts");
  rapport_test_ui_wait_until (list_loaded, NULL, 30, "the accounts");
  rapport_test_ui_wait_events (window);
  return g_list_model_get_n_items (G_LIST_MODEL (accounts ()));
}

typedef struct
{
  guint       position;
  const char *name;
} RowName;

static gboolean
row_named (gpointer data)
{
  RowName *row = data;
  g_autoptr(CrmEntity) entity = g_list_model_get_item (G_LIST_MODEL (accounts ()), row->position);

  return entity && g_strcmp0 (crm_entity_get_text (entity, "name"), row->name) == 0 &&
         rapport_test_ui_find_label (GTK_WIDGET (accounts_page ()), row->name) != NULL;
}

static gboolean
listed (gpointer data)
{
  return position_of (GPOINTER_TO_SIZE (data)) >= 0 &&
         !rapport_list_model_get_loading (accounts ());
}

static gboolean
not_listed (gpointer data)
{
  return position_of (GPOINTER_TO_SIZE (data)) < 0;
}

/* another session renames an account the list shows: the row changes in
 * place, keeps its selection, and nothing else is fetched again */
static void
test_row_updates_in_place (void)
{
  GtkSelectionModel *selection;
  guint fetched;
  int position;
  RowName renamed = { 0, "Live Beta Renamed 改名" };
  guint n = show_accounts ();

  selection = rapport_records_page_get_selection (accounts_page ());
  position = position_of (beta);
  g_assert_cmpint (position, >=, 0);
  gtk_selection_model_select_item (selection, position, TRUE);
  fetched = rapport_list_model_get_pages_fetched (accounts ());

  admin_patch (beta, "{\"version\":1,\"name\":\"Live Beta Renamed 改名\"}");
  renamed.position = position;
  rapport_test_ui_wait_until (row_named, &renamed, 30, "the renamed row, in place");

  g_assert_cmpint (position_of (beta), ==, position);
  g_assert_true (gtk_selection_model_is_selected (selection, position));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, n);
  g_assert_cmpuint (rapport_list_model_get_pages_fetched (accounts ()), ==, fetched);
  g_free (rapport_test_ui_screenshot (window, "live-row-renamed"));
}

/* the row selected by the first test (when it ran) is still the one selected */
static void
assert_selection_kept (GtkSelectionModel *selection)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

  if (gtk_bitset_get_size (selected) == 0)
    return;
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_true (gtk_selection_model_is_selected (selection, position_of (beta)));
}

/* an account created for the rep by another session joins the list; the selection stays */
static void
test_new_row_appears (void)
{
  guint n = show_accounts ();
  GtkSelectionModel *selection = rapport_records_page_get_selection (accounts_page ());
  guint fetched = rapport_list_model_get_pages_fetched (accounts ());
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Live Delta 新客户\",\"owner_id\":%" G_GINT64_FORMAT "}", rep_id);

  delta = rapport_test_create (server, server->admin_token, "accounts", body);
  rapport_test_ui_wait_until (listed, GSIZE_TO_POINTER (delta), 30, "the new account in the list");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, n + 1);
  g_assert_cmpint (rapport_list_model_get_total (accounts ()), ==, n + 1);
  g_assert_cmpuint (rapport_list_model_get_pages_fetched (accounts ()), ==, fetched);
  /* what was selected stays so, one row further down if the new one came before it */
  assert_selection_kept (selection);
  rapport_test_ui_settle (200);
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (accounts_page ()), "Live Delta 新客户"));
}

/* an account archived by another session leaves the list */
static void
test_archived_row_goes (void)
{
  guint n = show_accounts ();
  GtkSelectionModel *selection = rapport_records_page_get_selection (accounts_page ());
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "?version=1", gamma_id);
  g_autoptr(RapportTestReply) reply = NULL;

  g_assert_cmpint (position_of (gamma_id), >=, 0);
  reply = rapport_test_request (server, "DELETE", path, server->admin_token, NULL);
  g_assert_cmpuint (reply->status, <, 300);
  rapport_test_ui_wait_until (not_listed, GSIZE_TO_POINTER (gamma_id), 30, "the archived account gone");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, n - 1);
  g_assert_cmpint (rapport_list_model_get_total (accounts ()), ==, n - 1);
  assert_selection_kept (selection);
}

static gboolean
n_rows_is (gpointer data)
{
  return !rapport_list_model_get_loading (accounts ()) &&
         g_list_model_get_n_items (G_LIST_MODEL (accounts ())) == GPOINTER_TO_UINT (data);
}

/* Many records told at once (an import, a bulk transfer) are gathered:
 * those that join cost one request, and a transfer of more rows than it
 * is worth fetching one by one reloads the list once. */
static void
test_bulk_changes (void)
{
  RapportApi *api = rapport_test_ui_api (window);
  guint n = show_accounts ();
  g_autoptr(GString) csv = g_string_new ("name,owner_id\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RapportTestReply) imported = NULL;
  g_autoptr(RapportTestReply) transferred = NULL;
  g_autofree char *body = NULL;
  g_autofree char *output = NULL;
  guint requests;

  for (guint i = 0; i < 45; i++)
    g_string_append_printf (csv, "Live Bulk %02u,%" G_GINT64_FORMAT "\n", i, rep_id);
  bytes = g_string_free_to_bytes (g_steal_pointer (&csv));
  requests = rapport_api_get_request_count (api);
  imported = rapport_test_request_full (server, "POST", "/api/v1/accounts/import.csv", server->admin_token,
                                        "text/csv", bytes);
  g_assert_cmpuint (imported->status, ==, 201);
  rapport_test_ui_wait_until (n_rows_is, GUINT_TO_POINTER (n + 45), 30, "the imported accounts in the list");
  /* one transaction, one hub poll: one look at the first page */
  g_assert_cmpuint (rapport_api_get_request_count (api) - requests, <=, 2);

  output = rapport_test_server_sql (server, "SELECT GROUP_CONCAT(id) FROM accounts WHERE name LIKE 'Live Bulk %'");
  body = g_strdup_printf ("{\"ids\":[%s],\"owner_id\":%s,\"reason\":\"Territory change\"}", g_strstrip (output),
                          "1");
  requests = rapport_api_get_request_count (api);
  transferred = rapport_test_request (server, "POST", "/api/v1/accounts/transfer", server->admin_token, body);
  g_assert_cmpuint (transferred->status, ==, 200);
  /* the rep may no longer see them */
  rapport_test_ui_wait_until (n_rows_is, GUINT_TO_POINTER (n), 30, "the transferred accounts gone");
  g_assert_cmpuint (rapport_api_get_request_count (api) - requests, <=, 3);
}

static gboolean
record_version_is (gpointer data)
{
  RapportRecordPage *page = record_page ();
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity && crm_entity_get_version (entity) == GPOINTER_TO_INT (data);
}

static gboolean
banner_revealed (gpointer data)
{
  GtkWidget *banner = CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE, "change_banner");

  return gtk_revealer_get_reveal_child (GTK_REVEALER (banner)) && gtk_revealer_get_child_revealed (GTK_REVEALER (banner));
}

static GtkWidget *
form_row (const char *json_key)
{
  return rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), json_key);
}

/* someone else saves the record being edited: the page says who and
 * when, keeps what was typed, and Reload loads their version */
static void
test_record_banner (void)
{
  GtkWidget *label;
  g_autofree char *expected = NULL;

  rapport_test_ui_wait_events (window);
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", alpha, NULL);
  rapport_test_ui_wait_until (record_version_is, GINT_TO_POINTER (1), 30, "the account page");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("region")), "Typed here 这里");
  g_assert_true (rapport_entity_form_is_dirty (rapport_record_page_get_form (record_page ())));

  admin_patch (alpha, "{\"version\":1,\"name\":\"Live Alpha by Admin\"}");
  rapport_test_ui_wait_until (banner_revealed, NULL, 30, "the changed-by banner");
  label = CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE, "change_label");
  expected = g_strdup_printf ("Changed by %s at ", admin_name);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), expected));
  /* nothing typed was lost, and the page still shows the version it was editing */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_row ("region"))), ==, "Typed here 这里");
  g_assert_cmpint (crm_entity_get_version (rapport_record_page_get_entity (record_page ())), ==, 1);
  g_free (rapport_test_ui_screenshot (window, "live-changed-banner"));

  gtk_widget_activate (CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE, "change_reload_button"));
  rapport_test_ui_wait_until (record_version_is, GINT_TO_POINTER (2), 30, "the version saved by the administrator");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE,
                                                                     "change_banner"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_row ("name"))), ==, "Live Alpha by Admin");
}

/* with nothing typed, another's save is simply loaded in place */
static void
test_record_reloads_in_place (void)
{
  admin_patch (alpha, "{\"version\":2,\"name\":\"Live Alpha Again\"}");
  rapport_test_ui_wait_until (record_version_is, GINT_TO_POINTER (3), 30, "the new version, loaded in place");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (CHILD (record_page (), RAPPORT_TYPE_RECORD_PAGE,
                                                                     "change_banner"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_row ("name"))), ==, "Live Alpha Again");
  g_assert_false (rapport_entity_form_is_dirty (rapport_record_page_get_form (record_page ())));
}

static RapportDocumentPage *
document_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_DOCUMENT_PAGE (child) ? RAPPORT_DOCUMENT_PAGE (child) : NULL;
}

static gboolean
document_version_is (gpointer data)
{
  RapportDocumentPage *page = document_page ();
  CrmEntity *entity = page ? rapport_document_page_get_entity (page) : NULL;

  return entity && crm_entity_get_version (entity) == GPOINTER_TO_INT (data) && !rapport_document_page_get_busy (page);
}

static gboolean
toast_says_changed (gpointer data)
{
  return rapport_test_ui_find_label_containing (window, data) != NULL;
}

static gboolean
toast_gone (gpointer data)
{
  return rapport_test_ui_find_label_containing (window, data) == NULL;
}

/* A quote open in its editor follows another's save: loaded again in
 * place when nothing was typed, told in a toast that stays when there was. */
static void
test_document_follows (void)
{
  g_autofree char *second_session = rapport_test_login (server, "live-rep", PASSWORD);
  gint64 clinic = rapport_test_create (server, second_session, "accounts", "{\"name\":\"Live Clinic\"}");
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"Live Draft\","
                                           "\"lines\":[{\"description\":\"Mask\",\"quantity\":\"10\",\"unit_price\":\"5\","
                                           "\"tax_rate\":\"13\"}]}", clinic);
  gint64 quote = rapport_test_create (server, second_session, "quotes", body);
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote);
  g_autofree char *expected = g_strdup_printf ("Changed by %s at ", admin_name);
  GtkWidget *title;

  rapport_window_open_record (RAPPORT_WINDOW (window), "quotes", quote, NULL);
  rapport_test_ui_wait_until (document_version_is, GINT_TO_POINTER (1), 30, "the quote's editor");
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, server->admin_token,
                                                              "{\"version\":1,\"title\":\"Live Draft by Admin\"}");
    g_assert_cmpuint (reply->status, ==, 200);
  }
  rapport_test_ui_wait_until (document_version_is, GINT_TO_POINTER (2), 30, "the quote loaded again in place");
  title = rapport_entity_form_get_row (RAPPORT_ENTITY_FORM (rapport_test_ui_find_by_type (GTK_WIDGET (document_page ()),
                                                                                          RAPPORT_TYPE_ENTITY_FORM)),
                                       "title");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Live Draft by Admin");
  g_assert_null (rapport_test_ui_find_label_containing (window, expected));

  gtk_editable_set_text (GTK_EDITABLE (title), "Typed in the quote");
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, server->admin_token,
                                                              "{\"version\":2,\"title\":\"Second by Admin\"}");
    g_assert_cmpuint (reply->status, ==, 200);
  }
  rapport_test_ui_wait_until (toast_says_changed, expected, 30, "the changed-by toast");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Typed in the quote");
  g_assert_cmpint (crm_entity_get_version (rapport_document_page_get_entity (document_page ())), ==, 2);
  g_free (rapport_test_ui_screenshot (window, "live-document-toast"));
  /* Reload, as the toast's button does: the other's version, and the toast goes */
  rapport_document_page_reload (document_page ());
  rapport_test_ui_wait_until (document_version_is, GINT_TO_POINTER (3), 30, "the other's version");
  rapport_test_ui_wait_until (toast_gone, expected, 30, "the toast gone");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Second by Admin");
}

/* a client told to reload (it was away longer than the server replays)
 * loads the open record again: what changed meanwhile shows */
static void
test_record_after_reload_event (void)
{
  RapportApi *api = rapport_test_ui_api (window);
  g_autofree char *statement = g_strdup_printf ("UPDATE accounts SET name = 'Changed Unseen', version = 4 "
                                                "WHERE id = %" G_GINT64_FORMAT, alpha);
  g_autoptr(JsonObject) empty = json_object_new ();

  g_assert_true (record_version_is (GINT_TO_POINTER (3)));
  g_free (rapport_test_server_sql (server, statement));
  g_signal_emit_by_name (api, "event::reload", "reload", empty);
  rapport_test_ui_wait_until (record_version_is, GINT_TO_POINTER (4), 30, "the record loaded again");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_row ("name"))), ==, "Changed Unseen");
}

static guint
n_submitted (void)
{
  GtkListBox *list = GTK_LIST_BOX (CHILD (approvals_page (), RAPPORT_TYPE_APPROVALS_PAGE, "submitted_list"));
  guint n = 0;
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, n)) != NULL &&
         g_object_get_data (G_OBJECT (row), "approval-id") != NULL)
    n++;
  return n;
}

static gboolean
n_submitted_is (gpointer data)
{
  return !rapport_approvals_page_get_busy (approvals_page ()) && n_submitted () == GPOINTER_TO_UINT (data);
}

/* the rep submits a quote (from another session of theirs): "Submitted"
 * lists it at once, with no reload asked for */
static void
test_submitted_by_me (void)
{
  g_autofree char *second_session = rapport_test_login (server, "live-rep", PASSWORD);
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) submitted = NULL;
  gint64 quote;

  customer = rapport_test_create (server, second_session, "accounts", "{\"name\":\"Live Hospital\"}");
  body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"Live Ventilators\","
                          "\"lines\":[{\"description\":\"Ventilator\",\"quantity\":\"1\",\"unit_price\":\"100000\","
                          "\"discount\":\"15\",\"tax_rate\":\"13\"}]}", customer);
  open_section ("approvals");
  rapport_approvals_page_show_list (approvals_page (), "submitted");
  rapport_test_ui_wait_until (n_submitted_is, GUINT_TO_POINTER (0), 30, "no request yet");

  quote = rapport_test_create (server, second_session, "quotes", body);
  path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", quote);
  submitted = rapport_test_request (server, "POST", path, second_session, NULL);
  g_assert_cmpuint (submitted->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (submitted, "status"), ==, "pending_approval");

  rapport_test_ui_wait_until (n_submitted_is, GUINT_TO_POINTER (1), 30, "the submission under Submitted");
  g_free (rapport_test_ui_screenshot (window, "live-submitted"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *manager = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  manager = rapport_test_server_add_managed_user (server, "live-mgr", "manager", NULL);
  rep = rapport_test_server_add_managed_user (server, "live-rep", "sales", "live-mgr");
  {
    g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", rep, NULL);
    g_autoptr(RapportTestReply) admin = rapport_test_request (server, "GET", "/api/v1/session", server->admin_token, NULL);

    rep_id = rapport_test_reply_int (me, "id");
    admin_name = g_strdup (rapport_test_reply_string (admin, "name"));
  }
  alpha = rapport_test_create (server, rep, "accounts", "{\"name\":\"Live Alpha\"}");
  beta = rapport_test_create (server, rep, "accounts", "{\"name\":\"Live Beta\"}");
  gamma_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"Live Gamma\"}");

  window = rapport_test_ui_open_window (1280, 860);
  rapport_sign_in_page_set_server (RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page")),
                                   server->base_url);
  rapport_sign_in_page_sign_in (RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page")),
                                "live-rep", PASSWORD, NULL);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");

  g_test_add_func ("/live/row-updates-in-place", test_row_updates_in_place);
  g_test_add_func ("/live/new-row-appears", test_new_row_appears);
  g_test_add_func ("/live/archived-row-goes", test_archived_row_goes);
  g_test_add_func ("/live/bulk-changes", test_bulk_changes);
  g_test_add_func ("/live/record-banner", test_record_banner);
  g_test_add_func ("/live/record-reloads-in-place", test_record_reloads_in_place);
  g_test_add_func ("/live/record-after-reload-event", test_record_after_reload_event);
  g_test_add_func ("/live/document-follows", test_document_follows);
  g_test_add_func ("/live/submitted-by-me", test_submitted_by_me);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (admin_name);
  rapport_test_server_stop (server);
  return status;
}
