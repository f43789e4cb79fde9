/* rapport-sla-notices.c: a case's service-level warning or breach, heard over the event WebSocket, shown as a desktop notification */
#include "rapport-sla-notices.h"
#include "rapport-notify.h"
#include "crm-json.h"

#include <glib/gi18n.h>

/* the due instant in the desktop's zone, "2026-12-08 17:30" */
static char *
format_due (JsonObject *data)
{
  const char *text = json_object_get_string_member_with_default (data, "due_at", NULL);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 due;

  if (text == NULL || !crm_json_parse_timestamp (text, &due))
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (due / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_body (gboolean    breached,
             const char *target,
             const char *due)
{
  gboolean first = g_strcmp0 (target, "first_response") == 0;

  if (breached)
    return first ? g_strdup_printf (_("First response overdue since %s"), due)
                 : g_strdup_printf (_("Resolution overdue since %s"), due);
  return first ? g_strdup_printf (_("First response due by %s"), due)
               : g_strdup_printf (_("Resolution due by %s"), due);
}

/* "case.sla_warning" and "case.sla_breached": one notification for each
 * case, target and kind, which opens the case */
static void
on_sla (GApplication *app,
        const char   *kind,
        JsonObject   *data)
{
  gboolean breached = g_strcmp0 (kind, "case.sla_breached") == 0;
  const char *target = json_object_get_string_member_with_default (data, "target", "");
  const char *number = json_object_get_string_member_with_default (data, "number", "");
  const char *subject = json_object_get_string_member_with_default (data, "subject", "");
  gint64 id = json_object_get_int_member_with_default (data, "id", 0);
  g_autofree char *notification_id = g_strdup_printf ("%s-%s-%" G_GINT64_FORMAT, kind, target, id);
  g_autofree char *title = g_strdup_printf ("%s %s", number, subject);
  g_autofree char *due = format_due (data);
  g_autofree char *body = format_body (breached, target, due);
  g_autoptr(GNotification) notification = g_notification_new (title);

  g_notification_set_body (notification, body);
  if (breached)
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  rapport_notify_set_open_record (notification, "case", id);
  rapport_notify_send (app, notification_id, notification);
}

/**
 * rapport_sla_notices_watch:
 * @app: the application that shows the notifications
 * @api: the signed-in client, whose events are heard
 *
 * Shows each "case.sla_warning" and "case.sla_breached" event for the
 * signed-in user (the case's owner, or a manager of its queue team) as a
 * desktop notification of @app, for as long as @api lives.
 */
void
rapport_sla_notices_watch (GApplication *app,
                           RapportApi   *api)
{
  g_return_if_fail (G_IS_APPLICATION (app));
  g_return_if_fail (RAPPORT_IS_API (api));

  if (g_object_get_data (G_OBJECT (api), "rapport-sla-notices") != NULL)
    return;
  g_object_set_data (G_OBJECT (api), "rapport-sla-notices", GINT_TO_POINTER (1));
  g_signal_connect_object (api, "event::case.sla_warning", G_CALLBACK (on_sla), app, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::case.sla_breached", G_CALLBACK (on_sla), app, G_CONNECT_SWAPPED);
}
