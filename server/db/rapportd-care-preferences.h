/* rapportd-care-preferences.h: the automatic reminders each user turned on or off for themselves */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *rapportd_care_preferences_get (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         GError              **error);
JsonNode *rapportd_care_preferences_set (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         JsonObject           *changes,
                                         GError              **error);

G_END_DECLS
