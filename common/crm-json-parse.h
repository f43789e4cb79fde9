/* crm-json-parse.h: strict, bounded JSON reading; every JSON text goes through here */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deepest nesting of arrays and objects accepted anywhere. */
#define CRM_JSON_MAX_DEPTH 64

/* Most values (each scalar, array, object and member name counts one)
 * accepted in a text from a client. */
#define CRM_JSON_MAX_VALUES 100000

/* The same for what rapportd wrote itself (its database, its files, its
 * answers as the client reads them): larger, still bounded. */
#define CRM_JSON_MAX_VALUES_TRUSTED 10000000

gboolean  crm_json_check       (const char  *data,
                                gssize       length,
                                gsize        max_values,
                                GError     **error);
JsonNode *crm_json_parse       (const char  *data,
                                gssize       length,
                                gsize        max_values,
                                GError     **error);
JsonNode *crm_json_parse_file  (const char  *path,
                                gsize        max_values,
                                GError     **error);

G_END_DECLS
