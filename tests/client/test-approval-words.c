/* test-approval-words.c: the approvals inbox and page say what a decision is about, in words and names, in English and Chinese */
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-approvals-page.h"
#include "pages/rapport-document-page.h"
#include "pages/rapport-sign-in-page.h"
#include "widgets/rapport-approval-format.h"
#include "widgets/rapport-approval-panel.h"
#include "widgets/rapport-approval-view.h"
#include "widgets/rapport-sign-dialog.h"
#include "crm-workflow-engine.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

/* what each language shows; the amounts are grouped as the locale groups digits */
typedef struct
{
  const char *section;
  const char *amount;
  const char *discount;
  const char *trigger;
  const char *second_trigger;
  const char *submitted;
  const char *approved;
  const char *toast;
  const char *pending;
} Expected;

static const Expected english = {
  "Approvals", "96050.00 CNY", "Discount 15 %", "Why: discount 15 % is over 10 %",
  "Why: discount 30 % is over 25 %", "Rita Rep submitted it", "Approved", "Quote Q-2026-00002 is approved",
  "Pending approval",
};

static const Expected chinese = {
  "审批", "96,050.00 CNY", "折扣 15%", "原因：折扣 15% 超过 10%",
  "原因：折扣 30% 超过 25%", "Rita Rep 提交了审批申请", "已批准", "报价单 Q-2026-00002 已批准",
  "待审批",
};

static RapportTestServer *server;
static GtkWidget *window;
static const Expected *expected = &english;
static const char *suffix = "";
static char *rep;
static gint64 account, approval1, approval2;

static void
add_user (const char *login,
          const char *name,
          const char *role,
          const char *manager)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;

  g_file_set_contents (password_path, PASSWORD, -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--name", name,
                                 "--password-file", password_path,
                                 manager ? "--manager" : NULL, manager, NULL) != 0)
    g_error ("user add %s: %s", login, output);
}

/* a quote of the rep's with one line at @discount percent, submitted through the API */
static gint64
submit_quote (const char *discount)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"Ventilators\","
                                           "\"lines\":[{\"description\":\"Ventilator\",\"quantity\":\"1\",\"unit_price\":\"100000\","
                                           "\"discount\":\"%s\",\"tax_rate\":\"13\"}]}", account, discount);
  gint64 quote = rapport_test_create (server, rep, "quotes", body);
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", quote);
  g_autoptr(RapportTestReply) submitted = rapport_test_request (server, "POST", path, rep, NULL);

  g_assert_cmpuint (submitted->status, ==, 200);
  return rapport_test_reply_int (submitted, "approval_id");
}

static char *
screenshot_name (const char *name)
{
  return g_strconcat (name, suffix, NULL);
}

static void
screenshot (const char *name)
{
  g_autofree char *full = screenshot_name (name);

  g_free (rapport_test_ui_screenshot (window, full));
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
sign_in (const char *login)
{
  RapportSignInPage *page = RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"));

  rapport_sign_in_page_set_server (page, server->base_url);
  rapport_sign_in_page_sign_in (page, login, PASSWORD, NULL);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");
}

static void
open_section (const char *name)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));

  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), name));
}

static gboolean
n_pending_is (gpointer data)
{
  RapportApprovalsPage *page = approvals_page ();

  return page && !rapport_approvals_page_get_busy (page) &&
         rapport_approvals_page_get_n_pending (page) == GPOINTER_TO_UINT (data);
}

static AdwActionRow *
inbox_row (gint64 approval)
{
  GtkListBox *list = GTK_LIST_BOX (CHILD (approvals_page (), RAPPORT_TYPE_APPROVALS_PAGE, "pending_list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "approval-id")) == approval)
      return ADW_ACTION_ROW (row);
  return NULL;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", part);
}

static gboolean
view_loaded (gpointer data)
{
  JsonObject *detail = rapport_approval_view_get_detail (view ());

  return !rapport_approval_view_get_busy (view ()) && detail &&
         json_object_get_int_member_with_default (detail, "id", 0) == (gint64) GPOINTER_TO_SIZE (data);
}

static const char *
header_description (void)
{
  return adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (CHILD (view (), RAPPORT_TYPE_APPROVAL_VIEW,
                                                                             "header_group")));
}

/* the section is “Approvals” (审批, the inbox); each row tells the customer, amount, discount, why and who */
static void
test_inbox (void)
{
  AdwActionRow *row;
  const char *subtitle;

  rapport_test_ui_wait_until (n_pending_is, GUINT_TO_POINTER (1), 30, "one approval waiting");
  open_section ("approvals");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, expected->section));
  if (expected == &chinese)
    g_assert_null (rapport_test_ui_find_label_containing (window, "审批记录"));
  row = inbox_row (approval1);
  g_assert_nonnull (row);
  subtitle = adw_action_row_get_subtitle (row);
  g_test_message ("inbox row: %s / %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), subtitle);
  assert_contains (subtitle, "Approval Hospital 审批医院");
  assert_contains (subtitle, expected->amount);
  assert_contains (subtitle, expected->discount);
  assert_contains (subtitle, expected->trigger);
  assert_contains (subtitle, "Rita Rep");
  g_assert_null (strstr (subtitle, "max_line_discount"));
  screenshot ("approval-words-inbox");
}

/* the approval page: the same facts in its header, why each step applies, and names, not logins */
static void
test_page (void)
{
  rapport_approvals_page_show_approval (approvals_page (), approval1);
  rapport_test_ui_wait_until (view_loaded, GSIZE_TO_POINTER (approval1), 30, "the approval");
  rapport_test_ui_settle (300);
  assert_contains (header_description (), "Approval Hospital 审批医院");
  assert_contains (header_description (), expected->amount);
  assert_contains (header_description (), expected->trigger);
  g_assert_nonnull (rapport_test_ui_find_label (window, expected->submitted));
  /* the approver slot names the manager, not the login */
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, "Max Manager"));
  g_assert_null (rapport_test_ui_find_label_containing (window, ": mgr"));
  g_assert_null (rapport_test_ui_find_label_containing (window, "rep submitted"));
  screenshot ("approval-words-page");
}

static gboolean
state_is (gpointer data)
{
  JsonObject *detail = rapport_approval_view_get_detail (view ());

  return !rapport_approval_view_get_busy (view ()) && detail &&
         g_strcmp0 (json_object_get_string_member_with_default (detail, "state", ""), data) == 0;
}

static void
sign (const char *what)
{
  GtkWidget *dialog;

  rapport_approval_view_act (view (), "approve");
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_SIGN_DIALOG, what);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row")), PASSWORD);
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_SIGN_DIALOG, what);
}

static gboolean
toast_shown (gpointer data)
{
  return rapport_test_ui_find_label (window, data) != NULL;
}

/* the approval is approved and nothing is loading any more */
static gboolean
quiet_and_approved (gpointer data)
{
  return state_is ((gpointer) "approved") && !rapport_approvals_page_get_busy (approvals_page ());
}

/* the manager signs the first step of the larger discount; the director, who may see
 * the quote, then sees why the second step applies, approves it, and the header's
 * state and its description say the same */
static void
test_approve (void)
{
  GtkLabel *state_label;

  approval2 = submit_quote ("30");
  rapport_test_ui_wait_until (n_pending_is, GUINT_TO_POINTER (2), 30, "the second approval");
  rapport_approvals_page_show_approval (approvals_page (), approval2);
  rapport_test_ui_wait_until (view_loaded, GSIZE_TO_POINTER (approval2), 30, "the second approval");
  sign ("the manager's signature");

  gtk_widget_activate_action (window, "win.sign-out", NULL);
  rapport_test_ui_settle (200);
  sign_in ("dir");
  rapport_test_ui_wait_until (n_pending_is, GUINT_TO_POINTER (1), 30, "the director's approval");
  open_section ("approvals");
  assert_contains (adw_action_row_get_subtitle (inbox_row (approval2)), expected->second_trigger);
  rapport_approvals_page_show_approval (approvals_page (), approval2);
  rapport_test_ui_wait_until (view_loaded, GSIZE_TO_POINTER (approval2), 30, "the approval, for the director");
  assert_contains (header_description (), expected->second_trigger);
  assert_contains (header_description (), expected->pending);
  sign ("the director's signature");
  /* the moment the signature is given, the header says approved: the description
   * must not still show the record as it was before */
  state_label = GTK_LABEL (CHILD (view (), RAPPORT_TYPE_APPROVAL_VIEW, "state_label"));
  g_test_message ("signed: %s / %s", gtk_label_get_text (state_label), header_description ());
  g_assert_cmpstr (gtk_label_get_text (state_label), ==, expected->approved);
  g_assert_null (strstr (header_description (), expected->pending));
  rapport_test_ui_wait_until (quiet_and_approved, NULL, 30, "the approved request");
  g_test_message ("header: %s / %s", gtk_label_get_text (state_label), header_description ());
  g_assert_cmpstr (gtk_label_get_text (state_label), ==, expected->approved);
  assert_contains (header_description (), expected->approved);
  /* the step it ended at is still why it was asked for */
  assert_contains (header_description (), expected->second_trigger);
  screenshot ("approval-words-approved");
  /* the toast says the same, once the manager's before it has gone */
  rapport_test_ui_wait_until (toast_shown, (gpointer) expected->toast, 30, "the approval's toast");
}

/* a named user is that user, as the server finds them */
static char **
named_members (CrmWorkflowApproverKind   kind,
               const char               *name,
               gpointer                  user_data,
               GError                  **error)
{
  return kind == CRM_WORKFLOW_APPROVER_USERS ? g_strdupv ((char *[]) { (char *) name, NULL }) : g_new0 (char *, 1);
}

static char *
no_manager (const char  *user,
            guint        level,
            gpointer     user_data,
            GError     **error)
{
  return NULL;
}

/* a step of named users shows each by name: the slot is the person, not their login */
static void
test_named_users (void)
{
  g_autoptr(CrmWorkflowDefinition) definition = crm_workflow_definition_new_from_data (
    "{\"name\":\"Named\",\"version\":1,\"entity\":\"quote\",\"trigger\":\"submit\",\"steps\":"
    "[{\"name\":\"Key accounts\",\"approvers\":{\"users\":[\"anna\",\"li.wei\"]},\"mode\":\"all\"}]}", -1, NULL);
  CrmWorkflowResolver resolver = { named_members, no_manager, NULL };
  CrmWorkflowAction submit = { CRM_WORKFLOW_ACTION_SUBMIT };
  g_autoptr(CrmWorkflowInstance) instance = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) people = json_object_new ();
  GtkWidget *row;
  const char *subtitle;

  g_assert_nonnull (definition);
  submit.owner = "rep";
  instance = crm_workflow_engine_apply (definition, NULL, &submit, "rep", &resolver, g_get_real_time (), &error);
  g_assert_no_error (error);
  json_object_set_string_member (people, "anna", "Anna Li");
  json_object_set_string_member (people, "li.wei", "Li Wei");
  json_object_set_string_member (people, "rep", "Rita Rep");
  row = g_object_ref_sink (rapport_approval_format_step_row (instance, 0, g_get_real_time (), people));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("named users: %s", subtitle);
  assert_contains (subtitle, "Anna Li");
  assert_contains (subtitle, "Li Wei");
  g_assert_null (strstr (subtitle, "anna"));
  g_assert_null (strstr (subtitle, "li.wei"));
  g_object_unref (row);
}

static GtkListBox *
preview_list (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (content_stack ());
  GtkWidget *panel;

  if (!RAPPORT_IS_DOCUMENT_PAGE (page) || rapport_document_page_get_entity (RAPPORT_DOCUMENT_PAGE (page)) == NULL)
    return NULL;
  panel = CHILD (page, RAPPORT_TYPE_DOCUMENT_PAGE, "approvals");
  return GTK_LIST_BOX (CHILD (panel, RAPPORT_TYPE_APPROVAL_PANEL, "preview_list"));
}

/* the subtitle of the preview's first step, once it names someone */
static const char *
preview_subtitle (void)
{
  GtkListBox *list = preview_list ();
  GtkListBoxRow *row = list ? gtk_list_box_get_row_at_index (list, 0) : NULL;

  return ADW_IS_ACTION_ROW (row) ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

static gboolean
preview_names (gpointer data)
{
  const char *subtitle = preview_subtitle ();

  return subtitle && strstr (subtitle, data) != NULL;
}

/* before a quote is submitted, the preview of who approves names the people of a step of named users, not their logins */
static void
test_preview_names (void)
{
  static const char *content =
    "{\\\"name\\\":\\\"Account keys\\\",\\\"version\\\":1,\\\"entity\\\":\\\"quote\\\",\\\"trigger\\\":\\\"submit\\\","
    "\\\"steps\\\":[{\\\"name\\\":\\\"Key accounts\\\",\\\"approvers\\\":{\\\"users\\\":[\\\"anna\\\",\\\"li.wei\\\"]},\\\"mode\\\":\\\"all\\\"}]}";
  g_autofree char *workflow = g_strdup_printf ("{\"name\":\"Account keys\",\"active\":true,\"content\":\"%s\"}", content);
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"Key account\","
                                           "\"lines\":[{\"description\":\"Monitor\",\"quantity\":\"1\",\"unit_price\":\"100\","
                                           "\"tax_rate\":\"13\"}]}", account);
  gint64 quote;
  const char *subtitle;

  add_user ("anna", "Anna Li", "sales", NULL);
  add_user ("li.wei", "Li Wei", "sales", NULL);
  /* before the shipped ones by name: the one the quotes go through */
  rapport_test_create (server, server->admin_token, "workflows", workflow);
  quote = rapport_test_create (server, rep, "quotes", body);
  rapport_window_open_record (RAPPORT_WINDOW (window), "quotes", quote, NULL);
  rapport_test_ui_wait_until (preview_names, (gpointer) "Li Wei", 30, "the preview naming the approvers");
  subtitle = preview_subtitle ();
  g_test_message ("preview: %s", subtitle);
  assert_contains (subtitle, "Anna Li");
  g_assert_null (strstr (subtitle, "anna"));
  g_assert_null (strstr (subtitle, "li.wei"));
  /* the preview is below the lines, once the page has slid in */
  {
    GtkWidget *page = gtk_stack_get_visible_child (content_stack ());
    GtkAdjustment *down = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (CHILD (page, RAPPORT_TYPE_DOCUMENT_PAGE,
                                                                                          "scroller")));

    rapport_test_ui_settle (800);
    gtk_adjustment_set_value (down, gtk_adjustment_get_upper (down));
  }
  screenshot ("approval-words-preview-names");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *lang_suffix = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (lang)
    {
      expected = &chinese;
      lang_suffix = g_strdup_printf ("-%s", lang);
      suffix = lang_suffix;
    }
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  add_user ("dir", "Dora Director", "director", NULL);
  add_user ("mgr", "Max Manager", "manager", "dir");
  add_user ("rep", "Rita Rep", "sales", "mgr");
  rep = rapport_test_login (server, "rep", PASSWORD);
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"Approval Hospital 审批医院\"}");
  approval1 = submit_quote ("15");

  window = rapport_test_ui_open_window (1280, 860);
  sign_in ("mgr");

  g_test_add_func ("/approval-words/inbox", test_inbox);
  g_test_add_func ("/approval-words/page", test_page);
  g_test_add_func ("/approval-words/approve", test_approve);
  g_test_add_func ("/approval-words/named-users", test_named_users);
  g_test_add_func ("/approval-words/preview-names", test_preview_names);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
