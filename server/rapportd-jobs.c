/* rapportd-jobs.c: the periodic jobs: approvals past their deadline escalate, documents past their date expire */
#include "rapportd-jobs.h"
#include "rapportd-activities.h"
#include "rapportd-approvals.h"
#include "rapportd-idempotency.h"
#include "rapportd-jobs-pool.h"
#include "rapportd-jobs-reminders.h"
#include "rapportd-jobs-care.h"
#include "rapportd-jobs-sla.h"
#include "rapportd-jobs-sla-recompute.h"
#include "rapportd-jobs-complaints.h"
#include "rapportd-lease.h"
#include "rapportd-presence.h"
#include "rapportd-repo.h"
#include "rapportd-webhook-outbox.h"
#include "rapportd-mail-outbox.h"
#include "crm-contract.h"
#include "crm-quote.h"

/* a sent quote past its valid-until date, an active contract past its end date */
static const struct
{
  GType     (*type) (void);
  const char *status;
  const char *date_field;
} expiring[] = {
  { crm_quote_get_type,    "sent",   "valid_until" },
  { crm_contract_get_type, "active", "end_date" },
};

static gboolean
expire (RapportdDb  *db,
        gint64       now,
        guint       *n_expired,
        GError     **error)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
  g_autofree char *today = g_date_time_format (when, "%Y-%m-%d");
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };

  for (guint e = 0; e < G_N_ELEMENTS (expiring); e++)
    {
      CrmEntityClass *klass = g_type_class_ref (expiring[e].type ());
      g_autofree char *query = g_strdup_printf ("SELECT id, version FROM `%s` WHERE status = ? AND `%s` < ? AND archived = 0",
                                                klass->collection, expiring[e].date_field);
      g_autoptr(RapportdSql) sql = rapportd_sql_new (query);
      g_autoptr(RapportdDbResult) result = NULL;

      rapportd_sql_add_text (sql, expiring[e].status);
      rapportd_sql_add_text (sql, today);
      result = rapportd_db_query (db, sql, error);
      for (guint i = 0; result != NULL && i < result->n_rows; i++)
        {
          g_autoptr(CrmEntity) patch = crm_entity_new (expiring[e].type ());
          g_autoptr(CrmEntity) stored = NULL;

          crm_entity_set_version (patch, g_ascii_strtoll (rapportd_db_result_get (result, i, 1), NULL, 10));
          crm_entity_set_text (patch, "status", "expired");
          stored = rapportd_repo_update_as_server (db, &system, g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10),
                                                   patch, error);
          if (stored == NULL)
            {
              g_clear_pointer (&result, rapportd_db_result_free);
              break;
            }
          (*n_expired)++;
        }
      g_type_class_unref (klass);
      if (result == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_jobs_run:
 * @db: a connection inside a transaction
 * @now: the time to judge deadlines and dates by
 * @report: (out caller-allocates): what was done
 * @error: return location for a #GError
 *
 * Runs every periodic job once, as of @now. Each change is audited, as
 * made by the system. Idempotency keys older than a day are forgotten,
 * and presence not renewed by @now (rapportd_presence_expire()) ends.
 * Webhook deliveries waiting out their backoff until @now are due at once;
 * those done with for 30 days are forgotten.
 */
gboolean
rapportd_jobs_run (RapportdDb          *db,
                   gint64               now,
                   RapportdJobsReport  *report,
                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  report->escalated = rapportd_approvals_escalate (db, now, &local_error);
  report->expired = 0;
  report->reclaimed = 0;
  report->warned = 0;
  report->reminded = 0;
  report->cared = 0;
  report->webhooks_due = 0;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return expire (db, now, &report->expired, error) &&
         rapportd_jobs_pool_run (db, now, &report->reclaimed, &report->warned, error) &&
         rapportd_activities_close (db, now, NULL, error) &&
         rapportd_jobs_reminders_run (db, now, &report->reminded, error) &&
         rapportd_jobs_care_run (db, now, &report->cared, error) &&
         /* open cases follow a changed policy or calendar before they are judged */
         rapportd_jobs_sla_recompute_run (db, NULL, NULL, error) &&
         rapportd_jobs_sla_run (db, now, NULL, NULL, error) &&
         rapportd_jobs_complaints_run (db, now, NULL, NULL, error) &&
         rapportd_idempotency_purge (db, now, NULL, error) &&
         rapportd_presence_expire (db, now, NULL, error) &&
         rapportd_webhook_outbox_make_due (db, now, &report->webhooks_due, error) &&
         rapportd_mail_outbox_make_due (db, now, error) &&
         rapportd_webhook_outbox_prune (db, now, error);
}

/* the timer's: who runs the jobs, how often, and how long one run holds
 * them for this rapportd */
typedef struct
{
  RapportdPool *pool;
  guint         lease_seconds;
  gboolean      busy;
  /* whether it held them at the last run: -1 before the first */
  gint          held;
} JobsTimer;

/* the run recorded under the lease, held on in its transaction, and runs
 * older than 30 days forgotten */
static gboolean
record_run (RapportdDb  *db,
            guint        lease_seconds,
            GError     **error)
{
  g_autoptr(RapportdSql) run = rapportd_sql_new ("INSERT INTO job_runs (name, holder, started_at) "
                                                 "VALUES ('periodic', ?, UTC_TIMESTAMP(6))");
  g_autoptr(RapportdSql) prune = rapportd_sql_new ("DELETE FROM job_runs WHERE started_at < UTC_TIMESTAMP(6) - INTERVAL 30 DAY");

  rapportd_sql_add_text (run, rapportd_lease_holder ());
  return rapportd_lease_hold (db, "job_leases", "periodic", lease_seconds, error) &&
         rapportd_db_execute (db, run, NULL, NULL, error) &&
         rapportd_db_execute (db, prune, NULL, NULL, error);
}

/* how long a timer's run goes on walking the open cases a changed SLA
 * policy or calendar concerns, a transaction a turn, after the other jobs */
#define RECOMPUTE_SECONDS 15

static void
recompute_on (RapportdDb *db)
{
  gint64 until = g_get_monotonic_time () + RECOMPUTE_SECONDS * G_USEC_PER_SEC;
  gboolean more = TRUE;

  while (more && g_get_monotonic_time () < until)
    {
      g_autoptr(GError) error = NULL;

      if (!rapportd_db_begin (db, &error) || !rapportd_jobs_sla_recompute_run (db, NULL, &more, &error) ||
          !rapportd_db_commit (db, &error))
        {
          rapportd_db_rollback (db);
          g_warning ("SLA recompute: %s", error ? error->message : "?");
          return;
        }
    }
}

static gboolean
jobs_work (RapportdDb *db,
           gpointer    data)
{
  JobsTimer *timer = data;
  g_autoptr(GError) error = NULL;
  RapportdJobsReport report;
  gboolean held = FALSE;

  if (db == NULL)
    return TRUE;
  /* one rapportd of a cluster runs them: the lease's holder */
  if (!rapportd_lease_take (db, "job_leases", "periodic", timer->lease_seconds, &held, &error))
    {
      g_warning ("periodic jobs: %s", error->message);
      return TRUE;
    }
  if ((gint) held != timer->held)
    g_message (held ? "Periodic jobs: this rapportd (%s) runs them" : "Periodic jobs: another rapportd runs them, not %s",
               rapportd_lease_holder ());
  timer->held = held;
  if (!held || !rapportd_db_begin (db, &error))
    return TRUE;
  if (!record_run (db, timer->lease_seconds, &error) || !rapportd_jobs_run (db, g_get_real_time (), &report, &error) ||
      !rapportd_db_commit (db, &error))
    {
      rapportd_db_rollback (db);
      g_warning ("periodic jobs: %s", error ? error->message : "?");
      return TRUE;
    }
  if (report.escalated + report.expired + report.reclaimed + report.warned + report.reminded + report.cared > 0)
    g_message ("Escalated %u approval(s), expired %u document(s), reclaimed %u record(s) into their pool, warned of %u, "
               "told %u task reminder(s) and %u automatic reminder(s)",
               report.escalated, report.expired, report.reclaimed, report.warned, report.reminded, report.cared);
  recompute_on (db);
  return TRUE;
}

static void
jobs_done (gpointer data,
           gboolean ran)
{
  JobsTimer *timer = data;

  timer->busy = FALSE;
}

static gboolean
jobs_tick (gpointer data)
{
  JobsTimer *timer = data;

  if (!timer->busy)
    {
      timer->busy = TRUE;
      rapportd_pool_push (timer->pool, jobs_work, jobs_done, timer);
    }
  return G_SOURCE_CONTINUE;
}

/**
 * rapportd_jobs_start:
 * @pool: the worker pool (not owned)
 * @interval_seconds: how often they run
 * @lease_seconds: how long after its last run a rapportd that stopped
 *   holds the jobs from the others of its cluster (0, or no more than
 *   @interval_seconds: three intervals)
 *
 * Runs the periodic jobs every @interval_seconds on the rapportd of a
 * cluster that holds their lease (job_leases), which it renews at each
 * run; another takes it once it has expired.
 *
 * Returns: the timer's source id, for g_source_remove()
 */
guint
rapportd_jobs_start (RapportdPool *pool,
                     guint         interval_seconds,
                     guint         lease_seconds)
{
  /* one a process: a run still in the pool when the timer stops may end
   * after it */
  static JobsTimer timer;

  g_return_val_if_fail (pool != NULL && interval_seconds > 0, 0);

  timer.pool = pool;
  timer.held = -1;
  /* a lease no longer than the interval would lapse between two runs */
  timer.lease_seconds = lease_seconds > interval_seconds ? lease_seconds : 3 * interval_seconds;
  return g_timeout_add_seconds (interval_seconds, jobs_tick, &timer);
}
