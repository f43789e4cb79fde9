/* rapportd-dedup-private.h: the duplicate search's steps, shared by the search for one record and for many */
#pragma once

#include "rapportd-dedup.h"

G_BEGIN_DECLS

/* index rows read for one key of a search: a key shared by more records
 * is common, not telling, and the records beyond are not offered */
#define RAPPORTD_DEDUP_MAX_ROWS_A_KEY 200

guint       rapportd_dedup_kind_bit       (const char          *name);
GHashTable *rapportd_dedup_query_keys     (RapportdDb          *db,
                                           CrmEntity           *record,
                                           GHashTable          *excluded,
                                           GError             **error);
GPtrArray  *rapportd_dedup_score          (GHashTable          *kinds,
                                           GHashTable          *excluded);
GHashTable *rapportd_dedup_readable_names (RapportdDb          *db,
                                           const RapportdActor *actor,
                                           GPtrArray           *candidates,
                                           guint                first,
                                           guint                end,
                                           GError             **error);
void        rapportd_dedup_duplicate_free (gpointer             data);

G_END_DECLS
