/* rapportd-survey-answers.h: a survey invitation's form as its link opens it, and its answers checked and stored once */
#pragma once

#include "rapportd-db.h"
#include "crm-survey-questions.h"

G_BEGIN_DECLS

typedef struct
{
  gint64     invitation_id;
  /* pending, answered or expired */
  char      *status;
  gint64     survey_id;
  char      *title;
  char      *intro;
  /* en or zh-CN */
  char      *language;
  /* (element-type CrmSurveyQuestion) */
  GPtrArray *questions;
} RapportdSurveyForm;

RapportdSurveyForm *rapportd_survey_form_find    (RapportdDb          *db,
                                                  const char          *token,
                                                  gint64               invitation_id,
                                                  gboolean             for_update,
                                                  GError             **error);
void                rapportd_survey_form_free    (RapportdSurveyForm  *form);
GHashTable         *rapportd_survey_answers_check (RapportdSurveyForm *form,
                                                   GHashTable         *answers);
gboolean            rapportd_survey_answers_store (RapportdDb         *db,
                                                   RapportdSurveyForm *form,
                                                   GHashTable         *answers,
                                                   gint64              recorded_by,
                                                   const char         *reason,
                                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdSurveyForm, rapportd_survey_form_free)

G_END_DECLS
