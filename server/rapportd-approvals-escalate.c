/* rapportd-approvals-escalate.c: approvals past their step's deadline go one manager further up: the instant each approval keeps, and the periodic job that reads only those past it */
#include "rapportd-approvals-escalate.h"
#include "rapportd-approvals.h"
#include "rapportd-repo-memo.h"
#include "crm-error.h"

/* when the current step is due to escalate, 0 for never: a decided
 * request, a step without a deadline, or one that does not escalate */
gint64
rapportd_approvals_escalation_due (CrmWorkflowInstance *instance)
{
  int step = crm_workflow_instance_is_final (instance) ? -1 : crm_workflow_instance_get_current_step (instance);
  const CrmWorkflowStep *spec = step >= 0
    ? crm_workflow_definition_get_step (crm_workflow_instance_get_definition (instance), step) : NULL;

  if (spec == NULL || spec->escalate == CRM_WORKFLOW_ESCALATE_NONE)
    return 0;
  return MAX (crm_workflow_instance_get_step_deadline (instance, step), 0);
}

/* binds the approvals row's escalate_at: the instant, or NULL for never */
void
rapportd_approvals_add_escalate_at (RapportdSql *sql,
                                    gint64       due)
{
  g_autofree char *text = due > 0 ? rapportd_sql_format_time (due) : NULL;

  if (text != NULL)
    rapportd_sql_add_text (sql, text);
  else
    rapportd_sql_add_null (sql);
}

/* keeps an approval's escalate_at at @due (0: NULL) */
static gboolean
keep_escalate_at (RapportdDb  *db,
                  gint64       approval_id,
                  gint64       due,
                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE approvals SET escalate_at = ? WHERE id = ?");

  rapportd_approvals_add_escalate_at (sql, due);
  rapportd_sql_add_int (sql, approval_id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

static guint
escalate_due (RapportdDb  *db,
              gint64       now,
              GError     **error)
{
  g_autofree char *at = rapportd_sql_format_time (now);
  /* locked, so that nobody moves a request on between this read and its
   * escalation; one being acted on now is left to the next run */
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, instance FROM approvals WHERE escalate_at <= ? "
                                                 "ORDER BY escalate_at, id FOR UPDATE SKIP LOCKED");
  g_autoptr(RapportdDbResult) result = NULL;
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };
  CrmWorkflowAction escalate = { CRM_WORKFLOW_ACTION_ESCALATE };
  guint n = 0;

  rapportd_sql_add_text (sql, at);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return 0;
  for (guint i = 0; i < result->n_rows; i++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10);
      g_autoptr(CrmWorkflowInstance) instance = crm_workflow_instance_new_from_data (rapportd_db_result_get (result, i, 1), -1, NULL);
      gint64 due = instance ? rapportd_approvals_escalation_due (instance) : 0;
      g_autoptr(GError) refused = NULL;
      guint hours;

      if (due > 0 && due <= now)
        {
          /* forget an earlier statement's lock error: only apply()'s counts */
          rapportd_db_take_retryable (db);
          if (!rapportd_db_exec (db, "SAVEPOINT escalation", error))
            return n;
          if (rapportd_approvals_act (db, &system, id, &escalate, NULL, now, &refused))
            {
              n++;
              continue;
            }
          /* the database failed (a deadlock ends the whole transaction): the
           * run fails and runs again; the rest is the engine refusing
           * (nobody further up the chain, a clock behind the request's) */
          if (rapportd_db_take_retryable (db) || g_error_matches (refused, CRM_ERROR, CRM_ERROR_UNAVAILABLE) ||
              g_error_matches (refused, CRM_ERROR, CRM_ERROR_INSUFFICIENT_STORAGE))
            {
              g_propagate_error (error, g_steal_pointer (&refused));
              return n;
            }
          if (!rapportd_db_exec (db, "ROLLBACK TO SAVEPOINT escalation", error))
            return n;
          g_message ("Approval %" G_GINT64_FORMAT " does not escalate now: %s", id, refused->message);
          /* tried again a deadline later */
          hours = crm_workflow_definition_get_step (crm_workflow_instance_get_definition (instance),
                                                    crm_workflow_instance_get_current_step (instance))->deadline_hours;
          due = hours > 0 ? now + (gint64) hours * 3600 * G_USEC_PER_SEC : 0;
        }
      if (!keep_escalate_at (db, id, due, error))
        return n;
    }
  return n;
}

/**
 * rapportd_approvals_escalate:
 * @db: a connection inside a transaction
 * @now: the time to judge deadlines by
 * @error: return location for a #GError
 *
 * Every pending approval whose current step is past its deadline and
 * escalates goes to the next manager up, the escalation logged. Only the
 * approvals whose escalate_at has passed are read (an index range). One
 * with nobody further up the management chain stays with those who have
 * it and is tried again a deadline later (a manager may have been named
 * meanwhile), and so does one the engine refuses for another reason (a
 * clock behind the request's), its refusal logged and nothing of it kept;
 * a database error fails the run. One whose instant was not known (a
 * pending approval from before migration 067) has it worked out and kept.
 * The approvals are read locked; one locked by someone acting on it is
 * left to the next run.
 *
 * Returns: how many were escalated
 */
guint
rapportd_approvals_escalate (RapportdDb  *db,
                             gint64       now,
                             GError     **error)
{
  guint n;

  /* the managers each escalation looks up are read once a run (rapportd-repo-memo.h) */
  rapportd_repo_memo_begin ();
  n = escalate_due (db, now, error);
  rapportd_repo_memo_end ();
  return n;
}
