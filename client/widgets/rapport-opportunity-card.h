/* rapport-opportunity-card.h: RapportOpportunityCard, one opportunity on the board: name, account, amount, close date, owner */
#pragma once

#include <gtk/gtk.h>

#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_OPPORTUNITY_CARD (rapport_opportunity_card_get_type ())

G_DECLARE_FINAL_TYPE (RapportOpportunityCard, rapport_opportunity_card, RAPPORT, OPPORTUNITY_CARD, GtkWidget)

RapportOpportunityCard *rapport_opportunity_card_new        (void);
void                    rapport_opportunity_card_set_entity (RapportOpportunityCard *self,
                                                             CrmEntity              *entity);
CrmEntity              *rapport_opportunity_card_get_entity (RapportOpportunityCard *self);
char                   *rapport_opportunity_card_dup_text   (RapportOpportunityCard *self);
void                    rapport_opportunity_card_popup_menu (RapportOpportunityCard *self,
                                                             GMenuModel             *menu);

G_END_DECLS
