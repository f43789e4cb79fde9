/* crm-workflow-rules.c: who may approve a step, whose approval counts, and when a step is complete */
#include "crm-workflow-instance-private.h"

#include <string.h>

static CrmWorkflowStepRun *
run_of (CrmWorkflowInstance *self,
        guint                step)
{
  g_assert (step < self->steps->len);
  return g_ptr_array_index (self->steps, step);
}

static const CrmWorkflowStep *
step_of (CrmWorkflowInstance *self,
         guint                step)
{
  return crm_workflow_definition_get_step (self->definition, step);
}

static gboolean
contains (GPtrArray  *list,
          const char *user)
{
  return g_ptr_array_find_with_equal_func (list, user, g_str_equal, NULL);
}

/* The requester and the record's owner never approve or reject: segregation of duties. */
gboolean
crm_workflow_rules_is_requester (CrmWorkflowInstance *self,
                                 const char          *user)
{
  return g_strcmp0 (user, self->submitter) == 0 || g_strcmp0 (user, self->owner) == 0;
}

static gboolean
can_fill (CrmWorkflowStepRun *run,
          guint               slot,
          const char         *user)
{
  CrmWorkflowSlot *s = g_ptr_array_index (run->slots, slot);

  return contains (s->members, user) || contains (run->escalated, user);
}

/* Eligible in their own right: in a slot, or added by escalation. */
gboolean
crm_workflow_rules_is_member (CrmWorkflowInstance *self,
                              guint                step,
                              const char          *user)
{
  CrmWorkflowStepRun *run = run_of (self, step);

  if (contains (run->escalated, user))
    return TRUE;
  for (guint s = 0; s < run->slots->len; s++)
    {
      if (can_fill (run, s, user))
        return TRUE;
    }
  return FALSE;
}

/* Whether @user already approved or rejected in @step, for anyone. */
gboolean
crm_workflow_rules_has_acted (CrmWorkflowInstance *self,
                              guint                step,
                              const char          *user)
{
  for (guint i = 0; i < self->records->len; i++)
    {
      const CrmWorkflowRecord *r = g_ptr_array_index (self->records, i);

      if (r->step == (int) step && g_strcmp0 (r->actor, user) == 0 &&
          (r->kind == CRM_WORKFLOW_ACTION_APPROVE || r->kind == CRM_WORKFLOW_ACTION_REJECT))
        return TRUE;
    }
  return FALSE;
}

/**
 * crm_workflow_rules_approvals:
 * @self: an instance
 * @step: a step index
 *
 * Returns: (transfer container): the approvers (principals) whose approvals
 *   @step counts, in order; the strings belong to @self
 */
GPtrArray *
crm_workflow_rules_approvals (CrmWorkflowInstance *self,
                              guint                step)
{
  GPtrArray *approvals = g_ptr_array_new ();

  for (guint i = 0; i < self->records->len; i++)
    {
      const CrmWorkflowRecord *r = g_ptr_array_index (self->records, i);

      if (r->step == (int) step && r->kind == CRM_WORKFLOW_ACTION_APPROVE)
        g_ptr_array_add (approvals, r->on_behalf_of != NULL ? r->on_behalf_of : r->actor);
    }
  return approvals;
}

gboolean
crm_workflow_rules_is_counted (CrmWorkflowInstance *self,
                               guint                step,
                               const char          *principal)
{
  g_autoptr(GPtrArray) approvals = crm_workflow_rules_approvals (self, step);

  return contains (approvals, principal);
}

/**
 * crm_workflow_rules_delegate_of:
 * @self: an instance
 * @step: a step index
 * @delegator: an approver of @step
 * @now: the time
 *
 * An approver's latest delegation in a step replaces the earlier ones.
 *
 * Returns: (nullable): who may act for @delegator in @step at @now
 */
const char *
crm_workflow_rules_delegate_of (CrmWorkflowInstance *self,
                                guint                step,
                                const char          *delegator,
                                gint64               now)
{
  for (guint i = self->records->len; i > 0; i--)
    {
      const CrmWorkflowRecord *r = g_ptr_array_index (self->records, i - 1);

      if (r->step == (int) step && r->kind == CRM_WORKFLOW_ACTION_DELEGATE &&
          g_strcmp0 (r->actor, delegator) == 0)
        return now < r->until ? r->delegate : NULL;
    }
  return NULL;
}

/* Kuhn's augmenting path: can @principal take a slot, moving others along? */
static gboolean
augment (CrmWorkflowStepRun *run,
         GPtrArray          *principals,
         guint               principal,
         int                *holder,
         gboolean           *visited)
{
  for (guint s = 0; s < run->slots->len; s++)
    {
      if (visited[s] || !can_fill (run, s, g_ptr_array_index (principals, principal)))
        continue;
      visited[s] = TRUE;
      if (holder[s] < 0 || augment (run, principals, (guint) holder[s], holder, visited))
        {
          holder[s] = (int) principal;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * crm_workflow_rules_matching:
 * @run: a step's run
 * @principals: distinct approvers
 *
 * In "all" mode every slot needs its own person. This is the largest number
 * of slots that @principals can fill, one slot each (a maximum bipartite
 * matching), so that the order of approvals never matters.
 *
 * Returns: how many slots can be filled
 */
guint
crm_workflow_rules_matching (CrmWorkflowStepRun *run,
                             GPtrArray          *principals)
{
  g_autofree int *holder = g_new (int, MAX (run->slots->len, 1));
  g_autofree gboolean *visited = g_new (gboolean, MAX (run->slots->len, 1));
  guint filled = 0;

  for (guint s = 0; s < run->slots->len; s++)
    holder[s] = -1;

  for (guint p = 0; p < principals->len; p++)
    {
      memset (visited, 0, sizeof (gboolean) * run->slots->len);
      if (augment (run, principals, p, holder, visited))
        filled++;
    }
  return filled;
}

/**
 * crm_workflow_rules_would_progress:
 * @self: an instance
 * @step: a step index
 * @principal: a possible approver
 *
 * Returns: %TRUE if an approval by (or for) @principal would count in
 *   @step: they are eligible, not counted yet, and — in "all" mode — would
 *   fill a slot that is still open
 */
gboolean
crm_workflow_rules_would_progress (CrmWorkflowInstance *self,
                                   guint                step,
                                   const char          *principal)
{
  g_autoptr(GPtrArray) approvals = NULL;
  guint before;

  if (!crm_workflow_rules_is_member (self, step, principal) ||
      crm_workflow_rules_is_counted (self, step, principal))
    return FALSE;
  if (step_of (self, step)->mode != CRM_WORKFLOW_MODE_ALL)
    return TRUE;

  approvals = crm_workflow_rules_approvals (self, step);
  before = crm_workflow_rules_matching (run_of (self, step), approvals);
  g_ptr_array_add (approvals, (gpointer) principal);
  return crm_workflow_rules_matching (run_of (self, step), approvals) > before;
}

/* Whether the approvals recorded so far complete @step under its mode. */
gboolean
crm_workflow_rules_step_complete (CrmWorkflowInstance *self,
                                  guint                step)
{
  g_autoptr(GPtrArray) approvals = crm_workflow_rules_approvals (self, step);
  const CrmWorkflowStep *def = step_of (self, step);
  CrmWorkflowStepRun *run = run_of (self, step);

  switch (def->mode)
    {
    case CRM_WORKFLOW_MODE_ALL:
      return crm_workflow_rules_matching (run, approvals) == run->slots->len;
    case CRM_WORKFLOW_MODE_QUORUM:
      return approvals->len >= def->quorum;
    case CRM_WORKFLOW_MODE_ANY:
    default:
      return approvals->len >= 1;
    }
}

/* The requester, the owner, every approver of any step, every delegate and
 * everyone who has acted may comment. */
gboolean
crm_workflow_rules_is_involved (CrmWorkflowInstance *self,
                                const char          *user)
{
  if (crm_workflow_rules_is_requester (self, user))
    return TRUE;
  for (guint s = 0; s < self->steps->len; s++)
    {
      if (crm_workflow_rules_is_member (self, s, user))
        return TRUE;
    }
  for (guint i = 0; i < self->records->len; i++)
    {
      const CrmWorkflowRecord *r = g_ptr_array_index (self->records, i);

      if (g_strcmp0 (r->actor, user) == 0 || g_strcmp0 (r->delegate, user) == 0)
        return TRUE;
    }
  return FALSE;
}
