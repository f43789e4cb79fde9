/* rapport-approval-view.h: RapportApprovalView, one approval: its record, steps, signatures, timeline and actions */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVAL_VIEW (rapport_approval_view_get_type ())

G_DECLARE_FINAL_TYPE (RapportApprovalView, rapport_approval_view, RAPPORT, APPROVAL_VIEW, GtkWidget)

RapportApprovalView *rapport_approval_view_new             (RapportApi          *api);
void                 rapport_approval_view_set_api         (RapportApprovalView *self,
                                                            RapportApi          *api);
void                 rapport_approval_view_show            (RapportApprovalView *self,
                                                            gint64               approval_id,
                                                            const char          *number);
void                 rapport_approval_view_reload          (RapportApprovalView *self);
void                 rapport_approval_view_act             (RapportApprovalView *self,
                                                            const char          *verb);
gint64               rapport_approval_view_get_approval_id (RapportApprovalView *self);
JsonObject          *rapport_approval_view_get_detail      (RapportApprovalView *self);
gboolean             rapport_approval_view_get_busy        (RapportApprovalView *self);

G_END_DECLS
