/* crm-business-calendar.h: CrmBusinessCalendar, working hours, holidays and make-up working days kept by administrators */
#pragma once

#include "crm-entity.h"
#include "crm-business-time.h"

G_BEGIN_DECLS

#define CRM_TYPE_BUSINESS_CALENDAR (crm_business_calendar_get_type ())

G_DECLARE_FINAL_TYPE (CrmBusinessCalendar, crm_business_calendar, CRM, BUSINESS_CALENDAR, CrmEntity)

CrmBusinessTime *crm_business_calendar_compile (CrmEntity  *calendar,
                                                GError    **error);

G_END_DECLS
