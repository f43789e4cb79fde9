/* rapportd-presence.h: who has unsaved edits in a record: the record_presence table, and the events that tell it */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* a client renews its presence every 20 seconds; one not renewed for
 * this long is gone */
#define RAPPORTD_PRESENCE_TTL_SECONDS 60

gboolean  rapportd_presence_put    (RapportdDb          *db,
                                    const RapportdActor *actor,
                                    const char          *session,
                                    const char          *entity,
                                    gint64               record_id,
                                    gint64               now,
                                    GError             **error);
gboolean  rapportd_presence_delete (RapportdDb          *db,
                                    const RapportdActor *actor,
                                    const char          *session,
                                    const char          *entity,
                                    gint64               record_id,
                                    gint64               now,
                                    GError             **error);
JsonNode *rapportd_presence_list   (RapportdDb          *db,
                                    const char          *entity,
                                    gint64               record_id,
                                    gint64               now,
                                    GError             **error);
gboolean  rapportd_presence_expire (RapportdDb          *db,
                                    gint64               now,
                                    guint               *n_expired,
                                    GError             **error);

G_END_DECLS
