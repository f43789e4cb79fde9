/* rapport-admin-users-page.h: RapportAdminUsersPage, the users for administrators: list, create, edit, deactivate, passwords, locks, sessions */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "rapport-list-model.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_USERS_PAGE (rapport_admin_users_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminUsersPage, rapport_admin_users_page, RAPPORT, ADMIN_USERS_PAGE, GtkWidget)

void              rapport_admin_users_page_set_api   (RapportAdminUsersPage *self,
                                                      RapportApi            *api);
RapportListModel *rapport_admin_users_page_get_model (RapportAdminUsersPage *self);
void              rapport_admin_users_page_reload    (RapportAdminUsersPage *self);
GtkWidget        *rapport_admin_users_page_edit      (RapportAdminUsersPage *self,
                                                      gint64                 id);

G_END_DECLS
