/* crm-business-calendar-day.h: CrmBusinessCalendarDay, a holiday or a make-up working day of a business calendar */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_BUSINESS_CALENDAR_DAY (crm_business_calendar_day_get_type ())

G_DECLARE_FINAL_TYPE (CrmBusinessCalendarDay, crm_business_calendar_day, CRM, BUSINESS_CALENDAR_DAY, CrmEntity)

G_END_DECLS
