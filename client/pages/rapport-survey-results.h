/* rapport-survey-results.h: RapportSurveyResults, a survey's results beside the Surveys list: response rate, CSAT, NPS and counts, whole or by rep or category, and its invitations; an active survey is sent to contacts from here */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "pages/rapport-records-page.h"
#include "widgets/rapport-survey-send-dialog.h"
#include "widgets/rapport-survey-invitations.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SURVEY_RESULTS (rapport_survey_results_get_type ())

G_DECLARE_FINAL_TYPE (RapportSurveyResults, rapport_survey_results, RAPPORT, SURVEY_RESULTS, GtkWidget)

GtkWidget *rapport_survey_results_new      (RapportApi           *api);
void       rapport_survey_results_add_to   (RapportRecordsPage   *page,
                                            RapportApi           *api);
void       rapport_survey_results_reload   (RapportSurveyResults *self);
gboolean   rapport_survey_results_get_busy (RapportSurveyResults *self);
GtkGrid   *rapport_survey_results_get_grid (RapportSurveyResults *self);
void       rapport_survey_results_choose   (RapportSurveyResults *self,
                                            gint64                survey_id,
                                            const char           *group_by);
RapportSurveySendDialog *rapport_survey_results_send (RapportSurveyResults *self);
RapportSurveyInvitations *rapport_survey_results_get_invitations (RapportSurveyResults *self);

G_END_DECLS
