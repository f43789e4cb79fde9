/* rapportd-survey-access.h: who may read a survey's results, responses and list of invitations */
#pragma once

#include "rapportd-actor.h"

G_BEGIN_DECLS

gboolean rapportd_survey_access_check_results (const RapportdActor  *actor,
                                               GError              **error);

G_END_DECLS
