/* rapportd-visits.h: a visit plan's check-out, check-in and recorded visit, plan versus actual a week, and weekly reports' submission */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "rapportd-repo-rules.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  RAPPORTD_VISIT_CHECK_OUT,
  RAPPORTD_VISIT_CHECK_IN,
} RapportdVisitStep;

extern const RapportdRepoRules rapportd_visit_plan_rules;
extern const RapportdRepoRules rapportd_weekly_report_rules;

CrmEntity *rapportd_visits_step    (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    gint64                id,
                                    RapportdVisitStep     step,
                                    const char           *place,
                                    GError              **error);
CrmEntity *rapportd_visits_record  (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    gint64                id,
                                    CrmEntity           **activity,
                                    GError              **error);
JsonNode  *rapportd_visits_summary (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    const char           *week,
                                    gint64                owner_id,
                                    GError              **error);

G_END_DECLS
