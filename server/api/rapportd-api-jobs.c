/* rapportd-api-jobs.c: POST /api/v1/jobs/run[?now=TIME], the periodic jobs run at once, as of a time */
#include "rapportd-api.h"
#include "rapportd-jobs.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* administrators run the periodic jobs (escalations, expiries) as of now,
 * or as of the time given, to catch up or to check what a date will bring */
RAPPORTD_HANDLER (rapportd_api_jobs_run)
{
  const char *now_text = rapportd_request_query (request, "now");
  gint64 now = g_get_real_time ();
  RapportdJobsReport report;

  if (!rapportd_actor_is_admin (&request->actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Only an administrator may run the periodic jobs"));
      return FALSE;
    }
  if (now_text != NULL && !crm_json_parse_timestamp (now_text, &now))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "now", _("now must be a time such as 2026-12-01T18:00:00Z"));
      return FALSE;
    }
  if (!rapportd_jobs_run (db, now, &report, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"escalated\":%u,\"expired\":%u,\"reclaimed\":%u,\"warned\":%u,\"reminded\":%u,\"auto_reminded\":%u,\"webhooks_due\":%u}",
                                                             report.escalated, report.expired,
                                                             report.reclaimed, report.warned, report.reminded,
                                                             report.cared, report.webhooks_due));
  return TRUE;
}
