/* rapport-opportunity-column.h: RapportOpportunityColumn, one stage of the board: its cards, paged as they scroll into view, and the stage's count and sum */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_OPPORTUNITY_COLUMN (rapport_opportunity_column_get_type ())

G_DECLARE_FINAL_TYPE (RapportOpportunityColumn, rapport_opportunity_column, RAPPORT, OPPORTUNITY_COLUMN, GtkWidget)

RapportOpportunityColumn *rapport_opportunity_column_new          (RapportApi               *api,
                                                                   gint64                    pipeline_id,
                                                                   JsonObject               *stage);
gint64                    rapport_opportunity_column_get_stage_id (RapportOpportunityColumn *self);
const char               *rapport_opportunity_column_get_name     (RapportOpportunityColumn *self);
const char               *rapport_opportunity_column_get_kind     (RapportOpportunityColumn *self);
JsonObject               *rapport_opportunity_column_get_stage    (RapportOpportunityColumn *self);
GListModel               *rapport_opportunity_column_get_model    (RapportOpportunityColumn *self);
gboolean                  rapport_opportunity_column_get_ready    (RapportOpportunityColumn *self);
gint64                    rapport_opportunity_column_get_count    (RapportOpportunityColumn *self);
gboolean                  rapport_opportunity_column_get_sum      (RapportOpportunityColumn *self,
                                                                   CrmMoney                 *sum);
void                      rapport_opportunity_column_set_totals   (RapportOpportunityColumn *self,
                                                                   gint64                    count,
                                                                   CrmMoney                  amount);
void                      rapport_opportunity_column_fetch_all    (RapportOpportunityColumn *self);
CrmEntity                *rapport_opportunity_column_find         (RapportOpportunityColumn *self,
                                                                   gint64                    id);
void                      rapport_opportunity_column_remove       (RapportOpportunityColumn *self,
                                                                   gint64                    id);
void                      rapport_opportunity_column_insert       (RapportOpportunityColumn *self,
                                                                   CrmEntity                *entity);
void                      rapport_opportunity_column_focus_card   (RapportOpportunityColumn *self,
                                                                   gint64                    id);
CrmEntity                *rapport_opportunity_column_get_selected (RapportOpportunityColumn *self);
void                      rapport_opportunity_column_reload       (RapportOpportunityColumn *self);

G_END_DECLS
