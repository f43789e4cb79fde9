/* rapportd-calendar.h: each user's read-only iCalendar feed of their activities and tasks, by a secret address */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

JsonNode *rapportd_calendar_feed_create (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         GError              **error);
JsonNode *rapportd_calendar_feeds_list  (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         GError              **error);
gboolean  rapportd_calendar_feed_revoke (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         gint64                id,
                                         GError              **error);
char     *rapportd_calendar_feed_render (RapportdDb           *db,
                                         const char           *token,
                                         GError              **error);

G_END_DECLS
