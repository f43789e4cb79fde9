/* rapport-notify.c: desktop notifications that open their record: the target they carry, and a comment on one's record told */
#include "rapport-notify.h"
#include "crm-entities.h"

#include <glib/gi18n.h>
#include <string.h>

/**
 * rapport_notify_set_open_record:
 * @notification: a notification about a record
 * @entity_name: the record's entity, e.g. "contract"
 * @id: the record
 *
 * Clicking @notification shows the main window (also when it runs hidden
 * in the background) on the record: the application's "open-record"
 * action with the target "contracts/12". An unknown entity leaves the
 * notification as it is.
 */
void
rapport_notify_set_open_record (GNotification *notification,
                                const char    *entity_name,
                                gint64         id)
{
  GType type;
  g_autofree char *target = NULL;

  g_return_if_fail (G_IS_NOTIFICATION (notification));

  if (entity_name == NULL || id <= 0 || (type = crm_entities_lookup_name (entity_name)) == G_TYPE_INVALID)
    return;
  target = g_strdup_printf ("%s/%" G_GINT64_FORMAT, ((CrmEntityClass *) g_type_class_peek (type))->collection, id);
  g_notification_set_default_action_and_target (notification, "app.open-record", "s", target);
}

/**
 * rapport_notify_parse_target:
 * @target: "collection/id", as rapport_notify_set_open_record() sets it
 * @collection: (out) (transfer full): the collection
 * @id: (out): the record, above 0
 *
 * Returns: whether @target names a record
 */
gboolean
rapport_notify_parse_target (const char  *target,
                             char       **collection,
                             gint64      *id)
{
  const char *slash;
  guint64 value = 0;

  g_return_val_if_fail (collection != NULL && id != NULL, FALSE);

  if (target == NULL || (slash = strchr (target, '/')) == NULL || slash == target ||
      !g_ascii_string_to_unsigned (slash + 1, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *collection = g_strndup (target, slash - target);
  *id = (gint64) value;
  return TRUE;
}

/**
 * rapport_notify_send:
 * @app: the application
 * @notification_id: one notification for each record and kind
 * @notification: what to show
 *
 * Sends @notification, or, without a session bus to send it on, logs
 * its title.
 */
void
rapport_notify_send (GApplication  *app,
                     const char    *notification_id,
                     GNotification *notification)
{
  g_return_if_fail (G_IS_APPLICATION (app));
  g_return_if_fail (G_IS_NOTIFICATION (notification));

  if (!g_application_get_is_registered (app) || g_application_get_dbus_connection (app) == NULL)
    {
      g_message ("Notification (no session bus to notify on): %s", notification_id);
      return;
    }
  g_application_send_notification (app, notification_id, notification);
}

/* "activity.comment", "weekly_report.comment": someone commented on one of
 * one's records; the notification opens it */
static void
on_comment (GApplication *app,
            const char   *kind,
            JsonObject   *data)
{
  const char *entity = json_object_get_string_member_with_default (data, "entity", "");
  const char *subject = json_object_get_string_member_with_default (data, "subject", "");
  gint64 id = json_object_get_int_member_with_default (data, "id", 0);
  JsonObject *comment = json_object_has_member (data, "comment") &&
                        JSON_NODE_HOLDS_OBJECT (json_object_get_member (data, "comment"))
                        ? json_object_get_object_member (data, "comment") : NULL;
  const char *author = comment ? json_object_get_string_member_with_default (comment, "author_name", "") : "";
  const char *text = comment ? json_object_get_string_member_with_default (comment, "text", "") : "";
  gint64 comment_id = comment ? json_object_get_int_member_with_default (comment, "id", 0) : 0;
  g_autofree char *notification_id = g_strdup_printf ("comment-%" G_GINT64_FORMAT, comment_id);
  g_autofree char *title = NULL;
  g_autoptr(GNotification) notification = NULL;

  if (id <= 0)
    return;
  /* TRANSLATORS: a desktop notification's title: who commented on which activity or weekly report */
  title = g_strdup_printf (_("%s commented on “%s”"), author, subject);
  notification = g_notification_new (title);
  g_notification_set_body (notification, text);
  rapport_notify_set_open_record (notification, entity, id);
  rapport_notify_send (app, notification_id, notification);
}

/**
 * rapport_notify_comments_watch:
 * @app: the application that shows the notifications
 * @api: the signed-in client, whose events are heard
 *
 * Shows each comment on the signed-in user's activities and weekly
 * reports, told by the event WebSocket, as a desktop notification that
 * opens the record, for as long as @api lives.
 */
void
rapport_notify_comments_watch (GApplication *app,
                               RapportApi   *api)
{
  g_return_if_fail (G_IS_APPLICATION (app));
  g_return_if_fail (RAPPORT_IS_API (api));

  if (g_object_get_data (G_OBJECT (api), "rapport-notify-comments") != NULL)
    return;
  g_object_set_data (G_OBJECT (api), "rapport-notify-comments", GINT_TO_POINTER (1));
  g_signal_connect_object (api, "event::activity.comment", G_CALLBACK (on_comment), app, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::weekly_report.comment", G_CALLBACK (on_comment), app, G_CONNECT_SWAPPED);
}
