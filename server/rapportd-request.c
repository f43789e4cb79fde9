/* rapportd-request.c: RapportdRequest, one API call as a worker sees it, and its answer */
#include "rapportd-request.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define API_PREFIX "/api/v1/"
/* the pages rapportd serves outside the API (a survey's form at /s/TOKEN):
 * their first segment starts with '/', which no API path's can */
#define PAGE_PREFIX "/s/"
/* how long a client should wait before trying again while the database is away */
#define UNAVAILABLE_RETRY_SECONDS 5

RapportdRequest *
rapportd_request_new (const char *method,
                      const char *path)
{
  RapportdRequest *request = g_new0 (RapportdRequest, 1);

  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->arrived = g_get_monotonic_time ();
  request->route = -1;
  if (g_str_has_prefix (path, API_PREFIX))
    {
      g_autofree char *rest = g_strdup (path + strlen (API_PREFIX));
      gsize len = strlen (rest);

      /* a trailing slash names the same resource */
      if (len > 0 && rest[len - 1] == '/')
        rest[len - 1] = '\0';
      request->segments = g_strsplit (rest, "/", -1);
    }
  else if (g_str_has_prefix (path, PAGE_PREFIX))
    {
      request->segments = g_new0 (char *, 3);
      request->segments[0] = g_strdup ("/s");
      request->segments[1] = g_strdup (path + strlen (PAGE_PREFIX));
    }
  else
    request->segments = g_new0 (char *, 1);
  return request;
}

/**
 * rapportd_request_path_served:
 * @path: a request's path
 *
 * Returns: whether rapportd serves @path: the API under /api/v1/, and
 *   the pages outside it (a survey's form at /s/TOKEN)
 */
gboolean
rapportd_request_path_served (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return g_str_has_prefix (path, API_PREFIX) || g_str_has_prefix (path, PAGE_PREFIX);
}

/**
 * rapportd_request_id_new:
 * @incoming: (nullable): the request's X-Request-Id
 *
 * A client's id is kept when it is 1 to 128 letters, digits, '-', '_',
 * '.' or ':' (what a proxy or an ERP sends); otherwise one is made: 16
 * random bytes in hex.
 *
 * Returns: (transfer full): the request's id
 */
char *
rapportd_request_id_new (const char *incoming)
{
  gsize length = incoming ? strlen (incoming) : 0;
  guint8 bytes[16];
  GString *id;

  if (length > 0 && length <= RAPPORTD_REQUEST_ID_MAX &&
      strspn (incoming, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") == length)
    return g_strdup (incoming);
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  id = g_string_sized_new (2 * sizeof bytes);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (id, "%02x", bytes[i]);
  return g_string_free (id, FALSE);
}

/**
 * rapportd_request_warn:
 * @request: the request that failed
 * @format: what went wrong, printf-style
 *
 * Logs a request's failure with its method, path and id, the id in a
 * REQUEST_ID field of its own (journalctl REQUEST_ID=…).
 */
void
rapportd_request_warn (RapportdRequest *request,
                       const char      *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (request != NULL && format != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                    "REQUEST_ID", request->id ? request->id : "",
                    "MESSAGE", "%s %s: %s (request %s)", request->method, request->path, message,
                    request->id ? request->id : "none");
}

void
rapportd_request_free (RapportdRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_strfreev (request->segments);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->content_type);
  g_free (request->charset);
  g_free (request->token);
  g_free (request->source);
  g_free (request->reason);
  g_free (request->idempotency_key);
  g_free (request->accept_language);
  g_free (request->host);
  g_free (request->origin);
  g_free (request->id);
  g_datalist_clear (&request->attached);
  g_free (request->disposition);
  rapportd_actor_clear (&request->actor);
  g_free (request->response);
  g_free (request);
}

void
rapportd_request_set_json (RapportdRequest *request,
                           guint            status,
                           JsonNode        *node)
{
  request->status = status;
  g_free (request->response);
  request->response = crm_json_to_string (node);
  request->response_length = 0;
}

/**
 * rapportd_request_take_body:
 * @request: the request
 * @status: HTTP status
 * @json: (transfer full): the answer, JSON text
 */
void
rapportd_request_take_body (RapportdRequest *request,
                            guint            status,
                            char            *json)
{
  request->status = status;
  g_free (request->response);
  request->response = json;
  request->response_length = 0;
}

void
rapportd_request_set_error (RapportdRequest *request,
                            const GError    *error)
{
  request->status = error->domain == CRM_ERROR ? crm_error_code_to_http_status (error->code) : 500;
  /* a full disk is logged by the database layer, once a minute, in MariaDB's words */
  if (request->status >= 500 && !g_error_matches (error, CRM_ERROR, CRM_ERROR_INSUFFICIENT_STORAGE))
    rapportd_request_warn (request, "%s", error->message);
  /* the database restarts or is short of memory: worth another try soon */
  if (g_error_matches (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE) && request->retry_after == 0)
    request->retry_after = UNAVAILABLE_RETRY_SECONDS;
  g_free (request->response);
  request->response = crm_json_error_envelope_for (error, request->id);
  request->response_length = 0;
  request->media_type = NULL;
}

/**
 * rapportd_request_body_object:
 * @request: the request
 * @error: %CRM_ERROR_UNSUPPORTED_MEDIA_TYPE or %CRM_ERROR_BAD_REQUEST
 *
 * Returns: (transfer full): the JSON object the body holds
 */
JsonObject *
rapportd_request_body_object (RapportdRequest  *request,
                              GError          **error)
{
  gsize size = 0;
  const char *data = request->body ? g_bytes_get_data (request->body, &size) : NULL;

  if (request->content_type && !g_str_equal (request->content_type, "application/json"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   _("The request body must be application/json"));
      return NULL;
    }
  return crm_json_parse_object (data, size, error);
}

const char *
rapportd_request_query (RapportdRequest *request,
                        const char      *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

gboolean
rapportd_request_segment_id (RapportdRequest  *request,
                             guint             index,
                             gint64           *id,
                             GError          **error)
{
  const char *text = request->segments[index];
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No record with id “%s”"), text);
      return FALSE;
    }
  *id = value;
  return TRUE;
}

/**
 * rapportd_request_take_bytes:
 * @request: the request
 * @status: HTTP status
 * @media_type: e.g. "application/pdf"
 * @bytes: (transfer full): the body
 *
 * Answers with a binary body.
 */
void
rapportd_request_take_bytes (RapportdRequest *request,
                             guint            status,
                             const char      *media_type,
                             GBytes          *bytes)
{
  gsize length = 0;

  g_free (request->response);
  request->response = g_bytes_unref_to_data (bytes, &length);
  request->response_length = length;
  request->status = status;
  request->media_type = media_type;
}
