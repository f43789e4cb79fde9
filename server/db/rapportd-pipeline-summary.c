/* rapportd-pipeline-summary.c: how the funnel and the forecast read the sums that each opportunity write keeps */

/* The sums (pipeline_summary, pipeline_stage_summary) are kept by the
 * database's triggers on opportunities and opportunity_stage_history
 * (schemas/sql/024-pipeline-summary.sql), in the very statement that
 * changes a record: every write counts, whichever code or tool makes it. */
#include "rapportd-pipeline-summary.h"

#include <string.h>

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

/* "id,id,…" of the users in team @team_id and the teams below it ("" for none), after @first when > 0 */
static char *
team_members (RapportdDb  *db,
              gint64       team_id,
              gint64       first,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("WITH RECURSIVE subtree (id) AS (SELECT ? UNION ALL "
                                                 "SELECT t.id FROM teams t JOIN subtree ON t.parent_id = subtree.id) "
                                                 "SELECT u.id FROM users u WHERE u.team_id IN (SELECT id FROM subtree) "
                                                 "ORDER BY u.id");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);

  if (first > 0)
    g_string_append_printf (ids, "%" G_GINT64_FORMAT, first);
  if (team_id <= 0)
    return g_string_free (g_steal_pointer (&ids), FALSE);
  rapportd_sql_add_int (sql, team_id);
  if ((rows = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return NULL;
  for (guint i = 0; i < rows->n_rows; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len ? "," : "",
                            g_ascii_strtoll (rapportd_db_result_get (rows, i, 0), NULL, 10));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/**
 * rapportd_pipeline_owners_init:
 * @owners: (out caller-allocates): cleared with rapportd_pipeline_owners_clear()
 * @db: a connection
 * @actor: who asks
 * @filter: the team asked for, if any
 * @error: return location for a #GError
 *
 * Resolves once, to lists of user ids, the owners @actor sees by their
 * role's scope (own: themselves; team: themselves and the members of their
 * team and the teams below it; company: everyone) and the members of
 * @filter's team, so that the sums are read by a range of their key.
 */
gboolean
rapportd_pipeline_owners_init (RapportdPipelineOwners        *owners,
                               RapportdDb                    *db,
                               const RapportdActor           *actor,
                               const RapportdPipelineFilter  *filter,
                               GError                       **error)
{
  const char *scope = actor && actor->scopes ? rapportd_actor_scope (actor, "opportunity") : "company";

  g_return_val_if_fail (owners != NULL && db != NULL && filter != NULL, FALSE);

  memset (owners, 0, sizeof *owners);
  owners->all = g_str_equal (scope, "company");
  if (g_str_equal (scope, "own"))
    owners->scope_ids = g_strdup_printf ("%" G_GINT64_FORMAT, actor->user_id);
  else if (g_str_equal (scope, "team"))
    owners->scope_ids = team_members (db, actor->team_id, actor->user_id, error);
  else if (!owners->all)
    owners->scope_ids = g_strdup ("");
  if (!owners->all && owners->scope_ids == NULL)
    return FALSE;
  if (filter->team_id > 0 && (owners->team_ids = team_members (db, filter->team_id, 0, error)) == NULL)
    return FALSE;
  return TRUE;
}

void
rapportd_pipeline_owners_clear (RapportdPipelineOwners *owners)
{
  g_clear_pointer (&owners->scope_ids, g_free);
  g_clear_pointer (&owners->team_ids, g_free);
}

/* AND @column IN (@ids), FALSE for none */
static void
append_in (RapportdSql *sql,
           const char  *column,
           const char  *ids)
{
  if (ids[0] == '\0')
    rapportd_sql_append (sql, " AND FALSE");
  else
    rapportd_sql_appendf (sql, " AND %s IN (%s)", column, ids);
}

/**
 * rapportd_pipeline_summary_append_where:
 * @sql: a statement reading pipeline_summary or pipeline_stage_summary, at
 *   its WHERE
 * @owners: the owners resolved by rapportd_pipeline_owners_init()
 * @filter: the pipeline and owner asked for (the team is in @owners)
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
                                        const RapportdPipelineOwners *owners,
                                        const RapportdPipelineFilter *filter,
                                        const char                   *month_column,
                                        int                           from_month,
                                        int                           to_month)
{
  g_return_if_fail (sql != NULL && owners != NULL && filter != NULL && month_column != NULL);

  rapportd_sql_append (sql, " pipeline_id = ?");
  rapportd_sql_add_int (sql, filter->pipeline_id);
  if (!owners->all)
    append_in (sql, "owner_id", owners->scope_ids);
  if (filter->owner_id > 0)
    {
      rapportd_sql_append (sql, " AND owner_id = ?");
      rapportd_sql_add_int (sql, filter->owner_id);
    }
  if (owners->team_ids != NULL)
    append_in (sql, "owner_id", owners->team_ids);
  if (from_month > 0)
    rapportd_sql_appendf (sql, " AND %s >= %d", month_column, from_month);
  if (to_month > 0)
    rapportd_sql_appendf (sql, " AND %s <= %d", month_column, to_month);
}

/**
 * rapportd_pipeline_append_shared:
 * @sql: a statement at a FROM
 * @actor: who asks
 * @owners: the owners resolved by rapportd_pipeline_owners_init()
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
                                 const RapportdPipelineOwners *owners,
                                 const RapportdPipelineFilter *filter,
                                 const char                   *columns,
                                 const char                   *condition,
                                 const char                   *period_column)
{
  g_return_if_fail (sql != NULL && owners != NULL && filter != NULL && columns != NULL);

  if (owners->all)
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
  if (owners->scope_ids[0] != '\0')
    rapportd_sql_appendf (sql, " AND COALESCE(owner_id, 0) NOT IN (%s)", owners->scope_ids);
  rapportd_sql_append (sql, ") o");
}
