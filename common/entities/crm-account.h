/* crm-account.h: CrmAccount, a customer company */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_ACCOUNT (crm_account_get_type ())

G_DECLARE_FINAL_TYPE (CrmAccount, crm_account, CRM, ACCOUNT, CrmEntity)

G_END_DECLS
