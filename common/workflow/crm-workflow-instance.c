/* crm-workflow-instance.c: CrmWorkflowInstance: lifetime, copies, accessors and who may approve now */
#include "crm-workflow-instance-private.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (CrmWorkflowInstance, crm_workflow_instance,
                     crm_workflow_instance_ref, crm_workflow_instance_unref)

static const char * const state_names[] = { "draft", "pending", "approved", "rejected", "withdrawn" };
static const char * const step_state_names[] = {
  "waiting", "active", "approved", "rejected", "skipped", "cancelled"
};
static const char * const action_names[] = {
  "submit", "approve", "reject", "withdraw", "delegate", "comment", "escalate"
};

G_STATIC_ASSERT (G_N_ELEMENTS (state_names) == CRM_WORKFLOW_STATE_WITHDRAWN + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (step_state_names) == CRM_WORKFLOW_STEP_CANCELLED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (action_names) == CRM_WORKFLOW_N_ACTIONS);

static gboolean
find_name (const char * const *names,
           guint               n_names,
           const char         *text,
           guint              *out_index)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (names[i], text) == 0)
        {
          *out_index = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
crm_workflow_state_to_string (CrmWorkflowState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
crm_workflow_state_from_string (const char       *text,
                                CrmWorkflowState *out_state)
{
  guint index;

  if (!find_name (state_names, G_N_ELEMENTS (state_names), text, &index))
    return FALSE;
  *out_state = (CrmWorkflowState) index;
  return TRUE;
}

const char *
crm_workflow_step_state_to_string (CrmWorkflowStepState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (step_state_names), NULL);
  return step_state_names[state];
}

gboolean
crm_workflow_step_state_from_string (const char           *text,
                                     CrmWorkflowStepState *out_state)
{
  guint index;

  if (!find_name (step_state_names, G_N_ELEMENTS (step_state_names), text, &index))
    return FALSE;
  *out_state = (CrmWorkflowStepState) index;
  return TRUE;
}

/**
 * crm_workflow_action_to_string:
 * @kind: an action
 *
 * Returns: (transfer none): "submit", "approve", … as the API and the log name it
 */
const char *
crm_workflow_action_to_string (CrmWorkflowActionKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (action_names), NULL);
  return action_names[kind];
}

/**
 * crm_workflow_action_from_string:
 * @text: "approve", say, from an API path
 * @out_kind: (out): the action
 *
 * Returns: %TRUE if @text names an action
 */
gboolean
crm_workflow_action_from_string (const char            *text,
                                 CrmWorkflowActionKind *out_kind)
{
  guint index;

  if (!find_name (action_names, G_N_ELEMENTS (action_names), text, &index))
    return FALSE;
  *out_kind = (CrmWorkflowActionKind) index;
  return TRUE;
}

CrmWorkflowSlot *
crm_workflow_slot_new (const char *label)
{
  CrmWorkflowSlot *slot = g_new0 (CrmWorkflowSlot, 1);

  slot->label = g_strdup (label);
  slot->members = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  return slot;
}

void
crm_workflow_slot_free (CrmWorkflowSlot *slot)
{
  if (slot == NULL)
    return;
  g_free (slot->label);
  g_ptr_array_unref (slot->members);
  g_free (slot);
}

CrmWorkflowStepRun *
crm_workflow_step_run_new (void)
{
  CrmWorkflowStepRun *run = g_new0 (CrmWorkflowStepRun, 1);

  run->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_workflow_slot_free);
  run->escalated = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  return run;
}

void
crm_workflow_step_run_free (CrmWorkflowStepRun *run)
{
  if (run == NULL)
    return;
  g_ptr_array_unref (run->slots);
  g_ptr_array_unref (run->escalated);
  g_free (run);
}

CrmWorkflowRecord *
crm_workflow_record_new (CrmWorkflowActionKind  kind,
                         int                    step,
                         const char            *actor,
                         gint64                 at)
{
  CrmWorkflowRecord *record = g_new0 (CrmWorkflowRecord, 1);

  record->kind = kind;
  record->step = step;
  record->actor = g_strdup (actor);
  record->at = at;
  return record;
}

void
crm_workflow_record_free (CrmWorkflowRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->actor);
  g_free (record->on_behalf_of);
  g_free (record->comment);
  g_free (record->delegate);
  g_free (record->added);
  g_free (record);
}

/* An empty instance of @definition, one waiting run per step. */
CrmWorkflowInstance *
crm_workflow_instance_alloc (CrmWorkflowDefinition *definition)
{
  CrmWorkflowInstance *self = g_new0 (CrmWorkflowInstance, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->definition = crm_workflow_definition_ref (definition);
  self->state = CRM_WORKFLOW_STATE_PENDING;
  self->current_step = -1;
  self->values = crm_condition_values_new ();
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_workflow_step_run_free);
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_workflow_record_free);
  for (guint i = 0; i < crm_workflow_definition_get_n_steps (definition); i++)
    g_ptr_array_add (self->steps, crm_workflow_step_run_new ());
  return self;
}

static gpointer
copy_string (gconstpointer src,
             gpointer      data)
{
  return g_strdup (src);
}

/* A deep copy the engine changes; the definition is shared, being immutable. */
CrmWorkflowInstance *
crm_workflow_instance_copy (CrmWorkflowInstance *self)
{
  CrmWorkflowInstance *copy = crm_workflow_instance_alloc (self->definition);
  GHashTableIter iter;
  gpointer name, value;

  copy->state = self->state;
  copy->submitter = g_strdup (self->submitter);
  copy->owner = g_strdup (self->owner);
  copy->submitted_at = self->submitted_at;
  copy->finished_at = self->finished_at;
  copy->current_step = self->current_step;

  g_hash_table_iter_init (&iter, self->values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    crm_condition_values_take (copy->values, name, crm_condition_value_copy (value));

  for (guint i = 0; i < self->steps->len; i++)
    {
      CrmWorkflowStepRun *from = g_ptr_array_index (self->steps, i);
      CrmWorkflowStepRun *to = g_ptr_array_index (copy->steps, i);

      to->state = from->state;
      to->started_at = from->started_at;
      to->deadline = from->deadline;
      for (guint s = 0; s < from->slots->len; s++)
        {
          CrmWorkflowSlot *slot = g_ptr_array_index (from->slots, s);
          CrmWorkflowSlot *slot_copy = crm_workflow_slot_new (slot->label);

          g_ptr_array_extend (slot_copy->members, slot->members, copy_string, NULL);
          g_ptr_array_add (to->slots, slot_copy);
        }
      g_ptr_array_extend (to->escalated, from->escalated, copy_string, NULL);
    }

  for (guint i = 0; i < self->records->len; i++)
    {
      const CrmWorkflowRecord *r = g_ptr_array_index (self->records, i);
      CrmWorkflowRecord *c = crm_workflow_record_new (r->kind, r->step, r->actor, r->at);

      c->on_behalf_of = g_strdup (r->on_behalf_of);
      c->comment = g_strdup (r->comment);
      c->delegate = g_strdup (r->delegate);
      c->until = r->until;
      c->added = g_strdup (r->added);
      g_ptr_array_add (copy->records, c);
    }
  return copy;
}

CrmWorkflowInstance *
crm_workflow_instance_ref (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
crm_workflow_instance_unref (CrmWorkflowInstance *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  crm_workflow_definition_unref (self->definition);
  g_free (self->submitter);
  g_free (self->owner);
  g_hash_table_unref (self->values);
  g_ptr_array_unref (self->steps);
  g_ptr_array_unref (self->records);
  g_free (self);
}

/**
 * crm_workflow_instance_equal:
 * @a: an instance
 * @b: an instance
 *
 * Returns: %TRUE if both would be stored as the same JSON
 */
gboolean
crm_workflow_instance_equal (CrmWorkflowInstance *a,
                             CrmWorkflowInstance *b)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  text_a = crm_workflow_instance_to_data (a);
  text_b = crm_workflow_instance_to_data (b);
  return g_str_equal (text_a, text_b);
}

/**
 * crm_workflow_instance_get_state:
 * @self: (nullable): an instance, or %NULL for a record never submitted
 *
 * Returns: the state; %CRM_WORKFLOW_STATE_DRAFT for %NULL
 */
CrmWorkflowState
crm_workflow_instance_get_state (CrmWorkflowInstance *self)
{
  return self != NULL ? self->state : CRM_WORKFLOW_STATE_DRAFT;
}

/**
 * crm_workflow_instance_is_final:
 * @self: (nullable): an instance
 *
 * Returns: %TRUE once approved, rejected or withdrawn: only comments are
 *   accepted then
 */
gboolean
crm_workflow_instance_is_final (CrmWorkflowInstance *self)
{
  CrmWorkflowState state = crm_workflow_instance_get_state (self);

  return state == CRM_WORKFLOW_STATE_APPROVED || state == CRM_WORKFLOW_STATE_REJECTED ||
         state == CRM_WORKFLOW_STATE_WITHDRAWN;
}

/**
 * crm_workflow_instance_get_definition:
 * @self: an instance
 *
 * Returns: (transfer none): the definition the request started with, which
 *   it follows to the end whatever newer versions exist
 */
CrmWorkflowDefinition *
crm_workflow_instance_get_definition (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->definition;
}

gint64
crm_workflow_instance_get_definition_version (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return crm_workflow_definition_get_version (self->definition);
}

const char *
crm_workflow_instance_get_submitter (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->submitter;
}

/**
 * crm_workflow_instance_get_owner:
 * @self: an instance
 *
 * Returns: the owner of the record; manager levels count up from this user
 */
const char *
crm_workflow_instance_get_owner (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->owner;
}

gint64
crm_workflow_instance_get_submitted_at (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->submitted_at;
}

/**
 * crm_workflow_instance_get_finished_at:
 * @self: an instance
 *
 * Returns: when it became final, in microseconds since the epoch; 0 while pending
 */
gint64
crm_workflow_instance_get_finished_at (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->finished_at;
}

/**
 * crm_workflow_instance_get_value:
 * @self: an instance
 * @name: a field name
 *
 * The record's values that decided which steps apply, as they were at
 * submission.
 *
 * Returns: (transfer none) (nullable): the value, if a condition read it
 */
const CrmConditionValue *
crm_workflow_instance_get_value (CrmWorkflowInstance *self,
                                 const char          *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->values, name);
}

/**
 * crm_workflow_instance_get_current_step:
 * @self: an instance
 *
 * Returns: the index of the active step, or -1 when the request is final
 */
int
crm_workflow_instance_get_current_step (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->current_step;
}

guint
crm_workflow_instance_get_n_steps (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->steps->len;
}

static CrmWorkflowStepRun *
get_run (CrmWorkflowInstance *self,
         guint                step)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (step < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, step);
}

CrmWorkflowStepState
crm_workflow_instance_get_step_state (CrmWorkflowInstance *self,
                                      guint                step)
{
  CrmWorkflowStepRun *run = get_run (self, step);

  return run != NULL ? run->state : CRM_WORKFLOW_STEP_WAITING;
}

gint64
crm_workflow_instance_get_step_started_at (CrmWorkflowInstance *self,
                                           guint                step)
{
  CrmWorkflowStepRun *run = get_run (self, step);

  return run != NULL ? run->started_at : 0;
}

/**
 * crm_workflow_instance_get_step_deadline:
 * @self: an instance
 * @step: a step index
 *
 * Returns: when the step may be escalated, in microseconds since the epoch;
 *   0 when it has no deadline or has not started
 */
gint64
crm_workflow_instance_get_step_deadline (CrmWorkflowInstance *self,
                                         guint                step)
{
  CrmWorkflowStepRun *run = get_run (self, step);

  return run != NULL ? run->deadline : 0;
}

guint
crm_workflow_instance_get_step_n_slots (CrmWorkflowInstance *self,
                                        guint                step)
{
  CrmWorkflowStepRun *run = get_run (self, step);

  return run != NULL ? run->slots->len : 0;
}

/**
 * crm_workflow_instance_get_step_slot:
 * @self: an instance
 * @step: a step index
 * @slot: a slot index
 * @members: (out) (optional) (transfer none) (array zero-terminated=1): who may fill it
 *
 * Returns: (transfer none): the slot's label: "role:director", "team:Finance",
 *   "user:anna" or "manager:1"
 */
const char *
crm_workflow_instance_get_step_slot (CrmWorkflowInstance  *self,
                                     guint                 step,
                                     guint                 slot,
                                     const char * const  **members)
{
  CrmWorkflowStepRun *run = get_run (self, step);
  CrmWorkflowSlot *s;

  g_return_val_if_fail (run != NULL && slot < run->slots->len, NULL);

  s = g_ptr_array_index (run->slots, slot);
  if (members != NULL)
    *members = (const char * const *) s->members->pdata;
  return s->label;
}

/**
 * crm_workflow_instance_get_step_escalated:
 * @self: an instance
 * @step: a step index
 *
 * Returns: (transfer none) (array zero-terminated=1): the managers escalation added
 */
const char * const *
crm_workflow_instance_get_step_escalated (CrmWorkflowInstance *self,
                                          guint                step)
{
  CrmWorkflowStepRun *run = get_run (self, step);

  g_return_val_if_fail (run != NULL, NULL);

  return (const char * const *) run->escalated->pdata;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_unique (GPtrArray  *list,
            const char *user)
{
  if (!g_ptr_array_find_with_equal_func (list, user, g_str_equal, NULL))
    g_ptr_array_add (list, g_strdup (user));
}

static char **
to_sorted_strv (GPtrArray *list)
{
  g_ptr_array_sort (list, compare_strings);
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (list, FALSE);
}

/**
 * crm_workflow_instance_dup_step_approvers:
 * @self: an instance
 * @step: a step index
 *
 * Returns: (transfer full) (array zero-terminated=1): everyone eligible to
 *   approve the step in their own right (slot members and escalated
 *   managers), sorted
 */
char **
crm_workflow_instance_dup_step_approvers (CrmWorkflowInstance *self,
                                          guint                step)
{
  CrmWorkflowStepRun *run = get_run (self, step);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (run != NULL, NULL);

  for (guint s = 0; s < run->slots->len; s++)
    {
      CrmWorkflowSlot *slot = g_ptr_array_index (run->slots, s);

      for (guint m = 0; m < slot->members->len; m++)
        add_unique (list, g_ptr_array_index (slot->members, m));
    }
  for (guint e = 0; e < run->escalated->len; e++)
    add_unique (list, g_ptr_array_index (run->escalated, e));
  return to_sorted_strv (list);
}

/**
 * crm_workflow_instance_dup_step_approvals:
 * @self: an instance
 * @step: a step index
 *
 * Returns: (transfer full) (array zero-terminated=1): the approvers whose
 *   approval the step counts (a delegate's approval counts for the approver
 *   they stood in for), in the order given
 */
char **
crm_workflow_instance_dup_step_approvals (CrmWorkflowInstance *self,
                                          guint                step)
{
  g_autoptr(GPtrArray) approvals = NULL;
  GPtrArray *list;

  g_return_val_if_fail (get_run (self, step) != NULL, NULL);

  approvals = crm_workflow_rules_approvals (self, step);
  list = g_ptr_array_new ();
  for (guint i = 0; i < approvals->len; i++)
    g_ptr_array_add (list, g_strdup (g_ptr_array_index (approvals, i)));
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (list, FALSE);
}

/* Whether @user may approve the current step now, in their own right. */
static gboolean
may_approve_for (CrmWorkflowInstance *self,
                 guint                step,
                 const char          *principal)
{
  return !crm_workflow_rules_is_counted (self, step, principal) &&
         crm_workflow_rules_would_progress (self, step, principal);
}

/**
 * crm_workflow_instance_pending_approvers:
 * @self: (nullable): an instance
 * @now: the time, in microseconds since the epoch
 *
 * Who may act on the current step now, so that a client can show who
 * approves next and whether to offer the buttons: each eligible approver
 * who has not acted and whose approval still counts, and each delegate of
 * such an approver while the delegation lasts.
 *
 * Returns: (transfer full) (array zero-terminated=1): the user ids, sorted;
 *   empty when the request is not pending
 */
char **
crm_workflow_instance_pending_approvers (CrmWorkflowInstance *self,
                                         gint64               now)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) eligible = NULL;
  guint step;

  if (self == NULL || self->state != CRM_WORKFLOW_STATE_PENDING || self->current_step < 0)
    return to_sorted_strv (list);

  step = (guint) self->current_step;
  eligible = crm_workflow_instance_dup_step_approvers (self, step);
  for (guint i = 0; eligible[i] != NULL; i++)
    {
      const char *delegate;

      if (!may_approve_for (self, step, eligible[i]))
        continue;
      if (!crm_workflow_rules_has_acted (self, step, eligible[i]))
        add_unique (list, eligible[i]);

      delegate = crm_workflow_rules_delegate_of (self, step, eligible[i], now);
      if (delegate != NULL && !crm_workflow_rules_has_acted (self, step, delegate))
        add_unique (list, delegate);
    }
  return to_sorted_strv (list);
}

guint
crm_workflow_instance_get_n_records (CrmWorkflowInstance *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->records->len;
}

/**
 * crm_workflow_instance_get_record:
 * @self: an instance
 * @index: from 0, oldest first
 *
 * Returns: (transfer none): the entry of the log
 */
const CrmWorkflowRecord *
crm_workflow_instance_get_record (CrmWorkflowInstance *self,
                                  guint                index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return g_ptr_array_index (self->records, index);
}
