/* rapport-import-mapping-view.h: RapportImportMappingView, an import's columns matched to fields, proposed, changed and saved */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_IMPORT_MAPPING_VIEW (rapport_import_mapping_view_get_type ())

G_DECLARE_FINAL_TYPE (RapportImportMappingView, rapport_import_mapping_view, RAPPORT, IMPORT_MAPPING_VIEW, GtkWidget)

void         rapport_import_mapping_view_setup       (RapportImportMappingView *self,
                                                      RapportApi               *api,
                                                      const char               *collection);
void         rapport_import_mapping_view_set_rows    (RapportImportMappingView *self,
                                                      GPtrArray                *rows);
gboolean     rapport_import_mapping_view_get_ready   (RapportImportMappingView *self);
JsonObject  *rapport_import_mapping_view_dup_changes (RapportImportMappingView *self);
JsonObject  *rapport_import_mapping_view_dup_all     (RapportImportMappingView *self);
AdwComboRow *rapport_import_mapping_view_get_row     (RapportImportMappingView *self,
                                                      const char               *column);
guint        rapport_import_mapping_view_find_field  (RapportImportMappingView *self,
                                                      const char               *key);
const char  *rapport_import_mapping_view_get_key     (RapportImportMappingView *self,
                                                      const char               *column);

G_END_DECLS
