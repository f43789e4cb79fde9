/* crm-survey-questions.h: a satisfaction survey's questions, read from their JSON and checked, and the answers they take */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* at most so many questions a survey, options a choice, characters a text answer */
#define CRM_SURVEY_MAX_QUESTIONS 20
#define CRM_SURVEY_MAX_OPTIONS 20
#define CRM_SURVEY_MAX_TEXT 2000

typedef enum
{
  CRM_SURVEY_QUESTION_RATING,
  CRM_SURVEY_QUESTION_NPS,
  CRM_SURVEY_QUESTION_CHOICE,
  CRM_SURVEY_QUESTION_TEXT,
} CrmSurveyQuestionType;

typedef struct
{
  char                  *id;
  CrmSurveyQuestionType  type;
  char                  *label;
  gboolean               required;
  /* a choice's options, NULL-terminated; NULL for other types */
  char                 **options;
} CrmSurveyQuestion;

GPtrArray  *crm_survey_questions_parse  (const char               *json,
                                         GError                  **error);
const char *crm_survey_question_type_to_string (CrmSurveyQuestionType type);
gboolean    crm_survey_question_check_answer   (const CrmSurveyQuestion  *question,
                                                const char               *value,
                                                const char               *field,
                                                GError                  **error);

G_END_DECLS
