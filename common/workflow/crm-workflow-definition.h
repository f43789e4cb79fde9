/* crm-workflow-definition.h: an approval workflow as an administrator writes it: trigger, condition, steps */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "crm-condition.h"
#include "crm-entity.h"

G_BEGIN_DECLS

/* limits the validator enforces */
#define CRM_WORKFLOW_MAX_STEPS          20
#define CRM_WORKFLOW_MAX_APPROVERS      10
#define CRM_WORKFLOW_MAX_USERS          50
#define CRM_WORKFLOW_MAX_MANAGER_LEVELS 10
#define CRM_WORKFLOW_MAX_QUORUM         100
#define CRM_WORKFLOW_MAX_DEADLINE_HOURS 8760

/**
 * CrmWorkflowApproverKind:
 * @CRM_WORKFLOW_APPROVER_ROLE: `{"role":"director"}`: whoever has the role
 * @CRM_WORKFLOW_APPROVER_TEAM: `{"team":"Finance"}`: whoever is in the team
 * @CRM_WORKFLOW_APPROVER_USERS: `{"users":["li.wei","anna"]}`: these people, each one an approver
 * @CRM_WORKFLOW_APPROVER_MANAGER: `{"manager_levels":2}`: the record owner's
 *   manager, that manager's manager…, each level one approver
 */
typedef enum
{
  CRM_WORKFLOW_APPROVER_ROLE,
  CRM_WORKFLOW_APPROVER_TEAM,
  CRM_WORKFLOW_APPROVER_USERS,
  CRM_WORKFLOW_APPROVER_MANAGER,
} CrmWorkflowApproverKind;

/**
 * CrmWorkflowMode:
 * @CRM_WORKFLOW_MODE_ANY: the first approval completes the step
 * @CRM_WORKFLOW_MODE_ALL: every approver slot — each listed user, each
 *   manager level, one member of each role or team — approves, each slot
 *   by a different person (countersigning)
 * @CRM_WORKFLOW_MODE_QUORUM: a given number of different people approve
 */
typedef enum
{
  CRM_WORKFLOW_MODE_ANY,
  CRM_WORKFLOW_MODE_ALL,
  CRM_WORKFLOW_MODE_QUORUM,
} CrmWorkflowMode;

/**
 * CrmWorkflowEscalation:
 * @CRM_WORKFLOW_ESCALATE_NONE: a step past its deadline just waits
 * @CRM_WORKFLOW_ESCALATE_NEXT_MANAGER: past its deadline, the next manager
 *   up the owner's chain may also approve
 */
typedef enum
{
  CRM_WORKFLOW_ESCALATE_NONE,
  CRM_WORKFLOW_ESCALATE_NEXT_MANAGER,
} CrmWorkflowEscalation;

/**
 * CrmWorkflowApprovers:
 * @kind: which of the members below applies
 * @name: the role or team name
 * @users: (array zero-terminated=1): the logins, for %CRM_WORKFLOW_APPROVER_USERS
 * @levels: how many manager levels, for %CRM_WORKFLOW_APPROVER_MANAGER
 *
 * One entry of a step's "approvers".
 */
typedef struct
{
  CrmWorkflowApproverKind   kind;
  char                     *name;
  char                    **users;
  guint                     levels;
} CrmWorkflowApprovers;

/**
 * CrmWorkflowStep:
 * @name: shown to people, unique in its definition
 * @names: (nullable) (element-type utf8 utf8): the name in other languages,
 *   by language ("zh_CN" → "经理审批")
 * @condition: (nullable): the step applies only when this holds
 * @approvers: (element-type CrmWorkflowApprovers): who approves, at least one entry
 * @mode: how many approvals complete the step
 * @quorum: for %CRM_WORKFLOW_MODE_QUORUM, how many different people
 * @deadline_hours: hours the step may wait once it starts; 0: no deadline
 * @escalate: what happens after the deadline
 *
 * One step of a definition; read-only.
 */
typedef struct
{
  char                  *name;
  GHashTable            *names;
  CrmCondition          *condition;
  GPtrArray             *approvers;
  CrmWorkflowMode        mode;
  guint                  quorum;
  guint                  deadline_hours;
  CrmWorkflowEscalation  escalate;
} CrmWorkflowStep;

#define CRM_TYPE_WORKFLOW_DEFINITION (crm_workflow_definition_get_type ())

/**
 * CrmWorkflowDefinition:
 *
 * An immutable, reference-counted, validated workflow definition. A new
 * version of a workflow is a new definition; instances keep the one they
 * started with.
 */
typedef struct _CrmWorkflowDefinition CrmWorkflowDefinition;

GType                   crm_workflow_definition_get_type        (void) G_GNUC_CONST;
CrmWorkflowDefinition  *crm_workflow_definition_new_from_json   (JsonNode               *node,
                                                                 GError                **error);
CrmWorkflowDefinition  *crm_workflow_definition_new_from_data   (const char             *data,
                                                                 gssize                  length,
                                                                 GError                **error);
CrmWorkflowDefinition  *crm_workflow_definition_ref             (CrmWorkflowDefinition  *self);
void                    crm_workflow_definition_unref           (CrmWorkflowDefinition  *self);
JsonNode               *crm_workflow_definition_to_json         (CrmWorkflowDefinition  *self);
char                   *crm_workflow_definition_to_data         (CrmWorkflowDefinition  *self);
const char             *crm_workflow_definition_get_name        (CrmWorkflowDefinition  *self);
const char             *crm_workflow_definition_get_description (CrmWorkflowDefinition  *self);
gint64                  crm_workflow_definition_get_version     (CrmWorkflowDefinition  *self);
const char             *crm_workflow_definition_get_entity      (CrmWorkflowDefinition  *self);
const char             *crm_workflow_definition_get_trigger     (CrmWorkflowDefinition  *self);
CrmCondition           *crm_workflow_definition_get_condition   (CrmWorkflowDefinition  *self);
guint                   crm_workflow_definition_get_n_steps     (CrmWorkflowDefinition  *self);
const CrmWorkflowStep  *crm_workflow_definition_get_step        (CrmWorkflowDefinition  *self,
                                                                 guint                   index);
char                  **crm_workflow_definition_dup_identifiers (CrmWorkflowDefinition  *self);
gboolean                crm_workflow_definition_check_entity    (CrmWorkflowDefinition  *self,
                                                                 CrmEntityClass         *klass,
                                                                 GError                **error);
const char             *crm_workflow_definition_get_name_for    (CrmWorkflowDefinition  *self,
                                                                 const char * const     *languages);
const char             *crm_workflow_step_get_name_for          (const CrmWorkflowStep  *step,
                                                                 const char * const     *languages);
const char             *crm_workflow_trigger_label              (const char             *trigger);
gboolean                crm_workflow_trigger_is_valid           (const char             *entity,
                                                                 const char             *trigger);
const char             *crm_workflow_mode_to_string             (CrmWorkflowMode         mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmWorkflowDefinition, crm_workflow_definition_unref)

G_END_DECLS
