/* crm-user.h: CrmUser, a person who signs in */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_USER (crm_user_get_type ())

G_DECLARE_FINAL_TYPE (CrmUser, crm_user, CRM, USER, CrmEntity)

G_END_DECLS
