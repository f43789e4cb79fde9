/* rapportd-listener-conn.c: a connection's request cycle: heads read under limits, one request at a time to the HTTP server, keep-alive, linger */
#include "rapportd-listener-private.h"
#include "rapportd-borrowed-output.h"

/* Keep-alive: the HTTP server is handed one request at a time, as if each
 * were a connection of its own (with no listener of its own it closes each
 * after answering); it reads exactly that request's bytes and writes through
 * an output whose closing leaves the connection open.  When it lets go, the
 * listener waits for the next request (the idle timeout), reads and checks
 * its head under the same deadlines and limits as the first, and hands it
 * over in turn.  So every request on a connection meets every check. */

#define LINGER_SECONDS   2
#define LINGER_MAX_BYTES (4 * 1024 * 1024)
#define READ_BLOCK       4096

G_DEFINE_QUARK (rapportd-listener-connection, conn_id)

static void on_server_done (gpointer  data,
                            GObject  *where_the_object_was);

GSource *
rapportd_listener_attach (RapportdListener *self,
                          GSource          *source,
                          GSourceFunc       func,
                          gpointer          data)
{
  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, self->context);
  return source;
}

static void
clear_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

void
rapportd_listener_clear_watch (Conn *conn)
{
  clear_source (&conn->watch);
  conn->head_watch = FALSE;
}

/* Called as a request whose head @conn's watch has just read goes to its
 * handler: sets that watch aside instead of destroying it, so that an
 * answer written at once waits for the next head on the same watch.
 * Destroying a watch and attaching another takes the thread's poll set
 * apart and together again, a wake-up each time. Returns whether it did. */
gboolean
rapportd_listener_park_head_watch (Conn *conn)
{
  if (!conn->head_watch || conn->spare_watch != NULL)
    {
      rapportd_listener_clear_watch (conn);
      return FALSE;
    }
  conn->spare_watch = g_steal_pointer (&conn->watch);
  conn->head_watch = FALSE;
  return TRUE;
}

/* the handler has returned: a watch set aside and not taken again goes */
void
rapportd_listener_drop_spare_watch (RapportdListener *self,
                                    guint64           id)
{
  Conn *conn = g_hash_table_lookup (self->by_id, &id);

  if (conn != NULL)
    clear_source (&conn->spare_watch);
}

void
rapportd_listener_conn_free (Conn *conn)
{
  RapportdListener *self = conn->self;

  rapportd_listener_clear_watch (conn);
  clear_source (&conn->spare_watch);
  clear_source (&conn->deadline);
  g_queue_remove (&self->conns, conn);
  g_hash_table_remove (self->by_id, &conn->id);
  rapportd_conn_limits_close (self->counts);
  g_socket_close (conn->socket, NULL);
  g_clear_object (&conn->head_stream);
  g_clear_object (&conn->stream);
  g_clear_object (&conn->guard);
  g_clear_object (&conn->tcp);
  g_clear_object (&conn->cancellable);
  g_clear_pointer (&conn->head, g_byte_array_unref);
  g_clear_pointer (&conn->exchange, rapportd_listener_exchange_free);
  g_clear_pointer (&conn->body, g_byte_array_unref);
  g_clear_pointer (&conn->spool, rapportd_spool_free);
  g_clear_pointer (&conn->answer, g_bytes_unref);
  g_free (conn->address);
  g_free (conn);
}

static gboolean
on_deadline (gpointer data);

void
rapportd_listener_clear_deadline (Conn *conn)
{
  clear_source (&conn->deadline);
}

void
rapportd_listener_set_deadline (Conn  *conn,
                                guint  seconds)
{
  clear_source (&conn->deadline);
  conn->deadline = rapportd_listener_attach (conn->self, g_timeout_source_new_seconds (seconds),
                                             on_deadline, conn);
}

static gboolean
on_drain (GSocket      *socket,
          GIOCondition  condition,
          gpointer      data)
{
  Conn *conn = data;
  char buffer[16 * 1024];
  gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

  if (n > 0 && conn->lingered + n < LINGER_MAX_BYTES)
    {
      conn->lingered += n;
      return G_SOURCE_CONTINUE;
    }
  rapportd_listener_conn_free (conn);
  return G_SOURCE_REMOVE;
}

/* after an answer, the client may still be sending: closing now would reset
 * the connection and lose the answer, so wait a little for its end */
void
rapportd_listener_linger (Conn *conn)
{
  rapportd_listener_clear_watch (conn);
  conn->phase = PHASE_LINGER;
  g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
  conn->watch = rapportd_listener_attach (conn->self, g_socket_create_source (conn->socket, G_IO_IN, NULL),
                                          G_SOURCE_FUNC (on_drain), conn);
  rapportd_listener_set_deadline (conn, LINGER_SECONDS);
}

/* The HTTP server lets go of a request when it has answered, failed or
 * ended a WebSocket. Its last reference to the stream may go on a GIO worker
 * thread (an asynchronous close), when the connection may be gone already:
 * the notice names the connection by id, and the listener's context looks
 * it up, later, never inside the HTTP server's own teardown. */
typedef struct
{
  GWeakRef      listener;
  GMainContext *context;
  guint64       id;
} ServerDone;

static void
server_done_free (gpointer data)
{
  ServerDone *done = data;

  g_weak_ref_clear (&done->listener);
  g_main_context_unref (done->context);
  g_free (done);
}

static gboolean
server_done_in_context (gpointer data)
{
  ServerDone *done = data;
  g_autoptr(RapportdListener) self = g_weak_ref_get (&done->listener);
  Conn *conn = self ? g_hash_table_lookup (self->by_id, &done->id) : NULL;
  gboolean next;

  if (conn == NULL)
    return G_SOURCE_REMOVE;
  /* another request only after a whole answer to a request read whole */
  next = conn->keep && conn->answered && !self->stopped &&
         conn->head_stream != NULL && rapportd_head_stream_is_done (conn->head_stream);
  g_clear_object (&conn->head_stream);
  if (next)
    rapportd_listener_start_head (conn, TRUE);
  else
    rapportd_listener_linger (conn);
  return G_SOURCE_REMOVE;
}

static void
on_server_done (gpointer  data,
                GObject  *where_the_object_was)
{
  ServerDone *done = data;
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, server_done_in_context, done, server_done_free);
  g_source_attach (source, done->context);
  g_source_unref (source);
}

void
rapportd_listener_cut (Conn *conn)
{
  if (conn->head_stream)
    rapportd_head_stream_cut (conn->head_stream);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
}

static gboolean
on_deadline (gpointer data)
{
  Conn *conn = data;

  g_clear_pointer (&conn->deadline, g_source_unref);
  switch (conn->phase)
    {
    case PHASE_HANDSHAKE:
      g_cancellable_cancel (conn->cancellable);
      break;
    case PHASE_BODY:
      rapportd_listener_cut (conn);
      break;
    case PHASE_HANDLED:
      break;
    case PHASE_WAITING:
    case PHASE_IDLE:
    case PHASE_HEAD:
    case PHASE_ANSWER:
    case PHASE_LINGER:
    default:
      rapportd_listener_conn_free (conn);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* the answer is small and the connection fresh: it fits the socket's buffer */
void
rapportd_listener_write_error (Conn         *conn,
                               CrmErrorCode  code,
                               const char   *message)
{
  GOutputStream *out = g_io_stream_get_output_stream (conn->stream);
  gsize length = 0;
  g_autofree char *response = rapportd_request_head_error_response (code, message, &length);
  gsize written = 0;

  while (written < length)
    {
      gssize n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (out),
                                                             response + written, length - written,
                                                             NULL, NULL);
      if (n <= 0)
        break;
      written += n;
    }
}

static void
refuse (Conn         *conn,
        CrmErrorCode  code,
        const char   *message)
{
  rapportd_listener_write_error (conn, code, message);
  rapportd_listener_linger (conn);
}

Conn *
rapportd_listener_conn_of (RapportdListener  *self,
                           SoupServerMessage *msg)
{
  guint64 id = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), conn_id_quark ()));

  return id ? g_hash_table_lookup (self->by_id, &id) : NULL;
}

static void
on_request_got_headers (RapportdListener  *self,
                        SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  Conn *conn = rapportd_listener_conn_of (self, msg);

  /* the connection's last request: said, so that clients do not try another */
  if (soup_message_headers_get_one (request, "Upgrade") == NULL &&
      (conn == NULL || !conn->keep || self->stopped))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
on_request_got_body (RapportdListener  *self,
                     SoupServerMessage *msg)
{
  Conn *conn = rapportd_listener_conn_of (self, msg);

  if (conn && conn->phase == PHASE_BODY)
    {
      conn->phase = PHASE_HANDLED;
      clear_source (&conn->deadline);
    }
}

static void
on_request_wrote_body (RapportdListener  *self,
                       SoupServerMessage *msg)
{
  Conn *conn = rapportd_listener_conn_of (self, msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (conn == NULL)
    return;
  conn->answered = TRUE;
  /* said to close (stopping, or the server's own reasons): so it is */
  if (soup_message_headers_header_contains (response, "Connection", "close"))
    conn->keep = FALSE;
}

void
rapportd_listener_on_request_started (SoupServer        *soup,
                                      SoupServerMessage *msg,
                                      gpointer           data)
{
  RapportdListener *self = data;

  if (self->handing == 0)
    return;
  g_object_set_qdata (G_OBJECT (msg), conn_id_quark (), GSIZE_TO_POINTER (self->handing));
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_request_got_headers), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (on_request_got_body), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (msg, "wrote-body", G_CALLBACK (on_request_wrote_body), self, G_CONNECT_SWAPPED);
}

/* The request's own bytes go to the HTTP server; what the client sent
 * past them (the next request, pipelined) waits in conn->head. */
static GBytes *
take_request (Conn   *conn,
              gint64 *unread)
{
  RapportdListener *self = conn->self;
  RapportdHeadFraming framing;
  g_autoptr(GByteArray) head = g_steal_pointer (&conn->head);
  gsize extra, body = 0;

  rapportd_request_head_framing (head->data, head->len, &framing);
  extra = head->len - framing.head_length;
  conn->requests++;
  conn->keep = framing.reusable && !self->stopped && conn->requests < self->limits.max_requests;
  conn->answered = FALSE;
  conn->line_end = 0;
  if (framing.body_length < 0)
    {
      *unread = -1;
      return g_byte_array_free_to_bytes (g_steal_pointer (&head));
    }
  body = MIN ((guint64) extra, (guint64) framing.body_length);
  *unread = framing.body_length - body;
  if (extra > body)
    {
      conn->head = g_byte_array_sized_new (extra - body);
      g_byte_array_append (conn->head, head->data + framing.head_length + body, extra - body);
    }
  g_byte_array_set_size (head, framing.head_length + body);
  return g_byte_array_free_to_bytes (g_steal_pointer (&head));
}

static void
hand_over (Conn *conn)
{
  RapportdListener *self = conn->self;
  GInputStream *in = g_io_stream_get_input_stream (conn->stream);
  GOutputStream *out = g_io_stream_get_output_stream (conn->stream);
  gint64 unread = -1;
  g_autoptr(GBytes) head = take_request (conn, &unread);
  g_autoptr(GInputStream) head_stream = rapportd_head_stream_new (in, head, unread);
  g_autoptr(GOutputStream) borrowed = conn->keep ? rapportd_borrowed_output_new (out) : g_object_ref (out);
  g_autoptr(GIOStream) simple = g_simple_io_stream_new (head_stream, borrowed);
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (conn->tcp, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (conn->tcp, NULL);
  ServerDone *done = g_new0 (ServerDone, 1);

  rapportd_listener_clear_watch (conn);
  conn->phase = PHASE_BODY;
  rapportd_listener_set_deadline (conn, self->limits.body_timeout);
  g_set_object (&conn->head_stream, RAPPORTD_HEAD_STREAM (head_stream));
  g_weak_ref_init (&done->listener, self);
  done->context = g_main_context_ref (self->context);
  done->id = conn->id;
  g_object_weak_ref (G_OBJECT (simple), on_server_done, done);
  if (local == NULL || remote == NULL)
    {
      rapportd_listener_cut (conn);
      return;
    }
  self->handing = conn->id;
  soup_server_accept_iostream (self->soup, simple, local, remote, NULL);
  self->handing = 0;
}

/* TRUE when the head is complete, or can no longer be: then @conn has been
 * answered or handed over */
static gboolean
check_head (Conn  *conn,
            gsize  old_length)
{
  g_autoptr(GError) error = NULL;

  switch (rapportd_request_head_check (conn->head->data, old_length, conn->head->len, &conn->line_end, &error))
    {
    case RAPPORTD_HEAD_INCOMPLETE:
      return FALSE;
    case RAPPORTD_HEAD_REFUSED:
      refuse (conn, error->code, error->message);
      return TRUE;
    case RAPPORTD_HEAD_COMPLETE:
    default:
      if (!rapportd_listener_take_plain (conn))
        hand_over (conn);
      return TRUE;
    }
}

static gboolean
on_head_readable (GObject  *stream,
                  gpointer  data)
{
  Conn *conn = data;
  guint8 buffer[READ_BLOCK];
  g_autoptr(GError) error = NULL;
  gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                       sizeof buffer, NULL, &error);

  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      rapportd_listener_conn_free (conn);
      return G_SOURCE_REMOVE;
    }
  if (conn->phase == PHASE_IDLE)
    {
      /* the next request has begun: its head has the usual time */
      conn->phase = PHASE_HEAD;
      rapportd_listener_set_deadline (conn, conn->self->limits.header_timeout);
    }
  g_byte_array_append (conn->head, buffer, n);
  /* answered or handed over, the watch is gone, or is @conn's watch for
   * the next head (a request answered at once): either way it stays as it is */
  check_head (conn, conn->head->len - n);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_socket_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      data)
{
  Conn *conn = data;

  return on_head_readable (G_OBJECT (g_io_stream_get_input_stream (conn->stream)), conn);
}

/* @idle: a kept-alive connection, which has the idle timeout until the
 * next request's first byte */
void
rapportd_listener_start_head (Conn     *conn,
                              gboolean  idle)
{
  RapportdListener *self = conn->self;
  GInputStream *in = g_io_stream_get_input_stream (conn->stream);

  rapportd_listener_clear_watch (conn);
  if (conn->head != NULL && conn->head->len > 0)
    {
      /* pipelined: (part of) the next request is in already */
      conn->phase = PHASE_HEAD;
      rapportd_listener_set_deadline (conn, self->limits.header_timeout);
      if (check_head (conn, 0))
        return;
    }
  else
    {
      g_clear_pointer (&conn->head, g_byte_array_unref);
      conn->head = g_byte_array_new ();
      conn->phase = idle ? PHASE_IDLE : PHASE_HEAD;
      rapportd_listener_set_deadline (conn,
                                      idle ? self->limits.keepalive_timeout : self->limits.header_timeout);
    }
  if (conn->spare_watch != NULL)
    conn->watch = g_steal_pointer (&conn->spare_watch);
  else if (G_IS_SOCKET_CONNECTION (conn->stream))
    {
      /* Without TLS the socket itself tells when the head comes, through
       * a source with no child sources (a stream's has two, for its
       * cancellable). It may recurse, so GLib does not take its socket out
       * of the thread's poll set and put it back around each call, which
       * wakes the thread twice (its callback never runs the context). */
      GSource *watch = g_socket_create_source (conn->socket, G_IO_IN, NULL);

      g_source_set_can_recurse (watch, TRUE);
      conn->watch = rapportd_listener_attach (self, watch, G_SOURCE_FUNC (on_socket_readable), conn);
    }
  else
    conn->watch = rapportd_listener_attach (self,
                                            g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (in),
                                                                                   conn->cancellable),
                                            G_SOURCE_FUNC (on_head_readable), conn);
  conn->head_watch = TRUE;
}
