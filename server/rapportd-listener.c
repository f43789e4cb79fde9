/* rapportd-listener.c: RapportdListener, accepts connections, does TLS and reads request heads under limits before the HTTP server sees them */
#include "rapportd-listener-private.h"
#include "rapportd-shared-port.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

/* Why not SoupServer's own listener: libsoup 3.2 runs each TLS handshake on a
 * worker thread from the moment of accept, so silent clients exhaust threads;
 * it has no header, body or idle timeouts, reads heads of any size, and
 * leaks a keep-alive connection its client closes.  Here nothing waits on a
 * thread before a client has sent something, and every phase has a deadline.
 *
 * The request cycle (heads, keep-alive, lingering) is in rapportd-listener-conn.c.
 *
 * One listener a thread: everything here runs in the context that was the
 * thread's default when the listener was made; only the counts of
 * connections and handshakes are shared, in RapportdConnLimits. */

G_DEFINE_FINAL_TYPE (RapportdListener, rapportd_listener, G_TYPE_OBJECT)

static void
on_handshake (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Conn *conn = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);

  rapportd_conn_limits_end_handshake (conn->self->counts, conn->address);
  if (!ok || conn->self->stopped)
    {
      g_debug ("TLS handshake with %s: %s", conn->address, error ? error->message : "stopped");
      rapportd_listener_conn_free (conn);
      return;
    }
  rapportd_tls_guard_handshake_done (conn->guard);
  rapportd_listener_start_head (conn, FALSE);
}

/* the handshake blocks a worker thread, so it starts only once the client
 * has sent something, and only so many at once */
static gboolean
on_first_bytes (GSocket      *socket,
                GIOCondition  condition,
                gpointer      data)
{
  Conn *conn = data;
  RapportdListener *self = conn->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) guarded = NULL;

  rapportd_listener_clear_watch (conn);
  if (!rapportd_conn_limits_start_handshake (self->counts, conn->address))
    {
      rapportd_listener_conn_free (conn);
      return G_SOURCE_REMOVE;
    }
  /* no database: clients are not asked for certificates, and the default
   * one would be loaded from the system's trust store for every connection */
  conn->guard = RAPPORTD_TLS_GUARD (rapportd_tls_guard_new (g_io_stream_get_input_stream (G_IO_STREAM (conn->tcp))));
  guarded = g_simple_io_stream_new (G_INPUT_STREAM (conn->guard),
                                    g_io_stream_get_output_stream (G_IO_STREAM (conn->tcp)));
  conn->stream = g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                                 NULL, &error,
                                 "base-io-stream", guarded,
                                 "certificate", self->certificate,
                                 "database", NULL,
                                 "require-close-notify", FALSE,
                                 NULL);
  if (conn->stream == NULL)
    {
      g_warning ("TLS: %s", error->message);
      rapportd_conn_limits_end_handshake (self->counts, conn->address);
      rapportd_listener_conn_free (conn);
      return G_SOURCE_REMOVE;
    }
  conn->phase = PHASE_HANDSHAKE;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (conn->stream), G_PRIORITY_DEFAULT,
                                    conn->cancellable, on_handshake, conn);
  return G_SOURCE_REMOVE;
}

/* Counts a new connection.  At the limit (counted over every thread), this
 * thread's oldest connection that has not sent a request yet goes; a kept
 * alive one waiting between requests is such a one. */
static gboolean
make_room (RapportdListener *self)
{
  if (rapportd_conn_limits_open (self->counts))
    return TRUE;
  for (GList *l = self->conns.head; l; l = l->next)
    {
      Conn *conn = l->data;

      if (conn->phase == PHASE_WAITING || conn->phase == PHASE_IDLE || conn->phase == PHASE_HEAD)
        {
          rapportd_listener_conn_free (conn);
          return rapportd_conn_limits_open (self->counts);
        }
    }
  return FALSE;
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  RapportdListener *self = data;
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  Conn *conn;

  if (self->stopped || remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote) || !make_room (self))
    {
      g_socket_close (g_socket_connection_get_socket (connection), NULL);
      return TRUE;
    }

  conn = g_new0 (Conn, 1);
  conn->self = self;
  conn->id = ++self->next_id;
  conn->tcp = g_object_ref (connection);
  conn->socket = g_socket_connection_get_socket (connection);
  conn->address = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  conn->cancellable = g_cancellable_new ();
  g_socket_set_option (conn->socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  g_queue_push_tail (&self->conns, conn);
  g_hash_table_insert (self->by_id, &conn->id, conn);

  if (self->certificate == NULL)
    {
      conn->stream = G_IO_STREAM (g_object_ref (connection));
      rapportd_listener_start_head (conn, FALSE);
      return TRUE;
    }
  conn->phase = PHASE_WAITING;
  rapportd_listener_set_deadline (conn, self->limits.handshake_timeout);
  conn->watch = rapportd_listener_attach (self,
                                          g_socket_create_source (conn->socket, G_IO_IN, conn->cancellable),
                                          G_SOURCE_FUNC (on_first_bytes), conn);
  return TRUE;
}

static void
rapportd_listener_dispose (GObject *object)
{
  RapportdListener *self = RAPPORTD_LISTENER (object);

  rapportd_listener_stop (self);
  /* what is left is with the HTTP server or closing: let go of it all */
  while (!g_queue_is_empty (&self->conns))
    {
      Conn *conn = g_queue_peek_head (&self->conns);

      if (conn->phase == PHASE_HANDSHAKE)
        {
          /* its callback frees it; wait for that */
          g_cancellable_cancel (conn->cancellable);
          while (conn->phase == PHASE_HANDSHAKE && g_queue_find (&self->conns, conn))
            g_main_context_iteration (self->context, TRUE);
          continue;
        }
      rapportd_listener_conn_free (conn);
    }
  if (self->soup)
    g_clear_signal_handler (&self->request_started, self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->certificate);
  g_clear_object (&self->service);
  g_clear_pointer (&self->counts, rapportd_conn_limits_unref);

  G_OBJECT_CLASS (rapportd_listener_parent_class)->dispose (object);
}

static void
rapportd_listener_finalize (GObject *object)
{
  RapportdListener *self = RAPPORTD_LISTENER (object);

  g_hash_table_unref (self->by_id);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (rapportd_listener_parent_class)->finalize (object);
}

static void
rapportd_listener_class_init (RapportdListenerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapportd_listener_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapportd_listener_finalize;
}

static void
rapportd_listener_init (RapportdListener *self)
{
  g_queue_init (&self->conns);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
}

/**
 * rapportd_listener_limits_init:
 * @limits: limits to fill with the defaults
 */
void
rapportd_listener_limits_init (RapportdListenerLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->handshake_timeout = 10;
  limits->header_timeout = 10;
  limits->body_timeout = 60;
  limits->max_connections = 1024;
  limits->max_handshakes_per_address = 8;
  limits->max_handshakes = 64;
  limits->keepalive_timeout = 15;
  limits->max_requests = 1000;
}

/* the slowest a large body may come, on average, past the body deadline:
 * 2 Mbit/s, a poor link to a branch office */
#define UPLOAD_MIN_BYTES_PER_SECOND (256 * 1024)

/**
 * rapportd_listener_limits_body_seconds:
 * @limits: the limits
 * @length: a body's length
 *
 * The body deadline grows with the body: a file of 256 MiB may take the
 * body deadline and 17 minutes more; bodies under 256 KiB have it as it is.
 *
 * Returns: the seconds a body of @length has from its head's end
 */
guint
rapportd_listener_limits_body_seconds (const RapportdListenerLimits *limits,
                                       guint64                       length)
{
  g_return_val_if_fail (limits != NULL, 0);

  return (guint) MIN ((guint64) limits->body_timeout + length / UPLOAD_MIN_BYTES_PER_SECOND, G_MAXUINT / 2);
}

/**
 * rapportd_listener_new:
 * @soup: the HTTP server that answers the requests, with no listener of its own
 * @certificate: (nullable): the TLS certificate and key, or %NULL for plain HTTP
 * @limits: timeouts and bounds, copied
 * @counts: the connections and handshakes of every listener, against
 *   the limits they share
 *
 * The listener lives in the calling thread's default main context: it is
 * to be used, and freed, there only.
 *
 * Returns: (transfer full): a listener, not yet listening
 */
RapportdListener *
rapportd_listener_new (SoupServer                   *soup,
                       GTlsCertificate              *certificate,
                       const RapportdListenerLimits *limits,
                       RapportdConnLimits           *counts)
{
  RapportdListener *self;

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (limits != NULL, NULL);
  g_return_val_if_fail (counts != NULL, NULL);

  self = g_object_new (RAPPORTD_TYPE_LISTENER, NULL);
  self->soup = g_object_ref (soup);
  self->context = g_main_context_ref_thread_default ();
  self->certificate = certificate ? g_object_ref (certificate) : NULL;
  self->limits = *limits;
  self->limits.max_requests = MAX (self->limits.max_requests, 1);
  self->counts = rapportd_conn_limits_ref (counts);
  self->request_started = g_signal_connect (soup, "request-started",
                                            G_CALLBACK (rapportd_listener_on_request_started), self);
  return self;
}

/**
 * rapportd_listener_listen:
 * @self: a #RapportdListener
 * @address: the address to listen on
 * @port: the port, or 0 for any free one
 * @first: whether this is the first listener on the port: it fails if
 *   anything else listens there
 * @error: return location for a #GError
 *
 * Listens with SO_REUSEPORT: the listeners of every HTTP thread bind the
 * same port (the first one's, when @port is 0), and the kernel spreads new
 * connections among them.
 *
 * Returns: %TRUE when listening
 */
gboolean
rapportd_listener_listen (RapportdListener  *self,
                          GInetAddress      *address,
                          guint              port,
                          gboolean           first,
                          GError           **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (RAPPORTD_IS_LISTENER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  if (first && port != 0 && !rapportd_shared_port_is_free (address, port, error))
    return FALSE;
  socket = rapportd_shared_port_listen (address, port, error);
  if (socket == NULL || (effective = g_socket_get_local_address (socket, error)) == NULL)
    return FALSE;
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), socket, NULL, error))
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  return TRUE;
}

/**
 * rapportd_listener_get_port:
 * @self: a #RapportdListener
 *
 * Returns: the port listened on, or 0
 */
guint
rapportd_listener_get_port (RapportdListener *self)
{
  g_return_val_if_fail (RAPPORTD_IS_LISTENER (self), 0);

  return self->port;
}

/**
 * rapportd_listener_stop:
 * @self: a #RapportdListener
 *
 * Stops accepting, closes the connections that have not sent a whole
 * request head and cuts those still sending a body.  Requests being
 * answered and WebSockets stay.
 */
void
rapportd_listener_stop (RapportdListener *self)
{
  GList *l, *next;

  g_return_if_fail (RAPPORTD_IS_LISTENER (self));

  self->stopped = TRUE;
  if (self->service)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  for (l = self->conns.head; l; l = next)
    {
      Conn *conn = l->data;

      next = l->next;
      if (conn->phase == PHASE_WAITING || conn->phase == PHASE_IDLE || conn->phase == PHASE_HEAD)
        rapportd_listener_conn_free (conn);
      else if (conn->phase == PHASE_HANDSHAKE)
        g_cancellable_cancel (conn->cancellable);
      else if (conn->phase == PHASE_BODY)
        rapportd_listener_cut (conn);
    }
}

/**
 * rapportd_listener_expect_body:
 * @self: a #RapportdListener
 * @msg: a request whose body is about to be read by the HTTP server
 * @length: its length, or the most it may have
 *
 * Gives a large body (an upload) its deadline, grown with @length
 * (rapportd_listener_limits_body_seconds()).
 */
void
rapportd_listener_expect_body (RapportdListener  *self,
                               SoupServerMessage *msg,
                               guint64            length)
{
  Conn *conn;

  g_return_if_fail (RAPPORTD_IS_LISTENER (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  conn = rapportd_listener_conn_of (self, msg);
  if (conn != NULL && conn->phase == PHASE_BODY)
    rapportd_listener_set_deadline (conn, rapportd_listener_limits_body_seconds (&self->limits, length));
}

/**
 * rapportd_listener_refuse:
 * @self: a #RapportdListener
 * @msg: a request whose body is still being read
 * @code: why it is refused
 * @message: the message for the client
 *
 * Answers @msg with the error at once and reads no more of it.
 */
void
rapportd_listener_refuse (RapportdListener  *self,
                          SoupServerMessage *msg,
                          CrmErrorCode       code,
                          const char        *message)
{
  Conn *conn;

  g_return_if_fail (RAPPORTD_IS_LISTENER (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  conn = rapportd_listener_conn_of (self, msg);
  if (conn == NULL || conn->phase != PHASE_BODY)
    return;
  rapportd_listener_write_error (conn, code, message);
  conn->phase = PHASE_HANDLED;
  conn->keep = FALSE;
  /* the server lets go when it next reads, and the connection lingers */
  if (conn->head_stream)
    rapportd_head_stream_cut (conn->head_stream);
}

/**
 * rapportd_listener_get_socket:
 * @self: a #RapportdListener
 * @msg: a request that came through @self
 *
 * Returns: (transfer none) (nullable): the socket @msg came on, to see
 *   whether its client is still there
 */
GSocket *
rapportd_listener_get_socket (RapportdListener  *self,
                              SoupServerMessage *msg)
{
  Conn *conn;

  g_return_val_if_fail (RAPPORTD_IS_LISTENER (self), NULL);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  conn = rapportd_listener_conn_of (self, msg);
  return conn ? g_socket_connection_get_socket (conn->tcp) : NULL;
}
