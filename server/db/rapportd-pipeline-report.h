/* rapportd-pipeline-report.h: the funnel, forecast, win rate and stale deals of a pipeline, in SQL */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-money.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* open opportunities in a stage of at least this probability are committed */
#define RAPPORTD_PIPELINE_COMMITTED_PROBABILITY 75

typedef struct
{
  gint64  pipeline_id;
  /* 0: any owner */
  gint64  owner_id;
  /* 0: any team; else owners in this team and the teams below it */
  gint64  team_id;
  /* YYYY-MM-DD, both days included; NULL: open-ended */
  char   *from;
  char   *to;
} RapportdPipelineFilter;

typedef enum
{
  RAPPORTD_FORECAST_BY_MONTH,
  RAPPORTD_FORECAST_BY_QUARTER,
} RapportdForecastPeriod;

typedef enum
{
  RAPPORTD_FORECAST_GROUP_NONE,
  RAPPORTD_FORECAST_GROUP_OWNER,
  RAPPORTD_FORECAST_GROUP_TEAM,
} RapportdForecastGroup;

void     rapportd_pipeline_filter_clear    (RapportdPipelineFilter  *filter);

gboolean rapportd_pipeline_report_funnel   (RapportdDb                    *db,
                                            const RapportdActor           *actor,
                                            const RapportdPipelineFilter  *filter,
                                            JsonBuilder                   *builder,
                                            GError                       **error);
gboolean rapportd_pipeline_report_funnel_direct   (RapportdDb                    *db,
                                                   const RapportdActor           *actor,
                                                   const RapportdPipelineFilter  *filter,
                                                   JsonBuilder                   *builder,
                                                   GError                       **error);
gboolean rapportd_pipeline_report_forecast_direct (RapportdDb                    *db,
                                                   const RapportdActor           *actor,
                                                   const RapportdPipelineFilter  *filter,
                                                   RapportdForecastPeriod         period,
                                                   RapportdForecastGroup          group,
                                                   JsonBuilder                   *builder,
                                                   GError                       **error);
gboolean rapportd_pipeline_report_forecast (RapportdDb                    *db,
                                            const RapportdActor           *actor,
                                            const RapportdPipelineFilter  *filter,
                                            RapportdForecastPeriod         period,
                                            RapportdForecastGroup          group,
                                            JsonBuilder                   *builder,
                                            GError                       **error);
gboolean rapportd_pipeline_report_win_rate (RapportdDb                    *db,
                                            const RapportdActor           *actor,
                                            const RapportdPipelineFilter  *filter,
                                            JsonBuilder                   *builder,
                                            GError                       **error);
gboolean rapportd_pipeline_report_stale    (RapportdDb                    *db,
                                            const RapportdActor           *actor,
                                            const RapportdPipelineFilter  *filter,
                                            guint                          days,
                                            guint                          limit,
                                            JsonBuilder                   *builder,
                                            GError                       **error);

/* shared by the report's files */
void     rapportd_pipeline_append_filter   (RapportdSql                   *sql,
                                            const RapportdPipelineFilter  *filter,
                                            const char                    *condition,
                                            const char                    *period_column);
void     rapportd_pipeline_append_visible  (RapportdSql                   *sql,
                                            const RapportdActor           *actor,
                                            const RapportdPipelineFilter  *filter,
                                            const char                    *columns,
                                            const char                    *condition,
                                            const char                    *period_column);
gboolean rapportd_pipeline_add_money       (JsonBuilder                   *builder,
                                            const char                    *member,
                                            const char                    *sum,
                                            GError                       **error);
gboolean rapportd_pipeline_parse_money     (const char                    *sum,
                                            CrmMoney                      *out,
                                            GError                       **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportdPipelineFilter, rapportd_pipeline_filter_clear)

G_END_DECLS
