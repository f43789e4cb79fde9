/* crm-case.h: CrmCase, a customer's service case (ticket), numbered per year, worked through its statuses */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_CASE (crm_case_get_type ())

G_DECLARE_FINAL_TYPE (CrmCase, crm_case, CRM, CASE, CrmEntity)

G_END_DECLS
