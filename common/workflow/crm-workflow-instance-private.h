/* crm-workflow-instance-private.h: an instance's fields and the approval rules, shared by the engine */
#pragma once

#include "crm-workflow-instance.h"

G_BEGIN_DECLS

/* One approver slot of a step: a role, a team, a listed user or a manager
 * level, resolved at submission to the people who may fill it. */
typedef struct
{
  /* "role:director", "team:Finance", "user:anna", "manager:1" */
  char      *label;
  /* user ids, each once, never the requester or the owner */
  GPtrArray *members;
} CrmWorkflowSlot;

typedef struct
{
  CrmWorkflowStepState  state;
  /* microseconds since the epoch; 0: not yet / none */
  gint64                started_at;
  gint64                deadline;
  /* of CrmWorkflowSlot; empty for a skipped step */
  GPtrArray            *slots;
  /* managers added by escalation, in order; each may fill any slot */
  GPtrArray            *escalated;
} CrmWorkflowStepRun;

struct _CrmWorkflowInstance
{
  gatomicrefcount        ref_count;
  /* the definition it started with; it never changes */
  CrmWorkflowDefinition *definition;
  CrmWorkflowState       state;
  char                  *submitter;
  char                  *owner;
  gint64                 submitted_at;
  gint64                 finished_at;
  /* index of the active step, -1 when none */
  int                    current_step;
  /* what the conditions read at submission: name → CrmConditionValue */
  GHashTable            *values;
  /* of CrmWorkflowStepRun, one per step of @definition */
  GPtrArray             *steps;
  /* of CrmWorkflowRecord, oldest first */
  GPtrArray             *records;
};

CrmWorkflowInstance *crm_workflow_instance_alloc        (CrmWorkflowDefinition     *definition);
CrmWorkflowInstance *crm_workflow_instance_copy         (CrmWorkflowInstance       *self);
CrmWorkflowSlot     *crm_workflow_slot_new              (const char                *label);
void                 crm_workflow_slot_free             (CrmWorkflowSlot           *slot);
CrmWorkflowStepRun  *crm_workflow_step_run_new          (void);
void                 crm_workflow_step_run_free         (CrmWorkflowStepRun        *run);
CrmWorkflowRecord   *crm_workflow_record_new            (CrmWorkflowActionKind      kind,
                                                         int                        step,
                                                         const char                *actor,
                                                         gint64                     at);
void                 crm_workflow_record_free           (CrmWorkflowRecord         *record);
gboolean             crm_workflow_step_state_from_string (const char               *text,
                                                         CrmWorkflowStepState      *out_state);
gboolean             crm_workflow_state_from_string     (const char                *text,
                                                         CrmWorkflowState          *out_state);

/* the rules of who may act (crm-workflow-rules.c) */
gboolean             crm_workflow_rules_is_requester    (CrmWorkflowInstance       *self,
                                                         const char                *user);
gboolean             crm_workflow_rules_is_member       (CrmWorkflowInstance       *self,
                                                         guint                      step,
                                                         const char                *user);
gboolean             crm_workflow_rules_has_acted       (CrmWorkflowInstance       *self,
                                                         guint                      step,
                                                         const char                *user);
gboolean             crm_workflow_rules_is_counted      (CrmWorkflowInstance       *self,
                                                         guint                      step,
                                                         const char                *principal);
const char          *crm_workflow_rules_delegate_of     (CrmWorkflowInstance       *self,
                                                         guint                      step,
                                                         const char                *delegator,
                                                         gint64                     now);
GPtrArray           *crm_workflow_rules_approvals       (CrmWorkflowInstance       *self,
                                                         guint                      step);
guint                crm_workflow_rules_matching        (CrmWorkflowStepRun        *run,
                                                         GPtrArray                 *principals);
gboolean             crm_workflow_rules_would_progress  (CrmWorkflowInstance       *self,
                                                         guint                      step,
                                                         const char                *principal);
gboolean             crm_workflow_rules_step_complete   (CrmWorkflowInstance       *self,
                                                         guint                      step);
gboolean             crm_workflow_rules_is_involved     (CrmWorkflowInstance       *self,
                                                         const char                *user);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmWorkflowRecord, crm_workflow_record_free)

G_END_DECLS
