/* rapport-activity-follow-up.h: RapportActivityFollowUp, an activity's follow-up task on its page: opened if it has one, offered from its next step if not */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ACTIVITY_FOLLOW_UP (rapport_activity_follow_up_get_type ())

G_DECLARE_FINAL_TYPE (RapportActivityFollowUp, rapport_activity_follow_up, RAPPORT, ACTIVITY_FOLLOW_UP, AdwBin)

GtkWidget *rapport_activity_follow_up_new        (RapportApi              *api);
void       rapport_activity_follow_up_set_entity (RapportActivityFollowUp *self,
                                                  CrmEntity               *entity);
gint64     rapport_activity_follow_up_get_task   (RapportActivityFollowUp *self);
GtkWidget *rapport_activity_follow_up_get_button (RapportActivityFollowUp *self);

G_END_DECLS
