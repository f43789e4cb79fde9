/* rapport-stage-bar.h: RapportStageBar, an opportunity's pipeline as segments (the current stage highlighted, a click moves it) and the current stage's checklist */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_STAGE_BAR (rapport_stage_bar_get_type ())

G_DECLARE_FINAL_TYPE (RapportStageBar, rapport_stage_bar, RAPPORT, STAGE_BAR, GtkWidget)

GtkWidget *rapport_stage_bar_new            (RapportApi      *api);
void       rapport_stage_bar_set_entity     (RapportStageBar *self,
                                             CrmEntity       *entity);
CrmEntity *rapport_stage_bar_get_entity     (RapportStageBar *self);
gboolean   rapport_stage_bar_get_busy       (RapportStageBar *self);
GtkWidget *rapport_stage_bar_get_segment    (RapportStageBar *self,
                                             gint64           stage_id);
GtkWidget *rapport_stage_bar_get_check      (RapportStageBar *self,
                                             const char      *item);

G_END_DECLS
