/* rapport-workflow-form.h: RapportWorkflowForm, the common settings of an approval workflow (condition, steps, approvers, deadlines) as a form over its JSON */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_WORKFLOW_FORM (rapport_workflow_form_get_type ())

G_DECLARE_FINAL_TYPE (RapportWorkflowForm, rapport_workflow_form, RAPPORT, WORKFLOW_FORM, GtkWidget)

gboolean   rapport_workflow_form_set_json    (RapportWorkflowForm *self,
                                              const char          *json);
char      *rapport_workflow_form_get_json    (RapportWorkflowForm *self);
void       rapport_workflow_form_add_step    (RapportWorkflowForm *self);
guint      rapport_workflow_form_get_n_steps (RapportWorkflowForm *self);
GtkWidget *rapport_workflow_form_get_step_row (RapportWorkflowForm *self,
                                               guint                step,
                                               const char          *member);

G_END_DECLS
