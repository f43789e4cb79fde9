/* rapportd-pool.h: RapportdPool, a bounded set of worker threads, each with its own MariaDB connection */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct _RapportdPool RapportdPool;

/* runs on a worker; @db is %NULL when no connection could be made.
 * Returns %FALSE to run again once on a fresh connection, when @db broke
 * before anything was committed. */
typedef gboolean (*RapportdPoolWork) (RapportdDb *db,
                                      gpointer    data);
/* runs back in the main context of the thread that pushed the work; @ran is %FALSE when the
 * work was dropped unrun because the pool is stopping */
typedef void (*RapportdPoolDone) (gpointer    data,
                                  gboolean    ran);

RapportdPool *rapportd_pool_new      (const RapportdDbParams *params,
                                      guint                   n_workers,
                                      guint                   max_queued,
                                      GError                **error);
void          rapportd_pool_push     (RapportdPool           *pool,
                                      RapportdPoolWork        work,
                                      RapportdPoolDone        done,
                                      gpointer                data);
gboolean      rapportd_pool_try_push (RapportdPool           *pool,
                                      RapportdPoolWork        work,
                                      RapportdPoolDone        done,
                                      gpointer                data);
guint         rapportd_pool_get_queued (RapportdPool         *pool);
RapportdDb   *rapportd_pool_open_connection (RapportdPool   *pool,
                                             GError        **error);
gboolean      rapportd_pool_free     (RapportdPool           *pool,
                                      guint                   drain_ms);

G_END_DECLS
