/* rapportd-jobs-due.c: the periodic jobs' claim of the cases whose next instant (an SLA's, a complaint report's) has passed */
#include "rapportd-jobs-due.h"
#include "rapportd-sql.h"
#include "rapportd-repo-private.h"
#include "crm-case.h"

/* Claims a batch of cases whose @column has passed, read whole: the rows
 * are locked, those another rapportd holds are skipped, and each judge
 * changes the row it was handed, so nothing is marked twice. */
static gboolean
run_batch (RapportdDb        *db,
           const char        *column,
           guint              batch,
           gint64             now,
           RapportdJudgeDue   judge,
           guint             *first,
           guint             *second,
           gboolean          *more,
           GError           **error)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_CASE);
  g_autofree char *at = rapportd_sql_format_time (now);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_repo_append_select (sql, klass);
  rapportd_sql_appendf (sql, " WHERE `%s` <= ? ORDER BY `%s`, id LIMIT %u FOR UPDATE SKIP LOCKED",
                        column, column, batch);
  rapportd_sql_add_text (sql, at);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *more = result->n_rows == batch;
  for (guint i = 0; i < result->n_rows; i++)
    {
      g_autoptr(CrmEntity) record = rapportd_repo_entity_from_row (CRM_TYPE_CASE, result, i, error);

      if (record == NULL || !judge (db, record, now, first, second, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_jobs_cases_due:
 * @db: a connection inside the job's transaction
 * @column: the cases' column holding their next instant, indexed
 * @batch: how many cases a statement claims
 * @max_batches: how many batches one run takes at most
 * @now: the job's time
 * @judge: what to do with each case claimed
 * @first: (out): the judge's first count, from 0
 * @second: (out): its second count, from 0
 * @error: return location for a #GError
 *
 * Judges the cases whose @column has passed @now, oldest first, in
 * batches until one comes back short.
 *
 * Returns: whether every judgement went through
 */
gboolean
rapportd_jobs_cases_due (RapportdDb        *db,
                         const char        *column,
                         guint              batch,
                         guint              max_batches,
                         gint64             now,
                         RapportdJudgeDue   judge,
                         guint             *first,
                         guint             *second,
                         GError           **error)
{
  gboolean more = TRUE;

  g_return_val_if_fail (db != NULL && column != NULL && judge != NULL && first != NULL && second != NULL, FALSE);

  *first = *second = 0;
  for (guint n = 0; more && n < max_batches; n++)
    if (!run_batch (db, column, batch, now, judge, first, second, &more, error))
      return FALSE;
  return TRUE;
}
