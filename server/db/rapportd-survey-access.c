/* rapportd-survey-access.c: who may read a survey's results, responses and list of invitations */
#include "rapportd-survey-access.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* Results rest on every invitation of a survey, across reps, teams and
 * categories, and answers may name a rep: they are read by those who
 * oversee the service (administrators, directors, managers) and by
 * auditors, not filtered row by row. A rep sees the invitations of the
 * cases and contacts they may see (rapportd_survey_invitations_list()). */
static const char * const readers[] = { "admin", "director", "manager", "auditor", NULL };

/**
 * rapportd_survey_access_check_results:
 * @actor: who asks
 * @error: %CRM_ERROR_FORBIDDEN for another role
 *
 * Returns: whether @actor may read surveys' results and responses
 */
gboolean
rapportd_survey_access_check_results (const RapportdActor  *actor,
                                      GError              **error)
{
  g_return_val_if_fail (actor != NULL, FALSE);

  if (actor->role != NULL && g_strv_contains (readers, actor->role))
    return TRUE;
  g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
               _("Survey results are read by administrators, directors, managers and auditors"));
  return FALSE;
}
