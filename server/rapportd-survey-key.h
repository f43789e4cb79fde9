/* rapportd-survey-key.h: the secret that signs a survey form's hidden field (DATA_DIR/keys/survey-form.key) and the survey settings */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     rapportd_survey_key_configure (const char  *data_dir,
                                        const char  *public_url,
                                        guint        form_per_minute);
char    *rapportd_survey_key_sign      (const char  *token,
                                        GError     **error);
gboolean rapportd_survey_key_check     (const char  *token,
                                        const char  *mac);
char    *rapportd_survey_public_link   (const char  *token);
char    *rapportd_survey_link          (const char  *host,
                                        const char  *token);
guint    rapportd_survey_form_per_minute (void);

G_END_DECLS
