/* rapportd-api-service-accounts.c: /service-accounts, the ERP's and other systems' accounts and their API keys */
#include "rapportd-api-service-accounts.h"
#include "rapportd-service-keys.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* administrators only: a key acts with the role it was given */
/* GET /service-accounts */
RAPPORTD_HANDLER (rapportd_api_service_accounts_list)
{
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (answer = rapportd_service_accounts_list (db, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /service-accounts: the key's secret is in this answer and nowhere else */
RAPPORTD_HANDLER (rapportd_api_service_accounts_create)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (body = rapportd_request_body_object (request, error)) == NULL ||
      (answer = rapportd_service_account_create (db, &request->actor, body, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 201, answer);
  return TRUE;
}

/* POST /service-accounts/:id/revoke */
RAPPORTD_HANDLER (rapportd_api_service_accounts_revoke)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (answer = rapportd_service_account_revoke (db, &request->actor, id, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /service-accounts/:id/rotate {"expires_at"?}: a new key, the old one ended */
RAPPORTD_HANDLER (rapportd_api_service_accounts_rotate)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  if (request->body != NULL && g_bytes_get_size (request->body) > 0)
    body = rapportd_request_body_object (request, error);
  else
    body = json_object_new ();
  if (body == NULL || (answer = rapportd_service_account_rotate (db, &request->actor, id, body, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}
