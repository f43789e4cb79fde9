/* rapportd-backfill.h: bringing an index kept beside the records up to date for rows written before it, a batch a transaction */
#pragma once

#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

/* what an index keeps for one record, written inside the batch's transaction */
typedef gboolean (*RapportdBackfillRow) (RapportdDb  *db,
                                         CrmEntity   *record,
                                         GError     **error);

/* as #RapportdBackfillRow for every record of a batch at once */
typedef gboolean (*RapportdBackfillRows) (RapportdDb  *db,
                                          GPtrArray   *records,
                                          GError     **error);

/* whether the index keeps anything for records of @klass */
typedef gboolean (*RapportdBackfillApplies) (CrmEntityClass  *klass);
/* where the backfill of an entity stands: the last id done, -1 when
 * done, -2 on error */
typedef gint64   (*RapportdBackfillStart)   (RapportdDb      *db,
                                             CrmEntityClass  *klass,
                                             GError         **error);

gint64   rapportd_backfill_position (RapportdDb      *db,
                                     const char      *progress_table,
                                     CrmEntityClass  *klass,
                                     const char      *signature,
                                     gboolean        *restarted,
                                     GError         **error);
gboolean rapportd_backfill_run (RapportdDb               *db,
                                const char               *progress_table,
                                RapportdBackfillApplies   applies,
                                RapportdBackfillStart     start,
                                RapportdBackfillRow       row,
                                guint64                  *n_done,
                                GError                  **error);
gboolean rapportd_backfill_run_many (RapportdDb               *db,
                                     const char               *progress_table,
                                     RapportdBackfillApplies   applies,
                                     RapportdBackfillStart     start,
                                     RapportdBackfillRows      rows,
                                     guint                     batch,
                                     guint64                  *n_done,
                                     GError                  **error);

G_END_DECLS
