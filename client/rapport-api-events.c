/* rapport-api-events.c: RapportApi's event WebSocket: opened at sign-in, opened again when it drops, resumed after the last event heard */
#include "rapport-api-private.h"
#include "crm-json.h"

#define EVENTS_RETRY_MAX_SECONDS 60
/* pings keep a quiet socket open and find a dead one */
#define EVENTS_KEEPALIVE_SECONDS 20
/* the server's close code for a session it no longer accepts */
#define EVENTS_CLOSE_UNAUTHORIZED 4401

static void events_connect (RapportApi *self);

/* the connection, when there is one, to be closed and forgotten */
static void
events_drop (RapportApi *self)
{
  gboolean was_open = self->events != NULL;

  if (self->events == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->events, self);
  if (soup_websocket_connection_get_state (self->events) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->events, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->events);
  if (was_open)
    rapport_api_notify_events_connected (self);
}

static gboolean
events_retry (gpointer user_data)
{
  RapportApi *self = user_data;

  self->events_retry_source = 0;
  events_connect (self);
  return G_SOURCE_REMOVE;
}

static void
events_schedule_retry (RapportApi *self)
{
  if (!self->events_wanted || self->events_retry_source != 0)
    return;
  self->events_retry_source = g_timeout_add_seconds (self->events_retry_seconds, events_retry, self);
  self->events_retry_seconds = MIN (self->events_retry_seconds * 2, EVENTS_RETRY_MAX_SECONDS);
}

static void
on_events_message (SoupWebsocketConnection *connection,
                   int                      type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  RapportApi *self = user_data;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) empty = NULL;
  JsonObject *data = NULL;
  const char *kind;

  if (type != SOUP_WEBSOCKET_DATA_TEXT ||
      (object = crm_json_parse_object (g_bytes_get_data (message, NULL), g_bytes_get_size (message), NULL)) == NULL)
    return;
  kind = json_object_get_string_member_with_default (object, "kind", NULL);
  if (kind == NULL || kind[0] == '\0')
    return;
  if (json_object_get_int_member_with_default (object, "id", 0) > self->events_seen)
    self->events_seen = json_object_get_int_member_with_default (object, "id", 0);
  if (json_object_has_member (object, "data") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "data")))
    data = json_object_get_object_member (object, "data");
  else
    data = empty = json_object_new ();
  rapport_api_emit_event (self, kind, data);
}

static void
on_events_closed (SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  RapportApi *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (connection);

  events_drop (self);
  /* a session the server no longer accepts is not retried: signing in again is */
  if (code == EVENTS_CLOSE_UNAUTHORIZED)
    self->events_wanted = FALSE;
  events_schedule_retry (self);
}

static void
events_connected (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  RapportApi *self;

  /* cancelled: signed out, or the client is gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_API (user_data);
  if (connection == NULL)
    {
      g_debug ("event WebSocket: %s", error->message);
      events_schedule_retry (self);
      return;
    }
  self->events = connection;
  self->events_retry_seconds = RAPPORT_API_EVENTS_RETRY_MIN_SECONDS;
  soup_websocket_connection_set_keepalive_interval (connection, EVENTS_KEEPALIVE_SECONDS);
  g_signal_connect (connection, "message", G_CALLBACK (on_events_message), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_events_closed), self);
  rapport_api_notify_events_connected (self);
}

static void
events_connect (RapportApi *self)
{
  g_autofree char *url = NULL;
  g_autofree char *header = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (!self->events_wanted || self->events != NULL || self->token == NULL)
    return;
  /* https://host:port → wss://host:port, http → ws */
  url = g_strconcat ("ws", self->base_url + (g_str_has_prefix (self->base_url, "http") ? 4 : 0), "/api/v1/events", NULL);
  if (self->events_seen > 0)
    {
      g_autofree char *base = g_steal_pointer (&url);

      url = g_strdup_printf ("%s?after=%" G_GINT64_FORMAT, base, self->events_seen);
    }
  if ((msg = soup_message_new ("GET", url)) == NULL)
    return;
  g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (rapport_api_accept_certificate), self, 0);
  header = g_strdup_printf ("Bearer %s", self->token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->events_cancellable, events_connected, self);
}

/**
 * rapport_api_connect_events:
 * @self: a signed-in client
 *
 * Opens the event WebSocket (`/api/v1/events`) with the session's token;
 * each message is emitted as #RapportApi::event. A connection that drops
 * is opened again, waiting longer after each failure, until
 * rapport_api_disconnect_events() or signing out.
 */
void
rapport_api_connect_events (RapportApi *self)
{
  g_return_if_fail (RAPPORT_IS_API (self));

  self->events_wanted = TRUE;
  self->events_retry_seconds = RAPPORT_API_EVENTS_RETRY_MIN_SECONDS;
  /* events_seen is where signing in left it, or the last event heard: the
   * pages loaded after signing in, so what was written since is told */
  events_connect (self);
}

/* closes the event WebSocket and stops opening it again */
void
rapport_api_disconnect_events (RapportApi *self)
{
  g_return_if_fail (RAPPORT_IS_API (self));

  self->events_wanted = FALSE;
  g_clear_handle_id (&self->events_retry_source, g_source_remove);
  if (self->events_cancellable != NULL)
    {
      g_cancellable_cancel (self->events_cancellable);
      g_object_unref (self->events_cancellable);
      self->events_cancellable = g_cancellable_new ();
    }
  events_drop (self);
}

gboolean
rapport_api_get_events_connected (RapportApi *self)
{
  return self->events != NULL;
}
