/* rapportd-api-complaints.c: a complaint's signed reportability assessment and its submission for closure */
#include "rapportd-api.h"
#include "rapportd-api-signer.h"
#include "rapportd-auth.h"
#include "service/rapportd-complaints.h"
#include "crm-case.h"
#include "crm-json.h"

#include <string.h>

/* the case the route names, seen by the user, locked for the change */
static CrmEntity *
complaint_for_update (RapportdRequest  *request,
                      RapportdDb       *db,
                      GError          **error)
{
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_auth_refresh_actor (db, request->token, &request->actor, error))
    return NULL;
  return rapportd_repo_get (db, &request->actor, CRM_TYPE_CASE, id, TRUE, error);
}

/* the case's JSON with one more member */
static char *
case_with (CrmEntity  *stored,
           const char *member,
           gint64      value)
{
  g_autofree char *json = crm_json_entity_to_string (stored);

  json[strlen (json) - 1] = '\0';
  return g_strdup_printf ("%s,\"%s\":%" G_GINT64_FORMAT "}", json, member, value);
}

/* POST /cases/:id/complaint/assess {"reportable", "report_regime",
 * "assessment_reason", "password"[, "login"]}: the reportability
 * assessment, signed (meaning "assessed") by a holder of complaint.assess;
 * 200: the case, and "signature_id". 403 without the permission, 422 naming
 * what is missing, 401 for a wrong password: nothing is assessed or signed. */
RAPPORTD_HANDLER (rapportd_api_complaints_assess)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) complaint = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  gint64 signature_id = 0;

  if ((body = rapportd_request_body_object (request, error)) == NULL ||
      (complaint = complaint_for_update (request, db, error)) == NULL ||
      !rapportd_complaints_check_assessor (db, &request->actor, error) ||
      !rapportd_complaints_check_assessment (body, error) ||
      !rapportd_api_signer_check (request, db, settings, body, error))
    return FALSE;
  if ((stored = rapportd_complaints_assess (db, &request->actor, complaint, body, &signature_id, error)) == NULL ||
      !rapportd_api_signer_mark_signed (db, request->token, error))
    return FALSE;
  rapportd_request_take_body (request, 200, case_with (stored, "signature_id", signature_id));
  return TRUE;
}

/* POST /cases/:id/complaint/close: asks for the complaint's closure, which
 * the "Complaint closure" workflow approves (signed); 200: the case, and
 * "approval_id" */
RAPPORTD_HANDLER (rapportd_api_complaints_close)
{
  g_autoptr(CrmEntity) complaint = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  gint64 approval_id = 0;

  if ((complaint = complaint_for_update (request, db, error)) == NULL ||
      !rapportd_complaints_submit_closure (db, &request->actor, complaint, &approval_id, error) ||
      (stored = rapportd_repo_get (db, &request->actor, CRM_TYPE_CASE, crm_entity_get_id (complaint), FALSE, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, case_with (stored, "approval_id", approval_id));
  return TRUE;
}
