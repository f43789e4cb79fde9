/* rapport-approval-panel.h: RapportApprovalPanel, a record's approval history and who would approve it next */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVAL_PANEL (rapport_approval_panel_get_type ())

G_DECLARE_FINAL_TYPE (RapportApprovalPanel, rapport_approval_panel, RAPPORT, APPROVAL_PANEL, GtkWidget)

RapportApprovalPanel *rapport_approval_panel_new                 (RapportApi           *api);
void                  rapport_approval_panel_set_api             (RapportApprovalPanel *self,
                                                                  RapportApi           *api);
void                  rapport_approval_panel_set_record          (RapportApprovalPanel *self,
                                                                  const char           *collection,
                                                                  gint64                id,
                                                                  CrmEntity            *record);
void                  rapport_approval_panel_reload              (RapportApprovalPanel *self);
gboolean              rapport_approval_panel_get_busy            (RapportApprovalPanel *self);
guint                 rapport_approval_panel_get_n_approvals     (RapportApprovalPanel *self);
int                   rapport_approval_panel_get_n_steps_applying (RapportApprovalPanel *self);

G_END_DECLS
