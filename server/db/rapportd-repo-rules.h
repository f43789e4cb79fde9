/* rapportd-repo-rules.h: an entity's own rules on the generic writes, looked up by entity name */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* What an entity adds to the repository's create and update, inside
 * their transaction: completing a record from other rows, refusing a
 * change that takes its own step, writing rows that follow a change. */
typedef struct
{
  const char *entity_name;
  /* completes or refuses a record about to be stored; @before is %NULL on
   * create; @as_server for the server's own steps */
  gboolean  (*prepare) (RapportdDb           *db,
                        const RapportdActor  *actor,
                        CrmEntity            *before,
                        CrmEntity            *after,
                        gboolean              as_server,
                        GError              **error);
  /* once the row is written and read back; @before is %NULL on create */
  gboolean  (*written) (RapportdDb           *db,
                        const RapportdActor  *actor,
                        CrmEntity            *before,
                        CrmEntity            *stored,
                        GError              **error);
} RapportdRepoRules;

const RapportdRepoRules *rapportd_repo_rules_lookup (const char *entity_name);

G_END_DECLS
