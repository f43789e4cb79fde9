/* test-auto-reminder-settings.c: automatic reminders under Xvfb, against a real rapportd: an administrator turns a kind on with its days in the generic form, a user turns it off for themselves in Preferences */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-reminder-preferences.h"
#include "rapport-preferences-window.h"
#include "crm-entity.h"

#include <glib/gi18n.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *suffix = "";

static void
screenshot (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s", name, suffix);

  g_free (rapport_test_ui_screenshot (window, file));
}

static gint64
sql_int (const char *statement)
{
  g_autofree char *out = rapport_test_server_sql (server, statement);

  return g_ascii_strtoll (out, NULL, 10);
}

static gboolean
setting_loaded (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_str_equal (crm_entity_get_collection (entity), "reminder-settings");
}

static gboolean
label_shown (gpointer data)
{
  GtkWidget *label = rapport_test_ui_find_label (window, data);

  return label != NULL && gtk_widget_get_mapped (label);
}

static gboolean
stored (gpointer data)
{
  return sql_int ("SELECT COUNT(*) FROM `reminder-settings` WHERE kind = 'contract_end' AND enabled = 1 AND days = 14") == 1;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "admin", server->admin_password);
}

/* the section lists the four kinds, by their labels */
static void
test_list (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "reminder-settings");

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_signal_emit_by_name (sections, "row-activated", row);
  rapport_test_ui_wait_until (label_shown, (gpointer) _("Contract ending"), 30, "the contract ending row");
  rapport_test_ui_wait_until (label_shown, (gpointer) _("Contact's birthday"), 30, "the birthday row");
  rapport_test_ui_settle (300);
  screenshot ("auto-reminders-list");
}

/* a kind turned on with its days, saved through the form */
static void
test_turn_on (void)
{
  gint64 id = sql_int ("SELECT id FROM `reminder-settings` WHERE kind = 'contract_end'");
  RapportEntityForm *form;
  GtkWidget *enabled;

  rapport_window_open_record (RAPPORT_WINDOW (window), "reminder-settings", id, NULL);
  rapport_test_ui_wait_until (setting_loaded, NULL, 30, "the contract ending setting");
  form = rapport_record_page_get_form (rapport_test_ui_record_page (window));
  enabled = g_object_get_data (G_OBJECT (rapport_entity_form_get_row (form, "enabled")), "switch");
  g_assert_nonnull (enabled);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (enabled)));
  gtk_switch_set_active (GTK_SWITCH (enabled), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (rapport_entity_form_get_row (form, "days")), "14");
  rapport_test_ui_settle (200);
  screenshot ("auto-reminders-form");
  rapport_record_page_save (rapport_test_ui_record_page (window));
  rapport_test_ui_wait_until (stored, NULL, 30, "the setting stored");
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM audit_log WHERE entity = 'reminder_setting'"), >=, 1);
}

/* the page, shown or not */
static GtkWidget *
find_page (GtkWidget *root)
{
  if (RAPPORT_IS_REMINDER_PREFERENCES (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_page (child);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
preferences_loaded (gpointer data)
{
  GtkWidget *preferences = rapport_test_ui_find_dialog (RAPPORT_TYPE_PREFERENCES_WINDOW);
  GtkWidget *page = preferences ? find_page (preferences) : NULL;

  if (page == NULL || !rapport_reminder_preferences_is_loaded (RAPPORT_REMINDER_PREFERENCES (page)))
    return FALSE;
  *(GtkWidget **) data = page;
  return TRUE;
}

static gboolean
opted_out (gpointer data)
{
  return sql_int ("SELECT COUNT(*) FROM reminder_opt_outs o JOIN users u ON u.id = o.user_id "
                  "WHERE u.login = 'admin' AND o.kind = 'contract_end'") == 1;
}

/* the user's own choice, in Preferences: the kind the company turned on is
 * on, and turned off for oneself; the others are off for the company */
static void
test_own_choice (void)
{
  GtkWidget *page = NULL;
  GtkWidget *contract_end, *birthday;
  GtkWidget *preferences;

  gtk_widget_activate_action (window, "win.preferences", NULL);
  rapport_test_ui_wait_until (preferences_loaded, &page, 30, "the reminder preferences");
  preferences = rapport_test_ui_find_dialog (RAPPORT_TYPE_PREFERENCES_WINDOW);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  rapport_test_ui_settle (300);
  contract_end = rapport_reminder_preferences_get_switch (RAPPORT_REMINDER_PREFERENCES (page), "contract_end");
  birthday = rapport_reminder_preferences_get_switch (RAPPORT_REMINDER_PREFERENCES (page), "birthday");
  g_assert_nonnull (contract_end);
  g_assert_nonnull (birthday);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (contract_end)));
  g_assert_true (gtk_widget_is_sensitive (contract_end));
  g_assert_false (gtk_widget_is_sensitive (birthday));
  g_assert_nonnull (rapport_test_ui_find_label (preferences, _("Turned off for the whole company")));

  gtk_switch_set_active (GTK_SWITCH (contract_end), FALSE);
  rapport_test_ui_wait_until (opted_out, NULL, 30, "the choice stored");
  rapport_test_ui_settle (300);
  {
    g_autofree char *file = g_strdup_printf ("auto-reminders-preferences%s", suffix);

    g_free (rapport_test_ui_screenshot (preferences, file));
  }
  gtk_window_destroy (GTK_WINDOW (preferences));
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
  window = rapport_test_ui_open_window (1100, 720);

  g_test_add_func ("/ui/auto-reminders/sign-in", test_sign_in);
  g_test_add_func ("/ui/auto-reminders/list", test_list);
  g_test_add_func ("/ui/auto-reminders/turn-on", test_turn_on);
  g_test_add_func ("/ui/auto-reminders/own-choice", test_own_choice);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
