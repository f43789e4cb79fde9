/* rapportd-survey-results.h: a survey's figures by group (response rate, CSAT, NPS, counts) and its answers one invitation each */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char     *rapportd_survey_percent         (gint64                numerator,
                                           gint64                denominator);
JsonNode *rapportd_survey_results         (RapportdDb           *db,
                                           const RapportdActor  *actor,
                                           gint64                survey_id,
                                           GHashTable           *query,
                                           GError              **error);
JsonNode *rapportd_survey_responses       (RapportdDb           *db,
                                           const RapportdActor  *actor,
                                           gint64                survey_id,
                                           GHashTable           *query,
                                           GError              **error);

G_END_DECLS
