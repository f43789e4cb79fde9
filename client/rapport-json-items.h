/* rapport-json-items.h: a list answer's items as GObjects carrying their JSON objects, for list models of pages that show them */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

guint       rapport_json_items_replace (GListStore *store,
                                        JsonNode   *answer,
                                        const char *key);
JsonObject *rapport_json_items_get     (gpointer    item,
                                        const char *key);

G_END_DECLS
