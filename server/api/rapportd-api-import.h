/* rapportd-api-import.h: what the CSV import and the file import share: a cell as a member, a row's record created or matched */
#pragma once

#include "rapportd-api.h"
#include "rapportd-import-duplicates.h"
#include "rapportd-import-references.h"

G_BEGIN_DECLS

gboolean rapportd_api_import_add_member (JsonObject                *object,
                                         const CrmFieldSpec        *spec,
                                         const char                *cell,
                                         GError                   **error);
gboolean rapportd_api_import_create     (RapportdRequest           *request,
                                         RapportdDb                *db,
                                         GType                      type,
                                         RapportdImportDuplicates  *duplicates,
                                         RapportdImportReferences  *references,
                                         JsonObject                *object,
                                         guint                      row,
                                         gboolean                  *refused,
                                         GError                   **error);
gboolean rapportd_api_import_match      (RapportdRequest           *request,
                                         RapportdDb                *db,
                                         GType                      type,
                                         RapportdImportDuplicates  *duplicates,
                                         RapportdImportReferences  *references,
                                         JsonObject                *object,
                                         guint                      row,
                                         gboolean                  *matched,
                                         GError                   **error);
void     rapportd_api_import_add_id     (JsonObject                *object,
                                         const char                *cell);

G_END_DECLS
