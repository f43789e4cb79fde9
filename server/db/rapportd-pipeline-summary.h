/* rapportd-pipeline-summary.h: how the funnel and the forecast read the sums that each opportunity write keeps */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "rapportd-pipeline-report.h"

G_BEGIN_DECLS

gboolean rapportd_pipeline_summary_months        (const RapportdPipelineFilter  *filter,
                                                  int                           *from_month,
                                                  int                           *to_month);
void     rapportd_pipeline_summary_append_where  (RapportdSql                   *sql,
                                                  const RapportdActor           *actor,
                                                  const RapportdPipelineFilter  *filter,
                                                  const char                    *month_column,
                                                  int                            from_month,
                                                  int                            to_month);
void     rapportd_pipeline_append_shared         (RapportdSql                   *sql,
                                                  const RapportdActor           *actor,
                                                  const RapportdPipelineFilter  *filter,
                                                  const char                    *columns,
                                                  const char                    *condition,
                                                  const char                    *period_column);

G_END_DECLS
