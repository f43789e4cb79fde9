/* crm-case-category.h: CrmCaseCategory, a category of service cases; administrators keep them as a tree */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_CASE_CATEGORY (crm_case_category_get_type ())

G_DECLARE_FINAL_TYPE (CrmCaseCategory, crm_case_category, CRM, CASE_CATEGORY, CrmEntity)

G_END_DECLS
