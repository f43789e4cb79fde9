/* rapportd-event-log.h: the events table: written with each change, read by every rapportd for its clients */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  user_id;
  char   *kind;
  char   *entity;
  gint64  record_id;
  char   *payload;
} RapportdEvent;

gboolean   rapportd_event_log_add    (RapportdDb  *db,
                                      gint64       user_id,
                                      const char  *kind,
                                      const char  *entity,
                                      gint64       record_id,
                                      const char  *payload,
                                      GError     **error);
gboolean   rapportd_event_log_add_many (RapportdDb         *db,
                                        const char         *kind,
                                        const char         *entity,
                                        const gint64       *record_ids,
                                        const char * const *payloads,
                                        guint               n,
                                        GError            **error);
GPtrArray *rapportd_event_log_since  (RapportdDb  *db,
                                      gint64       after_id,
                                      guint        limit,
                                      GError     **error);
GPtrArray *rapportd_event_log_by_ids (RapportdDb  *db,
                                      GArray      *ids,
                                      GError     **error);
gint64     rapportd_event_log_last   (RapportdDb  *db,
                                      GError     **error);
GPtrArray *rapportd_event_log_replay (RapportdDb  *db,
                                      gint64       seen_id,
                                      gint64       upto_id,
                                      guint        max_events,
                                      guint        max_hours,
                                      gboolean    *too_far,
                                      GError     **error);
gboolean   rapportd_event_log_prune  (RapportdDb  *db,
                                      guint        keep_hours,
                                      GError     **error);
void       rapportd_event_free       (RapportdEvent *event);

G_END_DECLS
