/* rapport-admin-scopes-page.h: RapportAdminScopesPage, each role's data scope per kind of record, as a grid of choices */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_SCOPES_PAGE (rapport_admin_scopes_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminScopesPage, rapport_admin_scopes_page, RAPPORT, ADMIN_SCOPES_PAGE, GtkWidget)

void         rapport_admin_scopes_page_set_api   (RapportAdminScopesPage *self,
                                                  RapportApi             *api);
void         rapport_admin_scopes_page_reload    (RapportAdminScopesPage *self);
gboolean     rapport_admin_scopes_page_get_busy  (RapportAdminScopesPage *self);
GtkDropDown *rapport_admin_scopes_page_get_cell  (RapportAdminScopesPage *self,
                                                  const char             *role,
                                                  const char             *entity);

G_END_DECLS
