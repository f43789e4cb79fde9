/* crm-workflow-engine.h: the pure approval engine: (definition, instance, action, actor, now) → instance */
#pragma once

#include "crm-workflow-definition.h"
#include "crm-workflow-instance.h"

G_BEGIN_DECLS

/* the longest comment an action may carry, in characters */
#define CRM_WORKFLOW_MAX_COMMENT 4000

/**
 * CrmWorkflowResolver:
 * @members: (nullable): the user ids that a role or team stands for, or —
 *   with %CRM_WORKFLOW_APPROVER_USERS — the one user with that login; an
 *   empty array when there is nobody. Without it, a login is its own id
 *   and roles and teams have nobody.
 * @manager: (nullable): the user @level levels above @user in the management
 *   chain (1: their manager), or %NULL at the top
 * @user_data: passed to both
 *
 * Filled by the caller, which knows the organisation (the server reads its
 * database; the client asks the server), so that the engine does no I/O.
 * It is called at submission, for every step that applies, and to escalate.
 */
typedef struct
{
  char   **(*members) (CrmWorkflowApproverKind   kind,
                       const char               *name,
                       gpointer                  user_data,
                       GError                  **error);
  char    *(*manager) (const char               *user,
                       guint                     level,
                       gpointer                  user_data,
                       GError                  **error);
  gpointer   user_data;
} CrmWorkflowResolver;

/**
 * CrmWorkflowAction:
 * @kind: what to do
 * @comment: (nullable): a note; required to reject and to comment
 * @values: (nullable): for submit, the record's values (field name →
 *   #CrmConditionValue, e.g. from crm_condition_values_new_from_entity())
 * @owner: (nullable): for submit, the record's owner; %NULL: the actor
 * @on_behalf_of: (nullable): for approve and reject by a delegate, the
 *   approver they act for; %NULL lets the engine choose
 * @delegate: for delegate, the user who may act
 * @until: for delegate, when the delegation ends (microseconds since the epoch)
 *
 * An action as the caller fills it in, on the stack:
 * `CrmWorkflowAction action = { CRM_WORKFLOW_ACTION_APPROVE, .comment = "OK" };`
 */
typedef struct
{
  CrmWorkflowActionKind  kind;
  const char            *comment;
  GHashTable            *values;
  const char            *owner;
  const char            *on_behalf_of;
  const char            *delegate;
  gint64                 until;
} CrmWorkflowAction;

CrmWorkflowInstance *crm_workflow_engine_apply           (CrmWorkflowDefinition     *definition,
                                                          CrmWorkflowInstance       *instance,
                                                          const CrmWorkflowAction   *action,
                                                          const char                *actor,
                                                          const CrmWorkflowResolver *resolver,
                                                          gint64                     now,
                                                          GError                   **error);
guint                crm_workflow_engine_allowed_actions (CrmWorkflowInstance       *instance,
                                                          const char                *actor,
                                                          gint64                     now);

G_END_DECLS
