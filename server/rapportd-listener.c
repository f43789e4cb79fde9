/* rapportd-listener.c: RapportdListener, accepts connections, does TLS and reads request heads under limits before the HTTP server sees them */
#include "rapportd-listener.h"
#include "rapportd-head-stream.h"
#include "rapportd-tls-guard.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/resource.h>

/* Why not SoupServer's own listener: libsoup 3.2 runs each TLS handshake on a
 * worker thread from the moment of accept, so silent clients exhaust threads;
 * it has no header, body or idle timeouts, reads heads of any size, and
 * leaks a keep-alive connection its client closes.  Here nothing waits on a
 * thread before a client has sent something, every phase has a deadline, and
 * the HTTP server gets one request per connection (it closes the connection
 * after answering, as it does with no listener of its own). */

#define LINGER_SECONDS   2
#define LINGER_MAX_BYTES (4 * 1024 * 1024)
#define READ_BLOCK       4096

typedef enum
{
  PHASE_WAITING,   /* TLS: no byte from the client yet */
  PHASE_HANDSHAKE,
  PHASE_HEAD,
  PHASE_BODY,      /* with the HTTP server, reading the body */
  PHASE_HANDLED,   /* with the HTTP server, answering */
  PHASE_LINGER,    /* closing: our side is shut, the client's last bytes are dropped */
} Phase;

typedef struct
{
  RapportdListener  *self;
  guint64            id;
  Phase              phase;
  GSocketConnection *tcp;
  GSocket           *socket;
  GIOStream         *stream;
  char              *address;
  GCancellable      *cancellable;
  GSource           *watch;
  guint              deadline;
  GByteArray        *head;
  /* just past the request line's end in head, or 0 */
  gsize              line_end;
  /* while the HTTP server has the connection: not owned */
  GIOStream         *simple;
  RapportdHeadStream *head_stream;
  RapportdTlsGuard  *guard;
  gsize              lingered;
} Conn;

struct _RapportdListener
{
  GObject                 parent_instance;

  SoupServer             *soup;
  GTlsCertificate        *certificate;
  RapportdListenerLimits  limits;
  GSocketService         *service;
  guint                   port;
  gboolean                stopped;
  /* oldest first */
  GQueue                  conns;
  GHashTable             *by_id;
  GHashTable             *handshakes;
  guint                   handshakes_total;
  guint64                 next_id;
  guint64                 handing;
  gulong                  request_started;
};

G_DEFINE_FINAL_TYPE (RapportdListener, rapportd_listener, G_TYPE_OBJECT)

G_DEFINE_QUARK (rapportd-listener-connection, conn_id)

static void start_head (Conn *conn);
static void on_server_done (gpointer  data,
                            GObject  *where_the_object_was);

static void
clear_watch (Conn *conn)
{
  if (conn->watch)
    {
      g_source_destroy (conn->watch);
      g_clear_pointer (&conn->watch, g_source_unref);
    }
}

static void
conn_free (Conn *conn)
{
  RapportdListener *self = conn->self;

  clear_watch (conn);
  g_clear_handle_id (&conn->deadline, g_source_remove);
  g_queue_remove (&self->conns, conn);
  g_hash_table_remove (self->by_id, &conn->id);
  g_socket_close (conn->socket, NULL);
  g_clear_object (&conn->stream);
  g_clear_object (&conn->guard);
  g_clear_object (&conn->tcp);
  g_clear_object (&conn->cancellable);
  g_clear_pointer (&conn->head, g_byte_array_unref);
  g_free (conn->address);
  g_free (conn);
}

static gboolean
on_deadline (gpointer data);

static void
set_deadline (Conn  *conn,
              guint  seconds)
{
  g_clear_handle_id (&conn->deadline, g_source_remove);
  conn->deadline = g_timeout_add_seconds (seconds, on_deadline, conn);
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
  g_clear_pointer (&conn->watch, g_source_unref);
  conn_free (conn);
  return G_SOURCE_REMOVE;
}

/* after an answer, the client may still be sending: closing now would reset
 * the connection and lose the answer, so wait a little for its end */
static void
linger (Conn *conn)
{
  clear_watch (conn);
  conn->phase = PHASE_LINGER;
  g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
  conn->watch = g_socket_create_source (conn->socket, G_IO_IN, NULL);
  g_source_set_callback (conn->watch, G_SOURCE_FUNC (on_drain), conn, NULL);
  g_source_attach (conn->watch, NULL);
  set_deadline (conn, LINGER_SECONDS);
}

/* The HTTP server lets go of a connection when it has answered, failed or
 * ended a WebSocket. Its last reference to the stream may go on a GIO worker
 * thread (an asynchronous close), when the connection may be gone already:
 * the notice names the connection by id, and the main context looks it up. */
typedef struct
{
  GWeakRef listener;
  guint64  id;
} ServerDone;

static gboolean
server_done_in_main (gpointer data)
{
  ServerDone *done = data;
  g_autoptr(RapportdListener) self = g_weak_ref_get (&done->listener);
  Conn *conn = self ? g_hash_table_lookup (self->by_id, &done->id) : NULL;

  if (conn != NULL)
    {
      conn->simple = NULL;
      conn->head_stream = NULL;
      linger (conn);
    }
  g_weak_ref_clear (&done->listener);
  g_free (done);
  return G_SOURCE_REMOVE;
}

static void
on_server_done (gpointer  data,
                GObject  *where_the_object_was)
{
  if (g_main_context_is_owner (g_main_context_default ()))
    server_done_in_main (data);
  else
    g_idle_add (server_done_in_main, data);
}

static void
cut (Conn *conn)
{
  if (conn->head_stream)
    rapportd_head_stream_cut (conn->head_stream);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
}

static gboolean
on_deadline (gpointer data)
{
  Conn *conn = data;

  conn->deadline = 0;
  switch (conn->phase)
    {
    case PHASE_HANDSHAKE:
      g_cancellable_cancel (conn->cancellable);
      break;
    case PHASE_BODY:
      cut (conn);
      break;
    case PHASE_HANDLED:
      break;
    case PHASE_WAITING:
    case PHASE_HEAD:
    case PHASE_LINGER:
    default:
      conn_free (conn);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* the answer is small and the connection fresh: it fits the socket's buffer */
static void
write_error (Conn         *conn,
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
  write_error (conn, code, message);
  linger (conn);
}

static void
on_request_got_headers (SoupServerMessage *msg,
                        gpointer           data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);

  /* one request a connection: said, so that clients do not try another */
  if (soup_message_headers_get_one (request, "Upgrade") == NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
on_request_got_body (RapportdListener  *self,
                     SoupServerMessage *msg)
{
  guint64 id = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), conn_id_quark ()));
  Conn *conn = id ? g_hash_table_lookup (self->by_id, &id) : NULL;

  if (conn && conn->phase == PHASE_BODY)
    {
      conn->phase = PHASE_HANDLED;
      g_clear_handle_id (&conn->deadline, g_source_remove);
    }
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  RapportdListener *self = data;

  if (self->handing == 0)
    return;
  g_object_set_qdata (G_OBJECT (msg), conn_id_quark (), GSIZE_TO_POINTER (self->handing));
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_request_got_headers), NULL);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (on_request_got_body), self, G_CONNECT_SWAPPED);
}

static void
hand_over (Conn *conn)
{
  RapportdListener *self = conn->self;
  GInputStream *in = g_io_stream_get_input_stream (conn->stream);
  g_autoptr(GBytes) head = g_byte_array_free_to_bytes (g_steal_pointer (&conn->head));
  g_autoptr(GInputStream) head_stream = rapportd_head_stream_new (in, head);
  g_autoptr(GIOStream) simple = g_simple_io_stream_new (head_stream, g_io_stream_get_output_stream (conn->stream));
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (conn->tcp, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (conn->tcp, NULL);

  clear_watch (conn);
  conn->phase = PHASE_BODY;
  set_deadline (conn, self->limits.body_timeout);
  conn->head_stream = RAPPORTD_HEAD_STREAM (head_stream);
  conn->simple = simple;
  {
    ServerDone *done = g_new0 (ServerDone, 1);

    g_weak_ref_init (&done->listener, self);
    done->id = conn->id;
    g_object_weak_ref (G_OBJECT (simple), on_server_done, done);
  }
  if (local == NULL || remote == NULL)
    {
      cut (conn);
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
      g_clear_pointer (&conn->watch, g_source_unref);
      conn_free (conn);
      return G_SOURCE_REMOVE;
    }
  g_byte_array_append (conn->head, buffer, n);
  if (!check_head (conn, conn->head->len - n))
    return G_SOURCE_CONTINUE;
  /* answered or handed over: the watch is gone */
  return G_SOURCE_REMOVE;
}

static void
start_head (Conn *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (conn->stream);

  conn->phase = PHASE_HEAD;
  conn->head = g_byte_array_new ();
  set_deadline (conn, conn->self->limits.header_timeout);
  conn->watch = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (in), conn->cancellable);
  g_source_set_callback (conn->watch, G_SOURCE_FUNC (on_head_readable), conn, NULL);
  g_source_attach (conn->watch, NULL);
}

static void
handshake_finished (Conn *conn)
{
  RapportdListener *self = conn->self;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->handshakes, conn->address));

  self->handshakes_total--;
  if (count > 1)
    g_hash_table_insert (self->handshakes, g_strdup (conn->address), GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (self->handshakes, conn->address);
}

static void
on_handshake (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Conn *conn = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);

  handshake_finished (conn);
  if (!ok || conn->self->stopped)
    {
      g_debug ("TLS handshake with %s: %s", conn->address, error ? error->message : "stopped");
      conn_free (conn);
      return;
    }
  rapportd_tls_guard_handshake_done (conn->guard);
  start_head (conn);
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
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->handshakes, conn->address));
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) guarded = NULL;

  g_clear_pointer (&conn->watch, g_source_unref);
  if (count >= self->limits.max_handshakes_per_address ||
      self->handshakes_total >= self->limits.max_handshakes)
    {
      conn_free (conn);
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
      conn_free (conn);
      return G_SOURCE_REMOVE;
    }
  conn->phase = PHASE_HANDSHAKE;
  g_hash_table_insert (self->handshakes, g_strdup (conn->address), GUINT_TO_POINTER (count + 1));
  self->handshakes_total++;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (conn->stream), G_PRIORITY_DEFAULT,
                                    conn->cancellable, on_handshake, conn);
  return G_SOURCE_REMOVE;
}

/* at the limit, the oldest connection that has not sent a request yet goes */
static gboolean
make_room (RapportdListener *self)
{
  if (g_queue_get_length (&self->conns) < self->limits.max_connections)
    return TRUE;
  for (GList *l = self->conns.head; l; l = l->next)
    {
      Conn *conn = l->data;

      if (conn->phase == PHASE_WAITING || conn->phase == PHASE_HEAD)
        {
          conn_free (conn);
          return TRUE;
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
      start_head (conn);
      return TRUE;
    }
  conn->phase = PHASE_WAITING;
  set_deadline (conn, self->limits.handshake_timeout);
  conn->watch = g_socket_create_source (conn->socket, G_IO_IN, conn->cancellable);
  g_source_set_callback (conn->watch, G_SOURCE_FUNC (on_first_bytes), conn, NULL);
  g_source_attach (conn->watch, NULL);
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
            g_main_context_iteration (NULL, TRUE);
          continue;
        }
      conn_free (conn);
    }
  if (self->soup)
    g_clear_signal_handler (&self->request_started, self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->certificate);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (rapportd_listener_parent_class)->dispose (object);
}

static void
rapportd_listener_finalize (GObject *object)
{
  RapportdListener *self = RAPPORTD_LISTENER (object);

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->handshakes);

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
  self->handshakes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
}

/**
 * rapportd_listener_new:
 * @soup: the HTTP server that answers the requests, with no listener of its own
 * @certificate: (nullable): the TLS certificate and key, or %NULL for plain HTTP
 * @limits: timeouts and bounds, copied
 *
 * Returns: (transfer full): a listener, not yet listening
 */
RapportdListener *
rapportd_listener_new (SoupServer                   *soup,
                       GTlsCertificate              *certificate,
                       const RapportdListenerLimits *limits)
{
  RapportdListener *self;
  struct rlimit files;

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (limits != NULL, NULL);

  self = g_object_new (RAPPORTD_TYPE_LISTENER, NULL);
  self->soup = g_object_ref (soup);
  self->certificate = certificate ? g_object_ref (certificate) : NULL;
  self->limits = *limits;
  /* leave descriptors for the database, files and WebSockets */
  if (getrlimit (RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur > 256)
    self->limits.max_connections = MIN (self->limits.max_connections, files.rlim_cur - 128);
  self->limits.max_connections = MAX (self->limits.max_connections, 1);
  self->request_started = g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started), self);
  return self;
}

/**
 * rapportd_listener_listen:
 * @self: a #RapportdListener
 * @address: the address to listen on
 * @port: the port, or 0 for any free one
 * @error: return location for a #GError
 *
 * Returns: %TRUE when listening
 */
gboolean
rapportd_listener_listen (RapportdListener  *self,
                          GInetAddress      *address,
                          guint              port,
                          GError           **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (RAPPORTD_IS_LISTENER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  socket_address = g_inet_socket_address_new (address, port);
  self->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), 1024);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), socket_address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
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
      if (conn->phase == PHASE_WAITING || conn->phase == PHASE_HEAD)
        conn_free (conn);
      else if (conn->phase == PHASE_HANDSHAKE)
        g_cancellable_cancel (conn->cancellable);
      else if (conn->phase == PHASE_BODY)
        cut (conn);
    }
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
  guint64 id;
  Conn *conn;

  g_return_if_fail (RAPPORTD_IS_LISTENER (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  id = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), conn_id_quark ()));
  conn = id ? g_hash_table_lookup (self->by_id, &id) : NULL;
  if (conn == NULL || conn->phase != PHASE_BODY)
    return;
  write_error (conn, code, message);
  conn->phase = PHASE_HANDLED;
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
  guint64 id;
  Conn *conn;

  g_return_val_if_fail (RAPPORTD_IS_LISTENER (self), NULL);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  id = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), conn_id_quark ()));
  conn = id ? g_hash_table_lookup (self->by_id, &id) : NULL;
  return conn ? g_socket_connection_get_socket (conn->tcp) : NULL;
}
