/* rapport-complaint-panel.h: RapportComplaintPanel, a complaint's steps on its case's page: the signed reportability assessment, the closure request, the complaint file */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_COMPLAINT_PANEL (rapport_complaint_panel_get_type ())

G_DECLARE_FINAL_TYPE (RapportComplaintPanel, rapport_complaint_panel, RAPPORT, COMPLAINT_PANEL, GtkWidget)

GtkWidget  *rapport_complaint_panel_new          (RapportApi            *api);
void        rapport_complaint_panel_set_entity   (RapportComplaintPanel *self,
                                                  CrmEntity             *entity);
const char *rapport_complaint_panel_get_summary  (RapportComplaintPanel *self);
const char *rapport_complaint_panel_get_message  (RapportComplaintPanel *self);

G_END_DECLS
