/* rapportd-dedup.h: the duplicate-key index: its upkeep with every write, and the search for possible duplicates */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

typedef enum
{
  /* a create answers with its possible duplicates */
  RAPPORTD_DEDUP_WARN,
  /* and is refused when one scores RAPPORTD_DEDUP_BLOCK_SCORE or more,
   * unless it carries a reason */
  RAPPORTD_DEDUP_BLOCK,
} RapportdDedupMode;

/* scores are in hundredths */
#define RAPPORTD_DEDUP_BLOCK_SCORE 90
#define RAPPORTD_DEDUP_MAX_MATCHES 10

typedef struct
{
  const char *entity;
  gint64      id;
  char       *name;
  guint       score;
  const char *rule;
} RapportdDuplicate;

void              rapportd_dedup_set_mode        (RapportdDedupMode mode);
RapportdDedupMode rapportd_dedup_get_mode        (void);
gboolean          rapportd_dedup_class_is_checked (CrmEntityClass *klass);
gboolean          rapportd_dedup_index_replace   (RapportdDb      *db,
                                                  CrmEntity       *before,
                                                  CrmEntity       *after,
                                                  GError         **error);
gboolean          rapportd_dedup_index_add_many  (RapportdDb      *db,
                                                  GPtrArray       *records,
                                                  GError         **error);
gboolean          rapportd_dedup_backfill        (RapportdDb      *db,
                                                  guint64         *n_indexed,
                                                  GError         **error);
gboolean          rapportd_dedup_record_keys     (RapportdDb      *db,
                                                  CrmEntity       *record,
                                                  GHashTable     **stored,
                                                  GHashTable     **query,
                                                  GError         **error);
guint             rapportd_dedup_kinds_score     (guint            kinds);
guint             rapportd_dedup_kind_of         (const char      *key);
GPtrArray        *rapportd_dedup_find            (RapportdDb          *db,
                                                  const RapportdActor *actor,
                                                  CrmEntity           *record,
                                                  GError             **error);

GPtrArray        *rapportd_dedup_find_many       (RapportdDb          *db,
                                                  const RapportdActor *actor,
                                                  GPtrArray           *records,
                                                  GError             **error);

G_END_DECLS
