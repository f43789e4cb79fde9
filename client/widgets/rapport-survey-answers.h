/* rapport-survey-answers.h: RapportSurveyAnswers, on a case's page: the answers its customer gave by phone to the case's survey, recorded by staff */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SURVEY_ANSWERS (rapport_survey_answers_get_type ())

G_DECLARE_FINAL_TYPE (RapportSurveyAnswers, rapport_survey_answers, RAPPORT, SURVEY_ANSWERS, GtkWidget)

GtkWidget  *rapport_survey_answers_new        (RapportApi           *api);
void        rapport_survey_answers_set_entity (RapportSurveyAnswers *self,
                                               CrmEntity            *entity);
gboolean    rapport_survey_answers_get_busy   (RapportSurveyAnswers *self);
gboolean    rapport_survey_answers_choose     (RapportSurveyAnswers *self,
                                               const char           *question_id,
                                               const char           *answer);
void        rapport_survey_answers_save       (RapportSurveyAnswers *self);
const char *rapport_survey_answers_get_status (RapportSurveyAnswers *self);

G_END_DECLS
