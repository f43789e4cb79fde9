/* rapport-survey-invitations.h: RapportSurveyInvitations, a survey's invitations under its results: who, when, whether answered, and what became of the mail that carried the link */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SURVEY_INVITATIONS (rapport_survey_invitations_get_type ())

G_DECLARE_FINAL_TYPE (RapportSurveyInvitations, rapport_survey_invitations, RAPPORT, SURVEY_INVITATIONS, GtkWidget)

/* the newest so many are listed */
#define RAPPORT_SURVEY_INVITATIONS_SHOWN 200

void      rapport_survey_invitations_load          (RapportSurveyInvitations *self,
                                                    RapportApi               *api,
                                                    gint64                    survey_id);
gboolean  rapport_survey_invitations_get_busy      (RapportSurveyInvitations *self);
GtkGrid  *rapport_survey_invitations_get_grid      (RapportSurveyInvitations *self);
char     *rapport_survey_invitations_describe_mail (JsonObject               *mail,
                                                    gboolean                 *trouble);

G_END_DECLS
