/* rapportd-pipeline-summary.h: how the funnel and the forecast read the sums that each opportunity write keeps */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "rapportd-pipeline-report.h"

G_BEGIN_DECLS

/* the owners whose sums a reader reads: every one, or these user ids */
typedef struct
{
  gboolean  all;
  /* "id,id,…" seen by the reader's scope, "" for none; NULL when @all */
  char     *scope_ids;
  /* "id,id,…" of the team asked for, "" for none; NULL without one */
  char     *team_ids;
} RapportdPipelineOwners;

gboolean rapportd_pipeline_owners_init           (RapportdPipelineOwners        *owners,
                                                  RapportdDb                    *db,
                                                  const RapportdActor           *actor,
                                                  const RapportdPipelineFilter  *filter,
                                                  GError                       **error);
void     rapportd_pipeline_owners_clear          (RapportdPipelineOwners        *owners);
gboolean rapportd_pipeline_summary_months        (const RapportdPipelineFilter  *filter,
                                                  int                           *from_month,
                                                  int                           *to_month);
void     rapportd_pipeline_summary_append_where  (RapportdSql                   *sql,
                                                  const RapportdPipelineOwners  *owners,
                                                  const RapportdPipelineFilter  *filter,
                                                  const char                    *month_column,
                                                  int                            from_month,
                                                  int                            to_month);
void     rapportd_pipeline_append_shared         (RapportdSql                   *sql,
                                                  const RapportdActor           *actor,
                                                  const RapportdPipelineOwners  *owners,
                                                  const RapportdPipelineFilter  *filter,
                                                  const char                    *columns,
                                                  const char                    *condition,
                                                  const char                    *period_column);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportdPipelineOwners, rapportd_pipeline_owners_clear)

G_END_DECLS
