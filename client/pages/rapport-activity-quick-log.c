/* rapport-activity-quick-log.c: Ctrl+L and "Log…" on a customer's page: an activity logged on the record shown */
#include "rapport-activity-quick-log.h"
#include "rapport-activity-log-dialog.h"
#include "rapport-record-page.h"
#include "rapport-window.h"

#include <glib/gi18n.h>

#define QUICK_LOG_KEY "rapport-activity-quick-log"

/* what the page's quick log needs; its requests end with the page */
typedef struct
{
  RapportApi       *api;
  GtkWidget        *page;
  char             *link_key;
  gint64            record_id;
  RapportListModel *activities;
  GCancellable     *cancellable;
} QuickLog;

static void
quick_log_free (QuickLog *log)
{
  g_clear_object (&log->api);
  g_free (log->link_key);
  g_clear_object (&log->activities);
  g_clear_object (&log->cancellable);
}

static QuickLog *
quick_log_ref (QuickLog *log)
{
  return g_rc_box_acquire (log);
}

static void
quick_log_unref (gpointer log)
{
  g_rc_box_release_full (log, (GDestroyNotify) quick_log_free);
}

static void
quick_log_closure_unref (gpointer  log,
                         GClosure *closure)
{
  quick_log_unref (log);
}

/* the page goes: what it asked for is no longer wanted */
static void
quick_log_detach (gpointer data)
{
  QuickLog *log = data;

  g_cancellable_cancel (log->cancellable);
  quick_log_unref (log);
}

static void
toast (GtkWidget  *page,
       const char *text)
{
  GtkRoot *root = gtk_widget_get_root (page);
  AdwToast *toast = adw_toast_new (text);

  if (RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
logged (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  QuickLog *log = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || g_cancellable_is_cancelled (log->cancellable))
    {
      quick_log_unref (log);
      return;
    }
  if (node == NULL)
    toast (log->page, error->message);
  else
    {
      JsonObject *answer = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *follow_up = answer ? json_object_get_member (answer, "follow_up") : NULL;

      toast (log->page, follow_up != NULL && JSON_NODE_HOLDS_OBJECT (follow_up)
                          ? _("Activity and follow-up task logged") : _("Activity logged"));
      rapport_list_model_reload (log->activities);
    }
  quick_log_unref (log);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  QuickLog *log = user_data;
  g_autoptr(JsonNode) body = NULL;

  if (g_strcmp0 (response, "log") != 0 || g_cancellable_is_cancelled (log->cancellable))
    return;
  body = rapport_activity_log_dialog_build (RAPPORT_ACTIVITY_LOG_DIALOG (dialog));
  rapport_api_request_async (log->api, "POST", "/activities/with-follow-up", body, log->cancellable, logged, quick_log_ref (log));
}

static void
quick_log_open (QuickLog *log)
{
  const char *title = RAPPORT_IS_RECORD_PAGE (log->page) ? rapport_record_page_get_title (RAPPORT_RECORD_PAGE (log->page))
                                                         : NULL;
  RapportActivityLogDialog *dialog = rapport_activity_log_dialog_new (log->page, log->api, log->link_key, log->record_id, title);

  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), quick_log_ref (log),
                         quick_log_closure_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
on_shortcut (GtkWidget *page,
             GVariant  *args,
             gpointer   user_data)
{
  QuickLog *log = g_object_get_data (G_OBJECT (page), QUICK_LOG_KEY);

  if (log == NULL)
    return FALSE;
  quick_log_open (log);
  return TRUE;
}

static void
on_log_clicked (GtkButton *button,
                gpointer   user_data)
{
  GtkWidget *page = user_data;
  QuickLog *log = g_object_get_data (G_OBJECT (page), QUICK_LOG_KEY);

  if (log != NULL)
    quick_log_open (log);
}

/**
 * rapport_activity_quick_log_attach:
 * @page: the page of an account, contact, lead or opportunity
 * @api: the signed-in client
 * @group: the page's group of the record's activities
 * @link_key: the activity's member naming the record, e.g. "account_id"
 * @record_id: the record shown
 * @activities: the group's list, read again once an activity is logged
 *
 * Adds "Log…" to @group's header and Ctrl+L to @page: both open the quick
 * log, with the record filled in.
 */
void
rapport_activity_quick_log_attach (GtkWidget           *page,
                                   RapportApi          *api,
                                   AdwPreferencesGroup *group,
                                   const char          *link_key,
                                   gint64               record_id,
                                   RapportListModel    *activities)
{
  QuickLog *log;
  gboolean first = FALSE;
  GtkWidget *suffix;
  GtkWidget *box;
  GtkWidget *button;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (RAPPORT_IS_API (api));
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  g_return_if_fail (link_key != NULL);

  first = g_object_get_data (G_OBJECT (page), QUICK_LOG_KEY) == NULL;
  log = g_rc_box_new0 (QuickLog);
  log->api = g_object_ref (api);
  log->page = page;
  log->link_key = g_strdup (link_key);
  log->record_id = record_id;
  log->activities = g_object_ref (activities);
  log->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (page), QUICK_LOG_KEY, log, quick_log_detach);

  if (first)
    {
      GtkEventController *controller = gtk_shortcut_controller_new ();

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_l, GDK_CONTROL_MASK),
                                                              gtk_callback_action_new (on_shortcut, NULL, NULL)));
      gtk_widget_add_controller (page, controller);
    }

  button = gtk_button_new_with_mnemonic (_("_Log…"));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Log an activity (Ctrl+L)"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_log_clicked), page, 0);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), button);
  suffix = adw_preferences_group_get_header_suffix (group);
  if (suffix != NULL)
    {
      g_object_ref (suffix);
      adw_preferences_group_set_header_suffix (group, NULL);
      gtk_box_append (GTK_BOX (box), suffix);
      g_object_unref (suffix);
    }
  adw_preferences_group_set_header_suffix (group, box);
}
