/* crm-workflow-definition-private.h: the definition's fields, shared by its reader and accessors */
#pragma once

#include "crm-workflow-definition.h"

G_BEGIN_DECLS

struct _CrmWorkflowDefinition
{
  gatomicrefcount  ref_count;
  char            *name;
  /* language → name, or NULL */
  GHashTable      *names;
  char            *description;
  gint64           version;
  char            *entity;
  char            *trigger;
  CrmCondition    *condition;
  /* of CrmWorkflowStep */
  GPtrArray       *steps;
};

CrmWorkflowDefinition *crm_workflow_definition_alloc         (void);
void                   crm_workflow_step_free                (CrmWorkflowStep      *step);
void                   crm_workflow_approvers_free           (CrmWorkflowApprovers *approvers);
char                  *crm_workflow_triggers_describe        (const char           *entity);
char                  *crm_workflow_entities_describe        (void);
gboolean               crm_workflow_entity_is_known          (const char           *entity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmWorkflowStep, crm_workflow_step_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmWorkflowApprovers, crm_workflow_approvers_free)

G_END_DECLS
