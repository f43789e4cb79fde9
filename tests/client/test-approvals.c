/* test-approvals.c: approvals in the desktop client under Xvfb, against a real rapportd: inbox, signatures, panel, workflow editor */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-admin-page.h"
#include "pages/rapport-admin-workflows-page.h"
#include "pages/rapport-approvals-page.h"
#include "pages/rapport-sign-in-page.h"
#include "widgets/rapport-approval-action-dialog.h"
#include "widgets/rapport-approval-panel.h"
#include "widgets/rapport-approval-view.h"
#include "widgets/rapport-chooser-row.h"
#include "widgets/rapport-sign-dialog.h"
#include "crm-entity.h"
#include "crm-json.h"
#include "crm-quote.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#define PASSWORD "correct horse battery"

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static gint64 account, quote1, quote2, quote3, approval1, approval2, approval3;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static char *
sql (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static char *
sql (const char *format,
     ...)
{
  g_autofree char *statement = NULL;
  va_list args;

  va_start (args, format);
  statement = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strchomp (rapport_test_server_sql (server, statement));
}

/* a quote of the rep's with one line at @discount percent, submitted through the API */
static gint64
submit_quote (const char *discount,
              gint64     *quote)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"Ventilators\","
                                           "\"lines\":[{\"description\":\"Ventilator\",\"quantity\":\"1\",\"unit_price\":\"100000\","
                                           "\"discount\":\"%s\",\"tax_rate\":\"13\"}]}", account, discount);
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) submitted = NULL;

  *quote = rapport_test_create (server, rep, "quotes", body);
  path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", *quote);
  submitted = rapport_test_request (server, "POST", path, rep, NULL);
  g_assert_cmpuint (submitted->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (submitted, "status"), ==, "pending_approval");
  return rapport_test_reply_int (submitted, "approval_id");
}

static const char *
approval_state (gint64 approval)
{
  static char state[32];
  g_autofree char *value = sql ("SELECT state FROM approvals WHERE id = %" G_GINT64_FORMAT, approval);

  g_strlcpy (state, value, sizeof state);
  return state;
}

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static RapportApprovalsPage *
approvals_page (void)
{
  return RAPPORT_APPROVALS_PAGE (gtk_stack_get_child_by_name (content_stack (), "approvals"));
}

static RapportApprovalView *
view (void)
{
  return rapport_approvals_page_get_view (approvals_page ());
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

static void
sign_out (void)
{
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  rapport_test_ui_settle (200);
}

static gboolean
n_pending_is (gpointer data)
{
  RapportApprovalsPage *page = approvals_page ();

  return page && !rapport_approvals_page_get_busy (page) &&
         rapport_approvals_page_get_n_pending (page) == GPOINTER_TO_UINT (data);
}

static GtkWidget *
badge (void)
{
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "approvals");

  return gtk_widget_get_last_child (gtk_list_box_row_get_child (row));
}

static gboolean
events_connected (gpointer data)
{
  RapportApi *api = rapport_test_ui_api (window);

  return api && rapport_api_get_events_connected (api);
}

static void
open_section (const char *collection)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));

  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), collection));
}

/* the manager signs in: one request waits, counted on the sidebar, listed in the inbox */
static void
test_inbox (void)
{
  GtkListBox *list;

  rapport_test_ui_wait_until (n_pending_is, GUINT_TO_POINTER (1), 30, "one approval waiting");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rapport_window_get_section_row (RAPPORT_WINDOW (window), "approvals"))));
  g_assert_true (GTK_IS_LABEL (badge ()));
  g_assert_true (gtk_widget_get_visible (badge ()));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge ())), ==, "1");

  open_section ("approvals");
  g_assert_true (gtk_stack_get_visible_child (content_stack ()) == GTK_WIDGET (approvals_page ()));
  list = GTK_LIST_BOX (CHILD (approvals_page (), RAPPORT_TYPE_APPROVALS_PAGE, "pending_list"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, "From rep Name"));
  g_free (rapport_test_ui_screenshot (window, "approvals-inbox"));
}

/* a request submitted meanwhile reaches the open client over the event WebSocket */
static void
test_live_badge (void)
{
  guint notified = rapport_approvals_page_get_n_notified (approvals_page ());

  rapport_test_ui_wait_events (window);
  approval2 = submit_quote ("18", &quote2);
  rapport_test_ui_wait_until (n_pending_is, GUINT_TO_POINTER (2), 30, "the second approval, told by an event");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge ())), ==, "2");
  g_assert_cmpuint (rapport_approvals_page_get_n_notified (approvals_page ()), ==, notified + 1);
  g_free (rapport_test_ui_screenshot (window, "approvals-inbox-two"));
}

static gboolean
view_loaded (gpointer data)
{
  JsonObject *detail = rapport_approval_view_get_detail (view ());

  return !rapport_approval_view_get_busy (view ()) && detail &&
         json_object_get_int_member_with_default (detail, "id", 0) == (gint64) GPOINTER_TO_SIZE (data);
}

static gboolean
view_state_is (gpointer data)
{
  JsonObject *detail = rapport_approval_view_get_detail (view ());

  return !rapport_approval_view_get_busy (view ()) && detail &&
         g_strcmp0 (json_object_get_string_member_with_default (detail, "state", ""), data) == 0;
}

static void
test_detail (void)
{
  GtkListBox *list = GTK_LIST_BOX (CHILD (approvals_page (), RAPPORT_TYPE_APPROVALS_PAGE, "pending_list"));
  GtkListBoxRow *row = NULL;

  /* the first request, opened from the inbox as a click would */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "approval-id")) == approval1)
      break;
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  rapport_test_ui_wait_until (view_loaded, GSIZE_TO_POINTER (approval1), 30, "the approval");
  rapport_test_ui_settle (300);
  /* the manager may approve, reject, comment and delegate; withdrawing is the requester's */
  g_assert_true (gtk_widget_get_visible (CHILD (view (), RAPPORT_TYPE_APPROVAL_VIEW, "approve_button")));
  g_assert_true (gtk_widget_get_visible (CHILD (view (), RAPPORT_TYPE_APPROVAL_VIEW, "reject_button")));
  g_assert_false (gtk_widget_get_visible (CHILD (view (), RAPPORT_TYPE_APPROVAL_VIEW, "withdraw_button")));
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, "1. Manager"));
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, "rep Name submitted it"));
  g_assert_nonnull (rapport_test_ui_find_label (window, "Nobody has signed yet"));
  g_free (rapport_test_ui_screenshot (window, "approvals-detail"));
}

static gboolean
chooser_loaded (gpointer data)
{
  return rapport_chooser_row_get_loaded (data);
}

static gboolean
timeline_says (gpointer data)
{
  return !rapport_approval_view_get_busy (view ()) && rapport_test_ui_find_label (window, data) != NULL;
}

/* the manager lets the director act for a week; the delegation is in the timeline */
static void
test_delegate (void)
{
  GtkWidget *dialog;
  GtkWidget *row;
  g_autofree char *director_id = sql ("SELECT id FROM users WHERE login = 'dir'");

  gtk_widget_activate_action (GTK_WIDGET (view ()), "approval.delegate", NULL);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_APPROVAL_ACTION_DIALOG, "the delegation dialog");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  row = CHILD (dialog, RAPPORT_TYPE_APPROVAL_ACTION_DIALOG, "user_row");
  rapport_test_ui_wait_until (chooser_loaded, row, 30, "the users to delegate to");
  rapport_chooser_row_select_id (RAPPORT_CHOOSER_ROW (row), g_ascii_strtoll (director_id, NULL, 10));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  g_free (rapport_test_ui_screenshot (dialog, "approvals-delegate"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  gtk_window_close (GTK_WINDOW (dialog));
  rapport_test_ui_wait_until (timeline_says, (gpointer) "mgr Name delegated to dir Name", 30, "the delegation");
  g_assert_cmpstr (approval_state (approval1), ==, "pending");
}

static gboolean
sign_dialog_idle (gpointer data)
{
  return !rapport_sign_dialog_get_busy (data);
}

/* a wrong password is told in the dialog, which stays; nothing changes on the server */
static void
test_wrong_password (void)
{
  GtkWidget *dialog;
  GtkWidget *password;

  gtk_widget_activate_action (GTK_WIDGET (view ()), "approval.approve", NULL);
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_SIGN_DIALOG, "the signature dialog");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "login_row"))), ==, "mgr");
  g_assert_nonnull (rapport_test_ui_find_label_containing (dialog, "legally binding"));
  password = CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row");
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (password));
  gtk_editable_set_text (GTK_EDITABLE (password), "not the password");
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  /* the password left the dialog with the request */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "");
  rapport_test_ui_wait_until (sign_dialog_idle, dialog, 30, "the server's answer");
  g_assert_nonnull (rapport_sign_dialog_get_error (RAPPORT_SIGN_DIALOG (dialog)));
  g_assert_nonnull (strstr (rapport_sign_dialog_get_error (RAPPORT_SIGN_DIALOG (dialog)), "Wrong password"));
  g_assert_true (gtk_widget_has_css_class (password, "error"));
  g_assert_true (rapport_test_ui_find_dialog (RAPPORT_TYPE_SIGN_DIALOG) == dialog);
  g_assert_cmpstr (approval_state (approval1), ==, "pending");
  g_free (rapport_test_ui_screenshot (dialog, "approvals-sign-wrong-password"));
}

static void
test_approve (void)
{
  GtkWidget *dialog = rapport_test_ui_find_dialog (RAPPORT_TYPE_SIGN_DIALOG);
  g_autofree char *count = NULL;
  g_autofree char *signature = NULL;

  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row")), PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "comment_row")), "Discount agreed 同意");
  g_free (rapport_test_ui_screenshot (dialog, "approvals-sign"));
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_SIGN_DIALOG, "the signature");

  g_assert_cmpstr (approval_state (approval1), ==, "approved");
  g_assert_cmpstr (sql ("SELECT status FROM quotes WHERE id = %" G_GINT64_FORMAT, quote1), ==, "approved");
  count = sql ("SELECT COUNT(*) FROM signatures WHERE approval_id = %" G_GINT64_FORMAT, approval1);
  g_assert_cmpstr (count, ==, "1");
  signature = sql ("SELECT CONCAT(signer_login, ' ', meaning, ' ', comment) FROM signatures WHERE approval_id = %"
                   G_GINT64_FORMAT, approval1);
  g_assert_cmpstr (signature, ==, "mgr approved Discount agreed 同意");

  rapport_test_ui_wait_until (view_state_is, (gpointer) "approved", 30, "the approved request");
  rapport_test_ui_wait_until (n_pending_is, GUINT_TO_POINTER (1), 30, "one left waiting");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge ())), ==, "1");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, "mgr Name"));
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, " UTC"));
  g_assert_false (gtk_widget_get_visible (CHILD (view (), RAPPORT_TYPE_APPROVAL_VIEW, "approve_button")));
  g_free (rapport_test_ui_screenshot (window, "approvals-approved"));
}

/* rejecting needs a reason; with one, the quote goes back to the rep */
static void
test_reject (void)
{
  GtkWidget *dialog;

  rapport_approvals_page_show_approval (approvals_page (), approval2);
  rapport_test_ui_wait_until (view_loaded, GSIZE_TO_POINTER (approval2), 30, "the second approval");
  rapport_approval_view_act (view (), "reject");
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_SIGN_DIALOG, "the rejection dialog");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row")), PASSWORD);
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  g_assert_nonnull (rapport_sign_dialog_get_error (RAPPORT_SIGN_DIALOG (dialog)));
  g_assert_true (gtk_widget_has_css_class (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "comment_row"), "error"));
  /* refused before anything was sent: the password is still there to sign with */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row"))), ==,
                   PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "comment_row")), "18 % is too much");
  g_free (rapport_test_ui_screenshot (dialog, "approvals-reject"));
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_SIGN_DIALOG, "the rejection");
  g_assert_cmpstr (approval_state (approval2), ==, "rejected");
  g_assert_cmpstr (sql ("SELECT status FROM quotes WHERE id = %" G_GINT64_FORMAT, quote2), ==, "rejected");
  rapport_test_ui_wait_until (n_pending_is, GUINT_TO_POINTER (0), 30, "an empty inbox");
  g_assert_false (gtk_widget_get_visible (badge ()));
}

static gboolean
events_disconnected (gpointer data)
{
  return !events_connected (data);
}

/* the server goes away and comes back: the client connects again by itself and hears what it missed */
static void
test_reconnect (void)
{
  guint notified = rapport_approvals_page_get_n_notified (approvals_page ());

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  rapport_test_ui_wait_until (events_disconnected, NULL, 30, "the WebSocket to drop");
  rapport_test_server_restart (server);
  rapport_test_ui_wait_until (events_connected, NULL, 60, "the WebSocket to come back");
  approval3 = submit_quote ("12", &quote3);
  rapport_test_ui_wait_until (n_pending_is, GUINT_TO_POINTER (1), 30, "the third approval, told by an event");
  g_assert_cmpuint (rapport_approvals_page_get_n_notified (approvals_page ()), ==, notified + 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge ())), ==, "1");
}

static gboolean
panel_ready (gpointer data)
{
  return !rapport_approval_panel_get_busy (data) &&
         rapport_approval_panel_get_n_approvals (data) == GPOINTER_TO_UINT (g_object_get_data (data, "wanted"));
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_api_sign_in_finish (RAPPORT_API (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* the panel a record page shows: the history, and who would approve the record as edited;
 * seen by the rep, who owns the quotes (the manager's scope does not reach them) */
static void
test_panel (void)
{
  g_autoptr(RapportApi) api = rapport_api_new (server->base_url);
  gboolean done = FALSE;
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote2);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);
  g_autoptr(CrmEntity) record = crm_entity_new (CRM_TYPE_QUOTE);
  RapportApprovalPanel *panel;
  GtkWidget *holder = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  CrmMoney discount;

  rapport_api_sign_in_async (api, "rep", PASSWORD, NULL, signed_in, &done);
  rapport_test_ui_wait_until (flag_set, &done, 30, "the rep's session");
  panel = rapport_approval_panel_new (api);
  gtk_window_set_default_size (GTK_WINDOW (holder), 640, 860);
  gtk_widget_set_margin_start (GTK_WIDGET (panel), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (panel), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (panel), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (panel), 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (panel));
  gtk_window_set_child (GTK_WINDOW (holder), scrolled);
  gtk_window_present (GTK_WINDOW (holder));

  /* the rejected quote may be submitted again: at 30 % the director's step applies too */
  g_assert_true (crm_json_read_entity (record, rapport_test_reply_object (reply), NULL));
  g_assert_cmpstr (crm_entity_get_text (record, "status"), ==, "rejected");
  g_assert_true (crm_money_parse ("30", 4, &discount, NULL));
  crm_entity_set_money (record, "max_line_discount", discount);
  g_object_set_data (G_OBJECT (panel), "wanted", GUINT_TO_POINTER (1));
  rapport_approval_panel_set_record (panel, "quotes", quote2, record);
  rapport_test_ui_wait_until (panel_ready, panel, 30, "the history and the workflow");
  g_assert_cmpint (rapport_approval_panel_get_n_steps_applying (panel), ==, 2);

  /* at 5 %, none */
  g_assert_true (crm_money_parse ("5", 4, &discount, NULL));
  crm_entity_set_money (record, "max_line_discount", discount);
  rapport_approval_panel_set_record (panel, "quotes", quote2, record);
  g_assert_cmpint (rapport_approval_panel_get_n_steps_applying (panel), ==, 0);

  /* at 15 %, the manager only; shown with the rejected request's history */
  g_assert_true (crm_money_parse ("15", 4, &discount, NULL));
  crm_entity_set_money (record, "max_line_discount", discount);
  rapport_approval_panel_set_record (panel, "quotes", quote2, record);
  g_assert_cmpint (rapport_approval_panel_get_n_steps_applying (panel), ==, 1);
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label_containing (holder, "Role: Director"));
  g_assert_nonnull (rapport_test_ui_find_label_containing (holder, "Approval 1 — Rejected"));
  g_free (rapport_test_ui_screenshot (holder, "approvals-panel"));

  /* the approved quote: its history with the manager's signature, no preview */
  g_object_set_data (G_OBJECT (panel), "wanted", GUINT_TO_POINTER (1));
  rapport_approval_panel_set_record (panel, "quotes", quote1, NULL);
  rapport_test_ui_wait_until (panel_ready, panel, 30, "the approved quote's history");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (holder, "mgr Name"));
  g_assert_false (gtk_widget_get_visible (CHILD (panel, RAPPORT_TYPE_APPROVAL_PANEL, "preview_group")));
  g_free (rapport_test_ui_screenshot (holder, "approvals-panel-signed"));
  gtk_window_destroy (GTK_WINDOW (holder));
}

static gboolean
submitted_listed (gpointer data)
{
  GtkListBox *list = GTK_LIST_BOX (CHILD (approvals_page (), RAPPORT_TYPE_APPROVALS_PAGE, "submitted_list"));

  return !rapport_approvals_page_get_busy (approvals_page ()) &&
         gtk_list_box_get_row_at_index (list, GPOINTER_TO_INT (data) - 1) != NULL &&
         gtk_list_box_get_row_at_index (list, GPOINTER_TO_INT (data)) == NULL;
}

static gboolean
withdrawn (gpointer data)
{
  return g_str_equal (approval_state (GPOINTER_TO_SIZE (data)), "withdrawn");
}

/* the requester sees what they submitted, and takes one back */
static void
test_withdraw (void)
{
  GtkWidget *dialog;

  sign_out ();
  sign_in ("rep", PASSWORD);
  open_section ("approvals");
  rapport_approvals_page_show_list (approvals_page (), "submitted");
  rapport_test_ui_wait_until (submitted_listed, GINT_TO_POINTER (3), 30, "the three requests");
  rapport_approvals_page_show_approval (approvals_page (), approval3);
  rapport_test_ui_wait_until (view_loaded, GSIZE_TO_POINTER (approval3), 30, "the third approval");
  g_assert_true (gtk_widget_get_visible (CHILD (view (), RAPPORT_TYPE_APPROVAL_VIEW, "withdraw_button")));
  g_assert_false (gtk_widget_get_visible (CHILD (view (), RAPPORT_TYPE_APPROVAL_VIEW, "approve_button")));
  g_free (rapport_test_ui_screenshot (window, "approvals-submitted"));

  rapport_approval_view_act (view (), "withdraw");
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_APPROVAL_ACTION_DIALOG, "the withdrawal dialog");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_APPROVAL_ACTION_DIALOG, "comment_row")),
                         "The customer asked for a new price");
  g_free (rapport_test_ui_screenshot (dialog, "approvals-withdraw"));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  gtk_window_close (GTK_WINDOW (dialog));
  rapport_test_ui_wait_until (withdrawn, GSIZE_TO_POINTER (approval3), 30, "the withdrawal");
  g_assert_cmpstr (sql ("SELECT status FROM quotes WHERE id = %" G_GINT64_FORMAT, quote3), ==, "draft");
  rapport_test_ui_wait_until (view_state_is, (gpointer) "withdrawn", 30, "the withdrawn request");
}

static RapportAdminWorkflowsPage *
workflows_page (void)
{
  GtkWidget *admin = gtk_stack_get_child_by_name (content_stack (), "admin");

  return RAPPORT_ADMIN_WORKFLOWS_PAGE (CHILD (admin, RAPPORT_TYPE_ADMIN_PAGE, "workflows_page"));
}

static gboolean
workflows_ready (gpointer data)
{
  return !rapport_admin_workflows_page_get_busy (workflows_page ()) &&
         rapport_admin_workflows_page_get_n_workflows (workflows_page ()) > 0;
}

static gboolean
workflow_saved (gpointer data)
{
  g_autofree char *version = sql ("SELECT version FROM workflows WHERE name = 'Quote discount'");

  return g_ascii_strtoll (version, NULL, 10) > GPOINTER_TO_INT (data) &&
         !rapport_admin_workflows_page_get_busy (workflows_page ());
}

static char *
quote_workflow (const char *condition,
                int         version)
{
  return g_strdup_printf ("{\n  \"name\": \"Quote discount\",\n  \"version\": %d,\n  \"entity\": \"quote\",\n"
                          "  \"trigger\": \"submit\",\n  \"condition\": \"%s\",\n  \"steps\": [\n"
                          "    { \"name\": \"Manager\", \"approvers\": { \"manager_levels\": 1 }, \"mode\": \"any\" }\n  ]\n}\n",
                          version, condition);
}

/* administrators edit the definitions: problems are shown with their column before saving */
static void
test_workflow_editor (void)
{
  RapportAdminWorkflowsPage *page;
  g_autofree char *bad = quote_workflow ("max_line_discount > > 10", 2);
  g_autofree char *unknown_field = quote_workflow ("max_discount > 10", 2);
  g_autofree char *good = quote_workflow ("max_line_discount > 12", 2);
  g_autofree char *before = NULL;
  g_autofree char *content = NULL;
  GtkWidget *caret;

  sign_out ();
  sign_in ("admin", server->admin_password);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rapport_window_get_section_row (RAPPORT_WINDOW (window), "approvals"))));
  open_section ("admin");
  rapport_admin_page_show (RAPPORT_ADMIN_PAGE (gtk_stack_get_child_by_name (content_stack (), "admin")), "workflows");
  page = workflows_page ();
  rapport_test_ui_wait_until (workflows_ready, NULL, 30, "the workflows");
  g_assert_true (rapport_admin_workflows_page_select (page, "Quote discount"));
  g_assert_true (rapport_admin_workflows_page_check (page));
  before = sql ("SELECT version FROM workflows WHERE name = 'Quote discount'");

  /* a condition that does not parse: its column, under the condition */
  rapport_admin_workflows_page_set_content (page, bad);
  g_assert_false (rapport_admin_workflows_page_check (page));
  g_assert_nonnull (strstr (rapport_admin_workflows_page_get_problem (page), "Column 21"));
  caret = CHILD (page, RAPPORT_TYPE_ADMIN_WORKFLOWS_PAGE, "caret_label");
  g_assert_true (gtk_widget_get_visible (caret));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (caret)), ==, "max_line_discount > > 10\n                    ^");
  g_free (rapport_test_ui_screenshot (window, "approvals-workflow-error"));
  /* not sent */
  rapport_admin_workflows_page_save (page);
  g_assert_nonnull (rapport_admin_workflows_page_get_error (page));
  g_assert_false (rapport_admin_workflows_page_get_busy (page));

  /* a field quotes do not have */
  rapport_admin_workflows_page_set_content (page, unknown_field);
  g_assert_false (rapport_admin_workflows_page_check (page));
  g_assert_nonnull (strstr (rapport_admin_workflows_page_get_problem (page), "max_discount"));

  /* broken JSON */
  rapport_admin_workflows_page_set_content (page, "{\n  \"name\": \"Quote discount\",\n  \"version\" 2\n}");
  g_assert_false (rapport_admin_workflows_page_check (page));
  g_assert_nonnull (strstr (rapport_admin_workflows_page_get_problem (page), "JSON"));

  /* good content is saved as a new version */
  rapport_admin_workflows_page_set_content (page, good);
  g_assert_true (rapport_admin_workflows_page_check (page));
  rapport_admin_workflows_page_save (page);
  rapport_test_ui_wait_until (workflow_saved, GINT_TO_POINTER ((int) g_ascii_strtoll (before, NULL, 10)), 30,
                              "the new version");
  content = sql ("SELECT content FROM workflows WHERE name = 'Quote discount'");
  g_assert_nonnull (strstr (content, "max_line_discount > 12"));
  g_assert_null (rapport_admin_workflows_page_get_error (page));
  rapport_test_ui_wait_until (workflows_ready, NULL, 30, "the list again");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, "approvals-workflow-saved"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *director = NULL;
  g_autofree char *manager = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  director = rapport_test_server_add_managed_user (server, "dir", "director", NULL);
  manager = rapport_test_server_add_managed_user (server, "mgr", "manager", "dir");
  rep = rapport_test_server_add_managed_user (server, "rep", "sales", "mgr");
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"Approval Hospital 审批医院\"}");
  approval1 = submit_quote ("15", &quote1);

  window = rapport_test_ui_open_window (1280, 860);
  sign_in ("mgr", PASSWORD);

  g_test_add_func ("/approvals/inbox", test_inbox);
  g_test_add_func ("/approvals/live-badge", test_live_badge);
  g_test_add_func ("/approvals/detail", test_detail);
  g_test_add_func ("/approvals/delegate", test_delegate);
  g_test_add_func ("/approvals/wrong-password", test_wrong_password);
  g_test_add_func ("/approvals/approve", test_approve);
  g_test_add_func ("/approvals/reject", test_reject);
  g_test_add_func ("/approvals/reconnect", test_reconnect);
  g_test_add_func ("/approvals/panel", test_panel);
  g_test_add_func ("/approvals/withdraw", test_withdraw);
  g_test_add_func ("/approvals/workflow-editor", test_workflow_editor);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
