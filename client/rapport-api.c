/* rapport-api.c: RapportApi, the asynchronous client of rapportd's JSON API */
#include "rapport-api.h"
#include "rapport-api-private.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

/* a POST the server could not answer (503, or no answer at all) is sent
 * once more with the same Idempotency-Key, after Retry-After seconds, at most this */
#define POST_RETRY_MAX_SECONDS 5
#define POST_RETRY_DEFAULT_MS 500


G_DEFINE_FINAL_TYPE (RapportApi, rapport_api, G_TYPE_OBJECT)
G_DEFINE_QUARK (rapport-api-error-quark, rapport_api_error)

enum
{
  PROP_0,
  PROP_EVENTS_CONNECTED,
  N_PROPS
};

enum
{
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
rapport_api_dispose (GObject *object)
{
  rapport_api_disconnect_events (RAPPORT_API (object));
  G_OBJECT_CLASS (rapport_api_parent_class)->dispose (object);
}

static void
rapport_api_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RapportApi *self = RAPPORT_API (object);

  switch (prop_id)
    {
    case PROP_EVENTS_CONNECTED:
      g_value_set_boolean (value, rapport_api_get_events_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_api_finalize (GObject *object)
{
  RapportApi *self = RAPPORT_API (object);

  g_clear_object (&self->session);
  g_clear_object (&self->upload_session);
  g_clear_object (&self->events_cancellable);
  g_free (self->base_url);
  g_free (self->pinned);
  g_free (self->peer);
  g_free (self->token);
  g_clear_pointer (&self->user, json_object_unref);

  G_OBJECT_CLASS (rapport_api_parent_class)->finalize (object);
}

static void
rapport_api_class_init (RapportApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_api_dispose;
  object_class->finalize = rapport_api_finalize;
  object_class->get_property = rapport_api_get_property;

  /**
   * RapportApi:events-connected:
   *
   * Whether the event WebSocket is open. Events sent while it was not
   * are told when it comes back, or, when too many were missed, one
   * "reload" event asks the pages that follow events to load afresh.
   */
  properties[PROP_EVENTS_CONNECTED] =
    g_param_spec_boolean ("events-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportApi::event:
   * @self: the client
   * @kind: the event's kind, also its detail: "change", "approval"…
   * @data: the event's data, e.g. {"approval_id","entity","id","state"}
   *
   * A message from the event WebSocket (rapport_api_connect_events()).
   * Connect to "event::approval" for one kind only. "reload" (with no
   * data) means events were missed: load afresh what follows them.
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, JSON_TYPE_OBJECT);
}

static void
rapport_api_init (RapportApi *self)
{
  self->session = soup_session_new_with_options ("timeout", 30, "user-agent", "Rapport ", NULL);
  self->upload_session = soup_session_new_with_options ("timeout", 0, "user-agent", "Rapport ", NULL);
  self->events_cancellable = g_cancellable_new ();
  self->events_retry_seconds = RAPPORT_API_EVENTS_RETRY_MIN_SECONDS;
}

/**
 * rapport_api_new:
 * @base_url: the server, e.g. "https://crm.example.lan:8443"
 *
 * Returns: (transfer full): a client, not signed in
 */
RapportApi *
rapport_api_new (const char *base_url)
{
  RapportApi *self = g_object_new (RAPPORT_TYPE_API, NULL);
  gsize len = strlen (base_url);

  while (len > 0 && base_url[len - 1] == '/')
    len--;
  self->base_url = g_strndup (base_url, len);
  return self;
}

const char *
rapport_api_get_base_url (RapportApi *self)
{
  return self->base_url;
}

/**
 * rapport_api_set_pinned_certificate:
 * @self: the client
 * @sha256: (nullable): fingerprint of the one self-signed certificate to accept
 */
void
rapport_api_set_pinned_certificate (RapportApi *self,
                                    const char *sha256)
{
  g_free (self->pinned);
  self->pinned = g_strdup (sha256);
}

/**
 * rapport_api_get_peer_certificate:
 *
 * Returns: (nullable): the fingerprint of the last certificate refused
 */
const char *
rapport_api_get_peer_certificate (RapportApi *self)
{
  return self->peer;
}

const char *
rapport_api_get_token (RapportApi *self)
{
  return self->token;
}

JsonObject *
rapport_api_get_user (RapportApi *self)
{
  return self->user;
}

gint64
rapport_api_get_user_id (RapportApi *self)
{
  return self->user ? json_object_get_int_member_with_default (self->user, "id", 0) : 0;
}

/* the signed-in user's role, e.g. "admin"; "" when signed out */
const char *
rapport_api_get_user_role (RapportApi *self)
{
  return self->user ? json_object_get_string_member_with_default (self->user, "role", "") : "";
}

/* The company's currency and rounding ([sales] in rapportd.conf) are not
 * told by the API: the defaults, which the client prices and prints with. */
const char *
rapport_api_get_base_currency (RapportApi *self)
{
  return "CNY";
}

CrmRounding
rapport_api_get_rounding (RapportApi *self)
{
  return CRM_ROUND_HALF_UP;
}

/* requests sent, for tests that check lists load lazily */
guint
rapport_api_get_request_count (RapportApi *self)
{
  return self->n_requests;
}

char *
rapport_api_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

gboolean
rapport_api_accept_certificate (SoupMessage          *msg,
                                GTlsCertificate      *certificate,
                                GTlsCertificateFlags  errors,
                                gpointer              user_data)
{
  RapportApi *self = user_data;
  g_autofree char *fingerprint = rapport_api_certificate_fingerprint (certificate);

  if (self->pinned && g_ascii_strcasecmp (self->pinned, fingerprint) == 0)
    return TRUE;
  g_free (self->peer);
  self->peer = g_steal_pointer (&fingerprint);
  return FALSE;
}

typedef struct
{
  SoupMessage *msg;
  char        *method;
  char        *url;
  GBytes      *body;
  /* on every POST: one key for the request and its retry */
  char        *idempotency_key;
  gboolean     retried;
  guint        retry_source;
  /* the answer's body as it is (a PDF), rather than JSON */
  gboolean     raw;
  /* why, for the audit trail (X-Change-Reason) */
  char        *reason;
  /* of a body that is not JSON (a file uploaded) */
  char        *content_type;
} Request;

static void
request_free (Request *request)
{
  g_clear_handle_id (&request->retry_source, g_source_remove);
  g_clear_object (&request->msg);
  g_free (request->method);
  g_free (request->url);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->idempotency_key);
  g_free (request->reason);
  g_free (request->content_type);
  g_free (request);
}

static GError *
error_from_envelope (guint       status,
                     GBytes     *body)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObject *envelope = NULL;
  CrmErrorCode code = status == 401 ? CRM_ERROR_UNAUTHORIZED :
                      status == 404 ? CRM_ERROR_NOT_FOUND :
                      status == 409 ? CRM_ERROR_CONFLICT :
                      status >= 500 ? CRM_ERROR_UNAVAILABLE : CRM_ERROR_BAD_REQUEST;
  const char *message = NULL;
  const char *field = NULL;
  const char *request_id = NULL;
  g_autofree char *named = NULL;
  GError *error = NULL;

  if (body != NULL)
    object = crm_json_parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (object && json_object_has_member (object, "error"))
    envelope = json_object_get_object_member (object, "error");
  if (envelope)
    {
      crm_error_code_from_api_code (json_object_get_string_member_with_default (envelope, "code", ""), &code);
      message = json_object_get_string_member_with_default (envelope, "message", NULL);
      field = json_object_get_string_member_with_default (envelope, "field", NULL);
      request_id = json_object_get_string_member_with_default (envelope, "request_id", NULL);
    }
  /* an error about no one field ends in a toast: its request's id, shortened,
   * lets an administrator find it in the server's log (REQUEST_ID=…) */
  if (message != NULL && field == NULL && request_id != NULL && request_id[0] != '\0')
    message = named = g_strdup_printf (_("%s (request %.8s…)"), message, request_id);
  crm_error_set_field_error (&error, code, field, "%s",
                             message ? message : _("The server answered with an error"));
  return error;
}

static void request_send (GTask *task);

static gboolean
request_retry (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  request->retry_source = 0;
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  request_send (task);
  return G_SOURCE_REMOVE;
}

/* Whether to send a POST once more, with the same key: the server was
 * unavailable (503), or the answer never came. The key makes it safe: a
 * write that did happen is answered again, not made twice. */
static gboolean
request_should_retry (Request      *request,
                      const GError *error)
{
  if (request->retried || request->idempotency_key == NULL)
    return FALSE;
  if (error != NULL)
    return error->domain != G_TLS_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  return soup_message_get_status (request->msg) == SOUP_STATUS_SERVICE_UNAVAILABLE;
}

static guint
request_retry_delay_ms (Request *request)
{
  const char *header = NULL;
  guint64 seconds;

  if (soup_message_get_status (request->msg) == SOUP_STATUS_SERVICE_UNAVAILABLE)
    header = soup_message_headers_get_one (soup_message_get_response_headers (request->msg), "Retry-After");
  if (header == NULL || !g_ascii_string_to_unsigned (header, 10, 0, G_MAXUINT32, &seconds, NULL))
    return POST_RETRY_DEFAULT_MS;
  return MIN (seconds, POST_RETRY_MAX_SECONDS) * 1000;
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportApi *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonNode) root = NULL;
  guint status;

  if (request_should_retry (request, error))
    {
      request->retried = TRUE;
      request->retry_source = g_timeout_add (request_retry_delay_ms (request), request_retry,
                                             g_steal_pointer (&task));
      return;
    }
  if (body == NULL)
    {
      /* rapport_api_accept_certificate() refused it and kept its fingerprint */
      if (error->domain == G_TLS_ERROR && self->peer != NULL)
        {
          if (self->pinned)
            g_task_return_new_error (task, RAPPORT_API_ERROR, RAPPORT_API_ERROR_CERTIFICATE_CHANGED,
                                     _("The server’s certificate has changed since you trusted it. "
                                       "This may be an attack; ask your administrator before going on."));
          else
            g_task_return_new_error (task, RAPPORT_API_ERROR, RAPPORT_API_ERROR_UNTRUSTED_CERTIFICATE,
                                     _("The server’s certificate is not trusted yet"));
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                                 _("Cannot reach the server: %s"), error->message);
      return;
    }

  status = soup_message_get_status (request->msg);
  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, error_from_envelope (status, body));
      return;
    }
  if (request->raw)
    {
      g_task_return_pointer (task, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
      return;
    }
  root = crm_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), CRM_JSON_MAX_VALUES_TRUSTED, &error);
  if (root == NULL)
    {
      g_task_return_new_error (task, CRM_ERROR, CRM_ERROR_INTERNAL,
                               _("The server sent something that is not JSON"));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) json_node_unref);
}

/* the user's language for the server's messages ("zh-CN"), from the
 * locale's: the server answers in it, whatever its own */
static char *
accept_language (void)
{
  const char *name = g_get_language_names ()[0];
  g_autofree char *tag = g_strndup (name, strcspn (name, ".@"));

  g_strdelimit (tag, "_", '-');
  if (tag[0] == '\0' || g_str_equal (tag, "C") || g_str_equal (tag, "POSIX"))
    return g_strdup ("en");
  return g_steal_pointer (&tag);
}

/* the request as built once: a retry sends the same again, key included */
static void
request_send (GTask *task)
{
  RapportApi *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *language = accept_language ();
  SoupMessageHeaders *headers;

  g_clear_object (&request->msg);
  request->msg = soup_message_new (request->method, request->url);
  if (request->msg == NULL)
    {
      g_task_return_new_error (task, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("“%s” is not a valid server address"),
                               self->base_url);
      g_object_unref (task);
      return;
    }
  g_signal_connect_object (request->msg, "accept-certificate", G_CALLBACK (rapport_api_accept_certificate), self, 0);
  headers = soup_message_get_request_headers (request->msg);
  if (self->token)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (headers, "Authorization", header);
    }
  if (request->idempotency_key)
    soup_message_headers_replace (headers, "Idempotency-Key", request->idempotency_key);
  if (request->reason)
    soup_message_headers_replace (headers, "X-Change-Reason", request->reason);
  soup_message_headers_replace (headers, "Accept-Language", language);
  if (request->body)
    soup_message_set_request_body_from_bytes (request->msg,
                                              request->content_type ? request->content_type : "application/json",
                                              request->body);
  self->n_requests++;
  /* a file's answer may take longer than the session's 30 s without a byte */
  soup_session_send_and_read_async (request->content_type ? self->upload_session : self->session, request->msg,
                                    G_PRIORITY_DEFAULT, g_task_get_cancellable (task), request_done, task);
}

static void
send_request (RapportApi          *self,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              const char          *idempotency_key,
              gboolean             raw,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, rapport_api_request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request->raw = raw;
  request->method = g_strdup (method);
  request->url = g_strconcat (self->base_url, "/api/v1", path, NULL);
  if (body)
    {
      g_autofree char *text = crm_json_to_string (body);
      gsize length = strlen (text);

      request->body = g_bytes_new_take (g_steal_pointer (&text), length);
    }
  /* a fresh key for each POST, so that the server makes its write once */
  if (g_str_equal (method, "POST"))
    request->idempotency_key = idempotency_key ? g_strdup (idempotency_key) : g_uuid_string_random ();
  request_send (task);
}

/**
 * rapport_api_request_async:
 * @self: the client
 * @method: "GET", "POST", …
 * @path: below the API root, e.g. "/accounts?limit=50"
 * @body: (nullable): a JSON body
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * Sends one request with the session's token. An error envelope becomes a
 * #GError in the %CRM_ERROR domain, with its field.
 */
void
rapport_api_request_async (RapportApi          *self,
                           const char          *method,
                           const char          *path,
                           JsonNode            *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  send_request (self, method, path, body, NULL, FALSE, cancellable, callback, user_data);
}

/**
 * rapport_api_post_async:
 * @self: the client
 * @path: below the API root, e.g. "/accounts"
 * @body: (nullable): a JSON body
 * @idempotency_key: the key of this write, the same each time the user
 *   sends it again (see #RapportRetryKey)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * POSTs with a given Idempotency-Key, so that a write the user sends again
 * after an error is made once. Finish with rapport_api_request_finish().
 */
void
rapport_api_post_async (RapportApi          *self,
                        const char          *path,
                        JsonNode            *body,
                        const char          *idempotency_key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_API (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (idempotency_key != NULL);

  send_request (self, "POST", path, body, idempotency_key, FALSE, cancellable, callback, user_data);
}

/**
 * rapport_api_post_with_reason_async:
 * @self: the client
 * @path: below the API root, e.g. "/leads"
 * @body: (nullable): a JSON body
 * @idempotency_key: the key of this write (see #RapportRetryKey)
 * @reason: why the user makes this write, kept with it in the audit trail
 *   (X-Change-Reason), e.g. why a possible duplicate is saved anyway
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * As rapport_api_post_async(), with a reason. Finish with
 * rapport_api_request_finish().
 */
void
rapport_api_post_with_reason_async (RapportApi          *self,
                                    const char          *path,
                                    JsonNode            *body,
                                    const char          *idempotency_key,
                                    const char          *reason,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  Request *request;

  g_return_if_fail (RAPPORT_IS_API (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (idempotency_key != NULL);
  g_return_if_fail (reason != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  request = g_new0 (Request, 1);
  g_task_set_source_tag (task, rapport_api_request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request->method = g_strdup ("POST");
  request->url = g_strconcat (self->base_url, "/api/v1", path, NULL);
  if (body)
    {
      g_autofree char *text = crm_json_to_string (body);
      gsize length = strlen (text);

      request->body = g_bytes_new_take (g_steal_pointer (&text), length);
    }
  request->idempotency_key = g_strdup (idempotency_key);
  request->reason = g_strdup (reason);
  request_send (task);
}

/**
 * rapport_api_request_bytes_async:
 * @self: the client
 * @path: below the API root, e.g. "/quotes/7/pdf"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * GETs something that is not JSON, such as a PDF. An error envelope
 * becomes a #GError as with rapport_api_request_async().
 */
void
rapport_api_request_bytes_async (RapportApi          *self,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  send_request (self, "GET", path, NULL, NULL, TRUE, cancellable, callback, user_data);
}

/**
 * rapport_api_upload_async:
 * @self: the client
 * @path: below the API root, e.g. "/accounts/7/attachments?name=a.pdf"
 * @content_type: the body's type
 * @body: the body, a file as it is
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * POSTs a body that is not JSON, with an idempotency key as every POST;
 * finish with rapport_api_request_finish() for the JSON answer.
 */
void
rapport_api_upload_async (RapportApi          *self,
                          const char          *path,
                          const char          *content_type,
                          GBytes              *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Request *request;

  g_return_if_fail (RAPPORT_IS_API (self));
  g_return_if_fail (path != NULL && content_type != NULL && body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  request = g_new0 (Request, 1);
  g_task_set_source_tag (task, rapport_api_request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request->method = g_strdup ("POST");
  request->url = g_strconcat (self->base_url, "/api/v1", path, NULL);
  request->body = g_bytes_ref (body);
  request->content_type = g_strdup (content_type);
  request->idempotency_key = g_uuid_string_random ();
  request_send (task);
}

/**
 * rapport_api_request_bytes_finish:
 *
 * Returns: (transfer full): the answer's body
 */
GBytes *
rapport_api_request_bytes_finish (RapportApi    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rapport_api_request_finish:
 *
 * Returns: (transfer full): the answer's JSON
 */
JsonNode *
rapport_api_request_finish (RapportApi    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportApi *self = RAPPORT_API (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (self, result, &error);
  JsonObject *object;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = json_node_get_object (node);
  g_free (self->token);
  self->token = g_strdup (json_object_get_string_member_with_default (object, "token", NULL));
  /* the event WebSocket opens after what was written before signing in */
  self->events_seen = MAX (json_object_get_int_member_with_default (object, "events_after", 0), 0);
  g_clear_pointer (&self->user, json_object_unref);
  if (json_object_has_member (object, "user"))
    self->user = json_object_ref (json_object_get_object_member (object, "user"));
  g_task_return_boolean (task, self->token != NULL);
}

void
rapport_api_sign_in_async (RapportApi          *self,
                           const char          *login,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  g_clear_pointer (&self->token, g_free);
  rapport_api_request_async (self, "POST", "/session", body, cancellable, sign_in_done, task);
}

gboolean
rapport_api_sign_in_finish (RapportApi    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ends the session on the server, without waiting for the answer */
void
rapport_api_sign_out (RapportApi *self)
{
  if (self->token)
    rapport_api_request_async (self, "DELETE", "/session", NULL, NULL, NULL, NULL);
  rapport_api_disconnect_events (self);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->user, json_object_unref);
}

void
rapport_api_notify_events_connected (RapportApi *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_CONNECTED]);
}

void
rapport_api_emit_event (RapportApi *self,
                        const char *kind,
                        JsonObject *data)
{
  g_signal_emit (self, signals[EVENT], g_quark_from_string (kind), kind, data);
}
