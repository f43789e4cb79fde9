/* crm-visit-plan.h: CrmVisitPlan, a planned visit to a customer, with its check-out, check-in and the visit recorded from it */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_VISIT_PLAN (crm_visit_plan_get_type ())

G_DECLARE_FINAL_TYPE (CrmVisitPlan, crm_visit_plan, CRM, VISIT_PLAN, CrmEntity)

G_END_DECLS
