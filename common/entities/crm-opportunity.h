/* crm-opportunity.h: CrmOpportunity, a possible sale to an account moving through a pipeline's stages */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_OPPORTUNITY (crm_opportunity_get_type ())

G_DECLARE_FINAL_TYPE (CrmOpportunity, crm_opportunity, CRM, OPPORTUNITY, CrmEntity)

G_END_DECLS
