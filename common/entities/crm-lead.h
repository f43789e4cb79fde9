/* crm-lead.h: CrmLead, a possible customer not yet worked into an account */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_LEAD (crm_lead_get_type ())

G_DECLARE_FINAL_TYPE (CrmLead, crm_lead, CRM, LEAD, CrmEntity)

const char *crm_lead_account_source (const char *source);

G_END_DECLS
