/* crm-workflow-engine-private.h: the engine's helpers shared by its action and submission files */
#pragma once

#include "crm-workflow-engine.h"
#include "crm-workflow-instance-private.h"

G_BEGIN_DECLS

gboolean             crm_workflow_text_is_blank  (const char                 *text);
gboolean             crm_workflow_check_comment  (const char                 *comment,
                                                  gboolean                    required,
                                                  const char                 *missing,
                                                  GError                    **error);
void                 crm_workflow_activate_step  (CrmWorkflowInstance        *self,
                                                  guint                       step,
                                                  gint64                      now);
CrmWorkflowInstance *crm_workflow_engine_submit  (CrmWorkflowDefinition      *definition,
                                                  const CrmWorkflowAction    *action,
                                                  const char                 *actor,
                                                  const CrmWorkflowResolver  *resolver,
                                                  gint64                      now,
                                                  GError                    **error);

G_END_DECLS
