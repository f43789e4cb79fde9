/* rapportd-pool-view.h: who sees the records of a pool, and their contact details masked */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "rapportd-sql.h"
#include "crm-entity.h"

G_BEGIN_DECLS

void     rapportd_pool_view_append_scope (RapportdSql          *sql,
                                          CrmEntityClass       *klass,
                                          const RapportdActor  *actor);
void     rapportd_pool_view_append_member_pools (RapportdSql         *sql,
                                                 const RapportdActor *actor);
gboolean rapportd_pool_view_mask         (RapportdDb           *db,
                                          const RapportdActor  *actor,
                                          GPtrArray            *records,
                                          GError              **error);
gboolean rapportd_pool_view_is_masked    (RapportdDb           *db,
                                          const RapportdActor  *actor,
                                          CrmEntity            *record,
                                          gboolean             *masked,
                                          GError              **error);
gboolean rapportd_pool_view_check_history (RapportdDb          *db,
                                           const RapportdActor *actor,
                                           CrmEntity           *record,
                                           GError             **error);
gboolean rapportd_pool_view_mask_one     (RapportdDb           *db,
                                          const RapportdActor  *actor,
                                          CrmEntity            *record,
                                          GError              **error);

G_END_DECLS
