/* rapport-team-dialog.h: RapportTeamDialog, a team's name, and for a new one its place in the tree */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TEAM_DIALOG (rapport_team_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportTeamDialog, rapport_team_dialog, RAPPORT, TEAM_DIALOG, AdwMessageDialog)

RapportTeamDialog *rapport_team_dialog_new           (GtkWidget         *parent,
                                                      RapportApi        *api,
                                                      const char        *name,
                                                      gint64             parent_id);
char              *rapport_team_dialog_get_name      (RapportTeamDialog *self);
gint64             rapport_team_dialog_get_parent_id (RapportTeamDialog *self);

G_END_DECLS
