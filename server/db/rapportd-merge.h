/* rapportd-merge.h: two records of one entity made one: the survivor's values, the children re-pointed, the other archived */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

typedef struct
{
  /* the survivor and the record merged into it */
  gint64      into_id;
  gint64      from_id;
  /* the versions the client saw, or -1 to skip the check */
  gint64      into_version;
  gint64      from_version;
  /* (nullable): field JSON key -> "from" or "into"; a field not named keeps
   * the survivor's value, or takes the other's where the survivor has none */
  GHashTable *fields;
} RapportdMergeOptions;

typedef struct
{
  CrmEntity  *into;
  CrmEntity  *from;
  /* entity name -> number of its records re-pointed ("share" for shares) */
  GHashTable *moved;
} RapportdMergeResult;

void     rapportd_merge_result_clear (RapportdMergeResult        *result);
gboolean rapportd_merge              (RapportdDb                 *db,
                                      const RapportdActor        *actor,
                                      GType                       type,
                                      const RapportdMergeOptions *options,
                                      RapportdMergeResult        *result,
                                      GError                    **error);

G_END_DECLS
