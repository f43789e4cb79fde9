/* rapportd-server.c: RapportdServer, the HTTP(S) front on every HTTP thread that hands API calls to the worker pool */
/* POLLRDHUP */
#define _GNU_SOURCE
#include "rapportd-server.h"
#include "rapportd-answer.h"
#include "rapportd-events.h"
#include "rapportd-http-thread.h"
#include "rapportd-idempotency.h"
#include "rapportd-language.h"
#include "rapportd-listener.h"
#include "rapportd-metrics.h"
#include "rapportd-request.h"
#include "rapportd-soup-body.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <mysql.h>
#include <poll.h>
#include <string.h>

/* Each HTTP thread has a front of its own: an HTTP server and a listener,
 * made, used and freed on that thread, so that a message, a connection or a
 * WebSocket is only ever touched there.  What the fronts share is read-only
 * once they run (settings, limits, the certificate), or thread-safe: the
 * worker pool, the counts of connections (RapportdConnLimits), the event
 * hub (RapportdEvents, locked), the session cache (locked). */
struct _RapportdServer
{
  GObject              parent_instance;

  RapportdPool        *pool;
  RapportdApiSettings  settings;
  gsize                max_body;
  /* of imports and attachments, spooled to a file */
  gsize                max_upload;
  gboolean             thread_header;
  gboolean             inline_reads;
  RapportdEvents      *events;
  GTlsCertificate     *certificate;
  RapportdListenerLimits limits;
  RapportdConnLimits  *counts;
  /* Front, one an HTTP thread */
  GPtrArray           *fronts;
  guint                port;
  /* set before the fronts stop listening: from then on no request reaches
   * the pool, which is freed while the HTTP threads still run */
  gint                 stopping;
};

G_DEFINE_FINAL_TYPE (RapportdServer, rapportd_server, G_TYPE_OBJECT)

typedef struct
{
  RapportdServer     *self;
  RapportdHttpThread *thread;
  char               *index;
  SoupServer         *soup;
  RapportdListener   *listener;
  /* the thread's own connection, for the cheapest reads; opened when
   * first needed, not again for a second after failing */
  RapportdDb         *db;
  gint64              db_retry_at;
} Front;

/* A call is answered where its request came from: the HTTP server's
 * message, or a plain request the listener read itself (exactly one of
 * the two). */
typedef struct
{
  RapportdServer    *self;
  Front             *front;
  SoupServerMessage *msg;
  RapportdExchange  *exchange;
  RapportdRequest   *request;
  gboolean           retried;
  /* the client's socket, to see whether it left while the call waited */
  GSocket           *socket;
  gulong             disconnected_id;
  /* set on the HTTP thread when soup saw the connection close */
  gint               disconnected;
} Call;

/* A client that closed its connection while its call waited for a worker
 * gets no answer: its work is dropped before it starts. A client that only
 * half-closed looks the same, and is treated so. */
static gboolean
client_left (Call *call)
{
  struct pollfd fd = { .fd = -1, .events = POLLRDHUP };

  if (g_atomic_int_get (&call->disconnected))
    return TRUE;
  if (call->socket == NULL || g_socket_is_closed (call->socket))
    return call->socket != NULL;
  fd.fd = g_socket_get_fd (call->socket);
  return poll (&fd, 1, 0) == 1 && (fd.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

static gboolean
call_work (RapportdDb *db,
           gpointer    data)
{
  Call *call = data;
  gboolean done;

  if (client_left (call))
    {
      g_debug ("%s %s: the client left before its turn", call->request->method, call->request->path);
      return TRUE;
    }
  done = rapportd_router_dispatch (&call->self->settings, call->request, db, !call->retried);

  call->retried = TRUE;
  return done;
}

static void
call_free (Call *call)
{
  g_clear_object (&call->socket);
  g_clear_object (&call->msg);
  g_object_unref (call->self);
  rapportd_request_free (call->request);
  g_free (call);
}

/* counted where it is answered, on its HTTP thread */
static void
count_answer (RapportdRequest *request,
              guint            status)
{
  rapportd_metrics_count_request (request->route, status, g_get_monotonic_time () - request->arrived);
}

static void
call_done (gpointer data,
           gboolean ran)
{
  Call *call = data;
  RapportdRequest *request = call->request;
  gboolean ok = request->status >= 200 && request->status < 300;

  if (!g_atomic_int_get (&call->disconnected))
    count_answer (request, !ran || request->status == 0 ? crm_error_code_to_http_status (CRM_ERROR_UNAVAILABLE)
                                                        : request->status);

  if (call->msg)
    g_clear_signal_handler (&call->disconnected_id, call->msg);
  if (g_atomic_int_get (&call->disconnected))
    {
      if (call->exchange)
        rapportd_exchange_drop (call->exchange);
    }
  else if (!ran || request->status == 0)
    {
      /* dropped: the server is stopping, or the client seemed to leave */
      rapportd_answer_unavailable (call->msg, call->exchange, request->id,
                                   !ran ? _("The server is stopping; try again shortly")
                                        : _("The request was dropped: its connection closed before its turn"));
    }
  else
    {
      if (ok && request->disposition != NULL && call->exchange != NULL)
        rapportd_exchange_add_header (call->exchange, "Content-Disposition", request->disposition);
      else if (ok && request->disposition != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (call->msg),
                                      "Content-Disposition", request->disposition);
      /* an error is JSON (rapportd_request_set_error()), unless its handler
       * answered it in a media type of its own (a survey's page) */
      rapportd_answer (call->msg, call->exchange, request->id, request->status,
                       g_steal_pointer (&request->response), request->response_length,
                       request->retry_after, request->media_type, request->idempotent_replay);
    }
  if (call->msg && !g_atomic_int_get (&call->disconnected))
    soup_server_message_unpause (call->msg);
  call_free (call);
}

static void
on_disconnected (SoupServerMessage *msg,
                 gpointer           data)
{
  Call *call = data;

  g_atomic_int_set (&call->disconnected, TRUE);
}

static char *
bearer_token (const char *value)
{
  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return value[0] ? g_strdup (value) : NULL;
}

/* refuse an oversized body from its headers, before it is read; count
 * one of unknown length as it comes; spool an upload's */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Front *front = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapportd_soup_body_start (msg, front->listener, front->self->max_body, front->self->max_upload, &error))
    {
      /* the body stays unread: the connection cannot carry another request */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      g_autofree char *id = rapportd_request_id_new (
        soup_message_headers_get_one (soup_server_message_get_request_headers (msg), RAPPORTD_ANSWER_REQUEST_ID_HEADER));

      rapportd_answer_error (msg, NULL, id, error->code, error->message);
      /* the HTTP server would read the body before it answers: the
       * listener answers now, and the HTTP server reads nothing more */
      if (front->listener != NULL)
        rapportd_listener_refuse (front->listener, msg, error->code, error->message);
    }
}

static GHashTable *
copy_query (GHashTable *query)
{
  GHashTableIter iter;
  gpointer key, value;
  GHashTable *copy;

  if (query == NULL)
    return NULL;
  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

/* the thread's own connection, or NULL: then the pool runs the call */
static RapportdDb *
front_connection (Front *front)
{
  g_autoptr(GError) error = NULL;
  gint64 now;

  if (front->db != NULL && !rapportd_db_is_broken (front->db))
    return front->db;
  g_clear_pointer (&front->db, rapportd_db_close);
  now = g_get_monotonic_time ();
  if (now < front->db_retry_at)
    return NULL;
  front->db = rapportd_pool_open_connection (front->self->pool, &error);
  if (front->db == NULL)
    {
      g_debug ("HTTP thread %s: %s", front->index, error->message);
      front->db_retry_at = now + G_USEC_PER_SEC;
    }
  return front->db;
}

/* A read of one row (a record by id, /health) costs less than the hand-off
 * to a worker and back: the HTTP thread runs it itself, at once, on its own
 * connection.  It holds no lock and no transaction, so it waits for
 * nothing but MariaDB's answer; anything else, or a connection that broke
 * (the call is then run again on a worker), goes to the pool. */
static gboolean
run_inline (Call *call)
{
  Front *front = call->front;
  RapportdDb *db;

  if (!call->self->inline_reads || !rapportd_router_is_inline_read (call->request) ||
      (db = front_connection (front)) == NULL)
    return FALSE;
  if (!rapportd_router_dispatch (&call->self->settings, call->request, db, TRUE))
    {
      /* broken before anything was read: the pool tries it afresh */
      g_clear_pointer (&front->db, rapportd_db_close);
      return FALSE;
    }
  call_done (call, TRUE);
  return TRUE;
}

/* hands @request to the pool, to be answered through @msg or @exchange */
static void
start_call (Front             *front,
            RapportdRequest   *request,
            SoupServerMessage *msg,
            RapportdExchange  *exchange,
            GSocket           *socket)
{
  RapportdServer *self = front->self;
  Call *call;

  if (request->source == NULL)
    request->source = g_strdup ("unknown");
  if (g_atomic_int_get (&self->stopping))
    {
      count_answer (request, crm_error_code_to_http_status (CRM_ERROR_UNAVAILABLE));
      rapportd_answer_unavailable (msg, exchange, request->id, _("The server is stopping; try again shortly"));
      rapportd_request_free (request);
      return;
    }
  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->front = front;
  call->msg = msg ? g_object_ref (msg) : NULL;
  call->exchange = exchange;
  call->request = request;
  call->socket = socket ? g_object_ref (socket) : NULL;
  if (exchange != NULL && run_inline (call))
    return;
  if (!rapportd_pool_try_push (self->pool, call_work, call_done, call))
    {
      /* as many calls wait as the server allows: refuse at once, cheaply */
      count_answer (request, crm_error_code_to_http_status (CRM_ERROR_UNAVAILABLE));
      rapportd_answer_unavailable (msg, exchange, call->request->id, _("The server is busy; try again shortly"));
      call_free (call);
      return;
    }
  if (msg)
    {
      call->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), call);
      soup_server_message_pause (msg);
    }
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Front *front = user_data;
  RapportdServer *self = front->self;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *id = rapportd_request_id_new (soup_message_headers_get_one (headers,
                                                                             RAPPORTD_ANSWER_REQUEST_ID_HEADER));
  /* its refusals here (404, 413, 503) in its language, as the router answers */
  RAPPORTD_LANGUAGE_SCOPE (soup_message_headers_get_list (headers, "Accept-Language"));
  RapportdRequest *request;
  GSocket *socket;
  g_autoptr(GBytes) spooled = NULL;
  g_autoptr(GError) error = NULL;

  if (!rapportd_request_path_served (path))
    {
      rapportd_answer_error (msg, NULL, id, CRM_ERROR_NOT_FOUND, _("No such resource"));
      return;
    }
  if (body->length > (goffset) self->max_body)
    {
      rapportd_answer_error (msg, NULL, id, CRM_ERROR_TOO_LARGE, _("The request body is too large"));
      return;
    }
  if (!rapportd_soup_body_take (msg, &spooled, &error))
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "REQUEST_ID", id,
                        "MESSAGE", "%s %s: %s (request %s)", soup_server_message_get_method (msg), path,
                        error->message, id);
      rapportd_answer_error (msg, NULL, id, CRM_ERROR_INTERNAL, _("The request body could not be stored on the server"));
      return;
    }

  request = rapportd_request_new (soup_server_message_get_method (msg), path);
  request->id = g_steal_pointer (&id);
  request->query = copy_query (query);
  if (spooled != NULL)
    request->body = g_steal_pointer (&spooled);
  else if (body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      request->body = g_bytes_ref (bytes);
    }
  {
    g_autoptr(GHashTable) params = NULL;

    request->content_type = g_strdup (soup_message_headers_get_content_type (headers, &params));
    request->charset = params ? g_strdup (g_hash_table_lookup (params, "charset")) : NULL;
  }
  request->token = bearer_token (soup_message_headers_get_one (headers, "Authorization"));
  request->reason = g_strdup (soup_message_headers_get_one (headers, "X-Change-Reason"));
  request->idempotency_key = g_strdup (soup_message_headers_get_one (headers, RAPPORTD_IDEMPOTENCY_HEADER));
  request->accept_language = g_strdup (soup_message_headers_get_list (headers, "Accept-Language"));
  request->host = g_strdup (soup_message_headers_get_one (headers, "Host"));
  request->origin = g_strdup (soup_message_headers_get_one (headers, "Origin"));
  request->source = g_strdup (soup_server_message_get_remote_host (msg));
  socket = front->listener ? rapportd_listener_get_socket (front->listener, msg) : NULL;
  if (socket == NULL)
    socket = soup_server_message_get_socket (msg);
  start_call (front, request, msg, NULL, socket);
}

/* a Content-Type's media type, as libsoup reads it: parameters and
 * trailing spaces left out; NULL unless it has one '/' and no space */
static char *
media_type_of (const char *value)
{
  g_autofree char *type = NULL;
  const char *slash;

  if (value == NULL)
    return NULL;
  type = g_strndup (value, strcspn (value, ";"));
  g_strchomp (type);
  slash = strpbrk (type, " /");
  if (slash == NULL || *slash != '/' || strpbrk (slash + 1, " /") != NULL)
    return NULL;
  return g_steal_pointer (&type);
}

/* a Content-Type's charset parameter, as libsoup reads it: quotes taken off */
static char *
charset_of (const char *value)
{
  g_autoptr(GHashTable) params = NULL;
  const char *semicolon = value ? strchr (value, ';') : NULL;
  const char *charset;

  if (semicolon == NULL)
    return NULL;
  params = soup_header_parse_semi_param_list (semicolon + 1);
  charset = g_hash_table_lookup (params, "charset");
  return charset && *charset ? g_strdup (charset) : NULL;
}

/* a plain request, read whole by the listener */
static void
on_exchange (RapportdExchange *exchange,
             gpointer          data)
{
  Front *front = data;
  g_autofree char *id = rapportd_request_id_new (rapportd_exchange_get_header (exchange,
                                                                             RAPPORTD_ANSWER_REQUEST_ID_HEADER));
  RAPPORTD_LANGUAGE_SCOPE (rapportd_exchange_get_header (exchange, "Accept-Language"));
  RapportdRequest *request;

  if (front->self->thread_header)
    rapportd_exchange_add_header (exchange, "X-Rapportd-Thread", front->index);
  if (!rapportd_request_path_served (exchange->head.path))
    {
      rapportd_answer_error (NULL, exchange, id, CRM_ERROR_NOT_FOUND, _("No such resource"));
      return;
    }
  request = rapportd_request_new (exchange->head.method, exchange->head.path);
  request->id = g_steal_pointer (&id);
  request->query = copy_query (exchange->head.query);
  if (exchange->body != NULL)
    request->body = g_bytes_ref (exchange->body);
  request->content_type = media_type_of (rapportd_exchange_get_header (exchange, "Content-Type"));
  request->charset = charset_of (rapportd_exchange_get_header (exchange, "Content-Type"));
  request->token = bearer_token (rapportd_exchange_get_header (exchange, "Authorization"));
  request->reason = g_strdup (rapportd_exchange_get_header (exchange, "X-Change-Reason"));
  request->idempotency_key = g_strdup (rapportd_exchange_get_header (exchange, RAPPORTD_IDEMPOTENCY_HEADER));
  request->accept_language = g_strdup (rapportd_exchange_get_header (exchange, "Accept-Language"));
  request->host = g_strdup (rapportd_exchange_get_header (exchange, "Host"));
  request->origin = g_strdup (rapportd_exchange_get_header (exchange, "Origin"));
  request->source = g_strdup (exchange->remote_host);
  start_call (front, request, NULL, exchange, exchange->socket);
}

/* every answer, a WebSocket's too, says which thread gave it */
static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  Front *front = data;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-Rapportd-Thread", front->index);
}

/* on the front's thread */
static void
front_setup (gpointer data)
{
  Front *front = data;
  RapportdServer *self = front->self;

  /* no trailing space: libsoup would add its version; TLS is the listener's */
  front->soup = soup_server_new ("server-header", "rapportd", NULL);
  soup_server_add_early_handler (front->soup, NULL, early_handler, front, NULL);
  soup_server_add_handler (front->soup, NULL, handler, front, NULL);
  if (self->thread_header)
    g_signal_connect (front->soup, "request-started", G_CALLBACK (on_request_started), front);
  rapportd_events_attach (self->events, front->soup);
  front->listener = rapportd_listener_new (front->soup, self->certificate, &self->limits, self->counts);
  rapportd_listener_set_handler (front->listener, self->max_body, on_exchange, front);
  rapportd_listener_set_uploads (front->listener, self->max_upload, rapportd_router_is_large_body);
  /* the thread's connection for reads, opened now: what rapportd holds
   * does not grow with the first requests (failing, it is tried later) */
  if (self->inline_reads)
    front_connection (front);
}

/* on the front's thread: WebSockets, connections and the HTTP server go */
static void
front_teardown (gpointer data)
{
  Front *front = data;

  rapportd_events_close_here (front->self->events);
  g_clear_object (&front->listener);
  g_clear_pointer (&front->db, rapportd_db_close);
  mysql_thread_end ();
  if (front->soup)
    soup_server_disconnect (front->soup);
  g_clear_object (&front->soup);
}

static void
front_stop (gpointer data)
{
  Front *front = data;

  if (front->listener)
    rapportd_listener_stop (front->listener);
}

static void
front_free (gpointer data)
{
  Front *front = data;

  rapportd_http_thread_run (front->thread, front_teardown, front);
  rapportd_http_thread_free (front->thread);
  g_free (front->index);
  g_free (front);
}

static void
rapportd_server_dispose (GObject *object)
{
  RapportdServer *self = RAPPORTD_SERVER (object);

  /* each front on its own thread, then the thread; then what they shared */
  g_clear_pointer (&self->fronts, g_ptr_array_unref);
  g_clear_object (&self->events);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->counts, rapportd_conn_limits_unref);

  G_OBJECT_CLASS (rapportd_server_parent_class)->dispose (object);
}

static void
rapportd_server_class_init (RapportdServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapportd_server_dispose;
}

static void
rapportd_server_init (RapportdServer *self)
{
}

/**
 * rapportd_server_new:
 * @pool: the worker pool that runs handlers (not owned)
 * @settings: API settings, copied
 * @config: the limits and timeouts of requests and connections, and the
 *   number of HTTP threads
 * @certificate: (nullable): TLS certificate and key, or %NULL for plain HTTP
 *
 * Starts the HTTP threads, each with its HTTP server and listener.  The
 * server is to be used, and its last reference dropped, on the thread
 * that made it, not on an HTTP thread.
 *
 * Returns: (transfer full): the server, not yet listening
 */
/* the gauges of what the server holds, read at a scrape from a worker */
static void
read_gauges (gpointer               data,
             RapportdMetricsGauges *gauges)
{
  RapportdServer *self = data;
  guint clients = 0, queued = 0;

  gauges->queue_depth = rapportd_pool_get_queued (self->pool);
  gauges->connections_open = rapportd_conn_limits_get_open (self->counts);
  gauges->handshakes = rapportd_conn_limits_get_handshakes (self->counts);
  rapportd_events_get_counts (self->events, &clients, &queued);
  gauges->event_clients = clients;
  gauges->events_queued = queued;
}

RapportdServer *
rapportd_server_new (RapportdPool              *pool,
                     const RapportdApiSettings *settings,
                     const RapportdConfig      *config,
                     GTlsCertificate           *certificate)
{
  RapportdServer *self;

  g_return_val_if_fail (pool != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (RAPPORTD_TYPE_SERVER, NULL);
  self->pool = pool;
  self->settings = *settings;
  self->max_body = config->max_body;
  self->max_upload = config->max_upload;
  self->thread_header = config->debug_thread_header;
  self->inline_reads = config->reads_on_http_threads;
  self->certificate = certificate ? g_object_ref (certificate) : NULL;
  rapportd_listener_limits_init (&self->limits);
  self->limits.handshake_timeout = config->handshake_timeout;
  self->limits.header_timeout = config->header_timeout;
  self->limits.body_timeout = config->body_timeout;
  self->limits.max_connections = config->max_connections;
  self->limits.keepalive_timeout = config->keepalive_timeout;
  self->limits.max_requests = config->max_requests_per_connection;
  self->counts = rapportd_conn_limits_new (self->limits.max_connections, self->limits.max_handshakes_per_address,
                                           self->limits.max_handshakes);
  self->events = rapportd_events_new (pool, &settings->auth);
  /* the handlers send an import's progress to its user's WebSockets here */
  self->settings.events = self->events;
  self->settings.metrics_access = config->metrics_access;
  /* the server outlives its requests: stopping drains them first */
  self->settings.read_gauges = read_gauges;
  self->settings.gauges_data = self;
  self->fronts = g_ptr_array_new_with_free_func (front_free);
  for (guint i = 0; i < MAX (config->http_threads, 1); i++)
    {
      Front *front = g_new0 (Front, 1);

      front->self = self;
      front->index = g_strdup_printf ("%u", i);
      front->thread = rapportd_http_thread_new (i);
      g_ptr_array_add (self->fronts, front);
      rapportd_http_thread_run (front->thread, front_setup, front);
    }
  return self;
}

typedef struct
{
  Front        *front;
  GInetAddress *address;
  guint         port;
  gboolean      first;
  gboolean      ok;
  GError       *error;
} Listen;

static void
front_listen (gpointer data)
{
  Listen *listen = data;

  listen->ok = rapportd_listener_listen (listen->front->listener, listen->address, listen->port,
                                         listen->first, &listen->error);
  if (listen->ok)
    listen->port = rapportd_listener_get_port (listen->front->listener);
}

/**
 * rapportd_server_listen:
 * @self: a #RapportdServer
 * @address: an IP address
 * @port: the port, or 0 for any free one
 * @error: return location for a #GError
 *
 * Every HTTP thread listens on the same port (SO_REUSEPORT): the kernel
 * spreads the connections among them.
 *
 * Returns: %TRUE when listening
 */
gboolean
rapportd_server_listen (RapportdServer  *self,
                        const char      *address,
                        guint            port,
                        GError         **error)
{
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (RAPPORTD_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (self->port == 0, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "not an IP address: %s", address);
      return FALSE;
    }
  for (guint i = 0; i < self->fronts->len; i++)
    {
      Listen listen = { self->fronts->pdata[i], inet, i == 0 ? port : self->port, i == 0 };

      rapportd_http_thread_run (listen.front->thread, front_listen, &listen);
      if (!listen.ok)
        {
          g_propagate_error (error, listen.error);
          return FALSE;
        }
      self->port = listen.port;
    }
  return TRUE;
}

guint
rapportd_server_get_port (RapportdServer *self)
{
  g_return_val_if_fail (RAPPORTD_IS_SERVER (self), 0);

  return self->port;
}

guint
rapportd_server_get_n_threads (RapportdServer *self)
{
  g_return_val_if_fail (RAPPORTD_IS_SERVER (self), 0);

  return self->fronts->len;
}

/**
 * rapportd_server_stop_listening:
 * @self: a #RapportdServer
 *
 * On every HTTP thread: stops accepting connections and closes those that
 * have not sent a whole request yet, kept-alive ones between requests
 * included.  Requests being answered finish, each the last on its
 * connection; WebSockets stay open until the server is freed.
 */
void
rapportd_server_stop_listening (RapportdServer *self)
{
  g_return_if_fail (RAPPORTD_IS_SERVER (self));

  g_atomic_int_set (&self->stopping, TRUE);
  for (guint i = 0; i < self->fronts->len; i++)
    {
      Front *front = self->fronts->pdata[i];

      rapportd_http_thread_run (front->thread, front_stop, front);
    }
}
