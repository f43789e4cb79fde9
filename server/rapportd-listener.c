/* rapportd-listener.c: RapportdListener, accepts connections, does TLS and reads request heads under limits before the HTTP server sees them */
#include "rapportd-listener.h"
#include "rapportd-borrowed-output.h"
#include "rapportd-head-stream.h"
#include "rapportd-shared-port.h"
#include "rapportd-tls-guard.h"
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
 * Keep-alive: the HTTP server is handed one request at a time, as if each
 * were a connection of its own (with no listener of its own it closes each
 * after answering); it reads exactly that request's bytes and writes through
 * an output whose closing leaves the connection open.  When it lets go, the
 * listener waits for the next request (the idle timeout), reads and checks
 * its head under the same deadlines and limits as the first, and hands it
 * over in turn.  So every request on a connection meets every check.
 *
 * One listener a thread: everything here runs in the context that was the
 * thread's default when the listener was made; only the counts of
 * connections and handshakes are shared, in RapportdConnLimits. */

#define LINGER_SECONDS   2
#define LINGER_MAX_BYTES (4 * 1024 * 1024)
#define READ_BLOCK       4096

typedef enum
{
  PHASE_WAITING,   /* TLS: no byte from the client yet */
  PHASE_HANDSHAKE,
  PHASE_IDLE,      /* kept alive: no byte of the next request yet */
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
  GSource           *deadline;
  GByteArray        *head;
  /* just past the request line's end in head, or 0 */
  gsize              line_end;
  /* while the HTTP server has a request: what it reads */
  RapportdHeadStream *head_stream;
  RapportdTlsGuard  *guard;
  gsize              lingered;
  /* requests handed over so far */
  guint              requests;
  /* the request with the HTTP server may be followed by another */
  gboolean           keep;
  /* the HTTP server wrote its whole answer */
  gboolean           answered;
} Conn;

struct _RapportdListener
{
  GObject                 parent_instance;

  SoupServer             *soup;
  GMainContext           *context;
  GTlsCertificate        *certificate;
  RapportdListenerLimits  limits;
  RapportdConnLimits     *counts;
  GSocketService         *service;
  guint                   port;
  gboolean                stopped;
  /* oldest first */
  GQueue                  conns;
  GHashTable             *by_id;
  guint64                 next_id;
  guint64                 handing;
  gulong                  request_started;
};

G_DEFINE_FINAL_TYPE (RapportdListener, rapportd_listener, G_TYPE_OBJECT)

G_DEFINE_QUARK (rapportd-listener-connection, conn_id)

static void start_head (Conn     *conn,
                        gboolean  idle);
static void on_server_done (gpointer  data,
                            GObject  *where_the_object_was);

static GSource *
attach (RapportdListener *self,
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

static void
clear_watch (Conn *conn)
{
  clear_source (&conn->watch);
}

static void
conn_free (Conn *conn)
{
  RapportdListener *self = conn->self;

  clear_watch (conn);
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
  g_free (conn->address);
  g_free (conn);
}

static gboolean
on_deadline (gpointer data);

static void
set_deadline (Conn  *conn,
              guint  seconds)
{
  clear_source (&conn->deadline);
  conn->deadline = attach (conn->self, g_timeout_source_new_seconds (seconds), on_deadline, conn);
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
  conn->watch = attach (conn->self, g_socket_create_source (conn->socket, G_IO_IN, NULL),
                        G_SOURCE_FUNC (on_drain), conn);
  set_deadline (conn, LINGER_SECONDS);
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
    start_head (conn, TRUE);
  else
    linger (conn);
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

  g_clear_pointer (&conn->deadline, g_source_unref);
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
    case PHASE_IDLE:
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

static Conn *
conn_of (RapportdListener  *self,
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
  Conn *conn = conn_of (self, msg);

  /* the connection's last request: said, so that clients do not try another */
  if (soup_message_headers_get_one (request, "Upgrade") == NULL &&
      (conn == NULL || !conn->keep || self->stopped))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
on_request_got_body (RapportdListener  *self,
                     SoupServerMessage *msg)
{
  Conn *conn = conn_of (self, msg);

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
  Conn *conn = conn_of (self, msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (conn == NULL)
    return;
  conn->answered = TRUE;
  /* said to close (stopping, or the server's own reasons): so it is */
  if (soup_message_headers_header_contains (response, "Connection", "close"))
    conn->keep = FALSE;
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

  clear_watch (conn);
  conn->phase = PHASE_BODY;
  set_deadline (conn, self->limits.body_timeout);
  g_set_object (&conn->head_stream, RAPPORTD_HEAD_STREAM (head_stream));
  g_weak_ref_init (&done->listener, self);
  done->context = g_main_context_ref (self->context);
  done->id = conn->id;
  g_object_weak_ref (G_OBJECT (simple), on_server_done, done);
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
      conn_free (conn);
      return G_SOURCE_REMOVE;
    }
  if (conn->phase == PHASE_IDLE)
    {
      /* the next request has begun: its head has the usual time */
      conn->phase = PHASE_HEAD;
      set_deadline (conn, conn->self->limits.header_timeout);
    }
  g_byte_array_append (conn->head, buffer, n);
  if (!check_head (conn, conn->head->len - n))
    return G_SOURCE_CONTINUE;
  /* answered or handed over: the watch is gone */
  return G_SOURCE_REMOVE;
}

/* @idle: a kept-alive connection, which has the idle timeout until the
 * next request's first byte */
static void
start_head (Conn     *conn,
            gboolean  idle)
{
  RapportdListener *self = conn->self;
  GInputStream *in = g_io_stream_get_input_stream (conn->stream);

  clear_watch (conn);
  if (conn->head != NULL && conn->head->len > 0)
    {
      /* pipelined: (part of) the next request is in already */
      conn->phase = PHASE_HEAD;
      set_deadline (conn, self->limits.header_timeout);
      if (check_head (conn, 0))
        return;
    }
  else
    {
      g_clear_pointer (&conn->head, g_byte_array_unref);
      conn->head = g_byte_array_new ();
      conn->phase = idle ? PHASE_IDLE : PHASE_HEAD;
      set_deadline (conn, idle ? self->limits.keepalive_timeout : self->limits.header_timeout);
    }
  conn->watch = attach (self, g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (in), conn->cancellable),
                        G_SOURCE_FUNC (on_head_readable), conn);
}

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
      conn_free (conn);
      return;
    }
  rapportd_tls_guard_handshake_done (conn->guard);
  start_head (conn, FALSE);
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

  clear_watch (conn);
  if (!rapportd_conn_limits_start_handshake (self->counts, conn->address))
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
      rapportd_conn_limits_end_handshake (self->counts, conn->address);
      conn_free (conn);
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
          conn_free (conn);
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
      start_head (conn, FALSE);
      return TRUE;
    }
  conn->phase = PHASE_WAITING;
  set_deadline (conn, self->limits.handshake_timeout);
  conn->watch = attach (self, g_socket_create_source (conn->socket, G_IO_IN, conn->cancellable),
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
      conn_free (conn);
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
  self->request_started = g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started), self);
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
  Conn *conn;

  g_return_if_fail (RAPPORTD_IS_LISTENER (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  conn = conn_of (self, msg);
  if (conn == NULL || conn->phase != PHASE_BODY)
    return;
  write_error (conn, code, message);
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

  conn = conn_of (self, msg);
  return conn ? g_socket_connection_get_socket (conn->tcp) : NULL;
}
