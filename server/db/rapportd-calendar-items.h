/* rapportd-calendar-items.h: the activities, visit plans and tasks between two instants, for the client's calendar */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* the longest window one read covers: six weeks of a month's grid and more */
#define RAPPORTD_CALENDAR_MAX_DAYS 62

JsonNode *rapportd_calendar_items (RapportdDb           *db,
                                   const RapportdActor  *actor,
                                   gint64                from,
                                   gint64                to,
                                   gboolean              team,
                                   GError              **error);

G_END_DECLS
