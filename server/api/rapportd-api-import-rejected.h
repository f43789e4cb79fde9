/* rapportd-api-import-rejected.h: an import's error mode, and in "good rows" mode the rows it rejects */
#pragma once

#include "rapportd-api.h"

G_BEGIN_DECLS

typedef struct _RapportdImportRejected RapportdImportRejected;

RapportdImportRejected *rapportd_import_rejected_new    (RapportdRequest         *request,
                                                         const char *const       *header,
                                                         GError                 **error);
void                    rapportd_import_rejected_free   (RapportdImportRejected  *self);
gboolean                rapportd_import_rejected_is_good_rows (RapportdImportRejected *self);
guint                   rapportd_import_rejected_get_n_rows (RapportdImportRejected *self);
gboolean                rapportd_import_rejected_begin_row (RapportdImportRejected  *self,
                                                         RapportdDb              *db,
                                                         GError                 **error);
gboolean                rapportd_import_rejected_keep   (RapportdImportRejected  *self,
                                                         RapportdDb              *db,
                                                         guint                    row,
                                                         const char *const       *cells,
                                                         const char              *value,
                                                         GError                 **error);
void                    rapportd_import_rejected_append (RapportdImportRejected  *self,
                                                         GString                 *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdImportRejected, rapportd_import_rejected_free)

G_END_DECLS
