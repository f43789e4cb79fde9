/* rapport-admin-org.h: the organisation from the command line: teams, users, deactivation with transfer */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapport_admin_team_add        (RapportdDb  *db,
                                        const char  *name,
                                        const char  *parent,
                                        GError     **error);
gboolean rapport_admin_user_add        (RapportdDb  *db,
                                        const char  *login,
                                        const char  *name,
                                        const char  *role,
                                        const char  *team,
                                        const char  *manager,
                                        const char  *password,
                                        GError     **error);
gboolean rapport_admin_user_deactivate (RapportdDb  *db,
                                        const char  *login,
                                        const char  *transfer_to,
                                        guint       *n_transferred,
                                        GError     **error);

G_END_DECLS
