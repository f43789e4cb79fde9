/* rapportd-import-duplicates.h: an import's duplicate checks, each row against the database and the file's earlier rows */
#pragma once

#include "rapportd-api.h"

G_BEGIN_DECLS

typedef struct _RapportdImportDuplicates RapportdImportDuplicates;

RapportdImportDuplicates *rapportd_import_duplicates_new     (CrmEntityClass            *klass);
void                      rapportd_import_duplicates_free    (RapportdImportDuplicates  *self);
gboolean                  rapportd_import_duplicates_check   (RapportdImportDuplicates  *self,
                                                              RapportdRequest           *request,
                                                              RapportdDb                *db,
                                                              CrmEntity                 *entity,
                                                              guint                      row,
                                                              gboolean                  *refused,
                                                              GError                   **error);
void                      rapportd_import_duplicates_created (RapportdImportDuplicates  *self,
                                                              CrmEntity                 *stored,
                                                              guint                      row);
void                      rapportd_import_duplicates_append  (RapportdImportDuplicates  *self,
                                                              GString                   *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdImportDuplicates, rapportd_import_duplicates_free)

G_END_DECLS
