/* crm-workflow-instance.h: one approval request in flight: its pinned definition, steps, approvers and log */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "crm-workflow-definition.h"

G_BEGIN_DECLS

/**
 * CrmWorkflowState:
 * @CRM_WORKFLOW_STATE_DRAFT: not submitted (there is no instance yet)
 * @CRM_WORKFLOW_STATE_PENDING: waiting for approvals
 * @CRM_WORKFLOW_STATE_APPROVED: every applicable step approved (final)
 * @CRM_WORKFLOW_STATE_REJECTED: an approver rejected; the record goes back to draft (final)
 * @CRM_WORKFLOW_STATE_WITHDRAWN: the requester took it back (final)
 */
typedef enum
{
  CRM_WORKFLOW_STATE_DRAFT,
  CRM_WORKFLOW_STATE_PENDING,
  CRM_WORKFLOW_STATE_APPROVED,
  CRM_WORKFLOW_STATE_REJECTED,
  CRM_WORKFLOW_STATE_WITHDRAWN,
} CrmWorkflowState;

/**
 * CrmWorkflowStepState:
 * @CRM_WORKFLOW_STEP_WAITING: applies, not reached yet (or never, if the request ended first)
 * @CRM_WORKFLOW_STEP_ACTIVE: the step that approvers act on now
 * @CRM_WORKFLOW_STEP_APPROVED: completed
 * @CRM_WORKFLOW_STEP_REJECTED: an approver rejected here
 * @CRM_WORKFLOW_STEP_SKIPPED: its condition did not hold at submission
 * @CRM_WORKFLOW_STEP_CANCELLED: the request was withdrawn while this step was active
 */
typedef enum
{
  CRM_WORKFLOW_STEP_WAITING,
  CRM_WORKFLOW_STEP_ACTIVE,
  CRM_WORKFLOW_STEP_APPROVED,
  CRM_WORKFLOW_STEP_REJECTED,
  CRM_WORKFLOW_STEP_SKIPPED,
  CRM_WORKFLOW_STEP_CANCELLED,
} CrmWorkflowStepState;

/**
 * CrmWorkflowActionKind:
 * @CRM_WORKFLOW_ACTION_SUBMIT: start a request
 * @CRM_WORKFLOW_ACTION_APPROVE: approve the current step
 * @CRM_WORKFLOW_ACTION_REJECT: reject the request (a comment is required)
 * @CRM_WORKFLOW_ACTION_WITHDRAW: the requester takes the request back
 * @CRM_WORKFLOW_ACTION_DELEGATE: an approver lets someone act for them in the current step, for a time
 * @CRM_WORKFLOW_ACTION_COMMENT: a note from anyone involved; changes nothing
 * @CRM_WORKFLOW_ACTION_ESCALATE: past the deadline, the next manager up may also approve
 */
typedef enum
{
  CRM_WORKFLOW_ACTION_SUBMIT,
  CRM_WORKFLOW_ACTION_APPROVE,
  CRM_WORKFLOW_ACTION_REJECT,
  CRM_WORKFLOW_ACTION_WITHDRAW,
  CRM_WORKFLOW_ACTION_DELEGATE,
  CRM_WORKFLOW_ACTION_COMMENT,
  CRM_WORKFLOW_ACTION_ESCALATE,
} CrmWorkflowActionKind;

#define CRM_WORKFLOW_N_ACTIONS (CRM_WORKFLOW_ACTION_ESCALATE + 1)

/**
 * CrmWorkflowRecord:
 * @kind: what was done
 * @step: the step it was done in, or -1 (submit, withdraw, a comment after the end)
 * @actor: who did it
 * @on_behalf_of: (nullable): for an approval or rejection by a delegate, the approver they stood in for
 * @at: when, in microseconds since the epoch (UTC)
 * @comment: (nullable): what they wrote
 * @delegate: (nullable): for a delegation, who may act
 * @until: for a delegation, when it ends (the delegate may act while now < @until)
 * @added: (nullable): for an escalation, the manager who may now approve
 *
 * One entry of an instance's log, which is append-only; read-only.
 */
typedef struct
{
  CrmWorkflowActionKind  kind;
  int                    step;
  char                  *actor;
  char                  *on_behalf_of;
  gint64                 at;
  char                  *comment;
  char                  *delegate;
  gint64                 until;
  char                  *added;
} CrmWorkflowRecord;

#define CRM_TYPE_WORKFLOW_INSTANCE (crm_workflow_instance_get_type ())

/**
 * CrmWorkflowInstance:
 *
 * An immutable, reference-counted approval request. The engine never
 * changes one: each action gives a new instance (crm_workflow_engine_apply()).
 */
typedef struct _CrmWorkflowInstance CrmWorkflowInstance;

GType                    crm_workflow_instance_get_type               (void) G_GNUC_CONST;
CrmWorkflowInstance     *crm_workflow_instance_ref                    (CrmWorkflowInstance *self);
void                     crm_workflow_instance_unref                  (CrmWorkflowInstance *self);

CrmWorkflowInstance     *crm_workflow_instance_new_from_json          (JsonNode            *node,
                                                                       GError             **error);
CrmWorkflowInstance     *crm_workflow_instance_new_from_data          (const char          *data,
                                                                       gssize               length,
                                                                       GError             **error);
JsonNode                *crm_workflow_instance_to_json                (CrmWorkflowInstance *self);
char                    *crm_workflow_instance_to_data                (CrmWorkflowInstance *self);
gboolean                 crm_workflow_instance_equal                  (CrmWorkflowInstance *a,
                                                                       CrmWorkflowInstance *b);

CrmWorkflowState         crm_workflow_instance_get_state              (CrmWorkflowInstance *self);
gboolean                 crm_workflow_instance_is_final               (CrmWorkflowInstance *self);
CrmWorkflowDefinition   *crm_workflow_instance_get_definition         (CrmWorkflowInstance *self);
gint64                   crm_workflow_instance_get_definition_version (CrmWorkflowInstance *self);
const char              *crm_workflow_instance_get_submitter          (CrmWorkflowInstance *self);
const char              *crm_workflow_instance_get_owner              (CrmWorkflowInstance *self);
gint64                   crm_workflow_instance_get_submitted_at       (CrmWorkflowInstance *self);
gint64                   crm_workflow_instance_get_finished_at        (CrmWorkflowInstance *self);
const CrmConditionValue *crm_workflow_instance_get_value              (CrmWorkflowInstance *self,
                                                                       const char          *name);

int                      crm_workflow_instance_get_current_step       (CrmWorkflowInstance *self);
guint                    crm_workflow_instance_get_n_steps            (CrmWorkflowInstance *self);
CrmWorkflowStepState     crm_workflow_instance_get_step_state         (CrmWorkflowInstance *self,
                                                                       guint                step);
gint64                   crm_workflow_instance_get_step_started_at    (CrmWorkflowInstance *self,
                                                                       guint                step);
gint64                   crm_workflow_instance_get_step_deadline      (CrmWorkflowInstance *self,
                                                                       guint                step);
guint                    crm_workflow_instance_get_step_n_slots       (CrmWorkflowInstance *self,
                                                                       guint                step);
const char              *crm_workflow_instance_get_step_slot          (CrmWorkflowInstance *self,
                                                                       guint                step,
                                                                       guint                slot,
                                                                       const char * const **members);
const char * const      *crm_workflow_instance_get_step_escalated     (CrmWorkflowInstance *self,
                                                                       guint                step);
char                   **crm_workflow_instance_dup_step_approvers     (CrmWorkflowInstance *self,
                                                                       guint                step);
char                   **crm_workflow_instance_dup_step_approvals     (CrmWorkflowInstance *self,
                                                                       guint                step);
char                   **crm_workflow_instance_pending_approvers      (CrmWorkflowInstance *self,
                                                                       gint64               now);

guint                    crm_workflow_instance_get_n_records          (CrmWorkflowInstance *self);
const CrmWorkflowRecord *crm_workflow_instance_get_record             (CrmWorkflowInstance *self,
                                                                       guint                index);

const char              *crm_workflow_state_to_string                 (CrmWorkflowState     state);
const char              *crm_workflow_step_state_to_string            (CrmWorkflowStepState state);
const char              *crm_workflow_action_to_string                (CrmWorkflowActionKind kind);
gboolean                 crm_workflow_action_from_string              (const char          *text,
                                                                       CrmWorkflowActionKind *out_kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmWorkflowInstance, crm_workflow_instance_unref)

G_END_DECLS
