/* rapportd-assign.h: the assignment rules at work: who a new record goes to, and by which rule */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  /* the rule that decided, 0: none did */
  gint64  rule_id;
  char   *rule_name;
  /* the owner it chose, or 0 */
  gint64  user_id;
  /* the pool it chose, or 0 */
  gint64  pool_id;
  /* the team whose members it chose among (a case's queue), or 0 */
  gint64  team_id;
} RapportdAssignment;

void        rapportd_assignment_clear       (RapportdAssignment        *assignment);
char       *rapportd_assignment_reason      (const RapportdAssignment  *assignment,
                                             const char                *before);

gboolean    rapportd_assign_choose          (RapportdDb                *db,
                                             CrmEntity                 *entity,
                                             RapportdAssignment        *out,
                                             GError                   **error);
void        rapportd_assign_set_pool        (CrmEntity                 *record,
                                             gint64                     pool_id);
gboolean    rapportd_assign_is_requested    (CrmEntity                 *entity,
                                             gboolean                   when_unset);
CrmEntity  *rapportd_assign_record          (RapportdDb                *db,
                                             const RapportdActor       *actor,
                                             CrmEntity                 *stored,
                                             GError                   **error);
JsonNode   *rapportd_assign_rerun           (RapportdDb                *db,
                                             const RapportdActor       *actor,
                                             GError                   **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportdAssignment, rapportd_assignment_clear)

G_END_DECLS
