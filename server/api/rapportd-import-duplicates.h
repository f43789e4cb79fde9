/* rapportd-import-duplicates.h: an import's duplicate checks, each row against the database and the file's earlier rows */
#pragma once

#include "rapportd-api.h"
#include "rapportd-import-options.h"

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
gboolean                  rapportd_import_duplicates_is_checked (RapportdImportDuplicates *self);
gboolean                  rapportd_import_duplicates_blocks  (RapportdImportDuplicates  *self,
                                                              RapportdRequest           *request,
                                                              GPtrArray                 *matches);
void                      rapportd_import_duplicates_report  (RapportdImportDuplicates  *self,
                                                              GPtrArray                 *matches,
                                                              guint                      row);
void                      rapportd_import_duplicates_created (RapportdImportDuplicates  *self,
                                                              CrmEntity                 *stored,
                                                              guint                      row);
void                      rapportd_import_duplicates_append  (RapportdImportDuplicates  *self,
                                                              GString                   *answer);
void                      rapportd_import_duplicates_set_policy (RapportdImportDuplicates *self,
                                                                 RapportdImportPolicy      policy);
RapportdImportPolicy      rapportd_import_duplicates_get_policy (RapportdImportDuplicates *self);
gboolean                  rapportd_import_duplicates_match   (RapportdImportDuplicates  *self,
                                                              RapportdRequest           *request,
                                                              RapportdDb                *db,
                                                              CrmEntityClass            *klass,
                                                              JsonObject                *object,
                                                              gint64                     id,
                                                              gint64                    *matched,
                                                              GError                   **error);
void                      rapportd_import_duplicates_matched (RapportdImportDuplicates  *self,
                                                              guint                      row,
                                                              gint64                     id);
guint                     rapportd_import_duplicates_get_n_matched (RapportdImportDuplicates *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdImportDuplicates, rapportd_import_duplicates_free)

G_END_DECLS
