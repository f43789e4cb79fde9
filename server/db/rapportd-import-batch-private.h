/* rapportd-import-batch-private.h: a record of an import's batch, shared by storing and undoing it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char    *entity;
  gint64   id;
  /* created by the import, else updated */
  gboolean created;
  /* the version the import left it at */
  gint64   version;
  /* of an updated one: the fields the import changed, as they were */
  char    *before_json;
} RapportdImportBatchRecord;

void rapportd_import_batch_record_clear (gpointer record);

G_END_DECLS
