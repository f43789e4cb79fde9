/* crm-contact.h: CrmContact, a person at a customer company */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONTACT (crm_contact_get_type ())

G_DECLARE_FINAL_TYPE (CrmContact, crm_contact, CRM, CONTACT, CrmEntity)

G_END_DECLS
