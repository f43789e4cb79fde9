/* rapportd-pipeline-summary.c: how the funnel and the forecast read the sums that each opportunity write keeps */

/* The sums (pipeline_summary, pipeline_stage_summary) are kept by the
 * database's triggers on opportunities and opportunity_stage_history
 * (schemas/sql/024-pipeline-summary.sql), in the very statement that
 * changes a record: every write counts, whichever code or tool makes it. */
#include "rapportd-pipeline-summary.h"

/* YYYYMM of a date, and whether it is the first (@last: the last) day of its month */
static gboolean
month_bound (const char *date,
             gboolean    last,
             int        *month)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_parse (&day, date);
  if (!g_date_valid (&day))
    return FALSE;
  *month = g_date_get_year (&day) * 100 + g_date_get_month (&day);
  return last ? g_date_is_last_of_month (&day) : g_date_get_day (&day) == 1;
}

/**
 * rapportd_pipeline_summary_months:
 * @filter: the period asked for
 * @from_month: (out): its first month (YYYYMM), 0 for open-ended
 * @to_month: (out): its last month, 0 for open-ended
 *
 * The sums are kept by month: they answer a period of whole months (from
 * the first day of one to the last day of another, either open-ended).
 *
 * Returns: whether the sums answer @filter's period
 */
gboolean
rapportd_pipeline_summary_months (const RapportdPipelineFilter *filter,
                                  int                          *from_month,
                                  int                          *to_month)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  *from_month = *to_month = 0;
  return (filter->from == NULL || month_bound (filter->from, FALSE, from_month)) &&
         (filter->to == NULL || month_bound (filter->to, TRUE, to_month));
}

/* AND (the owners @actor sees by their scope, on @column); nothing for a company scope */
static void
append_owner_scope (RapportdSql         *sql,
                    const RapportdActor *actor,
                    const char          *column)
{
  const char *scope = actor && actor->scopes ? rapportd_actor_scope (actor, "opportunity") : "company";

  if (g_str_equal (scope, "company"))
    return;
  if (!g_str_equal (scope, "own") && !g_str_equal (scope, "team"))
    {
      rapportd_sql_append (sql, " AND FALSE");
      return;
    }
  rapportd_sql_appendf (sql, " AND (%s = ?", column);
  rapportd_sql_add_int (sql, actor->user_id);
  if (g_str_equal (scope, "team") && actor->team_id > 0)
    {
      rapportd_sql_appendf (sql, " OR %s IN (SELECT u.id FROM users u WHERE u.team_id IN ("
                            "WITH RECURSIVE subtree (id) AS (SELECT ? UNION ALL "
                            "SELECT t.id FROM teams t JOIN subtree ON t.parent_id = subtree.id) "
                            "SELECT id FROM subtree))", column);
      rapportd_sql_add_int (sql, actor->team_id);
    }
  rapportd_sql_append (sql, ")");
}

/**
 * rapportd_pipeline_summary_append_where:
 * @sql: a statement reading pipeline_summary or pipeline_stage_summary, at
 *   its WHERE
 * @actor: who asks
 * @filter: the pipeline, owner and team asked for
 * @month_column: the month column the period bounds
 * @from_month: from rapportd_pipeline_summary_months()
 * @to_month: from rapportd_pipeline_summary_months()
 *
 * Appends the rows of @filter's pipeline, owner, team and months, for the
 * owners @actor sees by their role's scope (own, team or company).  What
 * they see through shares of other owners' records is not there: see
 * rapportd_pipeline_append_shared().
 */
void
rapportd_pipeline_summary_append_where (RapportdSql                  *sql,
                                        const RapportdActor          *actor,
                                        const RapportdPipelineFilter *filter,
                                        const char                   *month_column,
                                        int                           from_month,
                                        int                           to_month)
{
  g_return_if_fail (sql != NULL && filter != NULL && month_column != NULL);

  rapportd_sql_append (sql, " pipeline_id = ?");
  rapportd_sql_add_int (sql, filter->pipeline_id);
  rapportd_pipeline_append_filter (sql, filter, NULL, NULL);
  if (from_month > 0)
    rapportd_sql_appendf (sql, " AND %s >= %d", month_column, from_month);
  if (to_month > 0)
    rapportd_sql_appendf (sql, " AND %s <= %d", month_column, to_month);
  append_owner_scope (sql, actor, "owner_id");
}

/**
 * rapportd_pipeline_append_shared:
 * @sql: a statement at a FROM
 * @actor: who asks
 * @filter: the pipeline, owner, team and period asked for
 * @columns: the columns of `opportunities` to select
 * @condition: (nullable): a further condition on those rows
 * @period_column: (nullable): the column or expression @filter's from and
 *   to bound, %NULL for none
 *
 * Appends `(SELECT @columns FROM opportunities …) o` like
 * rapportd_pipeline_append_visible(), but only the opportunities @actor
 * sees through shares and not by the owners of their scope: what the sums
 * of rapportd_pipeline_summary_append_where() leave out, read from the
 * shared records alone.
 */
void
rapportd_pipeline_append_shared (RapportdSql                  *sql,
                                 const RapportdActor          *actor,
                                 const RapportdPipelineFilter *filter,
                                 const char                   *columns,
                                 const char                   *condition,
                                 const char                   *period_column)
{
  const char *scope = actor && actor->scopes ? rapportd_actor_scope (actor, "opportunity") : "company";

  g_return_if_fail (sql != NULL && filter != NULL && columns != NULL);

  if (g_str_equal (scope, "company"))
    {
      rapportd_sql_appendf (sql, "(SELECT %s FROM opportunities WHERE FALSE) o", columns);
      return;
    }
  rapportd_sql_appendf (sql, "(SELECT %s FROM (SELECT DISTINCT s.record_id FROM shares s WHERE s.entity = 'opportunity' "
                        "AND (s.user_id = ? OR s.team_id = ?) AND (s.until IS NULL OR s.until > UTC_TIMESTAMP(6))) sh "
                        "JOIN opportunities ON opportunities.id = sh.record_id WHERE archived = 0 AND pipeline_id = ?",
                        columns);
  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_int (sql, actor->team_id);
  rapportd_sql_add_int (sql, filter->pipeline_id);
  rapportd_pipeline_append_filter (sql, filter, condition, period_column);
  /* the owners the sums count already */
  rapportd_sql_append (sql, " AND NOT (TRUE");
  append_owner_scope (sql, actor, "COALESCE(owner_id, 0)");
  rapportd_sql_append (sql, ")) o");
}
