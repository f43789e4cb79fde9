/* crm-kb-category.h: CrmKbCategory, a category of knowledge-base articles, kept as a tree */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_KB_CATEGORY (crm_kb_category_get_type ())

G_DECLARE_FINAL_TYPE (CrmKbCategory, crm_kb_category, CRM, KB_CATEGORY, CrmEntity)

G_END_DECLS
