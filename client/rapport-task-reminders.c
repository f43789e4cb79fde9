/* rapport-task-reminders.c: a task's reminder, heard over the event WebSocket, shown as a desktop notification */
#include "rapport-task-reminders.h"
#include "rapport-notify.h"
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
  /* clicked: the window again (hidden while running in the background), on the task */
  rapport_notify_set_open_record (notification, "task", id);
  g_notification_add_button_with_target (notification, _("Snooze 1 hour"), "app.snooze-task", "x", id);
  rapport_notify_send (app, notification_id, notification);
}

/* the body of an automatic reminder: what is due, and when */
static char *
format_automatic (const char *reminder,
                  JsonObject *data)
{
  const char *date = json_object_get_string_member_with_default (data, "date", "");
  gint64 days = json_object_get_int_member_with_default (data, "days", 0);

  if (g_strcmp0 (reminder, "contract_end") == 0)
    return g_strdup_printf (_("Contract ends on %s"), date);
  if (g_strcmp0 (reminder, "quote_expiry") == 0)
    return g_strdup_printf (_("Quote valid until %s"), date);
  if (g_strcmp0 (reminder, "birthday") == 0)
    return g_strdup_printf (_("Birthday on %s"), date);
  if (g_strcmp0 (reminder, "no_activity") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No activity for %d day", "No activity for %d days",
                                         (gulong) days), (int) days);
  return g_strdup (_("Reminder"));
}

/* a contract ending, a quote expiring, a customer without activity, a
 * contact's birthday: one notification for each record and kind */
static void
on_automatic_reminder (GApplication *app,
                       const char   *kind,
                       JsonObject   *data)
{
  const char *subject = json_object_get_string_member_with_default (data, "subject", "");
  const char *entity = json_object_get_string_member_with_default (data, "entity", "");
  const char *reminder = json_object_get_string_member_with_default (data, "reminder", "");
  gint64 id = json_object_get_int_member_with_default (data, "id", 0);
  g_autofree char *notification_id = g_strdup_printf ("%s-%s-%" G_GINT64_FORMAT, reminder, entity, id);
  g_autofree char *body = format_automatic (reminder, data);
  g_autoptr(GNotification) notification = g_notification_new (subject);

  g_notification_set_body (notification, body);
  /* clicked: the contract, quote, customer or contact it is about */
  rapport_notify_set_open_record (notification, entity, id);
  rapport_notify_send (app, notification_id, notification);
}

/**
 * rapport_task_reminders_watch:
 * @app: the application that shows the notifications
 * @api: the signed-in client, whose events are heard
 *
 * Shows each "task.reminder" and "record.reminder" (automatic reminders)
 * event for the signed-in user as a desktop notification of @app, for as
 * long as @api lives.
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
  g_signal_connect_object (api, "event::record.reminder", G_CALLBACK (on_automatic_reminder), app, G_CONNECT_SWAPPED);
}
