/* rapportd-server.c: RapportdServer, the HTTP(S) front that hands API calls to the worker pool */
#include "rapportd-server.h"
#include "rapportd-events.h"
#include "rapportd-idempotency.h"
#include "rapportd-request.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _RapportdServer
{
  GObject              parent_instance;

  SoupServer          *soup;
  RapportdPool        *pool;
  RapportdApiSettings  settings;
  gsize                max_body;
  RapportdEvents      *events;
};

G_DEFINE_FINAL_TYPE (RapportdServer, rapportd_server, G_TYPE_OBJECT)

typedef struct
{
  RapportdServer    *self;
  SoupServerMessage *msg;
  RapportdRequest   *request;
  gboolean           retried;
} Call;

static void
respond (SoupServerMessage *msg,
         guint              status,
         char              *body,
         gsize              length,
         guint              retry_after,
         const char        *media_type)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);
      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, media_type ? media_type : "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, body, length ? length : strlen (body));
}

static void
respond_error (SoupServerMessage *msg,
               CrmErrorCode       code,
               const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (CRM_ERROR, code, message);

  respond (msg, crm_error_code_to_http_status (code), crm_json_error_envelope (error), 0, 0, NULL);
}

static gboolean
call_work (RapportdDb *db,
           gpointer    data)
{
  Call *call = data;
  gboolean done = rapportd_router_dispatch (&call->self->settings, call->request, db, !call->retried);

  call->retried = TRUE;
  return done;
}

static void
call_done (gpointer data)
{
  Call *call = data;

  if (call->request->idempotent_replay)
    soup_message_headers_replace (soup_server_message_get_response_headers (call->msg),
                                  RAPPORTD_IDEMPOTENCY_REPLAYED_HEADER, "true");
  respond (call->msg, call->request->status, g_steal_pointer (&call->request->response),
           call->request->status < 300 ? call->request->response_length : 0, call->request->retry_after, call->request->status < 300 ? call->request->media_type : NULL);
  soup_server_message_unpause (call->msg);
  g_object_unref (call->msg);
  g_object_unref (call->self);
  rapportd_request_free (call->request);
  g_free (call);
}

static char *
bearer_token (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return value[0] ? g_strdup (value) : NULL;
}

/* refuse an oversized body from its headers, before it is read */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  RapportdServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > self->max_body)
    respond_error (msg, CRM_ERROR_TOO_LARGE, _("The request body is too large"));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  RapportdServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  RapportdRequest *request;
  Call *call;

  if (!g_str_has_prefix (path, "/api/v1/"))
    {
      respond_error (msg, CRM_ERROR_NOT_FOUND, _("No such resource"));
      return;
    }
  if (body->length > (goffset) self->max_body)
    {
      respond_error (msg, CRM_ERROR_TOO_LARGE, _("The request body is too large"));
      return;
    }

  request = rapportd_request_new (soup_server_message_get_method (msg), path);
  if (query)
    {
      GHashTableIter iter;
      gpointer key, value;

      request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (request->query, g_strdup (key), g_strdup (value));
    }
  if (body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      request->body = g_bytes_ref (bytes);
    }
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  request->token = bearer_token (headers);
  request->reason = g_strdup (soup_message_headers_get_one (headers, "X-Change-Reason"));
  request->idempotency_key = g_strdup (soup_message_headers_get_one (headers, RAPPORTD_IDEMPOTENCY_HEADER));
  request->source = g_strdup (soup_server_message_get_remote_host (msg));
  if (request->source == NULL)
    request->source = g_strdup ("unknown");

  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->msg = g_object_ref (msg);
  call->request = request;
  soup_server_message_pause (msg);
  rapportd_pool_push (self->pool, call_work, call_done, call);
}

static void
rapportd_server_finalize (GObject *object)
{
  RapportdServer *self = RAPPORTD_SERVER (object);

  g_clear_object (&self->events);
  soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (rapportd_server_parent_class)->finalize (object);
}

static void
rapportd_server_class_init (RapportdServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapportd_server_finalize;
}

static void
rapportd_server_init (RapportdServer *self)
{
}

/**
 * rapportd_server_new:
 * @pool: the worker pool that runs handlers (not owned)
 * @settings: API settings, copied
 * @max_body: largest request body accepted, in bytes
 * @certificate: (nullable): TLS certificate and key, or %NULL for plain HTTP
 *
 * Returns: (transfer full): the server, not yet listening
 */
RapportdServer *
rapportd_server_new (RapportdPool              *pool,
                     const RapportdApiSettings *settings,
                     gsize                      max_body,
                     GTlsCertificate           *certificate)
{
  RapportdServer *self = g_object_new (RAPPORTD_TYPE_SERVER, NULL);

  self->pool = pool;
  self->settings = *settings;
  self->max_body = max_body;
  self->soup = soup_server_new ("server-header", "rapportd ",
                                "tls-certificate", certificate,
                                NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler, self, NULL);
  self->events = rapportd_events_new (pool, &settings->auth, self->soup);
  return self;
}

gboolean
rapportd_server_listen (RapportdServer  *self,
                        const char      *address,
                        guint            port,
                        GError         **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = NULL;
  SoupServerListenOptions options = 0;

  if (inet == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "not an IP address: %s", address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, port);
  if (soup_server_is_https (self->soup))
    options |= SOUP_SERVER_LISTEN_HTTPS;
  return soup_server_listen (self->soup, socket_address, options, error);
}

guint
rapportd_server_get_port (RapportdServer *self)
{
  g_autoslist(GUri) uris = soup_server_get_uris (self->soup);

  return uris ? g_uri_get_port (uris->data) : 0;
}
