/* rapport-admin-page.h: RapportAdminPage, administration for administrators: users, teams and role scopes side by side */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_PAGE (rapport_admin_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminPage, rapport_admin_page, RAPPORT, ADMIN_PAGE, GtkWidget)

RapportAdminPage *rapport_admin_page_new      (RapportApi       *api);
void              rapport_admin_page_reload   (RapportAdminPage *self);
void              rapport_admin_page_new_item (RapportAdminPage *self);
void              rapport_admin_page_save     (RapportAdminPage *self);
void              rapport_admin_page_show     (RapportAdminPage *self,
                                               const char       *name);

G_END_DECLS
