/* crm-survey.h: CrmSurvey, a satisfaction survey's definition: what the customer is asked, and when it is sent */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_SURVEY (crm_survey_get_type ())

G_DECLARE_FINAL_TYPE (CrmSurvey, crm_survey, CRM, SURVEY, CrmEntity)

G_END_DECLS
