/* rapportd-backfill.h: bringing an index kept beside the records up to date for rows written before it, a batch a transaction */
#pragma once

#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

/* what an index keeps for one record, written inside the batch's transaction */
typedef gboolean (*RapportdBackfillRow) (RapportdDb  *db,
                                         CrmEntity   *record,
                                         GError     **error);

gint64 rapportd_backfill_batch (RapportdDb           *db,
                                GType                 type,
                                const char           *progress_table,
                                gint64                last_id,
                                RapportdBackfillRow   row,
                                guint64              *n_done,
                                GError              **error);

G_END_DECLS
