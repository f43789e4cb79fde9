/* crm-opportunity-contact.h: CrmOpportunityContact, a contact's role in an opportunity, written with it */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_OPPORTUNITY_CONTACT (crm_opportunity_contact_get_type ())

G_DECLARE_FINAL_TYPE (CrmOpportunityContact, crm_opportunity_contact, CRM, OPPORTUNITY_CONTACT, CrmEntity)

G_END_DECLS
