/* rapportd-repo-rules.h: an entity's own rules on the generic writes, looked up by entity name */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

#include <json-glib/json-glib.h>

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
  /* appends members computed as the record is read (a case's service
   * level), each after a comma but the first; @cache, %NULL at first,
   * lives as long as one answer and is the rule's to fill */
  gboolean  (*present) (RapportdDb           *db,
                        CrmEntity            *record,
                        GHashTable          **cache,
                        GString              *out,
                        GError              **error);
  /* describes what @present appends, inside the entity's schema's
   * "properties" (openapi.json) */
  void      (*present_schema) (JsonBuilder       *builder);
  /* once the row is archived or restored and read back */
  gboolean  (*archived) (RapportdDb           *db,
                         const RapportdActor  *actor,
                         CrmEntity            *before,
                         CrmEntity            *stored,
                         GError              **error);
} RapportdRepoRules;

const RapportdRepoRules *rapportd_repo_rules_lookup (const char *entity_name);
gboolean                 rapportd_repo_rules_append_json (RapportdDb   *db,
                                                          GString      *out,
                                                          CrmEntity    *record,
                                                          GHashTable  **cache,
                                                          GError      **error);

G_END_DECLS
