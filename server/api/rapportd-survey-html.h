/* rapportd-survey-html.h: a survey's public pages in HTML: the form, and the short pages for thanks and refusals */
#pragma once

#include "db/rapportd-survey-answers.h"

G_BEGIN_DECLS

char *rapportd_survey_html_form    (RapportdSurveyForm *form,
                                    const char         *token,
                                    const char         *mac,
                                    GHashTable         *values,
                                    GHashTable         *problems);
char *rapportd_survey_html_message (const char         *language,
                                    const char         *title,
                                    const char         *message);

G_END_DECLS
