/* rapport-test-events.c: a client of rapportd's event WebSocket that keeps every message it hears */
#include "rapport-test-events.h"

#include <string.h>

static void
on_message (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 data)
{
  RapportTestEvents *events = data;

  g_ptr_array_add (events->messages, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 data)
{
  RapportTestEvents *events = data;

  events->closed = TRUE;
  events->close_code = soup_websocket_connection_get_close_code (connection);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  RapportTestEvents *events = data;
  g_autoptr(GError) error = NULL;

  events->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (events->connection, "message", G_CALLBACK (on_message), events);
  g_signal_connect (events->connection, "closed", G_CALLBACK (on_closed), events);
}

/**
 * rapport_test_events_listen:
 * @session: the session to connect with
 * @base_url: rapportd's http:// address
 * @token: (nullable): the session token to send, or none
 * @after: (nullable): the id of the last event already heard
 *
 * Returns: (transfer full): a connected listener; it hears while the
 *   thread's default main context runs
 */
RapportTestEvents *
rapport_test_events_listen (SoupSession *session,
                            const char  *base_url,
                            const char  *token,
                            const char  *after)
{
  RapportTestEvents *events = g_new0 (RapportTestEvents, 1);
  g_autofree char *url = g_strdup_printf ("ws%s/api/v1/events%s%s", base_url + strlen ("http"),
                                          after ? "?after=" : "", after ? after : "");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  events->messages = g_ptr_array_new_with_free_func (g_free);
  if (token)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_connected, events);
  while (events->connection == NULL)
    g_main_context_iteration (NULL, TRUE);
  return events;
}

void
rapport_test_events_free (RapportTestEvents *events)
{
  g_signal_handlers_disconnect_by_data (events->connection, events);
  if (soup_websocket_connection_get_state (events->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (events->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (events->connection);
  g_ptr_array_unref (events->messages);
  g_free (events);
}

static void
on_refused (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GError **error = data;
  g_autoptr(SoupWebsocketConnection) connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                                                         error);

  g_assert_null (connection);
  g_assert_nonnull (*error);
}

/**
 * rapport_test_events_refused:
 * @session: the session to connect with
 * @base_url: rapportd's http:// address
 * @token: the token to send
 *
 * Asks for the event WebSocket, and asserts it is not opened.
 *
 * Returns: the HTTP status the handshake was answered with
 */
guint
rapport_test_events_refused (SoupSession *session,
                             const char  *base_url,
                             const char  *token)
{
  g_autofree char *url = g_strdup_printf ("ws%s/api/v1/events", base_url + strlen ("http"));
  g_autofree char *header = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_refused, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  return soup_message_get_status (msg);
}
