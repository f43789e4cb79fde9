/* rapport-record-watch.h: RapportRecordWatch, tells when one record is changed past the version shown, by the event WebSocket */
#pragma once

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_WATCH (rapport_record_watch_get_type ())

G_DECLARE_FINAL_TYPE (RapportRecordWatch, rapport_record_watch, RAPPORT, RECORD_WATCH, GObject)

RapportRecordWatch *rapport_record_watch_new         (RapportApi         *api,
                                                      const char         *entity_name);
void                rapport_record_watch_set_record  (RapportRecordWatch *self,
                                                      gint64              id,
                                                      gint64              version);

G_END_DECLS
