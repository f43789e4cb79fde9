/* rapportd-api-calendar-items.c: GET /calendar-items?from=&to=&scope=mine|team, what the client's calendar shows */
#include "rapportd-api.h"
#include "db/rapportd-calendar-items.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

static gboolean
parse_time (RapportdRequest  *request,
            const char       *name,
            gint64           *usec,
            GError          **error)
{
  const char *text = rapportd_request_query (request, name);

  if (text == NULL || !crm_json_parse_timestamp (text, usec))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name,
                                 _("%s must be a time such as 2026-12-01T00:00:00Z"), name);
      return FALSE;
    }
  return TRUE;
}

RAPPORTD_HANDLER (rapportd_api_calendar_items)
{
  const char *scope = rapportd_request_query (request, "scope");
  g_autoptr(JsonNode) answer = NULL;
  gint64 from;
  gint64 to;

  if (!parse_time (request, "from", &from, error) || !parse_time (request, "to", &to, error))
    return FALSE;
  if (to <= from || to - from > (gint64) RAPPORTD_CALENDAR_MAX_DAYS * 24 * 3600 * G_USEC_PER_SEC)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "to",
                                 _("to must be after from, and at most %d days after it"), RAPPORTD_CALENDAR_MAX_DAYS);
      return FALSE;
    }
  if (scope != NULL && !g_str_equal (scope, "mine") && !g_str_equal (scope, "team"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "scope", _("scope must be mine or team"));
      return FALSE;
    }
  if ((answer = rapportd_calendar_items (db, &request->actor, from, to, g_strcmp0 (scope, "team") == 0, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}
