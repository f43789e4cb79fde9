/* rapportd-jobs.c: the periodic jobs: approvals past their deadline escalate, documents past their date expire */
#include "rapportd-jobs.h"
#include "rapportd-activities.h"
#include "rapportd-approvals.h"
#include "rapportd-idempotency.h"
#include "rapportd-jobs-pool.h"
#include "rapportd-jobs-reminders.h"
#include "rapportd-jobs-care.h"
#include "rapportd-presence.h"
#include "rapportd-repo.h"
#include "rapportd-webhook-outbox.h"
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
         rapportd_idempotency_purge (db, now, NULL, error) &&
         rapportd_presence_expire (db, now, NULL, error) &&
         rapportd_webhook_outbox_make_due (db, now, &report->webhooks_due, error) &&
         rapportd_webhook_outbox_prune (db, now, error);
}

static gboolean jobs_busy;

static gboolean
jobs_work (RapportdDb *db,
           gpointer    data)
{
  g_autoptr(GError) error = NULL;
  RapportdJobsReport report;

  if (db == NULL || !rapportd_db_begin (db, &error))
    return TRUE;
  if (!rapportd_jobs_run (db, g_get_real_time (), &report, &error) || !rapportd_db_commit (db, &error))
    {
      rapportd_db_rollback (db);
      g_warning ("periodic jobs: %s", error ? error->message : "?");
    }
  else if (report.escalated + report.expired + report.reclaimed + report.warned + report.reminded + report.cared > 0)
    g_message ("Escalated %u approval(s), expired %u document(s), reclaimed %u record(s) into their pool, warned of %u, "
               "told %u task reminder(s) and %u automatic reminder(s)",
               report.escalated, report.expired, report.reclaimed, report.warned, report.reminded, report.cared);
  return TRUE;
}

static void
jobs_done (gpointer data,
           gboolean ran)
{
  jobs_busy = FALSE;
}

static gboolean
jobs_tick (gpointer data)
{
  if (!jobs_busy)
    {
      jobs_busy = TRUE;
      rapportd_pool_push (data, jobs_work, jobs_done, NULL);
    }
  return G_SOURCE_CONTINUE;
}

/**
 * rapportd_jobs_start:
 * @pool: the worker pool (not owned)
 *
 * Runs the periodic jobs once a minute.
 *
 * Returns: the timer's source id
 */
guint
rapportd_jobs_start (RapportdPool *pool)
{
  return g_timeout_add_seconds (60, jobs_tick, pool);
}
