/* rapport-admin-teams-page.h: RapportAdminTeamsPage, the team tree for administrators: add a team under another, rename */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_TEAMS_PAGE (rapport_admin_teams_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminTeamsPage, rapport_admin_teams_page, RAPPORT, ADMIN_TEAMS_PAGE, GtkWidget)

void        rapport_admin_teams_page_set_api (RapportAdminTeamsPage *self,
                                              RapportApi            *api);
void        rapport_admin_teams_page_reload  (RapportAdminTeamsPage *self);
GListModel *rapport_admin_teams_page_get_tree (RapportAdminTeamsPage *self);

G_END_DECLS
