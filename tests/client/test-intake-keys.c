/* test-intake-keys.c: the administration's channels under Xvfb: make an intake key, its secret shown once, list it, revoke it; a mailbox made (a refused address said and typed again), read, changed and deleted */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-admin-intake-page.h"
#include "pages/rapport-admin-mailboxes-page.h"
#include "rapport-test-keys.h"
#include "widgets/rapport-mailbox-form.h"
#include "pages/rapport-admin-page.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-sign-in-page.h"
#include "widgets/rapport-choice-row.h"
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-reference-row.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

static RapportTestServer *server;
static GtkWidget *window;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static char *
sql_text (const char *statement)
{
  char *out = rapport_test_server_sql (server, statement);

  return g_strstrip (out);
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

static RapportAdminIntakePage *
intake_page (void)
{
  GtkStack *content = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *admin = gtk_stack_get_child_by_name (content, "admin");

  g_assert_nonnull (admin);
  return RAPPORT_ADMIN_INTAKE_PAGE (CHILD (admin, RAPPORT_TYPE_ADMIN_PAGE, "intake_page"));
}

static gboolean
keys_listed (gpointer data)
{
  GListModel *keys = rapport_admin_intake_page_get_keys (intake_page ());

  return g_list_model_get_n_items (keys) == GPOINTER_TO_UINT (data);
}

static gboolean
first_key_revoked (gpointer data)
{
  GListModel *keys = rapport_admin_intake_page_get_keys (intake_page ());
  g_autoptr(GObject) item = g_list_model_get_n_items (keys) > 0 ? g_list_model_get_item (keys, 0) : NULL;

  return item && json_object_get_boolean_member (g_object_get_data (item, "key"), "revoked");
}

static void
open_admin (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (sections, i)) != NULL; i++)
    {
      GtkWidget *label = gtk_widget_get_last_child (gtk_list_box_row_get_child (row));

      if (GTK_IS_LABEL (label) && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), _("Administration")))
        {
          g_signal_emit_by_name (sections, "row-activated", row);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_make_and_revoke (void)
{
  GtkWidget *dialog;
  GtkWidget *name;
  GtkWidget *secret;
  GtkWidget *revoke;
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *revoked_at = NULL;

  open_admin ();
  rapport_admin_page_show (RAPPORT_ADMIN_PAGE (gtk_stack_get_child_by_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "admin")),
                           "intake");
  rapport_test_ui_wait_until (keys_listed, GUINT_TO_POINTER (0), 30, "the empty list of keys");

  gtk_widget_activate_action (GTK_WIDGET (intake_page ()), "intake.new", NULL);
  dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "the new-key dialog");
  /* no name, no key */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create"));
  name = rapport_test_ui_find_by_name (dialog, "intake-name");
  gtk_editable_set_text (GTK_EDITABLE (name), "Website 官网");
  adw_combo_row_set_selected (ADW_COMBO_ROW (rapport_test_ui_find_by_name (dialog, "intake-channel")), 1);
  rapport_test_ui_settle (200);
  g_free (rapport_test_ui_screenshot (dialog, "intake-new-key"));
  rapport_test_ui_respond ("create", NULL);

  /* the secret, once, and only its hash on the server */
  dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "the dialog with the secret");
  secret = rapport_test_ui_find_by_name (dialog, "intake-secret");
  key = g_strdup (gtk_label_get_text (GTK_LABEL (secret)));
  g_assert_true (g_str_has_prefix (key, "rik_"));
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  stored = sql_text ("SELECT CONCAT(key_hash, ' ', channel) FROM intake_keys WHERE name = 'Website 官网'");
  {
    g_autofree char *expected = g_strdup_printf ("%s exhibition", hash);

    g_assert_cmpstr (stored, ==, expected);
  }
  rapport_test_ui_respond ("copy", "intake-secret");

  rapport_test_ui_wait_until (keys_listed, GUINT_TO_POINTER (1), 30, "the new key in the list");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, "Website 官网"));
  g_assert_null (rapport_test_ui_find_label_containing (window, key + 12));
  g_free (rapport_test_ui_screenshot (window, "intake-keys"));

  revoke = rapport_test_ui_find_button (GTK_WIDGET (intake_page ()), _("_Revoke…"));
  g_assert_nonnull (revoke);
  g_signal_emit_by_name (revoke, "clicked");
  rapport_test_ui_respond ("revoke", "intake-revoke");
  rapport_test_ui_wait_until (first_key_revoked, NULL, 30, "the key shown revoked");
  revoked_at = sql_text ("SELECT revoked_at IS NOT NULL FROM intake_keys WHERE name = 'Website 官网'");
  g_assert_cmpstr (revoked_at, ==, "1");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, _("Revoked")));
  g_free (rapport_test_ui_screenshot (window, "intake-keys-revoked"));
}

static gboolean
new_record_shown (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);

  return page != NULL && rapport_record_page_get_entity (page) == NULL;
}

static gboolean
record_saved (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);

  return page != NULL && rapport_record_page_get_entity (page) != NULL;
}

static gboolean
label_containing_shown (gpointer data)
{
  return rapport_test_ui_find_label_containing (window, data) != NULL;
}

static GtkWidget *
form_row (const char *json_key)
{
  GtkWidget *row = rapport_entity_form_get_row (rapport_record_page_get_form (rapport_test_ui_record_page (window)), json_key);

  g_assert_nonnull (row);
  return row;
}

/* a rule whose condition does not parse is refused, the column of the fault told */
static void
test_rule_condition (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "assignment-rules");
  g_autofree char *count = NULL;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_signal_emit_by_name (sections, "row-activated", row);
  gtk_widget_activate_action (window, "win.new", NULL);
  rapport_test_ui_wait_until (new_record_shown, NULL, 30, "the new rule's form");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("name")), "Hot leads 热门线索");
  rapport_choice_row_set_value (RAPPORT_CHOICE_ROW (form_row ("target")), "user");
  rapport_reference_row_set_value (RAPPORT_REFERENCE_ROW (form_row ("target_user_id")), 1, "Administrator");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("condition")), "score >= ");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (label_containing_shown, "Column 10", 30, "the condition's error, with its column");
  g_assert_true (gtk_widget_has_css_class (form_row ("condition"), "error"));
  g_free (rapport_test_ui_screenshot (window, "assignment-rule-bad-condition"));
  count = sql_text ("SELECT COUNT(*) FROM `assignment-rules`");
  g_assert_cmpstr (count, ==, "0");

  /* put right, it is kept, with its position and cap typed as numbers */
  gtk_editable_set_text (GTK_EDITABLE (form_row ("condition")), "score >= 60 and region in [\"华东\", \"华南\"]");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("position")), "3");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("cap_open")), "25");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (record_saved, NULL, 30, "the saved rule");
  g_free (count);
  count = sql_text ("SELECT CONCAT(COUNT(*), ' ', MAX(position), ' ', MAX(cap_open), ' ', MAX(`condition`)) FROM `assignment-rules`");
  g_assert_cmpstr (count, ==, "1 3 25 score >= 60 and region in [\"华东\", \"华南\"]");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, "assignment-rule"));
}

/* administrators keep pools through the generic list and form: days and limits are typed */
static void
test_pool_settings (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "pools");
  g_autofree char *pool = NULL;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_signal_emit_by_name (sections, "row-activated", row);
  gtk_widget_activate_action (window, "win.new", NULL);
  rapport_test_ui_wait_until (new_record_shown, NULL, 30, "the new pool's form");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("name")), "华东公海");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("reclaim_idle_days")), "30");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("claims_per_day")), "5");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("max_holdings")), "50");
  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (record_saved, NULL, 30, "the saved pool");
  pool = sql_text ("SELECT CONCAT(name, ' ', reclaim_idle_days, ' ', claims_per_day, ' ', max_holdings, ' ', "
                   "IFNULL(cooldown_days, 'none')) FROM pools");
  g_assert_cmpstr (pool, ==, "华东公海 30 5 50 none");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, "pool-settings"));
}

static RapportAdminMailboxesPage *
mailboxes_page (void)
{
  GtkWidget *admin = gtk_stack_get_child_by_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "admin");

  return RAPPORT_ADMIN_MAILBOXES_PAGE (CHILD (admin, RAPPORT_TYPE_ADMIN_PAGE, "mailboxes_page"));
}

/* the first mailbox listed, once the page is idle, and @member of it is @data */
static gboolean
mailbox_listed_with (gpointer data)
{
  const char * const *expected = data;
  GListModel *mailboxes = rapport_admin_mailboxes_page_get_mailboxes (mailboxes_page ());
  g_autoptr(GObject) item = g_list_model_get_n_items (mailboxes) > 0 ? g_list_model_get_item (mailboxes, 0) : NULL;
  JsonObject *mailbox = item ? g_object_get_data (item, "mailbox") : NULL;

  return !rapport_admin_mailboxes_page_get_busy (mailboxes_page ()) && mailbox != NULL &&
         g_strcmp0 (json_object_get_string_member_with_default (mailbox, expected[0], ""), expected[1]) == 0;
}

static gboolean
mailbox_failed (gpointer data)
{
  GListModel *mailboxes = rapport_admin_mailboxes_page_get_mailboxes (mailboxes_page ());
  g_autoptr(GObject) item = g_list_model_get_n_items (mailboxes) > 0 ? g_list_model_get_item (mailboxes, 0) : NULL;
  JsonObject *mailbox = item ? g_object_get_data (item, "mailbox") : NULL;

  return !rapport_admin_mailboxes_page_get_busy (mailboxes_page ()) && mailbox != NULL &&
         json_object_get_string_member_with_default (mailbox, "last_error", "")[0] != '\0';
}

static gboolean
refusal_shown (gpointer data)
{
  GtkWidget *dialog = rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && g_strcmp0 (gtk_widget_get_name (dialog), "mailbox-refused") == 0;
}

static gboolean
mailboxes_listed (gpointer data)
{
  return !rapport_admin_mailboxes_page_get_busy (mailboxes_page ()) &&
         g_list_model_get_n_items (rapport_admin_mailboxes_page_get_mailboxes (mailboxes_page ())) == GPOINTER_TO_UINT (data);
}

static gboolean
focused (gpointer data)
{
  return gtk_widget_has_focus (data) || gtk_widget_get_focus_child (data) != NULL;
}

static GtkWidget *
form_of (GtkWidget *dialog)
{
  return adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
}

static void
set_row (GtkWidget  *dialog,
         const char *member,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (rapport_mailbox_form_get_row (form_of (dialog), member)), text);
}

/* a mailbox made: its name typed at full speed, a wrong address refused by
 * the server and said in the dialog shown again as typed, the address put
 * right; read at once (nothing listens there: the failure is said), its
 * sender changed, then deleted (it never read a message) */
static void
test_mailboxes (void)
{
  const char * const named[] = { "name", "service desk" };
  const char * const changed[] = { "from_address", "support@example.com" };
  g_autofree char *team_sql = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *audited = NULL;
  gint64 team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Service East\"}");
  gint64 account = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Unknown senders 未知发件人\"}");
  GtkWidget *dialog, *name, *button;

  open_admin ();
  rapport_admin_page_show (RAPPORT_ADMIN_PAGE (gtk_stack_get_child_by_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "admin")),
                           "mailboxes");
  rapport_test_ui_wait_until (mailboxes_listed, GUINT_TO_POINTER (0), 30, "the empty list of mailboxes");

  gtk_widget_activate_action (GTK_WIDGET (mailboxes_page ()), "mailboxes.new", NULL);
  dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "the new-mailbox dialog");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  name = rapport_mailbox_form_get_row (form_of (dialog), "name");
  gtk_widget_grab_focus (name);
  rapport_test_ui_wait_until (focused, name, 10, "the name focused");
  rapport_test_keys_send (dialog, "service desk");
  set_row (dialog, "imap_url", "http://mail.example.com/INBOX");
  set_row (dialog, "username", "service");
  set_row (dialog, "password", "mailbox secret");
  set_row (dialog, "from_address", "service@example.com");
  rapport_reference_row_set_value (RAPPORT_REFERENCE_ROW (rapport_mailbox_form_get_row (form_of (dialog), "team_id")), team, "Service East");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  rapport_reference_row_set_value (RAPPORT_REFERENCE_ROW (rapport_mailbox_form_get_row (form_of (dialog), "fallback_account_id")),
                                   account, "Unknown senders 未知发件人");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "service desk");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  rapport_test_ui_settle (200);
  g_free (rapport_test_ui_screenshot (dialog, "mailbox-new"));
  rapport_test_ui_respond ("save", NULL);

  /* refused: said, the typing kept, nothing stored */
  rapport_test_ui_wait_until (refusal_shown, NULL, 30, "the dialog again, with the refusal");
  dialog = rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "imap"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_mailbox_form_get_row (form_of (dialog), "name"))), ==, "service desk");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rapport_mailbox_form_get_row (form_of (dialog), "password"))),
                   ==, _("Password"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_mailbox_form_get_row (form_of (dialog), "password"))), ==,
                   "mailbox secret");
  stored = sql_text ("SELECT COUNT(*) FROM mailboxes");
  g_assert_cmpstr (stored, ==, "0");
  g_free (rapport_test_ui_screenshot (dialog, "mailbox-refused"));
  /* nothing listens on port 1 of the loopback */
  set_row (dialog, "imap_url", "imap://127.0.0.1:1/INBOX");
  rapport_test_ui_respond ("save", NULL);
  rapport_test_ui_wait_until (mailbox_listed_with, (gpointer) named, 30, "the new mailbox listed");
  g_clear_pointer (&stored, g_free);
  stored = sql_text ("SELECT CONCAT(team_id, ' ', fallback_account_id, ' ', username, ' ', password_sealed <> 'mailbox secret') FROM mailboxes");
  team_sql = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " service 1", team, account);
  g_assert_cmpstr (stored, ==, team_sql);

  button = rapport_test_ui_find_button (GTK_WIDGET (mailboxes_page ()), _("_Read Now"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  rapport_test_ui_wait_until (mailbox_failed, NULL, 30, "the mailbox read, and its failure kept");
  rapport_test_ui_wait_until (label_containing_shown, (gpointer) _("last reading failed"), 30, "the failed reading said");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, "mailboxes"));

  button = rapport_test_ui_find_button (GTK_WIDGET (mailboxes_page ()), _("_Edit…"));
  g_signal_emit_by_name (button, "clicked");
  dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "the mailbox's settings");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_mailbox_form_get_row (form_of (dialog), "imap_url"))), ==,
                   "imap://127.0.0.1:1/INBOX");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_mailbox_form_get_row (form_of (dialog), "password"))), ==, "");
  set_row (dialog, "from_address", "support@example.com");
  rapport_test_ui_respond ("save", NULL);
  rapport_test_ui_wait_until (mailbox_listed_with, (gpointer) changed, 30, "the changed sender listed");
  /* the password left empty is kept */
  audited = sql_text ("SELECT COUNT(*) FROM audit_log WHERE entity = 'mailbox' AND action = 'update_secret'");
  g_assert_cmpstr (audited, ==, "0");

  button = rapport_test_ui_find_button (GTK_WIDGET (mailboxes_page ()), _("_Delete…"));
  g_signal_emit_by_name (button, "clicked");
  rapport_test_ui_respond ("delete", NULL);
  rapport_test_ui_wait_until (mailboxes_listed, GUINT_TO_POINTER (0), 30, "the mailbox gone");
  g_clear_pointer (&stored, g_free);
  stored = sql_text ("SELECT COUNT(*) FROM mailboxes");
  g_assert_cmpstr (stored, ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  RapportSignInPage *page;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start ();
  window = rapport_test_ui_open_window (1100, 720);
  page = RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"));
  rapport_sign_in_page_set_server (page, server->base_url);
  rapport_sign_in_page_sign_in (page, "admin", server->admin_password, NULL);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");

  g_test_add_func ("/intake-keys/make-and-revoke", test_make_and_revoke);
  g_test_add_func ("/intake-keys/rule-condition", test_rule_condition);
  g_test_add_func ("/intake-keys/pool-settings", test_pool_settings);
  g_test_add_func ("/intake-keys/mailboxes", test_mailboxes);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
