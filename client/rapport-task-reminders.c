/* rapport-task-reminders.c: a task's reminder, heard over the event WebSocket, shown as a desktop notification */
#include "rapport-task-reminders.h"
#include "crm-json.h"

#include <glib/gi18n.h>

static void
on_reminder (GApplication *app,
             const char   *kind,
             JsonObject   *data)
{
  const char *subject = json_object_get_string_member_with_default (data, "subject", "");
  const char *due_text = json_object_get_string_member_with_default (data, "due_at", NULL);
  gint64 id = json_object_get_int_member_with_default (data, "id", 0);
  g_autofree char *notification_id = g_strdup_printf ("task-%" G_GINT64_FORMAT, id);
  g_autoptr(GNotification) notification = g_notification_new (subject);
  gint64 due;

  if (due_text != NULL && crm_json_parse_timestamp (due_text, &due))
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *body = g_strdup_printf (_("Task due %s"), when);

      g_notification_set_body (notification, body);
    }
  else
    g_notification_set_body (notification, _("Task reminder"));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  /* without a session bus there is no one to show it to */
  if (g_application_get_dbus_connection (app) == NULL)
    {
      g_message ("Task reminder (no session bus to notify on): %s", subject);
      return;
    }
  g_application_send_notification (app, notification_id, notification);
}

/**
 * rapport_task_reminders_watch:
 * @app: the application that shows the notifications
 * @api: the signed-in client, whose events are heard
 *
 * Shows each "task.reminder" event for the signed-in user as a desktop
 * notification of @app, for as long as @api lives.
 */
void
rapport_task_reminders_watch (GApplication *app,
                              RapportApi   *api)
{
  g_return_if_fail (G_IS_APPLICATION (app));
  g_return_if_fail (RAPPORT_IS_API (api));

  if (g_object_get_data (G_OBJECT (api), "rapport-task-reminders") != NULL)
    return;
  g_object_set_data (G_OBJECT (api), "rapport-task-reminders", GINT_TO_POINTER (1));
  g_signal_connect_object (api, "event::task.reminder", G_CALLBACK (on_reminder), app, G_CONNECT_SWAPPED);
}
