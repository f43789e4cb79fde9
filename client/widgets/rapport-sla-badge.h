/* rapport-sla-badge.h: RapportSlaBadge, a case's service level: each target's state and the business time left */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SLA_BADGE (rapport_sla_badge_get_type ())

G_DECLARE_FINAL_TYPE (RapportSlaBadge, rapport_sla_badge, RAPPORT, SLA_BADGE, GtkWidget)

GtkWidget  *rapport_sla_badge_new        (RapportApi      *api);
void        rapport_sla_badge_set_entity (RapportSlaBadge *self,
                                          CrmEntity       *entity);
const char *rapport_sla_badge_get_text   (RapportSlaBadge *self,
                                          const char      *target);
const char *rapport_sla_badge_get_state  (RapportSlaBadge *self,
                                          const char      *target);
char       *rapport_sla_badge_describe_urgent (JsonObject   *sla,
                                               const char  **css_class);

G_END_DECLS
