/* rapportd-pool-moves.h: a record taken from or put back into its pool, and the moves that count against a rep's limits */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

CrmEntity *rapportd_pool_moves_take     (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         const char           *entity,
                                         gint64                id,
                                         gint64                version,
                                         gint64                pool_id,
                                         gint64                user_id,
                                         const char           *kind,
                                         gint64                at,
                                         const char           *reason,
                                         GError              **error);
gboolean   rapportd_pool_moves_put_back (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         const char           *entity,
                                         gint64                id,
                                         gint64                version,
                                         gint64                pool_id,
                                         gint64                from_user_id,
                                         const char           *kind,
                                         gint64                at,
                                         const char           *reason,
                                         GError              **error);
gint64     rapportd_pool_moves_count_claims (RapportdDb       *db,
                                             gint64            pool_id,
                                             gint64            user_id,
                                             gint64            since,
                                             GError          **error);
gint64     rapportd_pool_moves_last_left (RapportdDb          *db,
                                          const char          *entity,
                                          gint64               id,
                                          gint64               user_id,
                                          GError             **error);
gint64     rapportd_pool_moves_count_held (RapportdDb         *db,
                                           CrmEntityClass     *klass,
                                           gint64              pool_id,
                                           gint64              user_id,
                                           GError            **error);

G_END_DECLS
