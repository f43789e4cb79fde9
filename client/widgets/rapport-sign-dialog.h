/* rapport-sign-dialog.h: RapportSignDialog, an electronic signature: approve, reject, review or assess with login and password */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SIGN_DIALOG (rapport_sign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportSignDialog, rapport_sign_dialog, RAPPORT, SIGN_DIALOG, AdwWindow)

RapportSignDialog *rapport_sign_dialog_new      (GtkWidget         *parent,
                                                 RapportApi        *api,
                                                 gint64             approval_id,
                                                 gboolean           approve,
                                                 const char        *subject);
RapportSignDialog *rapport_sign_dialog_new_review (GtkWidget       *parent,
                                                   RapportApi      *api,
                                                   const char      *collection,
                                                   gint64           record_id,
                                                   const char      *subject);
RapportSignDialog *rapport_sign_dialog_new_assessment (GtkWidget   *parent,
                                                       RapportApi  *api,
                                                       gint64       case_id,
                                                       const char  *subject,
                                                       JsonObject  *assessment);
void               rapport_sign_dialog_sign     (RapportSignDialog *self);
gboolean           rapport_sign_dialog_get_busy (RapportSignDialog *self);
const char        *rapport_sign_dialog_get_error (RapportSignDialog *self);

G_END_DECLS
