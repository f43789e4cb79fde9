/* rapportd-kb-publish.h: publishing knowledge-base articles once approved, and their published versions */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_kb_publish_decided  (RapportdDb           *db,
                                       const RapportdActor  *actor,
                                       CrmEntity            *article,
                                       gboolean              approved,
                                       GError              **error);
char    *rapportd_kb_publish_versions (RapportdDb           *db,
                                       gint64                article_id,
                                       gint                  number,
                                       GError              **error);

G_END_DECLS
