/* rapportd-import-batch.h: an import's batch: the records it created or updated, stored with it, listed, undone */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct _RapportdImportBatch RapportdImportBatch;

RapportdImportBatch *rapportd_import_batch_new       (const char           *collection,
                                                      const char           *format);
void                 rapportd_import_batch_free      (RapportdImportBatch  *batch);
void                 rapportd_import_batch_note      (RapportdImportBatch  *batch,
                                                      CrmEntity            *before,
                                                      CrmEntity            *after);
void                 rapportd_import_batch_skipped   (RapportdImportBatch  *batch);
gboolean             rapportd_import_batch_store     (RapportdImportBatch  *batch,
                                                      RapportdDb           *db,
                                                      const RapportdActor  *actor,
                                                      guint                 rejected,
                                                      gint64               *id,
                                                      GError              **error);

JsonNode            *rapportd_import_batches_list    (RapportdDb           *db,
                                                      const RapportdActor  *actor,
                                                      const char           *collection,
                                                      GError              **error);
JsonNode            *rapportd_import_batch_get       (RapportdDb           *db,
                                                      const RapportdActor  *actor,
                                                      gint64                id,
                                                      gboolean              for_update,
                                                      GError              **error);
gboolean             rapportd_import_batch_undo      (RapportdDb           *db,
                                                      RapportdActor        *actor,
                                                      gint64                id,
                                                      guint                *undone,
                                                      GPtrArray           **changed,
                                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdImportBatch, rapportd_import_batch_free)

G_END_DECLS
