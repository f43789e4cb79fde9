/* rapportd-invitation.h: a visit's or a meeting's invitation (iTIP METHOD:REQUEST) as one .ics */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

char *rapportd_invitation_render (RapportdDb           *db,
                                  const RapportdActor  *actor,
                                  gint64                activity_id,
                                  GError              **error);

G_END_DECLS
