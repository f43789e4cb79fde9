/* rapport-opportunity-board.h: RapportOpportunityBoard, a pipeline's opportunities as a kanban board, a column per stage */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-opportunity-column.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_OPPORTUNITY_BOARD (rapport_opportunity_board_get_type ())

G_DECLARE_FINAL_TYPE (RapportOpportunityBoard, rapport_opportunity_board, RAPPORT, OPPORTUNITY_BOARD, GtkWidget)

RapportOpportunityBoard  *rapport_opportunity_board_new          (RapportApi              *api);
void                      rapport_opportunity_board_add_to       (RapportRecordsPage      *page,
                                                                  RapportApi              *api);
guint                     rapport_opportunity_board_get_n_columns (RapportOpportunityBoard *self);
RapportOpportunityColumn *rapport_opportunity_board_get_column   (RapportOpportunityBoard *self,
                                                                  guint                    index);
gboolean                  rapport_opportunity_board_get_ready    (RapportOpportunityBoard *self);
void                      rapport_opportunity_board_move         (RapportOpportunityBoard *self,
                                                                  gint64                   id,
                                                                  gint64                   stage_id);
guint                     rapport_opportunity_board_get_moves_pending (RapportOpportunityBoard *self);

G_END_DECLS
