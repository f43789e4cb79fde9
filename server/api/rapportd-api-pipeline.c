/* rapportd-api-pipeline.c: GET /pipeline/funnel, /forecast, /win-rate and /stale, a pipeline's reports */
#include "rapportd-api.h"
#include "rapportd-repo.h"
#include "rapportd-pipeline-report.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-pipeline.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#define STALE_DEFAULT_DAYS 30
#define STALE_MAX_DAYS 36500
#define STALE_DEFAULT_LIMIT 50
#define STALE_MAX_LIMIT 500

/* a positive whole number, or %FALSE */
static gboolean
parse_id (const char *text,
          gint64     *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static gboolean
parse_date (RapportdRequest  *request,
            const char       *name,
            char            **out,
            GError          **error)
{
  const char *text = rapportd_request_query (request, name);
  unsigned int year = 0, month = 0, day = 0;
  int end = 0;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4u-%2u-%2u%n", &year, &month, &day, &end) != 3 || end != 10 ||
      !g_date_valid_dmy (day, month, year) || year < 1000)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name, _("%s must be a date such as 2026-11-27"), name);
      return FALSE;
    }
  *out = g_strdup (text);
  return TRUE;
}

/* the pipeline named, which must exist (422) and be visible (404), or the default one */
static gboolean
resolve_pipeline (RapportdRequest  *request,
                  RapportdDb       *db,
                  gint64           *pipeline_id,
                  GError          **error)
{
  const char *text = rapportd_request_query (request, "pipeline_id");
  g_autoptr(CrmEntity) pipeline = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) rows = NULL;

  if (text == NULL)
    {
      sql = rapportd_sql_new ("SELECT id FROM pipelines WHERE is_default = 1 AND archived = 0");
      if ((rows = rapportd_db_query (db, sql, error)) == NULL)
        return FALSE;
      if (rows->n_rows == 0 || !parse_id (rapportd_db_result_get (rows, 0, 0), pipeline_id))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pipeline_id",
                                     _("There is no default pipeline; name one with pipeline_id"));
          return FALSE;
        }
      return TRUE;
    }
  if (!parse_id (text, pipeline_id))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pipeline_id", _("pipeline_id must be a pipeline’s id"));
      return FALSE;
    }
  pipeline = rapportd_repo_get (db, &request->actor, CRM_TYPE_PIPELINE, *pipeline_id, FALSE, &local);
  if (pipeline != NULL)
    return TRUE;
  if (!g_error_matches (local, CRM_ERROR, CRM_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* hidden from this user: 404 as everywhere; not there at all: a bad parameter */
  sql = rapportd_sql_new ("SELECT id FROM pipelines WHERE id = ?");
  rapportd_sql_add_int (sql, *pipeline_id);
  if ((rows = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (rows->n_rows > 0)
    g_propagate_error (error, g_steal_pointer (&local));
  else
    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pipeline_id", _("There is no pipeline with this id"));
  return FALSE;
}

static gboolean
parse_filter (RapportdRequest         *request,
              RapportdDb              *db,
              RapportdPipelineFilter  *filter,
              GError                 **error)
{
  const char *owner = rapportd_request_query (request, "owner_id");
  const char *team = rapportd_request_query (request, "team_id");

  if (owner != NULL && g_str_equal (owner, "me"))
    filter->owner_id = request->actor.user_id;
  else if (owner != NULL && !parse_id (owner, &filter->owner_id))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "owner_id", _("owner_id must be a user’s id or “me”"));
      return FALSE;
    }
  if (team != NULL && !parse_id (team, &filter->team_id))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "team_id", _("team_id must be a team’s id"));
      return FALSE;
    }
  if (!parse_date (request, "from", &filter->from, error) ||
      !parse_date (request, "to", &filter->to, error))
    return FALSE;
  if (filter->from != NULL && filter->to != NULL && strcmp (filter->from, filter->to) > 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "from", _("from must not be after to"));
      return FALSE;
    }
  return resolve_pipeline (request, db, &filter->pipeline_id, error);
}

static void
begin_answer (JsonBuilder                  *builder,
              const RapportdPipelineFilter *filter)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pipeline_id");
  json_builder_add_int_value (builder, filter->pipeline_id);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, rapportd_repo_get_base_currency ());
  json_builder_set_member_name (builder, "from");
  if (filter->from != NULL)
    json_builder_add_string_value (builder, filter->from);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "to");
  if (filter->to != NULL)
    json_builder_add_string_value (builder, filter->to);
  else
    json_builder_add_null_value (builder);
}

static void
take_answer (RapportdRequest *request,
             JsonBuilder     *builder)
{
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
}

/* GET /pipeline/funnel?pipeline_id=&owner_id=&team_id=&from=&to= (created_at) */
RAPPORTD_HANDLER (rapportd_api_pipeline_funnel)
{
  g_auto(RapportdPipelineFilter) filter = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!parse_filter (request, db, &filter, error))
    return FALSE;
  begin_answer (builder, &filter);
  if (!rapportd_pipeline_report_funnel (db, &request->actor, &filter, builder, error))
    return FALSE;
  take_answer (request, builder);
  return TRUE;
}

/* GET /pipeline/forecast?period=month|quarter&group_by=owner|team&… (expected_close, closed_at) */
RAPPORTD_HANDLER (rapportd_api_pipeline_forecast)
{
  g_auto(RapportdPipelineFilter) filter = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *period = rapportd_request_query (request, "period");
  const char *group_by = rapportd_request_query (request, "group_by");
  RapportdForecastPeriod by = RAPPORTD_FORECAST_BY_MONTH;
  RapportdForecastGroup group = RAPPORTD_FORECAST_GROUP_NONE;

  if (g_strcmp0 (period, "quarter") == 0)
    by = RAPPORTD_FORECAST_BY_QUARTER;
  else if (period != NULL && !g_str_equal (period, "month"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "period", _("period is month or quarter"));
      return FALSE;
    }
  if (g_strcmp0 (group_by, "owner") == 0)
    group = RAPPORTD_FORECAST_GROUP_OWNER;
  else if (g_strcmp0 (group_by, "team") == 0)
    group = RAPPORTD_FORECAST_GROUP_TEAM;
  else if (group_by != NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "group_by", _("group_by is owner or team"));
      return FALSE;
    }
  if (!parse_filter (request, db, &filter, error))
    return FALSE;
  begin_answer (builder, &filter);
  json_builder_set_member_name (builder, "period");
  json_builder_add_string_value (builder, by == RAPPORTD_FORECAST_BY_QUARTER ? "quarter" : "month");
  json_builder_set_member_name (builder, "group_by");
  if (group == RAPPORTD_FORECAST_GROUP_NONE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, group_by);
  if (!rapportd_pipeline_report_forecast (db, &request->actor, &filter, by, group, builder, error))
    return FALSE;
  take_answer (request, builder);
  return TRUE;
}

/* GET /pipeline/win-rate?from=&to=&… (closed_at) */
RAPPORTD_HANDLER (rapportd_api_pipeline_win_rate)
{
  g_auto(RapportdPipelineFilter) filter = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!parse_filter (request, db, &filter, error))
    return FALSE;
  begin_answer (builder, &filter);
  if (!rapportd_pipeline_report_win_rate (db, &request->actor, &filter, builder, error))
    return FALSE;
  take_answer (request, builder);
  return TRUE;
}

static gboolean
parse_count (RapportdRequest  *request,
             const char       *name,
             guint             fallback,
             guint             max,
             guint            *out,
             GError          **error)
{
  const char *text = rapportd_request_query (request, name);
  guint64 value;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name, _("%s must be a whole number from 1 to %u"), name, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

/* GET /pipeline/stale?days=N&limit=N&pipeline_id=&owner_id=&team_id= */
RAPPORTD_HANDLER (rapportd_api_pipeline_stale)
{
  g_auto(RapportdPipelineFilter) filter = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint days, limit;

  if (!parse_count (request, "days", STALE_DEFAULT_DAYS, STALE_MAX_DAYS, &days, error) ||
      !parse_count (request, "limit", STALE_DEFAULT_LIMIT, STALE_MAX_LIMIT, &limit, error) ||
      !parse_filter (request, db, &filter, error))
    return FALSE;
  begin_answer (builder, &filter);
  if (!rapportd_pipeline_report_stale (db, &request->actor, &filter, days, limit, builder, error))
    return FALSE;
  take_answer (request, builder);
  return TRUE;
}
