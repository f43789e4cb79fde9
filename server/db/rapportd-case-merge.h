/* rapportd-case-merge.h: a duplicate service case merged into another: its conversation and files moved, itself closed */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

typedef struct
{
  /* the case kept and the one merged into it, as stored after the merge */
  CrmEntity *into;
  CrmEntity *from;
  guint      moved_messages;
  guint      moved_attachments;
} RapportdCaseMergeResult;

void     rapportd_case_merge_result_clear (RapportdCaseMergeResult  *result);
gboolean rapportd_case_merge              (RapportdDb               *db,
                                           const RapportdActor      *actor,
                                           gint64                    from_id,
                                           gint64                    into_id,
                                           RapportdCaseMergeResult  *result,
                                           GError                  **error);

G_END_DECLS
