/* crm-complaint-type.h: CrmComplaintType, a kind of complaint and the days within which its regulatory report is due */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_COMPLAINT_TYPE (crm_complaint_type_get_type ())

G_DECLARE_FINAL_TYPE (CrmComplaintType, crm_complaint_type, CRM, COMPLAINT_TYPE, CrmEntity)

G_END_DECLS
