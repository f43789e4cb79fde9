/* rapportd-listener-plain.c: plain requests read and answered by the listener itself, without the HTTP server */
#include "rapportd-listener-private.h"
#include "rapportd-language.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Most requests are plain: HTTP/1.1, a path, a body of known length.  The
 * listener has read and checked their heads already; handing each to the
 * HTTP server as a connection of its own costs more than the rest of a
 * simple request together.  So the listener reads such a request's body
 * itself, under the same deadline and limit, gives it whole to the
 * handler, and writes the answer in one piece.  A body larger than
 * max_body, on a route that takes uploads (imports, attachments), goes to
 * an unnamed file as it comes and reaches the handler mapped, under a
 * deadline grown with its length.  WebSocket upgrades, chunked bodies,
 * HTTP/1.0 and any head it cannot read plainly still go to the HTTP
 * server. */

#define READ_BLOCK (16 * 1024)

typedef struct
{
  RapportdExchange  exchange;
  RapportdListener *listener;
  guint64           conn_id;
  GString          *extra_headers;
  gboolean          head_only;
} Plain;

void
rapportd_listener_exchange_free (RapportdExchange *exchange)
{
  Plain *plain = (Plain *) exchange;

  rapportd_exchange_head_clear (&exchange->head);
  g_clear_pointer (&exchange->body, g_bytes_unref);
  g_clear_object (&exchange->socket);
  g_string_free (plain->extra_headers, TRUE);
  g_clear_object (&plain->listener);
  g_free (plain);
}

/**
 * rapportd_listener_set_handler:
 * @self: a #RapportdListener
 * @max_body: the largest body a plain request may have; larger ones are
 *   refused unread
 * @handler: takes each plain request read whole
 * @data: for @handler
 *
 * Without a handler, every request goes to the HTTP server.
 */
void
rapportd_listener_set_handler (RapportdListener        *self,
                               gsize                    max_body,
                               RapportdListenerHandler  handler,
                               gpointer                 data)
{
  g_return_if_fail (RAPPORTD_IS_LISTENER (self));

  self->max_body = max_body;
  self->handler = handler;
  self->handler_data = data;
}

static Conn *
conn_of (Plain *plain)
{
  return g_hash_table_lookup (plain->listener->by_id, &plain->conn_id);
}

static void
answer_written (Conn *conn)
{
  rapportd_listener_clear_watch (conn);
  g_clear_pointer (&conn->answer, g_bytes_unref);
  if (conn->keep && !conn->self->stopped)
    rapportd_listener_start_head (conn, TRUE);
  else
    rapportd_listener_linger (conn);
}

static gboolean
on_writable (GObject  *stream,
             gpointer  data)
{
  Conn *conn = data;
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (conn->answer, &length);
  g_autoptr(GError) error = NULL;

  while (conn->answer_written < length)
    {
      gssize n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (stream),
                                                             bytes + conn->answer_written,
                                                             length - conn->answer_written, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (conn->watch == NULL)
            {
              /* the client has the body deadline to take the rest */
              rapportd_listener_set_deadline (conn, conn->self->limits.body_timeout);
              conn->watch = rapportd_listener_attach (conn->self,
                                                    g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (stream),
                                                                                            conn->cancellable),
                                                    G_SOURCE_FUNC (on_writable), conn);
            }
          return G_SOURCE_CONTINUE;
        }
      if (n <= 0)
        {
          rapportd_listener_conn_free (conn);
          return G_SOURCE_REMOVE;
        }
      conn->answer_written += n;
    }
  /* the watch, if any, goes here: the source is destroyed, not removed */
  answer_written (conn);
  return G_SOURCE_REMOVE;
}

/* writes @head and @body as one piece, the connection's next request
 * after it */
static void
write_answer (Conn       *conn,
              char       *head,
              const char *body,
              gsize       body_length)
{
  gsize head_length = strlen (head);
  GByteArray *answer = g_byte_array_sized_new (head_length + body_length);

  g_byte_array_append (answer, (const guint8 *) head, head_length);
  if (body_length > 0)
    g_byte_array_append (answer, (const guint8 *) body, body_length);
  g_free (head);
  conn->answer = g_byte_array_free_to_bytes (answer);
  conn->answer_written = 0;
  conn->phase = PHASE_ANSWER;
  rapportd_listener_clear_watch (conn);
  /* none while the answer is written at once; set if the client lags */
  rapportd_listener_clear_deadline (conn);
  on_writable (G_OBJECT (g_io_stream_get_output_stream (conn->stream)), conn);
}

/**
 * rapportd_exchange_add_header:
 * @exchange: a request not yet answered
 * @name: a header's name
 * @value: its value
 *
 * Adds a header to the answer.
 */
void
rapportd_exchange_add_header (RapportdExchange *exchange,
                              const char       *name,
                              const char       *value)
{
  Plain *plain = (Plain *) exchange;

  g_return_if_fail (exchange != NULL && name != NULL && value != NULL);

  g_string_append_printf (plain->extra_headers, "%s: %s\r\n", name, value);
}

/**
 * rapportd_exchange_respond:
 * @exchange: (transfer full): a request read by a listener
 * @status: the HTTP status
 * @media_type: the body's Content-Type
 * @body: (transfer full): the body
 * @length: its length
 *
 * Answers on the listener's thread, and frees @exchange.  If the
 * connection is gone, the answer goes nowhere.
 */
void
rapportd_exchange_respond (RapportdExchange *exchange,
                           guint             status,
                           const char       *media_type,
                           char             *body,
                           gsize             length)
{
  Plain *plain = (Plain *) exchange;
  Conn *conn;
  char *head;

  g_return_if_fail (exchange != NULL && media_type != NULL);

  conn = conn_of (plain);
  if (conn != NULL && conn->phase == PHASE_HANDLED)
    {
      if (conn->self->stopped)
        conn->keep = FALSE;
      head = rapportd_exchange_answer_head (status, media_type, length, plain->extra_headers->str, !conn->keep);
      write_answer (conn, head, plain->head_only ? NULL : body, plain->head_only ? 0 : length);
    }
  g_free (body);
  rapportd_listener_exchange_free (exchange);
}

/**
 * rapportd_exchange_drop:
 * @exchange: (transfer full): a request read by a listener
 *
 * Closes its connection without an answer, and frees @exchange.
 */
void
rapportd_exchange_drop (RapportdExchange *exchange)
{
  Conn *conn;

  g_return_if_fail (exchange != NULL);

  conn = conn_of ((Plain *) exchange);
  if (conn != NULL && conn->phase == PHASE_HANDLED)
    rapportd_listener_conn_free (conn);
  rapportd_listener_exchange_free (exchange);
}

/**
 * rapportd_listener_set_uploads:
 * @self: a #RapportdListener
 * @max_upload: the largest body of a request to a route @is_large accepts
 * @is_large: asked, before the body is read, about a request whose body
 *   is larger than max_body
 *
 * Such a body is written, as it comes, to an unnamed file (RapportdSpool)
 * and handed over mapped.
 */
void
rapportd_listener_set_uploads (RapportdListener          *self,
                               gsize                      max_upload,
                               RapportdListenerLargeBody  is_large)
{
  g_return_if_fail (RAPPORTD_IS_LISTENER (self));

  self->max_upload = max_upload;
  self->is_large = is_large;
}

/* a body that could not be kept (the disk is full): answered, and the
 * connection, whose body is unread, goes */
static void
refuse_body (Conn         *conn,
             const GError *error)
{
  g_warning ("a request body from %s: %s", conn->address, error->message);
  g_clear_pointer (&conn->exchange, rapportd_listener_exchange_free);
  g_clear_pointer (&conn->spool, rapportd_spool_free);
  conn->keep = FALSE;
  if (error->code == CRM_ERROR_INSUFFICIENT_STORAGE || error->code == CRM_ERROR_UNAUTHORIZED)
    rapportd_listener_write_error (conn, error->code, error->message);
  else
    rapportd_listener_write_error (conn, CRM_ERROR_INTERNAL, _("The request body could not be stored on the server"));
  rapportd_listener_linger (conn);
}

/* the body is in: the handler has the request */
static void
dispatch (Conn *conn)
{
  RapportdListener *self = conn->self;
  RapportdExchange *exchange;
  g_autoptr(GByteArray) body = g_steal_pointer (&conn->body);
  g_autoptr(RapportdSpool) spool = g_steal_pointer (&conn->spool);
  g_autoptr(GBytes) spooled = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id = conn->id;
  gboolean parked;

  if (spool != NULL && (spooled = rapportd_spool_finish (spool, &error)) == NULL)
    {
      refuse_body (conn, error);
      return;
    }
  exchange = g_steal_pointer (&conn->exchange);
  parked = rapportd_listener_park_head_watch (conn);
  /* a worker has it now: no deadline, as with the HTTP server */
  rapportd_listener_clear_deadline (conn);
  conn->phase = PHASE_HANDLED;
  if (spooled != NULL)
    exchange->body = g_steal_pointer (&spooled);
  else if (body != NULL && body->len > 0)
    exchange->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  /* may answer, and free @conn, at once */
  self->handler (exchange, self->handler_data);
  if (parked)
    rapportd_listener_drop_spare_watch (self, id);
}

static gsize
body_received (Conn *conn)
{
  return conn->spool != NULL ? rapportd_spool_get_size (conn->spool) : conn->body->len;
}

static gboolean
on_body_readable (GObject  *stream,
                  gpointer  data)
{
  Conn *conn = data;
  guint8 buffer[READ_BLOCK];
  gsize wanted = MIN (sizeof buffer, conn->body_length - body_received (conn));
  g_autoptr(GError) error = NULL;
  /* a body refused (the disk is full) in the request's language, as the router answers */
  RAPPORTD_LANGUAGE_SCOPE (conn->exchange ? rapportd_exchange_head_get_header (&conn->exchange->head, "Accept-Language")
                                          : NULL);
  gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer, wanted,
                                                       NULL, &error);

  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      rapportd_listener_conn_free (conn);
      return G_SOURCE_REMOVE;
    }
  if (conn->spool != NULL)
    {
      if (!rapportd_spool_write (conn->spool, buffer, n, &error))
        {
          /* destroys this watch */
          refuse_body (conn, error);
          return G_SOURCE_REMOVE;
        }
    }
  else
    g_byte_array_append (conn->body, buffer, n);
  if (body_received (conn) < conn->body_length)
    return G_SOURCE_CONTINUE;
  /* destroys this watch, and may answer (and free @conn) at once */
  dispatch (conn);
  return G_SOURCE_REMOVE;
}

/* the request's own bytes go to its head and body (in memory, or to
 * @spool); what the client sent past them (the next request, pipelined)
 * waits in conn->head */
static gboolean
split_request (Conn                      *conn,
               const RapportdHeadFraming *framing,
               RapportdSpool             *spool,
               GError                   **error)
{
  g_autoptr(GByteArray) head = g_steal_pointer (&conn->head);
  gsize extra = head->len - framing->head_length;
  gsize body = MIN ((guint64) extra, (guint64) framing->body_length);

  conn->body_length = framing->body_length;
  if (extra > body)
    {
      conn->head = g_byte_array_sized_new (extra - body);
      g_byte_array_append (conn->head, head->data + framing->head_length + body, extra - body);
    }
  conn->line_end = 0;
  if (spool != NULL)
    {
      conn->spool = spool;
      return rapportd_spool_write (spool, head->data + framing->head_length, body, error);
    }
  conn->body = g_byte_array_sized_new (MIN (conn->body_length, READ_BLOCK));
  g_byte_array_append (conn->body, head->data + framing->head_length, body);
  return TRUE;
}

/* the most a request to @head's route may send */
static gsize
body_limit (RapportdListener           *self,
            const RapportdExchangeHead *head,
            guint64                     length)
{
  if (length <= self->max_body || self->is_large == NULL || !self->is_large (head->method, head->path))
    return self->max_body;
  return MAX (self->max_upload, self->max_body);
}

/**
 * rapportd_listener_take_plain:
 * @conn: a connection whose request head is complete and checked
 *
 * Returns: %TRUE when the listener reads and answers the request itself;
 *   %FALSE to hand it to the HTTP server
 */
gboolean
rapportd_listener_take_plain (Conn *conn)
{
  RapportdListener *self = conn->self;
  RapportdHeadFraming framing;
  RapportdExchangeHead head;
  Plain *plain;
  const char *expect;
  RapportdSpool *spool = NULL;
  g_autoptr(GError) error = NULL;

  if (self->handler == NULL)
    return FALSE;
  rapportd_request_head_framing (conn->head->data, conn->head->len, &framing);
  if (framing.body_length < 0 ||
      !rapportd_exchange_head_parse ((const char *) conn->head->data, framing.head_length, &head))
    return FALSE;
  /* its refusals (413, 401, 507) in its language, as the router answers */
  RAPPORTD_LANGUAGE_SCOPE (rapportd_exchange_head_get_header (&head, "Accept-Language"));

  plain = g_new0 (Plain, 1);
  plain->exchange.head = head;
  plain->exchange.remote_host = conn->address;
  plain->exchange.socket = g_object_ref (conn->socket);
  plain->listener = g_object_ref (self);
  plain->conn_id = conn->id;
  plain->extra_headers = g_string_new (NULL);
  plain->head_only = g_str_equal (head.method, "HEAD");
  conn->requests++;
  conn->keep = framing.reusable && !self->stopped && conn->requests < self->limits.max_requests;
  conn->answered = FALSE;
  if ((guint64) framing.body_length > body_limit (self, &head, framing.body_length))
    {
      /* refused unread: the connection cannot carry another request */
      rapportd_listener_exchange_free (&plain->exchange);
      rapportd_listener_write_error (conn, CRM_ERROR_TOO_LARGE, _("The request body is too large"));
      rapportd_listener_linger (conn);
      return TRUE;
    }
  conn->exchange = &plain->exchange;
  /* past max_body (an upload): to a file, not to memory, and only from
   * someone who says who they are (the session is checked once it is in) */
  if ((guint64) framing.body_length > self->max_body &&
      (!rapportd_spool_admits (rapportd_exchange_head_get_header (&head, "Authorization"), &error) ||
       (spool = rapportd_spool_new (framing.body_length, &error)) == NULL ||
       !split_request (conn, &framing, spool, &error)))
    {
      refuse_body (conn, error);
      return TRUE;
    }
  if (spool == NULL)
    split_request (conn, &framing, NULL, NULL);
  if (body_received (conn) == conn->body_length)
    {
      dispatch (conn);
      return TRUE;
    }
  rapportd_listener_clear_watch (conn);
  conn->phase = PHASE_BODY;
  rapportd_listener_set_deadline (conn, rapportd_listener_limits_body_seconds (&self->limits, conn->body_length));
  expect = rapportd_exchange_head_get_header (&head, "Expect");
  if (expect != NULL && g_ascii_strcasecmp (expect, "100-continue") == 0 && body_received (conn) == 0)
    {
      static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";
      GOutputStream *out = g_io_stream_get_output_stream (conn->stream);

      /* small, and the first thing written: it fits the socket's buffer */
      g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (out), go_on, sizeof go_on - 1,
                                                  NULL, NULL);
    }
  conn->watch = rapportd_listener_attach (self,
                                          g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (conn->stream)),
                                                                                 conn->cancellable),
                                          G_SOURCE_FUNC (on_body_readable), conn);
  return TRUE;
}
