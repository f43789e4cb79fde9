/* rapportd-import-mappings.h: saved import mappings, a file's columns and their fields under a name, shared by the company */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

JsonNode   *rapportd_import_mappings_list    (RapportdDb           *db,
                                              const char           *collection,
                                              GError              **error);
JsonNode   *rapportd_import_mappings_create  (RapportdDb           *db,
                                              const RapportdActor  *actor,
                                              const char           *name,
                                              const char           *collection,
                                              JsonObject           *columns,
                                              GError              **error);
gboolean    rapportd_import_mappings_delete  (RapportdDb           *db,
                                              const RapportdActor  *actor,
                                              gint64                id,
                                              GError              **error);
JsonObject *rapportd_import_mappings_columns (RapportdDb           *db,
                                              gint64                id,
                                              const char           *collection,
                                              GError              **error);

G_END_DECLS
