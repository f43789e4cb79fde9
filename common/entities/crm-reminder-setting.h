/* crm-reminder-setting.h: CrmReminderSetting, the company's setting of one kind of automatic reminder */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

/* a birthday is told at most this many days ahead */
#define CRM_REMINDER_BIRTHDAY_MAX_DAYS 31

#define CRM_TYPE_REMINDER_SETTING (crm_reminder_setting_get_type ())

G_DECLARE_FINAL_TYPE (CrmReminderSetting, crm_reminder_setting, CRM, REMINDER_SETTING, CrmEntity)

const char * const *crm_reminder_setting_kinds (void);

G_END_DECLS
