/* rapportd-api-business-calendars.h: deadlines and business time computed against a business calendar */
#pragma once

#include "rapportd-api.h"

G_BEGIN_DECLS

RAPPORTD_HANDLER (rapportd_api_business_calendars_deadline);
RAPPORTD_HANDLER (rapportd_api_business_calendars_business_seconds);

G_END_DECLS
