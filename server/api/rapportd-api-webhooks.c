/* rapportd-api-webhooks.c: /webhooks, their deliveries' log and replays, for administrators */
#include "rapportd-api.h"
#include "rapportd-webhooks.h"
#include "rapportd-webhook-outbox.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

#define DEFAULT_LIMIT 50
#define MAX_LIMIT 200

/* GET /webhooks */
RAPPORTD_HANDLER (rapportd_api_webhooks_list)
{
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (answer = rapportd_webhooks_list (db, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /webhooks: a secret made here is in this answer and nowhere else */
RAPPORTD_HANDLER (rapportd_api_webhooks_create)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (body = rapportd_request_body_object (request, error)) == NULL ||
      (answer = rapportd_webhook_create (db, &request->actor, body, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 201, answer);
  return TRUE;
}

/* PATCH /webhooks/:id */
RAPPORTD_HANDLER (rapportd_api_webhooks_update)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL ||
      (answer = rapportd_webhook_update (db, &request->actor, id, body, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* DELETE /webhooks/:id */
RAPPORTD_HANDLER (rapportd_api_webhooks_delete)
{
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_webhook_delete (db, &request->actor, id, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup ("{\"deleted\":true}"));
  return TRUE;
}

static gboolean
query_int (RapportdRequest  *request,
           const char       *name,
           gint64            fallback,
           gint64            max,
           gint64           *value,
           GError          **error)
{
  const char *text = rapportd_request_query (request, name);
  char *end = NULL;

  *value = fallback;
  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtoll (text, &end, 10);
  if (*text == '\0' || *end != '\0' || *value < 1 || *value > max)
    {
      g_autofree char *most = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, name, _("%s must be a whole number from 1 to %s"), name, most);
      return FALSE;
    }
  return TRUE;
}

/* GET /webhooks/:id/deliveries[?limit=N][&before=ID]: newest first, each
 * with its attempts */
RAPPORTD_HANDLER (rapportd_api_webhooks_deliveries)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 id, limit, before;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      !query_int (request, "limit", DEFAULT_LIMIT, MAX_LIMIT, &limit, error) ||
      !query_int (request, "before", 0, G_MAXINT64, &before, error) ||
      (answer = rapportd_webhook_outbox_list (db, id, before, limit, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /webhook-deliveries/:id/replay: one more attempt, now */
RAPPORTD_HANDLER (rapportd_api_webhook_deliveries_replay)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (answer = rapportd_webhook_outbox_replay (db, &request->actor, id, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}
