/* rapportd-api-reminder-preferences.c: GET and PATCH /reminder-preferences, the automatic reminders a user wants, by that user */
#include "rapportd-api.h"
#include "rapportd-care-preferences.h"

/* GET /reminder-preferences: {"items":[{"kind","enabled","company_enabled","days"}]} */
RAPPORTD_HANDLER (rapportd_api_reminder_preferences_get)
{
  g_autoptr(JsonNode) answer = rapportd_care_preferences_get (db, &request->actor, error);

  if (answer == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* PATCH /reminder-preferences {"contract_end": false, …}: one's own choices, as GET answers them */
RAPPORTD_HANDLER (rapportd_api_reminder_preferences_set)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if ((body = rapportd_request_body_object (request, error)) == NULL ||
      (answer = rapportd_care_preferences_set (db, &request->actor, body, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}
