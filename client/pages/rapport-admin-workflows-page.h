/* rapport-admin-workflows-page.h: RapportAdminWorkflowsPage, approval workflow definitions for administrators, checked as typed */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_WORKFLOWS_PAGE (rapport_admin_workflows_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminWorkflowsPage, rapport_admin_workflows_page, RAPPORT, ADMIN_WORKFLOWS_PAGE, GtkWidget)

void        rapport_admin_workflows_page_set_api         (RapportAdminWorkflowsPage *self,
                                                          RapportApi                *api);
void        rapport_admin_workflows_page_reload          (RapportAdminWorkflowsPage *self);
void        rapport_admin_workflows_page_new_workflow    (RapportAdminWorkflowsPage *self);
void        rapport_admin_workflows_page_save            (RapportAdminWorkflowsPage *self);
gboolean    rapport_admin_workflows_page_select          (RapportAdminWorkflowsPage *self,
                                                          const char                *name);
void        rapport_admin_workflows_page_set_content     (RapportAdminWorkflowsPage *self,
                                                          const char                *content);
gboolean    rapport_admin_workflows_page_check           (RapportAdminWorkflowsPage *self);
const char *rapport_admin_workflows_page_get_problem     (RapportAdminWorkflowsPage *self);
const char *rapport_admin_workflows_page_get_error       (RapportAdminWorkflowsPage *self);
guint       rapport_admin_workflows_page_get_n_workflows (RapportAdminWorkflowsPage *self);
gboolean    rapport_admin_workflows_page_get_busy        (RapportAdminWorkflowsPage *self);

G_END_DECLS
