/* rapportd-personal.h: personal values sealed under a per-person key in the audit trail, and shredded */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean  rapportd_personal_has_fields (CrmEntityClass *klass);
char     *rapportd_personal_seal       (RapportdDb     *db,
                                        CrmEntity      *entity,
                                        GError        **error);
GPtrArray *rapportd_personal_seal_new_many (RapportdDb *db,
                                            GPtrArray  *records,
                                            GError    **error);
JsonNode *rapportd_personal_open       (RapportdDb     *db,
                                        const char     *entity_name,
                                        gint64          id,
                                        const char     *json,
                                        GError        **error);
gboolean  rapportd_personal_shred      (RapportdDb     *db,
                                        const char     *entity_name,
                                        gint64          id,
                                        GError        **error);

G_END_DECLS
