/* rapportd-pipeline-forecast.c: a pipeline's forecast by month or quarter, and its win rate */
#include "rapportd-pipeline-report.h"
#include "rapportd-pipeline-summary.h"
#include "crm-error.h"
#include "crm-forecast.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  CrmMoney won;
  CrmMoney committed;
  CrmMoney weighted;
  CrmMoney open;
} ForecastSums;

static gboolean
sums_from_row (RapportdDbResult  *rows,
               guint              row,
               ForecastSums      *sums,
               GError           **error)
{
  return rapportd_pipeline_parse_money (rapportd_db_result_get (rows, row, 3), &sums->won, error) &&
         rapportd_pipeline_parse_money (rapportd_db_result_get (rows, row, 4), &sums->committed, error) &&
         rapportd_pipeline_parse_money (rapportd_db_result_get (rows, row, 5), &sums->weighted, error) &&
         rapportd_pipeline_parse_money (rapportd_db_result_get (rows, row, 6), &sums->open, error);
}

/* adding the groups' sums gives the period's, to the cent: each weighted
 * amount was rounded per opportunity (crm_forecast_weighted_sum()) */
static gboolean
sums_add (ForecastSums        *total,
          const ForecastSums  *part,
          GError             **error)
{
  return crm_money_add (total->won, part->won, &total->won, error) &&
         crm_money_add (total->committed, part->committed, &total->committed, error) &&
         crm_money_add (total->weighted, part->weighted, &total->weighted, error) &&
         crm_money_add (total->open, part->open, &total->open, error);
}

static void
add_money (JsonBuilder *builder,
           const char  *member,
           CrmMoney     amount)
{
  g_autofree char *text = crm_money_to_string (amount);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

/* won, committed, weighted and best case (won and every open amount) */
static gboolean
add_sums (JsonBuilder         *builder,
          const ForecastSums  *sums,
          GError             **error)
{
  CrmMoney best_case;

  if (!crm_money_add (sums->won, sums->open, &best_case, error))
    return FALSE;
  add_money (builder, "won", sums->won);
  add_money (builder, "committed", sums->committed);
  add_money (builder, "weighted", sums->weighted);
  add_money (builder, "best_case", best_case);
  return TRUE;
}

/* the first and last day of the period named @key ("2026-03" or "2026-Q1") */
static void
add_period_bounds (JsonBuilder *builder,
                   const char  *key)
{
  int year = (int) g_ascii_strtoll (key, NULL, 10);
  gboolean quarter = key[5] == 'Q';
  int first_month = quarter ? 3 * ((int) g_ascii_strtoll (key + 6, NULL, 10) - 1) + 1 : (int) g_ascii_strtoll (key + 5, NULL, 10);
  int last_month = quarter ? first_month + 2 : first_month;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (year < 1 || first_month < 1 || last_month > 12)
    return;
  start = g_strdup_printf ("%04d-%02d-01", year, first_month);
  end = g_strdup_printf ("%04d-%02d-%02d", year, last_month, g_date_get_days_in_month (last_month, year));
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_string_value (builder, end);
}

static void
add_group (JsonBuilder           *builder,
           RapportdForecastGroup  group,
           RapportdDbResult      *rows,
           guint                  row)
{
  const char *id = rapportd_db_result_get (rows, row, 1);

  json_builder_set_member_name (builder, group == RAPPORTD_FORECAST_GROUP_OWNER ? "owner_id" : "team_id");
  if (id != NULL)
    json_builder_add_int_value (builder, g_ascii_strtoll (id, NULL, 10));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, row, 2));
}

/* one period: its total, then (when grouped) its groups, rows [first, end) */
static gboolean
add_period (JsonBuilder           *builder,
            RapportdForecastGroup  group,
            RapportdDbResult      *rows,
            guint                  first,
            guint                  end,
            GError               **error)
{
  ForecastSums total = { 0 };

  total.won = total.committed = total.weighted = total.open = crm_money_new (0, CRM_FORECAST_SCALE);
  for (guint i = first; i < end; i++)
    {
      ForecastSums part;

      if (!sums_from_row (rows, i, &part, error) || !sums_add (&total, &part, error))
        return FALSE;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "period");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, first, 0));
  add_period_bounds (builder, rapportd_db_result_get (rows, first, 0));
  if (!add_sums (builder, &total, error))
    return FALSE;
  if (group != RAPPORTD_FORECAST_GROUP_NONE)
    {
      json_builder_set_member_name (builder, group == RAPPORTD_FORECAST_GROUP_OWNER ? "owners" : "teams");
      json_builder_begin_array (builder);
      for (guint i = first; i < end; i++)
        {
          ForecastSums part;

          if (!sums_from_row (rows, i, &part, error))
            return FALSE;
          json_builder_begin_object (builder);
          add_group (builder, group, rows, i);
          if (!add_sums (builder, &part, error))
            return FALSE;
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return TRUE;
}

/* the forecast from its query: per period (and group), ordered, the
 * period's key, the group's id and name, won, committed, weighted, open */
static gboolean
build_forecast (RapportdDb             *db,
                RapportdSql            *sql,
                RapportdForecastGroup   group,
                JsonBuilder            *builder,
                GError                **error)
{
  g_autoptr(RapportdDbResult) rows = NULL;
  guint first = 0;

  if ((rows = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "committed_probability");
  json_builder_add_int_value (builder, RAPPORTD_PIPELINE_COMMITTED_PROBABILITY);
  json_builder_set_member_name (builder, "periods");
  json_builder_begin_array (builder);
  for (guint i = 1; i <= rows->n_rows; i++)
    {
      if (i < rows->n_rows &&
          g_strcmp0 (rapportd_db_result_get (rows, i, 0), rapportd_db_result_get (rows, first, 0)) == 0)
        continue;
      if (!add_period (builder, group, rows, first, i, error))
        return FALSE;
      first = i;
    }
  json_builder_end_array (builder);
  return TRUE;
}

/* the group's columns after the period's: its id and name */
static void
append_group_columns (RapportdSql           *sql,
                      RapportdForecastGroup  group)
{
  rapportd_sql_append (sql, group == RAPPORTD_FORECAST_GROUP_OWNER ? ", o.owner_id, MAX(u.name)"
                       : group == RAPPORTD_FORECAST_GROUP_TEAM ? ", u.team_id, MAX(t.name)" : ", NULL, NULL");
}

static void
append_group_joins (RapportdSql           *sql,
                    RapportdForecastGroup  group)
{
  if (group != RAPPORTD_FORECAST_GROUP_NONE)
    rapportd_sql_append (sql, " LEFT JOIN users u ON u.id = o.owner_id");
  if (group == RAPPORTD_FORECAST_GROUP_TEAM)
    rapportd_sql_append (sql, " LEFT JOIN teams t ON t.id = u.team_id");
}

static const char forecast_columns[] = "owner_id, status, stage_id, amount_base, probability, "
                                       "IF(status = 'won', CAST(closed_at AS DATE), expected_close) AS day";
static const char forecast_condition[] = "(status = 'open' AND expected_close IS NOT NULL) OR "
                                         "(status = 'won' AND closed_at IS NOT NULL)";
static const char forecast_day[] = "IF(status = 'won', CAST(closed_at AS DATE), expected_close)";

/**
 * rapportd_pipeline_report_forecast_direct:
 * @db: a connection
 * @actor: who asks
 * @filter: pipeline, owner, team and period
 * @period: months or quarters
 * @group: also per owner or per owner's team
 * @builder: a builder inside an object, which gets `periods`
 * @error: return location for a #GError
 *
 * rapportd_pipeline_report_forecast() from the opportunities themselves,
 * every one of them read: what the sums must equal.
 */
gboolean
rapportd_pipeline_report_forecast_direct (RapportdDb                    *db,
                                          const RapportdActor           *actor,
                                          const RapportdPipelineFilter  *filter,
                                          RapportdForecastPeriod         period,
                                          RapportdForecastGroup          group,
                                          JsonBuilder                   *builder,
                                          GError                       **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT ");

  g_return_val_if_fail (db != NULL && filter != NULL, FALSE);
  g_return_val_if_fail (JSON_IS_BUILDER (builder), FALSE);

  rapportd_sql_append (sql, period == RAPPORTD_FORECAST_BY_QUARTER
                       ? "CONCAT(YEAR(o.day), '-Q', QUARTER(o.day))" : "DATE_FORMAT(o.day, '%Y-%m')");
  append_group_columns (sql, group);
  rapportd_sql_appendf (sql, ", SUM(IF(o.status = 'won', o.amount_base, 0)), "
                        "SUM(IF(o.status = 'open' AND s.probability >= %d, o.amount_base, 0)), "
                        "SUM(IF(o.status = 'open', ROUND(o.amount_base * o.probability / 100, 2), 0)), "
                        "SUM(IF(o.status = 'open', o.amount_base, 0)) FROM ",
                        RAPPORTD_PIPELINE_COMMITTED_PROBABILITY);
  rapportd_pipeline_append_visible (sql, actor, filter, forecast_columns, forecast_condition, forecast_day);
  rapportd_sql_append (sql, " JOIN pipeline_stages s ON s.id = o.stage_id");
  append_group_joins (sql, group);
  rapportd_sql_append (sql, " GROUP BY 1, 2 ORDER BY 1, 2");
  return build_forecast (db, sql, group, builder, error);
}

/**
 * rapportd_pipeline_report_forecast:
 * @db: a connection
 * @actor: who asks: only the opportunities they may see count
 * @filter: pipeline, owner, team; the period bounds the day each
 *   opportunity counts on: its `expected_close` while open, the day it
 *   closed (`closed_at`, UTC) once won
 * @period: months or quarters
 * @group: also per owner or per owner's team
 * @builder: a builder inside an object, which gets `periods`
 * @error: return location for a #GError
 *
 * Per period: `won`, Σ amount_base of the opportunities won in it;
 * `committed`, Σ amount_base of the open ones due then whose stage's
 * probability is at least %RAPPORTD_PIPELINE_COMMITTED_PROBABILITY;
 * `weighted`, Σ round(amount_base × probability / 100, 2) of the open ones;
 * `best_case`, won plus Σ amount_base of all the open ones.  An open
 * opportunity without an expected close, and lost ones, count nowhere.
 *
 * Read from the sums kept per owner and month (pipeline_summary) for the
 * owners @actor sees, and from the records themselves for those seen
 * through shares; a period that is not whole months reads every record
 * (rapportd_pipeline_report_forecast_direct()).
 */
gboolean
rapportd_pipeline_report_forecast (RapportdDb                    *db,
                                   const RapportdActor           *actor,
                                   const RapportdPipelineFilter  *filter,
                                   RapportdForecastPeriod         period,
                                   RapportdForecastGroup          group,
                                   JsonBuilder                   *builder,
                                   GError                       **error)
{
  g_autoptr(RapportdSql) sql = NULL;
  g_auto(RapportdPipelineOwners) owners = { 0 };
  int from_month, to_month;

  g_return_val_if_fail (db != NULL && filter != NULL, FALSE);
  g_return_val_if_fail (JSON_IS_BUILDER (builder), FALSE);

  if (!rapportd_pipeline_summary_months (filter, &from_month, &to_month))
    return rapportd_pipeline_report_forecast_direct (db, actor, filter, period, group, builder, error);
  if (!rapportd_pipeline_owners_init (&owners, db, actor, filter, error))
    return FALSE;

  sql = rapportd_sql_new ("SELECT ");
  rapportd_sql_append (sql, period == RAPPORTD_FORECAST_BY_QUARTER
                       ? "CONCAT(o.month DIV 100, '-Q', (o.month MOD 100 + 2) DIV 3)"
                       : "CONCAT(o.month DIV 100, '-', LPAD(o.month MOD 100, 2, '0'))");
  append_group_columns (sql, group);
  /* added up per owner and month first: the owners' names and teams are
   * then looked up once a group, not once a row of the sums */
  rapportd_sql_append (sql, ", SUM(o.won), SUM(o.committed), SUM(o.weighted), SUM(o.open) FROM ("
                       "SELECT x.owner_id, x.month, SUM(x.n) AS n, SUM(x.won) AS won, SUM(x.committed) AS committed, "
                       "SUM(x.weighted) AS weighted, SUM(x.open) AS open FROM (");
  rapportd_sql_appendf (sql, "SELECT NULLIF(m.owner_id, 0) AS owner_id, m.due_month AS month, m.opportunities AS n, "
                        "IF(m.status = 'won', m.amount, 0) AS won, "
                        "IF(m.status = 'open' AND s.probability >= %d, m.amount, 0) AS committed, "
                        "IF(m.status = 'open', m.weighted, 0) AS weighted, IF(m.status = 'open', m.amount, 0) AS open "
                        "FROM (SELECT owner_id, stage_id, status, due_month, opportunities, amount, weighted "
                        "FROM pipeline_summary WHERE status IN ('open', 'won') AND due_month <> 0 AND",
                        RAPPORTD_PIPELINE_COMMITTED_PROBABILITY);
  rapportd_pipeline_summary_append_where (sql, &owners, filter, "due_month", from_month, to_month);
  rapportd_sql_append (sql, ") m JOIN pipeline_stages s ON s.id = m.stage_id");
  rapportd_sql_appendf (sql, " UNION ALL SELECT o.owner_id, EXTRACT(YEAR_MONTH FROM o.day), 1, "
                        "IF(o.status = 'won', o.amount_base, 0), "
                        "IF(o.status = 'open' AND s.probability >= %d, o.amount_base, 0), "
                        "IF(o.status = 'open', ROUND(o.amount_base * o.probability / 100, 2), 0), "
                        "IF(o.status = 'open', o.amount_base, 0) FROM ",
                        RAPPORTD_PIPELINE_COMMITTED_PROBABILITY);
  rapportd_pipeline_append_shared (sql, actor, &owners, filter, forecast_columns, forecast_condition, forecast_day);
  rapportd_sql_append (sql, " JOIN pipeline_stages s ON s.id = o.stage_id) x GROUP BY x.owner_id, x.month) o");
  append_group_joins (sql, group);
  rapportd_sql_append (sql, " GROUP BY 1, 2 HAVING SUM(o.n) > 0 ORDER BY 1, 2");
  return build_forecast (db, sql, group, builder, error);
}

/* one entry: its key members are added by the caller; then won, lost,
 * closed and the rate, from columns @col (won) and @col + 1 (closed) */
static void
add_rate (JsonBuilder      *builder,
          RapportdDbResult *rows,
          guint             row,
          guint             col)
{
  gint64 won = g_ascii_strtoll (rapportd_db_result_get (rows, row, col) ? rapportd_db_result_get (rows, row, col) : "0", NULL, 10);
  gint64 closed = g_ascii_strtoll (rapportd_db_result_get (rows, row, col + 1) ? rapportd_db_result_get (rows, row, col + 1) : "0", NULL, 10);
  g_autofree char *percent = crm_ratio_percent (crm_ratio_new (won, closed));

  json_builder_set_member_name (builder, "won");
  json_builder_add_int_value (builder, won);
  json_builder_set_member_name (builder, "lost");
  json_builder_add_int_value (builder, closed - won);
  json_builder_set_member_name (builder, "closed");
  json_builder_add_int_value (builder, closed);
  json_builder_set_member_name (builder, "percent");
  if (percent != NULL)
    json_builder_add_string_value (builder, percent);
  else
    json_builder_add_null_value (builder);
}

typedef struct
{
  const char *member;
  const char *key;
  gboolean    key_is_id;
  /* the key and its name (or NULL), from the closed opportunities `o` */
  const char *select;
  const char *join;
} RateDimension;

static const RateDimension dimensions[] = {
  { "owners", "owner_id", TRUE, "o.owner_id, MAX(u.name)", " LEFT JOIN users u ON u.id = o.owner_id" },
  { "sources", "source", FALSE, "l.source, NULL", " LEFT JOIN leads l ON l.id = o.lead_id" },
  { "industries", "industry", FALSE, "a.industry, NULL", " LEFT JOIN accounts a ON a.id = o.account_id" },
};

static const char closed_columns[] = "id, owner_id, lead_id, account_id, status";
static const char closed_condition[] = "status IN ('won', 'lost') AND closed_at IS NOT NULL";

static gboolean
add_dimension (RapportdDb                    *db,
               const RapportdActor           *actor,
               const RapportdPipelineFilter  *filter,
               const RateDimension           *dimension,
               JsonBuilder                   *builder,
               GError                       **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT ");
  g_autoptr(RapportdDbResult) rows = NULL;

  rapportd_sql_appendf (sql, "%s, SUM(o.status = 'won'), COUNT(*) FROM ", dimension->select);
  rapportd_pipeline_append_visible (sql, actor, filter, closed_columns, closed_condition, "closed_at");
  rapportd_sql_appendf (sql, "%s GROUP BY 1 ORDER BY 1", dimension->join);
  if ((rows = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return FALSE;

  json_builder_set_member_name (builder, dimension->member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->n_rows; i++)
    {
      const char *key = rapportd_db_result_get (rows, i, 0);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, dimension->key);
      if (key == NULL)
        json_builder_add_null_value (builder);
      else if (dimension->key_is_id)
        json_builder_add_int_value (builder, g_ascii_strtoll (key, NULL, 10));
      else
        json_builder_add_string_value (builder, key);
      if (dimension->key_is_id)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, rapportd_db_result_get (rows, i, 1));
        }
      add_rate (builder, rows, i, 2);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

/* per open stage, in order: of the closed opportunities that ever entered it, how many were won */
static gboolean
add_stages_reached (RapportdDb                    *db,
                    const RapportdActor           *actor,
                    const RapportdPipelineFilter  *filter,
                    JsonBuilder                   *builder,
                    GError                       **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT s.id, s.name, COUNT(DISTINCT IF(r.status = 'won', r.id, NULL)), "
                                                 "COUNT(DISTINCT r.id) FROM pipeline_stages s LEFT JOIN (SELECT o.id, o.status, "
                                                 "h.stage_id FROM ");
  g_autoptr(RapportdDbResult) rows = NULL;

  rapportd_pipeline_append_visible (sql, actor, filter, closed_columns, closed_condition, "closed_at");
  rapportd_sql_append (sql, " JOIN opportunity_stage_history h ON h.opportunity_id = o.id) r ON r.stage_id = s.id "
                       "WHERE s.pipeline_id = ? AND s.archived = 0 AND s.kind = 'open' "
                       "GROUP BY s.id, s.name, s.position ORDER BY s.position, s.id");
  rapportd_sql_add_int (sql, filter->pipeline_id);
  if ((rows = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->n_rows; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "stage_id");
      json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (rows, i, 0), NULL, 10));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, rapportd_db_result_get (rows, i, 1));
      add_rate (builder, rows, i, 2);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

/**
 * rapportd_pipeline_report_win_rate:
 * @db: a connection
 * @actor: who asks: only the opportunities they may see count
 * @filter: pipeline, owner, team; the period bounds `closed_at`
 * @builder: a builder inside an object
 * @error: return location for a #GError
 *
 * Of the opportunities won or lost in the period: `overall`, and per open
 * stage reached (`stages`), per owner, per source (of the lead the
 * opportunity came from; null without one) and per industry (of its
 * account), each with `won`, `lost`, `closed` and `percent` = won / closed.
 */
gboolean
rapportd_pipeline_report_win_rate (RapportdDb                    *db,
                                   const RapportdActor           *actor,
                                   const RapportdPipelineFilter  *filter,
                                   JsonBuilder                   *builder,
                                   GError                       **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT NULL, NULL, SUM(o.status = 'won'), COUNT(*) FROM ");
  g_autoptr(RapportdDbResult) overall = NULL;

  g_return_val_if_fail (db != NULL && filter != NULL, FALSE);
  g_return_val_if_fail (JSON_IS_BUILDER (builder), FALSE);

  rapportd_pipeline_append_visible (sql, actor, filter, closed_columns, closed_condition, "closed_at");
  if ((overall = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return FALSE;
  json_builder_set_member_name (builder, "overall");
  json_builder_begin_object (builder);
  add_rate (builder, overall, 0, 2);
  json_builder_end_object (builder);

  if (!add_stages_reached (db, actor, filter, builder, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (dimensions); i++)
    if (!add_dimension (db, actor, filter, &dimensions[i], builder, error))
      return FALSE;
  return TRUE;
}
