/* rapportd-user.h: a user leaves: deactivation, with everything they own handed to someone else */
#pragma once

#include "crm-entity.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

CrmEntity *rapportd_user_deactivate (RapportdDb  *db,
                                     gint64       actor_id,
                                     gint64       user_id,
                                     gint64       transfer_to,
                                     const char  *note,
                                     guint       *n_transferred,
                                     GError     **error);

G_END_DECLS
