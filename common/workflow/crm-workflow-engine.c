/* crm-workflow-engine.c: applies one action to an approval request and returns the new request */
#include "crm-workflow-engine-private.h"

#include <glib/gi18n-lib.h>

#include "crm-error.h"

/* how far up the management chain escalation looks */
#define MAX_ESCALATION_LEVEL 64

static const CrmWorkflowStep *
step_def (CrmWorkflowInstance *self,
          guint                step)
{
  return crm_workflow_definition_get_step (self->definition, step);
}

static CrmWorkflowStepRun *
step_run (CrmWorkflowInstance *self,
          guint                step)
{
  return g_ptr_array_index (self->steps, step);
}

gboolean
crm_workflow_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    {
      if (!g_unichar_isspace (g_utf8_get_char (text)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
set_field_error (GError       **error,
                 CrmErrorCode   code,
                 const char    *field,
                 const char    *message)
{
  crm_error_set_field_error (error, code, field, "%s", message);
  return FALSE;
}

/* Checks an action's note; @required for reject and comment. */
gboolean
crm_workflow_check_comment (const char  *comment,
                            gboolean     required,
                            const char  *missing,
                            GError     **error)
{
  g_autofree char *message = NULL;

  if (crm_workflow_text_is_blank (comment))
    return required ? set_field_error (error, CRM_ERROR_VALIDATION, "comment", missing) : TRUE;
  if (g_utf8_strlen (comment, -1) > CRM_WORKFLOW_MAX_COMMENT)
    {
      message = g_strdup_printf (_("A comment is longer than %u characters"),
                                 (guint) CRM_WORKFLOW_MAX_COMMENT);
      return set_field_error (error, CRM_ERROR_VALIDATION, "comment", message);
    }
  return TRUE;
}

/* Which actions a request in its state accepts at all. */
static gboolean
check_open (CrmWorkflowInstance    *self,
            CrmWorkflowActionKind   kind,
            GError                **error)
{
  const char *message = NULL;

  if (self == NULL)
    {
      if (kind == CRM_WORKFLOW_ACTION_SUBMIT)
        return TRUE;
      message = _("This request has not been submitted");
    }
  else if (kind == CRM_WORKFLOW_ACTION_COMMENT)
    {
      return TRUE;
    }
  else if (self->state == CRM_WORKFLOW_STATE_APPROVED)
    {
      message = _("This request has already been approved; only comments can be added");
    }
  else if (self->state == CRM_WORKFLOW_STATE_REJECTED)
    {
      message = _("This request has already been rejected; only comments can be added");
    }
  else if (self->state == CRM_WORKFLOW_STATE_WITHDRAWN)
    {
      message = _("This request has already been withdrawn; only comments can be added");
    }
  else if (kind == CRM_WORKFLOW_ACTION_SUBMIT)
    {
      message = _("This request has already been submitted");
    }
  else
    {
      return TRUE;
    }

  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_CONFLICT, message);
  return FALSE;
}

/* The log is in time order; an action dated before its last entry is refused. */
static gboolean
check_clock (CrmWorkflowInstance  *self,
             gint64                now,
             GError              **error)
{
  const CrmWorkflowRecord *last;

  if (self == NULL || self->records->len == 0)
    return TRUE;
  last = g_ptr_array_index (self->records, self->records->len - 1);
  if (now >= last->at)
    return TRUE;

  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                       _("The time of this action is before the last recorded action"));
  return FALSE;
}

static void
add_candidate (GPtrArray  *candidates,
               const char *user)
{
  if (!g_ptr_array_find_with_equal_func (candidates, user, g_str_equal, NULL))
    g_ptr_array_add (candidates, (gpointer) user);
}

/* Whom @actor acts for in the current step: themselves, or an approver who
 * delegated to them. An approval must count (see would_progress); a
 * rejection needs only an approver who has not approved. */
static char *
resolve_principal (CrmWorkflowInstance  *self,
                   const char           *actor,
                   const char           *on_behalf_of,
                   gboolean              approving,
                   gint64                now,
                   GError              **error)
{
  guint step = (guint) self->current_step;
  const char *name = step_def (self, step)->name;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  const char *first;

  if (crm_workflow_rules_is_requester (self, actor))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                           _("You cannot approve or reject your own request"));
      return NULL;
    }
  if (crm_workflow_rules_has_acted (self, step, actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE, _("You have already acted on step “%s”"), name);
      return NULL;
    }

  if (on_behalf_of != NULL && g_strcmp0 (on_behalf_of, actor) != 0)
    {
      if (!crm_workflow_rules_is_member (self, step, on_behalf_of) ||
          g_strcmp0 (crm_workflow_rules_delegate_of (self, step, on_behalf_of, now), actor) != 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                       _("“%s” has not delegated step “%s” to you"), on_behalf_of, name);
          return NULL;
        }
      add_candidate (candidates, on_behalf_of);
    }
  else
    {
      if (crm_workflow_rules_is_member (self, step, actor))
        add_candidate (candidates, actor);
      for (guint i = 0; on_behalf_of == NULL && i < self->records->len; i++)
        {
          const CrmWorkflowRecord *r = g_ptr_array_index (self->records, i);

          if (r->step == (int) step && r->kind == CRM_WORKFLOW_ACTION_DELEGATE &&
              g_strcmp0 (crm_workflow_rules_delegate_of (self, step, r->actor, now), actor) == 0)
            add_candidate (candidates, r->actor);
        }
    }

  if (candidates->len == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("You are not an approver of step “%s”"), name);
      return NULL;
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *candidate = g_ptr_array_index (candidates, i);

      if (approving ? crm_workflow_rules_would_progress (self, step, candidate)
                    : !crm_workflow_rules_is_counted (self, step, candidate))
        return g_strdup (candidate);
    }

  first = g_ptr_array_index (candidates, 0);
  if (crm_workflow_rules_is_counted (self, step, first))
    g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                 _("“%s” has already approved step “%s”"), first, name);
  else
    g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                 _("The approvers that “%s” can stand for in step “%s” have all approved"), first, name);
  return NULL;
}

static CrmWorkflowRecord *
append_record (CrmWorkflowInstance     *self,
               const CrmWorkflowAction *action,
               int                      step,
               const char              *actor,
               gint64                   now)
{
  CrmWorkflowRecord *record = crm_workflow_record_new (action->kind, step, actor, now);

  if (!crm_workflow_text_is_blank (action->comment))
    record->comment = g_strdup (action->comment);
  g_ptr_array_add (self->records, record);
  return record;
}

void
crm_workflow_activate_step (CrmWorkflowInstance *self,
                            guint                step,
                            gint64               now)
{
  CrmWorkflowStepRun *run = step_run (self, step);
  guint hours = step_def (self, step)->deadline_hours;

  run->state = CRM_WORKFLOW_STEP_ACTIVE;
  run->started_at = now;
  run->deadline = hours > 0 ? now + (gint64) hours * 3600 * G_USEC_PER_SEC : 0;
  self->current_step = (int) step;
}

static void
finish (CrmWorkflowInstance *self,
        CrmWorkflowState     state,
        gint64               now)
{
  self->state = state;
  self->finished_at = now;
  self->current_step = -1;
}

/* Starts the first waiting step after @from, or approves the request. */
static void
advance (CrmWorkflowInstance *self,
         int                  from,
         gint64               now)
{
  for (guint i = (guint) (from + 1); i < self->steps->len; i++)
    {
      if (step_run (self, i)->state == CRM_WORKFLOW_STEP_WAITING)
        {
          crm_workflow_activate_step (self, i, now);
          return;
        }
    }
  finish (self, CRM_WORKFLOW_STATE_APPROVED, now);
}

static gboolean
apply_approve (CrmWorkflowInstance      *self,
               const CrmWorkflowAction  *action,
               const char               *actor,
               gint64                    now,
               GError                  **error)
{
  int step = self->current_step;
  g_autofree char *principal = resolve_principal (self, actor, action->on_behalf_of, TRUE, now, error);
  CrmWorkflowRecord *record;

  if (principal == NULL || !crm_workflow_check_comment (action->comment, FALSE, NULL, error))
    return FALSE;

  record = append_record (self, action, step, actor, now);
  if (!g_str_equal (principal, actor))
    record->on_behalf_of = g_strdup (principal);

  if (crm_workflow_rules_step_complete (self, (guint) step))
    {
      step_run (self, (guint) step)->state = CRM_WORKFLOW_STEP_APPROVED;
      advance (self, step, now);
    }
  return TRUE;
}

static gboolean
apply_reject (CrmWorkflowInstance      *self,
              const CrmWorkflowAction  *action,
              const char               *actor,
              gint64                    now,
              GError                  **error)
{
  int step = self->current_step;
  g_autofree char *principal = resolve_principal (self, actor, action->on_behalf_of, FALSE, now, error);
  CrmWorkflowRecord *record;

  if (principal == NULL ||
      !crm_workflow_check_comment (action->comment, TRUE, _("A reason is required to reject a request"),
                                   error))
    return FALSE;

  record = append_record (self, action, step, actor, now);
  if (!g_str_equal (principal, actor))
    record->on_behalf_of = g_strdup (principal);

  step_run (self, (guint) step)->state = CRM_WORKFLOW_STEP_REJECTED;
  finish (self, CRM_WORKFLOW_STATE_REJECTED, now);
  return TRUE;
}

static gboolean
check_withdraw (CrmWorkflowInstance  *self,
                const char           *actor,
                GError              **error)
{
  if (g_strcmp0 (actor, self->submitter) == 0)
    return TRUE;

  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                       _("Only the requester can withdraw this request"));
  return FALSE;
}

static gboolean
apply_withdraw (CrmWorkflowInstance      *self,
                const CrmWorkflowAction  *action,
                const char               *actor,
                gint64                    now,
                GError                  **error)
{
  if (!check_withdraw (self, actor, error) ||
      !crm_workflow_check_comment (action->comment, FALSE, NULL, error))
    return FALSE;

  append_record (self, action, -1, actor, now);
  step_run (self, (guint) self->current_step)->state = CRM_WORKFLOW_STEP_CANCELLED;
  finish (self, CRM_WORKFLOW_STATE_WITHDRAWN, now);
  return TRUE;
}

/* Only an approver in their own right who has not acted may delegate. */
static gboolean
check_delegator (CrmWorkflowInstance  *self,
                 const char           *actor,
                 GError              **error)
{
  guint step = (guint) self->current_step;
  const char *name = step_def (self, step)->name;

  if (!crm_workflow_rules_is_member (self, step, actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("You are not an approver of step “%s”"), name);
      return FALSE;
    }
  if (crm_workflow_rules_has_acted (self, step, actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE, _("You have already acted on step “%s”"), name);
      return FALSE;
    }
  if (crm_workflow_rules_is_counted (self, step, actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                   _("“%s” has already approved step “%s”"), actor, name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_delegate (CrmWorkflowInstance      *self,
                const CrmWorkflowAction  *action,
                const char               *actor,
                gint64                    now,
                GError                  **error)
{
  CrmWorkflowRecord *record;

  if (!check_delegator (self, actor, error))
    return FALSE;
  if (crm_workflow_text_is_blank (action->delegate))
    return set_field_error (error, CRM_ERROR_VALIDATION, "delegate", _("Say whom to delegate to"));
  if (g_str_equal (action->delegate, actor))
    return set_field_error (error, CRM_ERROR_VALIDATION, "delegate", _("You cannot delegate to yourself"));
  if (crm_workflow_rules_is_requester (self, action->delegate))
    return set_field_error (error, CRM_ERROR_FORBIDDEN, "delegate",
                            _("An approval cannot be delegated to the requester"));
  if (action->until <= now)
    return set_field_error (error, CRM_ERROR_VALIDATION, "until", _("A delegation must end in the future"));
  if (!crm_workflow_check_comment (action->comment, FALSE, NULL, error))
    return FALSE;

  record = append_record (self, action, self->current_step, actor, now);
  record->delegate = g_strdup (action->delegate);
  record->until = action->until;
  return TRUE;
}

static gboolean
check_commenter (CrmWorkflowInstance  *self,
                 const char           *actor,
                 GError              **error)
{
  if (crm_workflow_rules_is_involved (self, actor))
    return TRUE;

  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("You are not involved in this request"));
  return FALSE;
}

static gboolean
apply_comment (CrmWorkflowInstance      *self,
               const CrmWorkflowAction  *action,
               const char               *actor,
               gint64                    now,
               GError                  **error)
{
  if (!check_commenter (self, actor, error) ||
      !crm_workflow_check_comment (action->comment, TRUE, _("A comment cannot be empty"), error))
    return FALSE;

  append_record (self, action, self->current_step, actor, now);
  return TRUE;
}

static gboolean
check_escalation_due (CrmWorkflowInstance  *self,
                      gint64                now,
                      GError              **error)
{
  guint step = (guint) self->current_step;
  const CrmWorkflowStep *def = step_def (self, step);
  CrmWorkflowStepRun *run = step_run (self, step);

  if (def->escalate != CRM_WORKFLOW_ESCALATE_NEXT_MANAGER || run->deadline == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("Step “%s” does not escalate"), def->name);
      return FALSE;
    }
  if (now < run->deadline)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                   _("Step “%s” is not past its deadline yet"), def->name);
      return FALSE;
    }
  return TRUE;
}

/* Escalation walks up the owner's chain from above the step's own manager
 * levels, to the first manager who is not already an approver. */
static char *
find_escalation_manager (CrmWorkflowInstance        *self,
                         const CrmWorkflowResolver  *resolver,
                         GError                    **error)
{
  guint step = (guint) self->current_step;
  const CrmWorkflowStep *def = step_def (self, step);
  guint level = 0;

  for (guint i = 0; i < def->approvers->len; i++)
    {
      const CrmWorkflowApprovers *a = g_ptr_array_index (def->approvers, i);

      if (a->kind == CRM_WORKFLOW_APPROVER_MANAGER)
        level = MAX (level, a->levels);
    }

  while (++level <= MAX_ESCALATION_LEVEL && resolver != NULL && resolver->manager != NULL)
    {
      GError *local_error = NULL;
      g_autofree char *manager = resolver->manager (self->owner, level, resolver->user_data, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (manager == NULL)
        break;
      if (manager[0] != '\0' && !crm_workflow_rules_is_requester (self, manager) &&
          !crm_workflow_rules_is_member (self, step, manager))
        return g_steal_pointer (&manager);
    }

  g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
               _("Nobody further up the management chain can take step “%s”"), def->name);
  return NULL;
}

static gboolean
apply_escalate (CrmWorkflowInstance        *self,
                const CrmWorkflowAction    *action,
                const char                 *actor,
                const CrmWorkflowResolver  *resolver,
                gint64                      now,
                GError                    **error)
{
  CrmWorkflowStepRun *run = step_run (self, (guint) self->current_step);
  guint hours = step_def (self, (guint) self->current_step)->deadline_hours;
  g_autofree char *manager = NULL;
  CrmWorkflowRecord *record;

  if (!check_escalation_due (self, now, error) ||
      !crm_workflow_check_comment (action->comment, FALSE, NULL, error))
    return FALSE;
  manager = find_escalation_manager (self, resolver, error);
  if (manager == NULL)
    return FALSE;

  record = append_record (self, action, self->current_step, actor, now);
  record->added = g_strdup (manager);
  g_ptr_array_add (run->escalated, g_steal_pointer (&manager));
  run->deadline = now + (gint64) hours * 3600 * G_USEC_PER_SEC;
  return TRUE;
}

/**
 * crm_workflow_engine_apply:
 * @definition: (nullable): for submit, the definition to start (its
 *   current version); ignored otherwise, as an instance always follows the
 *   definition it started with
 * @instance: (nullable): the request, or %NULL to submit a new one
 * @action: what to do
 * @actor: the user id of who does it (for escalate, whoever runs the deadline job)
 * @resolver: (nullable): who the approvers are; needed to submit and to escalate
 * @now: the time, in microseconds since the epoch (g_get_real_time() on the
 *   server, a controlled clock in tests)
 * @error: return location for a #GError
 *
 * Applies one action and returns the request as it is afterwards; @instance
 * itself never changes. The rules:
 *
 * - submit evaluates the definition's condition and each step's against
 *   @action's values; steps whose condition is false are skipped, and if
 *   none applies the request is approved at once. The approvers of every
 *   step that applies are resolved now, without the requester and the
 *   owner, and each step must be able to complete;
 * - the requester and the owner never approve or reject (segregation of
 *   duties); each person acts once per step and each approver counts once;
 * - "any" completes on the first approval, "all" when every slot has its
 *   own approver, "quorum" on that many different approvers;
 * - a rejection (with a reason) ends the request; only the requester
 *   withdraws, while it is pending; a final request accepts only comments;
 * - a delegate acts for their delegator in the current step until the
 *   delegation ends (a later delegation by the same approver replaces it);
 * - once the step's deadline has passed, escalation adds the next manager
 *   up the owner's chain (above the step's own manager levels, skipping
 *   the requester and those already eligible), who may stand in for any
 *   one approver slot; the deadline then starts again.
 *
 * Returns: (transfer full) (nullable): the new request, or %NULL with
 *   %CRM_ERROR_CONFLICT (not allowed in this state), %CRM_ERROR_FORBIDDEN
 *   (not allowed for @actor), %CRM_ERROR_DUPLICATE (acted already) or
 *   %CRM_ERROR_VALIDATION (a missing comment, bad input, a condition that
 *   cannot be evaluated, a step nobody can approve)
 */
CrmWorkflowInstance *
crm_workflow_engine_apply (CrmWorkflowDefinition      *definition,
                           CrmWorkflowInstance        *instance,
                           const CrmWorkflowAction    *action,
                           const char                 *actor,
                           const CrmWorkflowResolver  *resolver,
                           gint64                      now,
                           GError                    **error)
{
  g_autoptr(CrmWorkflowInstance) next = NULL;
  gboolean ok;

  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail ((guint) action->kind < CRM_WORKFLOW_N_ACTIONS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (crm_workflow_text_is_blank (actor))
    {
      set_field_error (error, CRM_ERROR_VALIDATION, "actor", _("An action needs the user who takes it"));
      return NULL;
    }
  if (!check_open (instance, action->kind, error) || !check_clock (instance, now, error))
    return NULL;

  if (action->kind == CRM_WORKFLOW_ACTION_SUBMIT)
    {
      g_return_val_if_fail (definition != NULL, NULL);
      return crm_workflow_engine_submit (definition, action, actor, resolver, now, error);
    }

  next = crm_workflow_instance_copy (instance);
  switch (action->kind)
    {
    case CRM_WORKFLOW_ACTION_APPROVE:
      ok = apply_approve (next, action, actor, now, error);
      break;
    case CRM_WORKFLOW_ACTION_REJECT:
      ok = apply_reject (next, action, actor, now, error);
      break;
    case CRM_WORKFLOW_ACTION_WITHDRAW:
      ok = apply_withdraw (next, action, actor, now, error);
      break;
    case CRM_WORKFLOW_ACTION_DELEGATE:
      ok = apply_delegate (next, action, actor, now, error);
      break;
    case CRM_WORKFLOW_ACTION_COMMENT:
      ok = apply_comment (next, action, actor, now, error);
      break;
    case CRM_WORKFLOW_ACTION_ESCALATE:
    default:
      ok = apply_escalate (next, action, actor, resolver, now, error);
      break;
    }
  return ok ? g_steal_pointer (&next) : NULL;
}

/**
 * crm_workflow_engine_allowed_actions:
 * @instance: (nullable): a request, or %NULL for a record never submitted
 * @actor: a user id
 * @now: the time, in microseconds since the epoch
 *
 * Which actions @actor may take now, so that a client shows only the
 * buttons that apply. Inputs the user still has to give (a comment, whom to
 * delegate to) are not checked, nor whether submitting would find approvers.
 *
 * Returns: a mask of `1 << CrmWorkflowActionKind`
 */
guint
crm_workflow_engine_allowed_actions (CrmWorkflowInstance *instance,
                                     const char          *actor,
                                     gint64               now)
{
  guint allowed = 0;
  char *principal;

  if (crm_workflow_text_is_blank (actor))
    return 0;
  if (instance == NULL)
    return 1u << CRM_WORKFLOW_ACTION_SUBMIT;

  if (crm_workflow_rules_is_involved (instance, actor))
    allowed |= 1u << CRM_WORKFLOW_ACTION_COMMENT;
  if (instance->state != CRM_WORKFLOW_STATE_PENDING || !check_clock (instance, now, NULL))
    return allowed;

  if ((principal = resolve_principal (instance, actor, NULL, TRUE, now, NULL)) != NULL)
    allowed |= 1u << CRM_WORKFLOW_ACTION_APPROVE;
  g_free (principal);
  if ((principal = resolve_principal (instance, actor, NULL, FALSE, now, NULL)) != NULL)
    allowed |= 1u << CRM_WORKFLOW_ACTION_REJECT;
  g_free (principal);
  if (check_withdraw (instance, actor, NULL))
    allowed |= 1u << CRM_WORKFLOW_ACTION_WITHDRAW;
  if (check_delegator (instance, actor, NULL))
    allowed |= 1u << CRM_WORKFLOW_ACTION_DELEGATE;
  if (check_escalation_due (instance, now, NULL))
    allowed |= 1u << CRM_WORKFLOW_ACTION_ESCALATE;
  return allowed;
}
