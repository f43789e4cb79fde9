/* crm-workflow-submit.c: starting a request: which steps apply, and who may approve each */
#include "crm-workflow-engine-private.h"

#include <glib/gi18n-lib.h>

#include "crm-error.h"

/* Evaluates an optional condition, the workflow's (@step -1) or a step's;
 * a missing one holds. */
static gboolean
condition_holds (CrmWorkflowInstance  *self,
                 int                   step,
                 GHashTable           *values,
                 gboolean             *out_holds,
                 GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *field = NULL;
  const CrmWorkflowStep *def = NULL;
  CrmCondition *condition;

  if (step < 0)
    {
      condition = crm_workflow_definition_get_condition (self->definition);
    }
  else
    {
      def = crm_workflow_definition_get_step (self->definition, (guint) step);
      condition = def->condition;
    }

  *out_holds = TRUE;
  if (condition == NULL || crm_condition_evaluate_bool (condition, values, out_holds, &local_error))
    return TRUE;

  if (def == NULL)
    {
      crm_error_set_field_error (error, (CrmErrorCode) local_error->code, "condition",
                                 _("The condition of workflow “%s” cannot be evaluated: %s"),
                                 crm_workflow_definition_get_name (self->definition), local_error->message);
    }
  else
    {
      field = g_strdup_printf ("steps[%d].condition", step);
      crm_error_set_field_error (error, (CrmErrorCode) local_error->code, field,
                                 _("The condition of step “%s” cannot be evaluated: %s"),
                                 def->name, local_error->message);
    }
  return FALSE;
}

/* Keeps what the conditions read, so the log shows why steps applied. */
static void
snapshot_values (CrmWorkflowInstance *self,
                 GHashTable          *values)
{
  g_auto(GStrv) names = crm_workflow_definition_dup_identifiers (self->definition);

  for (guint i = 0; names[i] != NULL && values != NULL; i++)
    {
      const CrmConditionValue *value = g_hash_table_lookup (values, names[i]);

      if (value != NULL)
        crm_condition_values_take (self->values, names[i], crm_condition_value_copy (value));
    }
}

/* Adds the resolved people to @slot, leaving out blanks, repeats and the requester. */
static void
add_members (CrmWorkflowInstance *self,
             CrmWorkflowSlot     *slot,
             const char * const  *users)
{
  for (guint i = 0; users != NULL && users[i] != NULL; i++)
    {
      if (crm_workflow_text_is_blank (users[i]) || crm_workflow_rules_is_requester (self, users[i]) ||
          g_ptr_array_find_with_equal_func (slot->members, users[i], g_str_equal, NULL))
        continue;
      g_ptr_array_add (slot->members, g_strdup (users[i]));
    }
}

static gboolean
resolve_group (CrmWorkflowInstance        *self,
               const CrmWorkflowResolver  *resolver,
               CrmWorkflowApproverKind     kind,
               const char                 *prefix,
               const char                 *name,
               CrmWorkflowStepRun         *run,
               GError                    **error)
{
  g_autofree char *label = g_strconcat (prefix, name, NULL);
  CrmWorkflowSlot *slot = crm_workflow_slot_new (label);
  g_auto(GStrv) users = NULL;
  GError *local_error = NULL;

  g_ptr_array_add (run->slots, slot);
  if (resolver != NULL && resolver->members != NULL)
    {
      users = resolver->members (kind, name, resolver->user_data, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  else if (kind == CRM_WORKFLOW_APPROVER_USERS)
    {
      users = g_strdupv ((char *[]) { (char *) name, NULL });
    }
  add_members (self, slot, (const char * const *) users);
  return TRUE;
}

static gboolean
resolve_managers (CrmWorkflowInstance        *self,
                  const CrmWorkflowResolver  *resolver,
                  guint                       levels,
                  CrmWorkflowStepRun         *run,
                  GError                    **error)
{
  for (guint level = 1; level <= levels; level++)
    {
      g_autofree char *label = g_strdup_printf ("manager:%u", level);
      CrmWorkflowSlot *slot = crm_workflow_slot_new (label);
      g_autofree char *manager = NULL;
      GError *local_error = NULL;

      g_ptr_array_add (run->slots, slot);
      if (resolver == NULL || resolver->manager == NULL)
        continue;
      manager = resolver->manager (self->owner, level, resolver->user_data, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      add_members (self, slot, (const char *[]) { manager, NULL });
    }
  return TRUE;
}

/* Every approver slot of @step, resolved to people. */
static gboolean
resolve_slots (CrmWorkflowInstance        *self,
               guint                       step,
               const CrmWorkflowResolver  *resolver,
               GError                    **error)
{
  const CrmWorkflowStep *def = crm_workflow_definition_get_step (self->definition, step);
  CrmWorkflowStepRun *run = g_ptr_array_index (self->steps, step);

  for (guint i = 0; i < def->approvers->len; i++)
    {
      const CrmWorkflowApprovers *a = g_ptr_array_index (def->approvers, i);
      gboolean ok = TRUE;

      switch (a->kind)
        {
        case CRM_WORKFLOW_APPROVER_ROLE:
          ok = resolve_group (self, resolver, a->kind, "role:", a->name, run, error);
          break;
        case CRM_WORKFLOW_APPROVER_TEAM:
          ok = resolve_group (self, resolver, a->kind, "team:", a->name, run, error);
          break;
        case CRM_WORKFLOW_APPROVER_USERS:
          for (guint u = 0; ok && a->users[u] != NULL; u++)
            ok = resolve_group (self, resolver, a->kind, "user:", a->users[u], run, error);
          break;
        case CRM_WORKFLOW_APPROVER_MANAGER:
        default:
          ok = resolve_managers (self, resolver, a->levels, run, error);
          break;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* A step that could never complete is refused now, not discovered later. */
static gboolean
check_feasible (CrmWorkflowInstance  *self,
                guint                 step,
                GError              **error)
{
  const CrmWorkflowStep *def = crm_workflow_definition_get_step (self->definition, step);
  CrmWorkflowStepRun *run = g_ptr_array_index (self->steps, step);
  g_auto(GStrv) people = crm_workflow_instance_dup_step_approvers (self, step);
  guint available = g_strv_length (people);
  guint needed = 1;

  if (def->mode == CRM_WORKFLOW_MODE_QUORUM)
    {
      needed = def->quorum;
    }
  else if (def->mode == CRM_WORKFLOW_MODE_ALL)
    {
      g_autoptr(GPtrArray) list = g_ptr_array_new ();

      for (guint i = 0; people[i] != NULL; i++)
        g_ptr_array_add (list, people[i]);
      needed = run->slots->len;
      available = crm_workflow_rules_matching (run, list);
    }

  if (available >= needed)
    return TRUE;

  if (available == 0)
    g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                 _("Nobody other than the requester can approve step “%s”"), def->name);
  else
    g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                 _("Step “%s” needs %u different approvers, but only %u can be found besides the requester"),
                 def->name, needed, available);
  return FALSE;
}

static gboolean
route_steps (CrmWorkflowInstance        *self,
             GHashTable                 *values,
             const CrmWorkflowResolver  *resolver,
             GError                    **error)
{
  gboolean applies;

  if (!condition_holds (self, -1, values, &applies, error))
    return FALSE;

  for (guint i = 0; i < self->steps->len; i++)
    {
      CrmWorkflowStepRun *run = g_ptr_array_index (self->steps, i);
      gboolean step_applies = FALSE;

      if (applies && !condition_holds (self, (int) i, values, &step_applies, error))
        return FALSE;

      if (!step_applies)
        {
          run->state = CRM_WORKFLOW_STEP_SKIPPED;
          continue;
        }
      if (!resolve_slots (self, i, resolver, error) || !check_feasible (self, i, error))
        return FALSE;
    }
  return TRUE;
}

/* Starts a request of @definition; see crm_workflow_engine_apply(). */
CrmWorkflowInstance *
crm_workflow_engine_submit (CrmWorkflowDefinition      *definition,
                            const CrmWorkflowAction    *action,
                            const char                 *actor,
                            const CrmWorkflowResolver  *resolver,
                            gint64                      now,
                            GError                    **error)
{
  g_autoptr(CrmWorkflowInstance) self = NULL;
  CrmWorkflowRecord *record;

  if (!crm_workflow_check_comment (action->comment, FALSE, NULL, error))
    return NULL;

  self = crm_workflow_instance_alloc (definition);
  self->submitter = g_strdup (actor);
  self->owner = g_strdup (crm_workflow_text_is_blank (action->owner) ? actor : action->owner);
  self->submitted_at = now;
  snapshot_values (self, action->values);

  if (!route_steps (self, action->values, resolver, error))
    return NULL;

  record = crm_workflow_record_new (CRM_WORKFLOW_ACTION_SUBMIT, -1, actor, now);
  if (!crm_workflow_text_is_blank (action->comment))
    record->comment = g_strdup (action->comment);
  g_ptr_array_add (self->records, record);

  for (guint i = 0; i < self->steps->len; i++)
    {
      if (((CrmWorkflowStepRun *) g_ptr_array_index (self->steps, i))->state == CRM_WORKFLOW_STEP_WAITING)
        {
          crm_workflow_activate_step (self, i, now);
          return g_steal_pointer (&self);
        }
    }

  /* nothing to approve */
  self->state = CRM_WORKFLOW_STATE_APPROVED;
  self->finished_at = now;
  return g_steal_pointer (&self);
}
