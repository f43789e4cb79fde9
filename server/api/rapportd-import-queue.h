/* rapportd-import-queue.h: an import's rows written in chunks by bulk creates, or one by one where a chunk cannot be */
#pragma once

#include "rapportd-api.h"
#include "rapportd-api-import-rejected.h"
#include "rapportd-import-duplicates.h"
#include "rapportd-import-references.h"

G_BEGIN_DECLS

typedef struct _RapportdImportQueue RapportdImportQueue;

/* the cell of @cells that holds @field, or NULL */
typedef char *(*RapportdImportCellFunc) (gpointer            data,
                                         const char *const  *cells,
                                         const char         *field);

RapportdImportQueue *rapportd_import_queue_new    (RapportdRequest           *request,
                                                   RapportdDb                *db,
                                                   GType                      type,
                                                   RapportdImportDuplicates  *duplicates,
                                                   RapportdImportReferences  *references,
                                                   RapportdImportRejected    *rejected,
                                                   RapportdImportCellFunc     cell_of,
                                                   gpointer                   cell_data);
gboolean             rapportd_import_queue_add    (RapportdImportQueue       *self,
                                                   guint                      row,
                                                   const char *const         *cells,
                                                   JsonObject                *object,
                                                   GError                    *row_error,
                                                   const char                *value,
                                                   gboolean                  *refused,
                                                   GError                   **error);
gboolean             rapportd_import_queue_finish (RapportdImportQueue       *self,
                                                   gboolean                  *refused,
                                                   GError                   **error);
void                 rapportd_import_queue_free   (RapportdImportQueue       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdImportQueue, rapportd_import_queue_free)

G_END_DECLS
