/* crm-activity.h: CrmActivity, a call, visit, meeting, email or note on record with a customer */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_ACTIVITY (crm_activity_get_type ())

G_DECLARE_FINAL_TYPE (CrmActivity, crm_activity, CRM, ACTIVITY, CrmEntity)

/* the references of which an activity names at least one, in the order a refusal names them */
extern const char * const crm_activity_related_fields[];

gboolean crm_activity_relates_to_something (CrmEntity *activity);

G_END_DECLS
