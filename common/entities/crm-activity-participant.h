/* crm-activity-participant.h: CrmActivityParticipant, a colleague or a contact who took part in an activity */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_ACTIVITY_PARTICIPANT (crm_activity_participant_get_type ())

G_DECLARE_FINAL_TYPE (CrmActivityParticipant, crm_activity_participant, CRM, ACTIVITY_PARTICIPANT, CrmEntity)

G_END_DECLS
