/* rapport-activity-participants.h: RapportActivityParticipants, the colleagues and contacts who took part in an activity, added and removed on its page */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ACTIVITY_PARTICIPANTS (rapport_activity_participants_get_type ())

G_DECLARE_FINAL_TYPE (RapportActivityParticipants, rapport_activity_participants, RAPPORT, ACTIVITY_PARTICIPANTS, AdwBin)

GtkWidget *rapport_activity_participants_new        (RapportApi                  *api);
void       rapport_activity_participants_set_entity (RapportActivityParticipants *self,
                                                     CrmEntity                   *entity);
gboolean   rapport_activity_participants_get_busy   (RapportActivityParticipants *self);
guint      rapport_activity_participants_get_n_rows (RapportActivityParticipants *self);
GtkWidget *rapport_activity_participants_get_adder  (RapportActivityParticipants *self,
                                                     const char                  *collection);
void       rapport_activity_participants_remove     (RapportActivityParticipants *self,
                                                     guint                        position);

G_END_DECLS
