/* rapport-record-presence.h: RapportRecordPresence, who else has unsaved edits in the record shown, and telling the server when we do */
#pragma once

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_PRESENCE (rapport_record_presence_get_type ())

G_DECLARE_FINAL_TYPE (RapportRecordPresence, rapport_record_presence, RAPPORT, RECORD_PRESENCE, GObject)

RapportRecordPresence *rapport_record_presence_new         (RapportApi            *api,
                                                            const char            *collection,
                                                            const char            *entity_name);
void                   rapport_record_presence_set_record  (RapportRecordPresence *self,
                                                            gint64                 id);
void                   rapport_record_presence_set_editing (RapportRecordPresence *self,
                                                            gboolean               editing);
gboolean               rapport_record_presence_get_editing (RapportRecordPresence *self);
char                 **rapport_record_presence_dup_names   (RapportRecordPresence *self);

G_END_DECLS
