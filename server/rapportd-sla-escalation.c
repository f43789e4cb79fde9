/* rapportd-sla-escalation.c: a breached service level escalated through the workflow engine, acknowledged with a signature */
#include "rapportd-sla-escalation.h"
#include "rapportd-approvals.h"
#include "crm-error.h"

/* whether the case has an escalation waiting already */
static gboolean
find_pending (RapportdDb  *db,
              gint64       case_id,
              gboolean    *pending,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM approvals WHERE entity = 'case' AND record_id = ? "
                                                 "AND state = 'pending' AND `trigger` = 'sla_breach' "
                                                 "LIMIT 1");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, case_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *pending = result->n_rows > 0;
  return TRUE;
}

/**
 * rapportd_sla_escalation_open:
 * @db: a connection inside the SLA job's transaction
 * @record: the case as stored, its breach just marked
 * @now: the job's clock
 * @approval_id: (out): the escalation opened, or 0 when none was
 * @error: return location for a #GError
 *
 * Starts the active workflow for a case's "sla_breach" (shipped: "SLA
 * escalation", the owner's manager, then the next manager up after four
 * hours), as the system: the people it names see it in their approvals
 * inbox and acknowledge the breach with their signature. A case with an
 * escalation still waiting gets no second one; a case whose workflow
 * finds nobody to acknowledge (no owner, an owner without a manager) gets
 * none, the job's notices alone.
 *
 * Returns: %FALSE on a database error
 */
gboolean
rapportd_sla_escalation_open (RapportdDb  *db,
                              CrmEntity   *record,
                              gint64       now,
                              gint64      *approval_id,
                              GError     **error)
{
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };
  g_autoptr(GError) local_error = NULL;
  gboolean pending = FALSE;

  *approval_id = 0;
  if (!find_pending (db, crm_entity_get_id (record), &pending, error))
    return FALSE;
  if (pending)
    return TRUE;
  if (rapportd_approvals_submit_at (db, &system, rapportd_approvals_gate ("case", "sla_breach"), record, now,
                                    approval_id, &local_error))
    return TRUE;
  /* the engine refuses before anything is written: nobody to acknowledge */
  if (g_error_matches (local_error, CRM_ERROR, CRM_ERROR_VALIDATION))
    {
      g_debug ("case %" G_GINT64_FORMAT ": no SLA escalation: %s", crm_entity_get_id (record), local_error->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * rapportd_sla_escalation_decided:
 * @db: a connection
 * @actor: who decided
 * @record: the case
 * @approved: whether the breach was acknowledged
 * @error: return location for a #GError
 *
 * An escalation changes nothing on the case: the signed acknowledgement
 * (or the refusal, with its reason) is the approval's own, audited and
 * kept with the case's approvals.
 *
 * Returns: %TRUE
 */
gboolean
rapportd_sla_escalation_decided (RapportdDb           *db,
                                 const RapportdActor  *actor,
                                 CrmEntity            *record,
                                 gboolean              approved,
                                 GError              **error)
{
  return TRUE;
}
