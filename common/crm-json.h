/* crm-json.h: entity <-> JSON, driven by the field descriptors */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"

G_BEGIN_DECLS

JsonNode   *crm_json_from_entity       (CrmEntity        *entity);
JsonNode   *crm_json_from_entity_set   (CrmEntity        *entity);
gboolean    crm_json_to_entity         (CrmEntity        *entity,
                                        JsonObject       *object,
                                        CrmValidateMode   mode,
                                        GError          **error);
gboolean    crm_json_read_entity       (CrmEntity        *entity,
                                        JsonObject       *object,
                                        GError          **error);
JsonObject *crm_json_parse_object      (const char       *data,
                                        gssize            length,
                                        GError          **error);
char       *crm_json_error_envelope    (const GError     *error);
char       *crm_json_to_string         (JsonNode         *node);
char       *crm_json_format_timestamp  (gint64            usec);
gboolean    crm_json_parse_timestamp   (const char       *text,
                                        gint64           *usec);

G_END_DECLS
