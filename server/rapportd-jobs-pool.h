/* rapportd-jobs-pool.h: records held from a pool, their reclaim dates, the reclaim and its warnings */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

/* a record a rep holds from a pool, and when it goes back */
typedef struct
{
  const char *entity;
  gint64      id;
  gint64      version;
  gint64      owner_id;
  gint64      pool_id;
  char       *pool_name;
  char       *title;
  /* µs since the epoch, UTC; 0: never */
  gint64      reclaim_at;
  gint64      warn_at;
  /* "idle" or "unconverted": which of the pool's limits reclaims it */
  const char *reason;
  /* the limit's days */
  gint64      days;
} RapportdPoolHolding;

void       rapportd_pool_holding_free   (RapportdPoolHolding *holding);
GPtrArray *rapportd_jobs_pool_holdings  (RapportdDb  *db,
                                         const char  *entity,
                                         gint64       owner_id,
                                         gint64       record_id,
                                         gboolean     for_update,
                                         GError     **error);
gboolean   rapportd_jobs_pool_run       (RapportdDb  *db,
                                         gint64       now,
                                         guint       *n_reclaimed,
                                         guint       *n_warned,
                                         GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdPoolHolding, rapportd_pool_holding_free)

G_END_DECLS
