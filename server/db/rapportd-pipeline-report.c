/* rapportd-pipeline-report.c: the funnel and the stale deals of a pipeline, and what its reports share */
#include "rapportd-pipeline-report.h"
#include "rapportd-pipeline-summary.h"
#include "rapportd-repo-private.h"
#include "crm-error.h"
#include "crm-forecast.h"
#include "crm-json.h"
#include "crm-opportunity.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

void
rapportd_pipeline_filter_clear (RapportdPipelineFilter *filter)
{
  g_clear_pointer (&filter->from, g_free);
  g_clear_pointer (&filter->to, g_free);
}

/* the day after @date (YYYY-MM-DD), so that "to" includes its whole day */
static char *
day_after (const char *date)
{
  GDate day;
  char text[16];

  g_date_clear (&day, 1);
  g_date_set_parse (&day, date);
  g_return_val_if_fail (g_date_valid (&day), g_strdup (date));
  g_date_add_days (&day, 1);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
  return g_strdup (text);
}

/**
 * rapportd_pipeline_append_filter:
 * @sql: a statement inside the WHERE of a query on `opportunities` (or on
 *   the sums, which have an `owner_id` too)
 * @filter: the owner, team and period asked for
 * @condition: (nullable): a further condition
 * @period_column: (nullable): the column or expression @filter's from and
 *   to bound, %NULL for none
 *
 * Appends ` AND …` for @condition and @filter's owner, team and period.
 */
void
rapportd_pipeline_append_filter (RapportdSql                  *sql,
                                 const RapportdPipelineFilter *filter,
                                 const char                   *condition,
                                 const char                   *period_column)
{
  g_return_if_fail (sql != NULL && filter != NULL);

  if (condition != NULL)
    rapportd_sql_appendf (sql, " AND (%s)", condition);
  if (filter->owner_id > 0)
    {
      rapportd_sql_append (sql, " AND owner_id = ?");
      rapportd_sql_add_int (sql, filter->owner_id);
    }
  if (filter->team_id > 0)
    {
      rapportd_sql_append (sql, " AND owner_id IN (SELECT u.id FROM users u WHERE u.team_id IN ("
                           "WITH RECURSIVE subtree (id) AS (SELECT ? UNION ALL "
                           "SELECT t.id FROM teams t JOIN subtree ON t.parent_id = subtree.id) "
                           "SELECT id FROM subtree))");
      rapportd_sql_add_int (sql, filter->team_id);
    }
  if (period_column != NULL && filter->from != NULL)
    {
      rapportd_sql_appendf (sql, " AND %s >= ?", period_column);
      rapportd_sql_add_text (sql, filter->from);
    }
  if (period_column != NULL && filter->to != NULL)
    {
      g_autofree char *end = day_after (filter->to);

      rapportd_sql_appendf (sql, " AND %s < ?", period_column);
      rapportd_sql_add_text (sql, end);
    }
}

/**
 * rapportd_pipeline_append_visible:
 * @sql: a statement at a FROM
 * @actor: who asks
 * @filter: the pipeline, owner, team and period asked for
 * @columns: the columns of `opportunities` to select
 * @condition: (nullable): a further condition on those rows
 * @period_column: (nullable): the column or expression @filter's from and to
 *   bound, %NULL for none
 *
 * Appends `(SELECT @columns FROM opportunities WHERE …) o`: the
 * opportunities of the pipeline, not archived, that @actor may see, by the
 * very condition the lists use (rapportd_repo_append_scope()), within the
 * owner, team and period of @filter.
 */
void
rapportd_pipeline_append_visible (RapportdSql                  *sql,
                                  const RapportdActor          *actor,
                                  const RapportdPipelineFilter *filter,
                                  const char                   *columns,
                                  const char                   *condition,
                                  const char                   *period_column)
{
  CrmEntityClass *klass = g_type_class_ref (CRM_TYPE_OPPORTUNITY);

  g_return_if_fail (sql != NULL && filter != NULL && columns != NULL);

  rapportd_sql_appendf (sql, "(SELECT %s FROM opportunities WHERE archived = 0 AND pipeline_id = ?", columns);
  rapportd_sql_add_int (sql, filter->pipeline_id);
  rapportd_pipeline_append_filter (sql, filter, condition, period_column);
  rapportd_repo_append_scope (sql, klass, actor, FALSE);
  rapportd_sql_append (sql, ") o");
  g_type_class_unref (klass);
}

/**
 * rapportd_pipeline_parse_money:
 * @sum: (nullable): a DECIMAL sum from the database, %NULL for none
 * @out: (out): the amount at %CRM_FORECAST_SCALE, 0.00 for %NULL
 * @error: return location for a #GError
 *
 * Returns: %FALSE when the sum does not fit a #CrmMoney
 */
gboolean
rapportd_pipeline_parse_money (const char  *sum,
                               CrmMoney    *out,
                               GError     **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return crm_money_parse (sum ? sum : "0", CRM_FORECAST_SCALE, out, error);
}

/**
 * rapportd_pipeline_add_money:
 * @builder: a builder inside an object
 * @member: the member's name
 * @sum: (nullable): a DECIMAL sum from the database
 * @error: return location for a #GError
 *
 * Adds @sum as a decimal string at %CRM_FORECAST_SCALE ("0.00" for none).
 */
gboolean
rapportd_pipeline_add_money (JsonBuilder  *builder,
                             const char   *member,
                             const char   *sum,
                             GError      **error)
{
  g_autofree char *text = NULL;
  CrmMoney amount;

  g_return_val_if_fail (JSON_IS_BUILDER (builder), FALSE);

  if (!rapportd_pipeline_parse_money (sum, &amount, error))
    return FALSE;
  text = crm_money_to_string (amount);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
  return TRUE;
}

static gint64
cell_int (RapportdDbResult *result,
          guint             row,
          guint             col)
{
  const char *text = rapportd_db_result_get (result, row, col);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* the row of @result whose first cell is @stage_id, or -1 */
static int
row_of_stage (RapportdDbResult *result,
              const char       *stage_id)
{
  for (guint i = 0; result && i < result->n_rows; i++)
    if (g_strcmp0 (rapportd_db_result_get (result, i, 0), stage_id) == 0)
      return (int) i;
  return -1;
}

static RapportdDbResult *
query_stages (RapportdDb  *db,
              gint64       pipeline_id,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, name, kind, probability FROM pipeline_stages "
                                                 "WHERE pipeline_id = ? AND archived = 0 ORDER BY position, id");

  rapportd_sql_add_int (sql, pipeline_id);
  return rapportd_db_query (db, sql, error);
}

/* the index of the stage a stage's conversion counts toward: the next open
 * stage, or after the last open stage the won one; -1 for a closing stage */
static int
next_stage (RapportdDbResult *stages,
            guint             index)
{
  if (g_strcmp0 (rapportd_db_result_get (stages, index, 2), "open") != 0)
    return -1;
  for (guint i = index + 1; i < stages->n_rows; i++)
    if (g_strcmp0 (rapportd_db_result_get (stages, i, 2), "open") == 0)
      return (int) i;
  for (guint i = 0; i < stages->n_rows; i++)
    if (g_strcmp0 (rapportd_db_result_get (stages, i, 2), "won") == 0)
      return (int) i;
  return -1;
}

static void
add_funnel_stage (JsonBuilder      *builder,
                  RapportdDbResult *stages,
                  guint             index,
                  RapportdDbResult *current,
                  RapportdDbResult *history,
                  GError          **error)
{
  const char *id = rapportd_db_result_get (stages, index, 0);
  int now = row_of_stage (current, id);
  int past = row_of_stage (history, id);
  int next = next_stage (stages, index);
  g_autofree char *days = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "stage_id");
  json_builder_add_int_value (builder, cell_int (stages, index, 0));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, rapportd_db_result_get (stages, index, 1));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, rapportd_db_result_get (stages, index, 2));
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, now < 0 ? 0 : cell_int (current, now, 1));
  if (!rapportd_pipeline_add_money (builder, "amount", now < 0 ? NULL : rapportd_db_result_get (current, now, 2), error) ||
      !rapportd_pipeline_add_money (builder, "weighted", now < 0 ? NULL : rapportd_db_result_get (current, now, 3), error))
    return;
  json_builder_set_member_name (builder, "reached");
  json_builder_add_int_value (builder, past < 0 ? 0 : cell_int (history, past, 1));
  json_builder_set_member_name (builder, "conversion");
  if (next < 0)
    json_builder_add_null_value (builder);
  else
    {
      int to = row_of_stage (history, rapportd_db_result_get (stages, next, 0));

      json_builder_begin_object (builder);
      crm_ratio_build_json (crm_ratio_new (to < 0 ? 0 : cell_int (history, to, 1),
                                           past < 0 ? 0 : cell_int (history, past, 1)), builder);
      json_builder_end_object (builder);
    }
  days = past < 0 ? NULL : crm_forecast_average_days (cell_int (history, past, 2), cell_int (history, past, 3));
  json_builder_set_member_name (builder, "avg_days_in_stage");
  if (days != NULL)
    json_builder_add_string_value (builder, days);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* the funnel from its two queries: per stage now, and per stage reached;
 * prepared for one run, their text naming the owners read */
static gboolean
build_funnel (RapportdDb                    *db,
              const RapportdPipelineFilter  *filter,
              RapportdSql                   *now_sql,
              RapportdSql                   *past_sql,
              JsonBuilder                   *builder,
              GError                       **error)
{
  g_autoptr(RapportdDbResult) stages = NULL;
  g_autoptr(RapportdDbResult) current = NULL;
  g_autoptr(RapportdDbResult) history = NULL;

  if ((stages = query_stages (db, filter->pipeline_id, error)) == NULL ||
      (current = rapportd_db_query_uncached (db, now_sql, error)) == NULL ||
      (history = rapportd_db_query_uncached (db, past_sql, error)) == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stages->n_rows; i++)
    {
      g_autoptr(GError) local = NULL;

      add_funnel_stage (builder, stages, i, current, history, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  json_builder_end_array (builder);
  return TRUE;
}

/**
 * rapportd_pipeline_report_funnel_direct:
 * @db: a connection
 * @actor: who asks: only the opportunities they may see count
 * @filter: pipeline, owner, team; the period bounds `created_at`
 * @builder: a builder inside an object, which gets `stages`
 * @error: return location for a #GError
 *
 * rapportd_pipeline_report_funnel() from the opportunities and their stage
 * history themselves, every one of them read: what the sums must equal.
 */
gboolean
rapportd_pipeline_report_funnel_direct (RapportdDb                    *db,
                                        const RapportdActor           *actor,
                                        const RapportdPipelineFilter  *filter,
                                        JsonBuilder                   *builder,
                                        GError                       **error)
{
  g_autoptr(RapportdSql) now_sql = rapportd_sql_new ("SELECT o.stage_id, COUNT(*), SUM(o.amount_base), "
                                                     "SUM(ROUND(o.amount_base * o.probability / 100, 2)) FROM ");
  g_autoptr(RapportdSql) past_sql = rapportd_sql_new ("SELECT h.stage_id, COUNT(DISTINCT h.opportunity_id), "
                                                      "SUM(IF(h.left_at IS NULL, 0, TIMESTAMPDIFF(SECOND, h.entered_at, h.left_at))), "
                                                      "COUNT(h.left_at) FROM ");

  g_return_val_if_fail (db != NULL && filter != NULL, FALSE);
  g_return_val_if_fail (JSON_IS_BUILDER (builder), FALSE);

  rapportd_pipeline_append_visible (now_sql, actor, filter, "stage_id, amount_base, probability", NULL, "created_at");
  rapportd_sql_append (now_sql, " GROUP BY o.stage_id");
  rapportd_pipeline_append_visible (past_sql, actor, filter, "id", NULL, "created_at");
  rapportd_sql_append (past_sql, " JOIN opportunity_stage_history h ON h.opportunity_id = o.id GROUP BY h.stage_id");
  return build_funnel (db, filter, now_sql, past_sql, builder, error);
}

/**
 * rapportd_pipeline_report_funnel:
 * @db: a connection
 * @actor: who asks: only the opportunities they may see count
 * @filter: pipeline, owner, team; the period bounds `created_at`
 * @builder: a builder inside an object, which gets `stages`
 * @error: return location for a #GError
 *
 * For each stage of the pipeline in order: `count`, `amount` and `weighted`
 * (Σ round(amount_base × probability / 100, 2)) of the opportunities in it
 * now; `reached`, how many ever entered it (its stage history);
 * `conversion`, reached by the next open stage (after the last open stage,
 * the won stage) over reached by this one; and `avg_days_in_stage`, the
 * average of the finished stays in it.
 *
 * Read from the sums kept per owner and month (pipeline_summary,
 * pipeline_stage_summary) for the owners @actor sees, and from the
 * records themselves for those seen through shares; a period that is not
 * whole months reads every record (rapportd_pipeline_report_funnel_direct()).
 */
gboolean
rapportd_pipeline_report_funnel (RapportdDb                    *db,
                                 const RapportdActor           *actor,
                                 const RapportdPipelineFilter  *filter,
                                 JsonBuilder                   *builder,
                                 GError                       **error)
{
  g_autoptr(RapportdSql) now_sql = NULL;
  g_autoptr(RapportdSql) past_sql = NULL;
  g_auto(RapportdPipelineOwners) owners = { 0 };
  int from_month, to_month;

  g_return_val_if_fail (db != NULL && filter != NULL, FALSE);
  g_return_val_if_fail (JSON_IS_BUILDER (builder), FALSE);

  if (!rapportd_pipeline_summary_months (filter, &from_month, &to_month))
    return rapportd_pipeline_report_funnel_direct (db, actor, filter, builder, error);
  if (!rapportd_pipeline_owners_init (&owners, db, actor, filter, error))
    return FALSE;

  now_sql = rapportd_sql_new ("SELECT x.stage_id, SUM(x.n), SUM(x.amount), SUM(x.weighted) FROM ("
                              "SELECT stage_id, opportunities AS n, amount, weighted FROM pipeline_summary WHERE");
  rapportd_pipeline_summary_append_where (now_sql, &owners, filter, "created_month", from_month, to_month);
  rapportd_sql_append (now_sql, " UNION ALL SELECT o.stage_id, 1, o.amount_base, "
                       "ROUND(o.amount_base * o.probability / 100, 2) FROM ");
  rapportd_pipeline_append_shared (now_sql, actor, &owners, filter, "stage_id, amount_base, probability", NULL, "created_at");
  rapportd_sql_append (now_sql, ") x GROUP BY x.stage_id");

  past_sql = rapportd_sql_new ("SELECT x.stage_id, SUM(x.reached), SUM(x.seconds), SUM(x.stays) FROM ("
                               "SELECT stage_id, reached, seconds, stays FROM pipeline_stage_summary WHERE");
  rapportd_pipeline_summary_append_where (past_sql, &owners, filter, "created_month", from_month, to_month);
  rapportd_sql_append (past_sql, " UNION ALL SELECT h.stage_id, COUNT(DISTINCT h.opportunity_id), "
                       "SUM(IF(h.left_at IS NULL, 0, TIMESTAMPDIFF(SECOND, h.entered_at, h.left_at))), "
                       "COUNT(h.left_at) FROM ");
  rapportd_pipeline_append_shared (past_sql, actor, &owners, filter, "id", NULL, "created_at");
  rapportd_sql_append (past_sql, " JOIN opportunity_stage_history h ON h.opportunity_id = o.id GROUP BY h.stage_id"
                       ") x GROUP BY x.stage_id");
  return build_funnel (db, filter, now_sql, past_sql, builder, error);
}

/**
 * rapportd_pipeline_report_stale:
 * @db: a connection
 * @actor: who asks: only the opportunities they may see are listed
 * @filter: pipeline, owner, team (its period is not used)
 * @days: how long without activity
 * @limit: at most this many items
 * @builder: a builder inside an object, which gets `total` and `items`
 * @error: return location for a #GError
 *
 * The open opportunities idle for @days days or more: whose last activity
 * (`last_activity_at`; without one, since they entered their stage; without
 * that, since they were created) is older than now − @days days, oldest
 * first.
 */
gboolean
rapportd_pipeline_report_stale (RapportdDb                    *db,
                                const RapportdActor           *actor,
                                const RapportdPipelineFilter  *filter,
                                guint                          days,
                                guint                          limit,
                                JsonBuilder                   *builder,
                                GError                       **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT o.id, o.name, o.account_id, a.name, o.owner_id, u.name, "
                                                 "o.stage_id, s.name, o.amount_base, o.idle_since, "
                                                 "TIMESTAMPDIFF(DAY, o.idle_since, UTC_TIMESTAMP(6)), "
                                                 "COUNT(*) OVER () FROM ");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autofree char *condition = g_strdup_printf ("status = 'open' AND COALESCE(last_activity_at, stage_entered_at, created_at) "
                                                "< UTC_TIMESTAMP(6) - INTERVAL %u DAY", days);

  g_return_val_if_fail (db != NULL && filter != NULL, FALSE);
  g_return_val_if_fail (JSON_IS_BUILDER (builder), FALSE);

  rapportd_pipeline_append_visible (sql, actor, filter,
                                    "id, name, account_id, owner_id, stage_id, amount_base, "
                                    "COALESCE(last_activity_at, stage_entered_at, created_at) AS idle_since",
                                    condition, NULL);
  rapportd_sql_appendf (sql, " LEFT JOIN accounts a ON a.id = o.account_id LEFT JOIN users u ON u.id = o.owner_id "
                        "LEFT JOIN pipeline_stages s ON s.id = o.stage_id ORDER BY o.idle_since, o.id LIMIT %u", limit);
  if ((rows = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "days");
  json_builder_add_int_value (builder, days);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, rows->n_rows ? cell_int (rows, 0, 11) : 0);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->n_rows; i++)
    {
      gint64 idle_since = 0;
      g_autofree char *since = NULL;

      if (!rapportd_sql_parse_time (rapportd_db_result_get (rows, i, 9), &idle_since))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "bad time from the database");
          return FALSE;
        }
      since = crm_json_format_timestamp (idle_since);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, cell_int (rows, i, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, rapportd_db_result_get (rows, i, 1));
      json_builder_set_member_name (builder, "account_id");
      json_builder_add_int_value (builder, cell_int (rows, i, 2));
      json_builder_set_member_name (builder, "account_name");
      json_builder_add_string_value (builder, rapportd_db_result_get (rows, i, 3));
      json_builder_set_member_name (builder, "owner_id");
      if (rapportd_db_result_get (rows, i, 4) != NULL)
        json_builder_add_int_value (builder, cell_int (rows, i, 4));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "owner_name");
      json_builder_add_string_value (builder, rapportd_db_result_get (rows, i, 5));
      json_builder_set_member_name (builder, "stage_id");
      json_builder_add_int_value (builder, cell_int (rows, i, 6));
      json_builder_set_member_name (builder, "stage_name");
      json_builder_add_string_value (builder, rapportd_db_result_get (rows, i, 7));
      if (!rapportd_pipeline_add_money (builder, "amount_base", rapportd_db_result_get (rows, i, 8), error))
        return FALSE;
      json_builder_set_member_name (builder, "idle_since");
      json_builder_add_string_value (builder, since);
      json_builder_set_member_name (builder, "days_idle");
      json_builder_add_int_value (builder, cell_int (rows, i, 10));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}
