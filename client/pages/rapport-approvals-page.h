/* rapport-approvals-page.h: RapportApprovalsPage, what waits for the user's approval and what they submitted */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "widgets/rapport-approval-view.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVALS_PAGE (rapport_approvals_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportApprovalsPage, rapport_approvals_page, RAPPORT, APPROVALS_PAGE, GtkWidget)

RapportApprovalsPage *rapport_approvals_page_new           (RapportApi           *api);
void                  rapport_approvals_page_reload        (RapportApprovalsPage *self);
guint                 rapport_approvals_page_get_n_pending (RapportApprovalsPage *self);
void                  rapport_approvals_page_show_list     (RapportApprovalsPage *self,
                                                            const char           *name);
void                  rapport_approvals_page_show_approval (RapportApprovalsPage *self,
                                                            gint64                approval_id);
gboolean              rapport_approvals_page_go_back       (RapportApprovalsPage *self);
RapportApprovalView  *rapport_approvals_page_get_view      (RapportApprovalsPage *self);
gboolean              rapport_approvals_page_get_busy      (RapportApprovalsPage *self);
guint                 rapport_approvals_page_get_n_notified (RapportApprovalsPage *self);

G_END_DECLS
