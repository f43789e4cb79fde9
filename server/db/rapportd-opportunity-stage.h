/* rapportd-opportunity-stage.h: an opportunity's stage: where it starts, its moves, their checks and history */
#pragma once

#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

extern const RapportdRepoRules rapportd_opportunity_rules;

/* POST /opportunities/:id/stage as asked */
typedef struct
{
  gint64      stage_id;
  /* the version the client saw, or -1 */
  gint64      version;
  /* (nullable): why it was won or lost */
  const char *close_reason;
  /* the probability to hold in the new stage, or -1 for the stage's own */
  int         probability;
} RapportdStageMove;

CrmEntity *rapportd_opportunity_move          (RapportdDb              *db,
                                               const RapportdActor     *actor,
                                               gint64                   id,
                                               const RapportdStageMove *move,
                                               gint64                  *approval_id,
                                               GError                 **error);
gboolean   rapportd_opportunity_finish_move   (RapportdDb              *db,
                                               const RapportdActor     *actor,
                                               CrmEntity               *opportunity,
                                               gboolean                 approved,
                                               GError                 **error);

G_END_DECLS
