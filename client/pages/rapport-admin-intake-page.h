/* rapport-admin-intake-page.h: RapportAdminIntakePage, the intake keys of web forms and kiosks: make one (its secret shown once), list, revoke */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_INTAKE_PAGE (rapport_admin_intake_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminIntakePage, rapport_admin_intake_page, RAPPORT, ADMIN_INTAKE_PAGE, GtkWidget)

void        rapport_admin_intake_page_set_api  (RapportAdminIntakePage *self,
                                                RapportApi             *api);
void        rapport_admin_intake_page_reload   (RapportAdminIntakePage *self);
GListModel *rapport_admin_intake_page_get_keys (RapportAdminIntakePage *self);

G_END_DECLS
