/* test-duplicate-warning.c: a new lead typed at full speed whose mobile is an account's: the warning, Save anyway with a reason, and Open */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "widgets/rapport-duplicate-dialog.h"
#include "widgets/rapport-entity-form.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define ACCOUNT "Kangtai Medical Devices"
#define REASON "second site of the same group"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static gint64 account_id;
/* the lead saved anyway */
static gint64 first_lead_id;
static char *suffix = "";

static char *
shot_name (const char *name)
{
  return g_strdup_printf ("%s%s", name, suffix);
}

static gboolean
shows_record_of (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), data);
}

/* a new record's form, with the focus in its first field */
static gboolean
new_form_focused (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *row = page && rapport_record_page_get_entity (page) == NULL
                   ? rapport_entity_form_get_row (rapport_record_page_get_form (page), "company") : NULL;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return row != NULL && focus != NULL && gtk_widget_is_ancestor (focus, row);
}

static const char *
field_text (const char *json_key)
{
  GtkWidget *row = rapport_entity_form_get_row (rapport_record_page_get_form (rapport_test_ui_record_page (window)), json_key);

  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gint64
count_leads (void)
{
  g_autofree char *count = rapport_test_server_sql (server, "SELECT COUNT(*) FROM leads");

  return g_ascii_strtoll (count, NULL, 10);
}

/* the Leads section, a new lead typed through the X server with no delay, and Ctrl+S */
static void
type_new_lead (const char *keys)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));

  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), "leads"));
  gtk_widget_activate_action (window, "win.new", NULL);
  rapport_test_ui_wait_until (new_form_focused, NULL, 30, "the new lead's form, focused");
  rapport_test_keys_send (window, keys);
  g_assert_cmpstr (field_text ("mobile"), ==, "138 1234 0001");
  rapport_test_keys_send (window, "<C-s>");
}

static RapportDuplicateDialog *
warning_with_the_account (void)
{
  GtkWidget *dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_DUPLICATE_DIALOG, "the duplicate warning");
  g_autofree char *words = rapport_duplicate_rule_describe ("mobile");

  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (dialog, ACCOUNT));
  /* kind, score and rule in words */
  g_assert_nonnull (rapport_test_ui_find_label_containing (dialog, "90 %"));
  g_assert_nonnull (rapport_test_ui_find_label_containing (dialog, words));
  g_assert_nonnull (rapport_test_ui_find_label_containing (dialog, _("Account")));
  /* without a reason, nothing is saved anyway */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  return RAPPORT_DUPLICATE_DIALOG (dialog);
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "lena", PASSWORD);
}

static void
test_save_anyway (void)
{
  g_autofree char *shot = shot_name ("duplicate-warning");
  g_autofree char *saved_shot = shot_name ("duplicate-saved-anyway");
  g_autofree char *reason_sql = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *history_path = NULL;
  g_autoptr(RapportTestReply) history = NULL;
  RapportDuplicateDialog *dialog;
  gint64 before = count_leads ();
  gint64 lead_id;

  type_new_lead ("zhongshan trading<Tab>wang wei<Tab>buyer<Tab>138 1234 0001");
  dialog = warning_with_the_account ();
  /* nothing is stored while the user decides */
  g_assert_cmpint (count_leads (), ==, before);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_DUPLICATE_DIALOG, "reason_row")), REASON);
  rapport_test_ui_respond ("save", shot);

  rapport_test_ui_wait_until (shows_record_of, "leads", 30, "the lead saved anyway");
  lead_id = crm_entity_get_id (rapport_record_page_get_entity (rapport_test_ui_record_page (window)));
  first_lead_id = lead_id;
  g_assert_cmpstr (crm_entity_get_text (rapport_record_page_get_entity (rapport_test_ui_record_page (window)), "mobile"), ==, "138 1234 0001");
  g_assert_cmpint (count_leads (), ==, before + 1);
  g_free (rapport_test_ui_screenshot (window, saved_shot));

  /* the reason is in the record's history, as the trail keeps it */
  reason_sql = g_strdup_printf ("SELECT reason FROM audit_log WHERE entity = 'lead' AND action = 'create' "
                                "AND entity_id = %" G_GINT64_FORMAT, lead_id);
  reason = rapport_test_server_sql (server, reason_sql);
  g_assert_cmpstr (g_strstrip (reason), ==, REASON);
  history_path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/history", lead_id);
  history = rapport_test_request (server, "GET", history_path, rep, NULL);
  g_assert_cmpuint (history->status, ==, 200);
  g_assert_nonnull (strstr (history->body, REASON));
}

static void
test_open_match (void)
{
  g_autofree char *shot = shot_name ("duplicate-opened-match");
  RapportDuplicateDialog *dialog;
  GtkWidget *open;
  gint64 before = count_leads ();

  type_new_lead ("nanhai supplies<Tab>li na<Tab>manager<Tab>138 1234 0001");
  dialog = warning_with_the_account ();
  /* the earlier lead is offered too, as a lead may be merged into */
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (dialog), "zhongshan trading"));
  g_assert_nonnull (rapport_test_ui_find_button (GTK_WIDGET (dialog), _("_Merge into This")));
  open = rapport_test_ui_find_button (GTK_WIDGET (dialog), _("_Open"));
  g_assert_nonnull (open);
  g_signal_emit_by_name (open, "clicked");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_DUPLICATE_DIALOG, "the warning to close");

  rapport_test_ui_wait_until (shows_record_of, "accounts", 30, "the account the lead matched");
  g_assert_cmpint (crm_entity_get_id (rapport_record_page_get_entity (rapport_test_ui_record_page (window))), ==, account_id);
  g_assert_cmpint (count_leads (), ==, before);
  /* the page's transition over the list done */
  rapport_test_ui_settle (800);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* the lead shown is the first one, with the person typed into the merge */
static gboolean
shows_merged_lead (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && crm_entity_get_id (entity) == first_lead_id &&
         g_strcmp0 (crm_entity_get_text (entity, "person"), data) == 0;
}

/* what was typed becomes a change of the lead it matches, which opens */
static void
test_merge_into_match (void)
{
  g_autofree char *shot = shot_name ("duplicate-merged-into-match");
  RapportDuplicateDialog *dialog;
  GtkWidget *merge;
  gint64 before = count_leads ();

  type_new_lead ("zhongshan trading<Tab>chen jing<Tab>buyer<Tab>138 1234 0001");
  dialog = warning_with_the_account ();
  merge = rapport_test_ui_find_button (GTK_WIDGET (dialog), _("_Merge into This"));
  g_assert_nonnull (merge);
  g_signal_emit_by_name (merge, "clicked");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_DUPLICATE_DIALOG, "the warning to close");

  rapport_test_ui_wait_until (shows_merged_lead, "chen jing", 30, "the lead merged into");
  g_assert_cmpint (count_leads (), ==, before);
  rapport_test_ui_settle (800);
  g_free (rapport_test_ui_screenshot (window, shot));
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
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"" ACCOUNT "\",\"phone\":\"+86 138-1234-0001\"}");
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/duplicate-warning/sign-in", test_sign_in);
  g_test_add_func ("/ui/duplicate-warning/save-anyway", test_save_anyway);
  g_test_add_func ("/ui/duplicate-warning/open-match", test_open_match);
  g_test_add_func ("/ui/duplicate-warning/merge-into-match", test_merge_into_match);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
