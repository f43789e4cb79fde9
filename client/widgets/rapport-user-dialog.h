/* rapport-user-dialog.h: RapportUserDialog, a new user (who they are, their role and team, an initial password) or a user edited */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_USER_DIALOG (rapport_user_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportUserDialog, rapport_user_dialog, RAPPORT, USER_DIALOG, AdwWindow)

RapportUserDialog *rapport_user_dialog_new    (GtkWidget         *parent,
                                               RapportApi        *api);
RapportUserDialog *rapport_user_dialog_new_edit (GtkWidget    *parent,
                                                 RapportApi   *api,
                                                 CrmEntity    *user);
void               rapport_user_dialog_create (RapportUserDialog *self);
void               rapport_user_dialog_save   (RapportUserDialog *self);

G_END_DECLS
