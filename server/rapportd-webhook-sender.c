/* rapportd-webhook-sender.c: the thread that POSTs due webhook deliveries, a few at a time, off the request path */
#include "rapportd-webhook-sender.h"
#include "rapportd-webhook-outbox.h"

#include <libsoup/soup.h>
#include <string.h>

/* a receiver that is down or slow holds at most PER_SUBSCRIPTION of the
 * MAX_IN_FLIGHT sends; the others go on */
#define MAX_IN_FLIGHT 8
#define PER_SUBSCRIPTION 2
#define TIMEOUT_SECONDS 10
#define POLL_MS 1000
#define RESPONSE_KEPT 1024

struct _RapportdWebhookSender
{
  RapportdPool *pool;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupSession  *session;
  GCancellable *cancellable;
  RapportdDb   *db;
  guint         in_flight;
};

typedef struct
{
  RapportdWebhookSender   *sender;
  RapportdWebhookDelivery *delivery;
  gint64                   started;
} Send;

static void send_due (RapportdWebhookSender *self);

/* the sender's own connection, opened again after it broke */
static RapportdDb *
connection (RapportdWebhookSender *self)
{
  g_autoptr(GError) error = NULL;

  if (self->db != NULL && rapportd_db_is_broken (self->db))
    g_clear_pointer (&self->db, rapportd_db_close);
  if (self->db == NULL && (self->db = rapportd_pool_open_connection (self->pool, &error)) == NULL)
    g_warning ("webhooks: %s", error->message);
  return self->db;
}

static char *
signature (const char *secret,
           const char *timestamp,
           const char *body)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));

  g_hmac_update (hmac, (const guchar *) timestamp, strlen (timestamp));
  g_hmac_update (hmac, (const guchar *) ".", 1);
  g_hmac_update (hmac, (const guchar *) body, strlen (body));
  return g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
}

/* the start of the answer, as text that a log column can hold */
static char *
response_start (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  g_autofree char *valid = data ? g_utf8_make_valid (data, MIN (size, RESPONSE_KEPT)) : NULL;
  const char *end = NULL;

  if (valid == NULL)
    return NULL;
  /* a character cut at the limit is dropped, not mangled */
  g_utf8_validate (valid, MIN (strlen (valid), RESPONSE_KEPT), &end);
  return g_strndup (valid, end - valid);
}

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      data)
{
  Send *send = data;
  RapportdWebhookSender *self = send->sender;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *answer = response_start (bytes);
  guint status = error == NULL && message != NULL ? soup_message_get_status (message) : 0;
  guint duration_ms = (g_get_monotonic_time () - send->started) / 1000;
  RapportdDb *db = g_cancellable_is_cancelled (self->cancellable) ? NULL : connection (self);
  g_autoptr(GError) record_error = NULL;

  /* not recorded (stopping, or no database), the lease runs out and it
   * is sent again */
  if (db != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !rapportd_webhook_outbox_record (db, send->delivery, status, duration_ms,
                                                     error ? error->message : NULL, answer, &record_error))
    g_warning ("webhooks: delivery %" G_GINT64_FORMAT ": %s", send->delivery->id, record_error->message);
  rapportd_webhook_delivery_free (send->delivery);
  g_free (send);
  self->in_flight--;
  if (!g_cancellable_is_cancelled (self->cancellable))
    send_due (self);
}

static void
start_send (RapportdWebhookSender   *self,
            RapportdWebhookDelivery *delivery)
{
  g_autoptr(SoupMessage) message = soup_message_new ("POST", delivery->url);
  g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *signed_with = NULL;
  g_autofree char *delivery_id = g_strdup_printf ("%" G_GINT64_FORMAT, delivery->id);
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  Send *send;

  if (message == NULL)
    {
      rapportd_webhook_outbox_record (self->db, delivery, 0, 0, "not a valid address", NULL, NULL);
      rapportd_webhook_delivery_free (delivery);
      return;
    }
  signed_with = signature (delivery->secret, timestamp, delivery->body);
  /* a redirect would resend the body, signed, to an address no
   * administrator chose (or as a GET): it is an answer like any other */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "X-Rapport-Event", delivery->type);
  soup_message_headers_replace (headers, "X-Rapport-Delivery", delivery_id);
  soup_message_headers_replace (headers, "X-Rapport-Timestamp", timestamp);
  soup_message_headers_replace (headers, "X-Rapport-Signature", signed_with);
  soup_message_headers_replace (headers, "User-Agent", "rapportd-webhooks");
  body = g_bytes_new (delivery->body, strlen (delivery->body));
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  send = g_new0 (Send, 1);
  send->sender = self;
  send->delivery = delivery;
  send->started = g_get_monotonic_time ();
  self->in_flight++;
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, self->cancellable, sent, send);
}

static void
send_due (RapportdWebhookSender *self)
{
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GError) error = NULL;
  RapportdDb *db;

  if ((db = connection (self)) == NULL)
    return;
  if (!rapportd_webhook_outbox_check_subscribed (db, &error))
    {
      g_warning ("webhooks: %s", error->message);
      return;
    }
  if (self->in_flight >= MAX_IN_FLIGHT)
    return;
  if ((claimed = rapportd_webhook_outbox_claim (db, MAX_IN_FLIGHT - self->in_flight, PER_SUBSCRIPTION, &error)) == NULL)
    {
      g_warning ("webhooks: %s", error->message);
      return;
    }
  for (guint i = 0; i < claimed->len; i++)
    start_send (self, g_steal_pointer (&claimed->pdata[i]));
  g_ptr_array_set_free_func (claimed, NULL);
}

static gboolean
tick (gpointer data)
{
  send_due (data);
  return G_SOURCE_CONTINUE;
}

static gpointer
run (gpointer data)
{
  RapportdWebhookSender *self = data;
  g_autoptr(GSource) timer = g_timeout_source_new (POLL_MS);

  g_main_context_push_thread_default (self->context);
  self->session = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS, "idle-timeout", 60,
                                                 "max-conns", 4 * MAX_IN_FLIGHT,
                                                 "max-conns-per-host", PER_SUBSCRIPTION * 2, NULL);
  g_source_set_callback (timer, tick, self, NULL);
  g_source_attach (timer, self->context);
  g_main_loop_run (self->loop);
  g_source_destroy (timer);
  /* the sends cancelled finish here; their deliveries' leases run out */
  while (self->in_flight > 0)
    g_main_context_iteration (self->context, TRUE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->db, rapportd_db_close);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * rapportd_webhook_sender_start:
 * @pool: the worker pool, whose settings open the sender's own connection (not owned)
 *
 * Starts the thread that claims due deliveries every second and POSTs
 * them, signed, at most 8 at once and 2 to one subscription, each with a
 * 10 s timeout. Several rapportd on one database send each delivery once.
 *
 * Returns: (transfer full): the sender, for rapportd_webhook_sender_stop()
 */
RapportdWebhookSender *
rapportd_webhook_sender_start (RapportdPool *pool)
{
  RapportdWebhookSender *self;

  g_return_val_if_fail (pool != NULL, NULL);

  self = g_new0 (RapportdWebhookSender, 1);
  self->pool = pool;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_new ("webhooks", run, self);
  return self;
}

static gboolean
quit (gpointer data)
{
  RapportdWebhookSender *self = data;

  g_cancellable_cancel (self->cancellable);
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

/**
 * rapportd_webhook_sender_stop:
 * @sender: (transfer full): a sender
 *
 * Cancels the sends on their way and joins the thread.
 */
void
rapportd_webhook_sender_stop (RapportdWebhookSender *sender)
{
  g_return_if_fail (sender != NULL);

  g_main_context_invoke (sender->context, quit, sender);
  g_thread_join (sender->thread);
  g_main_loop_unref (sender->loop);
  g_main_context_unref (sender->context);
  g_object_unref (sender->cancellable);
  g_free (sender);
}
