/* crm-contract.h: CrmContract, the signed agreement that follows an order: parties, dates, amount, terms */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONTRACT (crm_contract_get_type ())

G_DECLARE_FINAL_TYPE (CrmContract, crm_contract, CRM, CONTRACT, CrmEntity)

G_END_DECLS
