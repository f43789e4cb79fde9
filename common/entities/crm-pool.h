/* crm-pool.h: CrmPool, a public pool (公海) of leads or accounts without an owner */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_POOL (crm_pool_get_type ())

G_DECLARE_FINAL_TYPE (CrmPool, crm_pool, CRM, POOL, CrmEntity)

char     *crm_pool_mask_phone       (const char *phone);
char     *crm_pool_mask_email       (const char *email);
gboolean  crm_pool_class_has_pool   (CrmEntityClass *klass);
void      crm_pool_mask_contacts    (CrmEntity  *record);

G_END_DECLS
