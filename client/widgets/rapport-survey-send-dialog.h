/* rapport-survey-send-dialog.h: RapportSurveySendDialog, sends a survey to contacts chosen by name, and says how many were invited and mailed */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SURVEY_SEND_DIALOG (rapport_survey_send_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportSurveySendDialog, rapport_survey_send_dialog, RAPPORT, SURVEY_SEND_DIALOG, AdwWindow)

/* at most so many contacts one sending invites, as the server takes */
#define RAPPORT_SURVEY_SEND_MAX 500

RapportSurveySendDialog *rapport_survey_send_dialog_new          (GtkWidget               *parent,
                                                                  RapportApi              *api,
                                                                  gint64                   survey_id,
                                                                  const char              *survey_name);
gboolean                 rapport_survey_send_dialog_add_contact  (RapportSurveySendDialog *self,
                                                                  CrmEntity               *contact);
void                     rapport_survey_send_dialog_send         (RapportSurveySendDialog *self);
GListModel              *rapport_survey_send_dialog_get_chosen   (RapportSurveySendDialog *self);
GListModel              *rapport_survey_send_dialog_get_found    (RapportSurveySendDialog *self);
gboolean                 rapport_survey_send_dialog_get_busy     (RapportSurveySendDialog *self);
const char              *rapport_survey_send_dialog_get_status   (RapportSurveySendDialog *self);
const char              *rapport_survey_send_dialog_get_error    (RapportSurveySendDialog *self);
char                    *rapport_survey_send_describe            (guint                    invited,
                                                                  guint                    mailed);

G_END_DECLS
