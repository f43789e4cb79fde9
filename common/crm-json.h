/* crm-json.h: entity <-> JSON, driven by the field descriptors */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"

G_BEGIN_DECLS

JsonNode   *crm_json_from_entity       (CrmEntity        *entity);
JsonNode   *crm_json_from_entity_set   (CrmEntity        *entity);
void        crm_json_append_entity     (GString          *out,
                                        CrmEntity        *entity,
                                        gboolean          only_set);
char       *crm_json_entity_to_string  (CrmEntity        *entity);
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
char       *crm_json_error_envelope_for (const GError    *error,
                                         const char      *request_id);
char       *crm_json_to_string         (JsonNode         *node);
char       *crm_json_object_to_pretty  (JsonObject       *object);
char       *crm_json_format_timestamp  (gint64            usec);
gboolean    crm_json_parse_timestamp   (const char       *text,
                                        gint64           *usec);

G_END_DECLS
