/* rapport-approval-format.c: approvals in words and rows: states, approver rules, steps, the log, signatures */
#include "rapport-approval-format.h"
#include "crm-entities.h"
#include "crm-format.h"
#include "crm-json.h"
#include "crm-condition-words.h"
#include "crm-money.h"
#include "crm-user.h"
#include "crm-workflow-definition.h"

#include <glib/gi18n.h>
#include <string.h>

/**
 * rapport_approval_format_utc:
 * @usec: microseconds since the epoch
 *
 * Returns: (transfer full): the time in UTC, unambiguous wherever it is
 *   read, as a signature's time must be: "2026-11-27 09:41:07 UTC"
 */
char *
rapport_approval_format_utc (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autofree char *text = time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");

  /* TRANSLATORS: a date and time in Coordinated Universal Time, e.g. "2026-11-27 09:41:07 UTC" */
  return g_strdup_printf (_("%s UTC"), text);
}

/* the same, from the API's ISO 8601 text */
char *
rapport_approval_format_utc_text (const char *iso)
{
  gint64 usec;

  if (iso == NULL || !crm_json_parse_timestamp (iso, &usec))
    return g_strdup (iso ? iso : "");
  return rapport_approval_format_utc (usec);
}

/* an approval's state as the API names it: "pending", "approved"… */
const char *
rapport_approval_format_state (const char *state)
{
  if (g_strcmp0 (state, "pending") == 0)
    return _("Waiting for approval");
  if (g_strcmp0 (state, "approved") == 0)
    return _("Approved");
  if (g_strcmp0 (state, "rejected") == 0)
    return _("Rejected");
  if (g_strcmp0 (state, "withdrawn") == 0)
    return _("Withdrawn");
  return state ? state : "";
}

const char *
rapport_approval_format_step_state (CrmWorkflowStepState state)
{
  switch (state)
    {
    case CRM_WORKFLOW_STEP_WAITING:
      return _("Not reached yet");
    case CRM_WORKFLOW_STEP_ACTIVE:
      return _("Waiting for approval");
    case CRM_WORKFLOW_STEP_APPROVED:
      return _("Approved");
    case CRM_WORKFLOW_STEP_REJECTED:
      return _("Rejected");
    case CRM_WORKFLOW_STEP_SKIPPED:
      return _("Skipped: it does not apply");
    case CRM_WORKFLOW_STEP_CANCELLED:
    default:
      return _("Cancelled");
    }
}

/* what a signature means: "approved", "reviewed" or "rejected" */
const char *
rapport_approval_format_meaning (const char *meaning)
{
  if (g_strcmp0 (meaning, "approved") == 0)
    return _("Approved");
  if (g_strcmp0 (meaning, "reviewed") == 0)
    return _("Reviewed");
  if (g_strcmp0 (meaning, "rejected") == 0)
    return _("Rejected");
  if (g_strcmp0 (meaning, "assessed") == 0)
    return _("Assessed");
  return meaning ? meaning : "";
}

/* a role's name as the user records show it: "director" → "Director" */
const char *
rapport_approval_format_role (const char *role)
{
  CrmEntityClass *klass = g_type_class_ref (CRM_TYPE_USER);
  int index = crm_entity_class_find_field (klass, "role");
  const char *label = index >= 0 ? crm_field_spec_enum_label (&klass->fields[index], role) : role;

  g_type_class_unref (klass);
  return label ? label : "";
}

/**
 * rapport_approval_format_record:
 * @entity: the record's entity name, e.g. "quote"
 * @number: (nullable): its number, e.g. "Q-2026-00001"
 * @record_id: its id, named when there is no number
 *
 * Returns: (transfer full): "Quote Q-2026-00001"
 */
char *
rapport_approval_format_record (const char *entity,
                                const char *number,
                                gint64      record_id)
{
  GType type = entity ? crm_entities_lookup_name (entity) : G_TYPE_INVALID;
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_ref (type) : NULL;
  const char *noun = klass && klass->label ? _(klass->label) : (entity ? entity : "");
  char *text;

  if (number != NULL && number[0] != '\0')
    /* TRANSLATORS: a kind of record and its number, e.g. "Quote Q-2026-00001" */
    text = g_strdup_printf (_("%s %s"), noun, number);
  else
    /* TRANSLATORS: a kind of record and its id, e.g. "Quote #12" */
    text = g_strdup_printf (_("%s #%lld"), noun, (long long) record_id);
  if (klass)
    g_type_class_unref (klass);
  return text;
}

/**
 * rapport_approval_format_person:
 * @people: (nullable): an approval's `people`, login → display name
 * @login: (nullable): a login the approval names
 *
 * Returns: (transfer none): the person's name, or the login where the
 *   server named nobody
 */
const char *
rapport_approval_format_person (JsonObject *people,
                                const char *login)
{
  if (login == NULL)
    return "";
  if (people != NULL)
    return json_object_get_string_member_with_default (people, login, login);
  return login;
}

/* "Anna Li, Wei Zhang": logins as the people's names */
static char *
people_text (JsonObject         *people,
             const char * const *logins)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; logins && logins[i]; i++)
    g_ptr_array_add (names, (gpointer) rapport_approval_format_person (people, logins[i]));
  g_ptr_array_add (names, NULL);
  /* TRANSLATORS: separates the names of people */
  return g_strjoinv (_(", "), (char **) names->pdata);
}

/* 15.0000 → "15", 96050.00 → "96,050.00" (amounts keep their cents) */
static char *
format_decimal (const char *text,
                gboolean    trim)
{
  guint least = trim ? 0 : 2;
  CrmMoney number;
  guint decimals;
  gint64 value;

  if (text == NULL || !crm_money_parse (text, CRM_MONEY_MAX_SCALE, &number, NULL))
    return NULL;
  for (decimals = number.scale, value = number.value; decimals > least && value % 10 == 0; decimals--)
    value /= 10;
  return crm_money_format (number, decimals);
}

/**
 * rapport_approval_format_amount:
 * @summary: an approval or an inbox item, with `amount` and `currency`
 *
 * Returns: (transfer full) (nullable): "96,050.00 CNY", or %NULL without an amount
 */
char *
rapport_approval_format_amount (JsonObject *summary)
{
  g_autofree char *amount = format_decimal (json_object_get_string_member_with_default (summary, "amount", NULL), FALSE);
  const char *currency = json_object_get_string_member_with_default (summary, "currency", NULL);

  if (amount == NULL)
    return NULL;
  if (currency == NULL)
    return g_steal_pointer (&amount);
  /* TRANSLATORS: an amount and its currency, e.g. "96,050.00 CNY" */
  return g_strdup_printf (_("%s %s"), amount, currency);
}

static gboolean
is_zero (const char *text)
{
  CrmMoney number;

  return text == NULL || !crm_money_parse (text, CRM_MONEY_MAX_SCALE, &number, NULL) || number.value == 0;
}

/**
 * rapport_approval_format_discount:
 * @summary: an approval or an inbox item, with `discount` and `header_discount`
 *
 * Returns: (transfer full) (nullable): "Discount 15 %", "Discount 15 %, 5 %
 *   on all lines", or %NULL for a record with no discount
 */
char *
rapport_approval_format_discount (JsonObject *summary)
{
  const char *line = json_object_get_string_member_with_default (summary, "discount", NULL);
  const char *header = json_object_get_string_member_with_default (summary, "header_discount", NULL);
  g_autofree char *line_text = NULL;
  g_autofree char *header_text = NULL;

  if (is_zero (line) && is_zero (header))
    return NULL;
  line_text = format_decimal (line ? line : "0", TRUE);
  if (is_zero (header))
    /* TRANSLATORS: the largest line discount of a record, e.g. "Discount 15 %" */
    return g_strdup_printf (_("Discount %s %%"), line_text);
  header_text = format_decimal (header, TRUE);
  /* TRANSLATORS: the largest line discount and the discount on the whole record, e.g. "Discount 15 %, 5 % on all lines" */
  return g_strdup_printf (_("Discount %s %%, %s %% on all lines"), line_text, header_text);
}

/**
 * rapport_approval_format_about:
 * @summary: an approval or an inbox item
 *
 * Returns: (transfer full): what the decision is about: "Approval Hospital
 *   · 96,050.00 CNY · Discount 15 %", or "" where the server told nothing
 */
char *
rapport_approval_format_about (JsonObject *summary)
{
  const char *customer = json_object_get_string_member_with_default (summary, "customer", NULL);
  g_autofree char *amount = rapport_approval_format_amount (summary);
  g_autofree char *discount = rapport_approval_format_discount (summary);
  const char *parts[4] = { NULL };
  guint n = 0;

  if (customer != NULL && customer[0] != '\0')
    parts[n++] = customer;
  if (amount != NULL)
    parts[n++] = amount;
  if (discount != NULL)
    parts[n++] = discount;
  return g_strjoinv (_(" · "), (char **) parts);
}

static const CrmConditionValue *
lookup_json_value (const char *name,
                   gpointer    user_data)
{
  return g_hash_table_lookup (user_data, name);
}

/**
 * rapport_approval_format_trigger:
 * @summary: an approval or an inbox item, with its `trigger`
 *
 * Returns: (transfer full) (nullable): what brought the step, in words:
 *   "discount 15 % is over 10 %"; %NULL when nothing did (a workflow
 *   without a condition)
 */
char *
rapport_approval_format_trigger (JsonObject *summary)
{
  JsonNode *node = json_object_get_member (summary, "trigger");
  JsonObject *trigger = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *values_node = trigger ? json_object_get_member (trigger, "values") : NULL;
  g_autoptr(CrmCondition) condition = NULL;
  g_autoptr(GHashTable) values = crm_condition_values_new ();

  if (trigger == NULL ||
      (condition = crm_condition_parse (json_object_get_string_member_with_default (trigger, "condition", ""), NULL, NULL)) == NULL)
    return NULL;
  if (values_node != NULL && JSON_NODE_HOLDS_OBJECT (values_node))
    {
      JsonObject *object = json_node_get_object (values_node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          CrmConditionValue *value = crm_condition_value_new_from_json (json_object_get_member (object, l->data), NULL);

          if (value != NULL)
            crm_condition_values_take (values, l->data, value);
        }
    }
  return crm_condition_to_words (condition, lookup_json_value, values);
}

static const CrmConditionValue *
lookup_instance_value (const char *name,
                       gpointer    user_data)
{
  return crm_workflow_instance_get_value (user_data, name);
}

/**
 * rapport_approval_format_step_reason:
 * @instance: an approval
 * @step: one of its steps
 *
 * Returns: (transfer full) (nullable): why the step applies, with the
 *   values read at submission: the step's own condition, or for the first
 *   step the workflow's; %NULL for a step that always applies
 */
char *
rapport_approval_format_step_reason (CrmWorkflowInstance *instance,
                                     guint                step)
{
  CrmWorkflowDefinition *definition = crm_workflow_instance_get_definition (instance);
  CrmCondition *condition = crm_workflow_definition_get_step (definition, step)->condition;

  if (condition == NULL && step == 0)
    condition = crm_workflow_definition_get_condition (definition);
  if (condition == NULL)
    return NULL;
  return crm_condition_to_words (condition, lookup_instance_value, instance);
}

static char *
manager_text (guint level)
{
  if (level <= 1)
    return g_strdup (_("The owner’s manager"));
  /* TRANSLATORS: a manager above the record owner's own, e.g. "The owner’s manager, 2 levels up" */
  return g_strdup_printf (_("The owner’s manager, %u levels up"), level);
}

/**
 * rapport_approval_format_slot:
 * @label: an approver slot as the engine labels it: "manager:1",
 *   "role:director", "team:Finance", "user:anna"
 *
 * Returns: (transfer full): the slot in words
 */
char *
rapport_approval_format_slot (const char *label)
{
  if (g_str_has_prefix (label, "manager:"))
    return manager_text ((guint) g_ascii_strtoull (label + strlen ("manager:"), NULL, 10));
  if (g_str_has_prefix (label, "role:"))
    /* TRANSLATORS: approvers named by their role, e.g. "Role: Director" */
    return g_strdup_printf (_("Role: %s"), rapport_approval_format_role (label + strlen ("role:")));
  if (g_str_has_prefix (label, "team:"))
    /* TRANSLATORS: approvers named by their team, e.g. "Team: Finance" */
    return g_strdup_printf (_("Team: %s"), label + strlen ("team:"));
  if (g_str_has_prefix (label, "user:"))
    return g_strdup (label + strlen ("user:"));
  return g_strdup (label);
}

/* who approves, as a definition's rule: named users by their names where
 * @people (login → name, nullable) has them; the others are found by the server */
char *
rapport_approval_format_approvers (const CrmWorkflowApprovers *approvers,
                                   JsonObject                 *people)
{
  switch (approvers->kind)
    {
    case CRM_WORKFLOW_APPROVER_ROLE:
      return g_strdup_printf (_("Role: %s"), rapport_approval_format_role (approvers->name));
    case CRM_WORKFLOW_APPROVER_TEAM:
      return g_strdup_printf (_("Team: %s"), approvers->name);
    case CRM_WORKFLOW_APPROVER_USERS:
      {
        g_autofree char *names = people_text (people, (const char * const *) approvers->users);

        /* TRANSLATORS: approvers named one by one, e.g. "Named users: Anna Li, Li Wei" */
        return g_strdup_printf (_("Named users: %s"), names);
      }
    case CRM_WORKFLOW_APPROVER_MANAGER:
    default:
      if (approvers->levels <= 1)
        return manager_text (1);
      /* TRANSLATORS: the owner's manager, their manager, and so on, e.g. "The owner’s managers, 2 levels" */
      return g_strdup_printf (_("The owner’s managers, %u levels"), approvers->levels);
    }
}

/* how many approve and by when: "Any one of them approves · within 24 hours…" */
char *
rapport_approval_format_rule (const CrmWorkflowStep *step)
{
  g_autoptr(GString) text = g_string_new (NULL);

  switch (step->mode)
    {
    case CRM_WORKFLOW_MODE_ALL:
      g_string_append (text, _("Each of them approves, each a different person"));
      break;
    case CRM_WORKFLOW_MODE_QUORUM:
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u person approves", "%u different people approve",
                                                 step->quorum), step->quorum);
      break;
    case CRM_WORKFLOW_MODE_ANY:
    default:
      g_string_append (text, _("Any one of them approves"));
      break;
    }
  if (step->deadline_hours > 0)
    {
      /* TRANSLATORS: separates parts of one line */
      g_string_append (text, _(" · "));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "within %u hour", "within %u hours",
                                                 step->deadline_hours), step->deadline_hours);
      if (step->escalate == CRM_WORKFLOW_ESCALATE_NEXT_MANAGER)
        g_string_append (text, _(", then the next manager up may approve as well"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle,
         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  /* names and comments are people's text, never markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
  if (icon_name)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  return row;
}

static const char *
step_icon (CrmWorkflowStepState state)
{
  switch (state)
    {
    case CRM_WORKFLOW_STEP_ACTIVE:
      return "task-due-symbolic";
    case CRM_WORKFLOW_STEP_APPROVED:
      return "emblem-ok-symbolic";
    case CRM_WORKFLOW_STEP_REJECTED:
      return "window-close-symbolic";
    case CRM_WORKFLOW_STEP_SKIPPED:
    case CRM_WORKFLOW_STEP_CANCELLED:
      return "action-unavailable-symbolic";
    case CRM_WORKFLOW_STEP_WAITING:
    default:
      return "content-loading-symbolic";
    }
}

static void
append_line (GString    *text,
             const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/**
 * rapport_approval_format_step_row:
 * @instance: an approval
 * @step: one of its steps
 * @now: the time, to tell an overdue step
 * @people: (nullable): the approval's `people`, to name people, not logins
 *
 * Returns: (transfer floating): a row: the step, its state, why it
 *   applies, who may approve, who did, its rule and deadline
 */
GtkWidget *
rapport_approval_format_step_row (CrmWorkflowInstance *instance,
                                  guint                step,
                                  gint64               now,
                                  JsonObject          *people)
{
  CrmWorkflowDefinition *definition = crm_workflow_instance_get_definition (instance);
  const CrmWorkflowStep *spec = crm_workflow_definition_get_step (definition, step);
  CrmWorkflowStepState state = crm_workflow_instance_get_step_state (instance, step);
  gint64 deadline = crm_workflow_instance_get_step_deadline (instance, step);
  const char * const *escalated = crm_workflow_instance_get_step_escalated (instance, step);
  g_auto(GStrv) approvals = crm_workflow_instance_dup_step_approvals (instance, step);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *rule = rapport_approval_format_rule (spec);
  g_autofree char *reason = rapport_approval_format_step_reason (instance, step);
  GtkWidget *row;

  /* TRANSLATORS: a step of an approval and its state, e.g. "1. Manager — Approved" */
  title = g_strdup_printf (_("%u. %s — %s"), step + 1, crm_workflow_step_get_name_for (spec, g_get_language_names ()),
                           rapport_approval_format_step_state (state));
  if (reason != NULL)
    {
      /* TRANSLATORS: why a step of an approval applies, e.g. "Applies when discount 15 % is over 10 %" */
      g_autofree char *line = g_strdup_printf (_("Applies when %s"), reason);

      append_line (subtitle, line);
    }
  for (guint s = 0; s < crm_workflow_instance_get_step_n_slots (instance, step); s++)
    {
      const char * const *members = NULL;
      const char *label = crm_workflow_instance_get_step_slot (instance, step, s, &members);
      gboolean one_user = g_str_has_prefix (label, "user:");
      g_autofree char *slot = rapport_approval_format_slot (label);
      g_autofree char *names = members && members[0] ? people_text (people, members) : NULL;
      g_autofree char *line = NULL;

      /* a slot of one named user is that person: their name says it all */
      if (one_user)
        line = g_strdup (rapport_approval_format_person (people, label + strlen ("user:")));
      else if (names)
        /* TRANSLATORS: an approver slot and the people who may fill it, e.g. "The owner’s manager: Anna Li" */
        line = g_strdup_printf (_("%s: %s"), slot, names);
      else if (state == CRM_WORKFLOW_STEP_SKIPPED || state == CRM_WORKFLOW_STEP_WAITING)
        line = g_strdup (slot);
      else
        /* TRANSLATORS: an approver slot nobody can fill */
        line = g_strdup_printf (_("%s: nobody"), slot);
      append_line (subtitle, line);
    }
  if (state != CRM_WORKFLOW_STEP_SKIPPED)
    append_line (subtitle, rule);
  if (approvals && approvals[0])
    {
      g_autofree char *names = people_text (people, (const char * const *) approvals);
      g_autofree char *line = g_strdup_printf (_("Approved by %s"), names);

      append_line (subtitle, line);
    }
  if (deadline > 0)
    {
      g_autofree char *when = crm_format_timestamp (deadline);
      g_autofree char *line = NULL;

      if (state == CRM_WORKFLOW_STEP_ACTIVE && deadline < now)
        /* TRANSLATORS: a step's deadline that has passed */
        line = g_strdup_printf (_("Overdue since %s"), when);
      else
        line = g_strdup_printf (_("Deadline %s"), when);
      append_line (subtitle, line);
    }
  if (escalated && escalated[0])
    {
      g_autofree char *names = people_text (people, escalated);
      g_autofree char *line = g_strdup_printf (_("Escalated to %s"), names);

      append_line (subtitle, line);
    }
  row = new_row (title, subtitle->str, step_icon (state));
  if (state == CRM_WORKFLOW_STEP_SKIPPED || state == CRM_WORKFLOW_STEP_CANCELLED)
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static const char *
action_icon (CrmWorkflowActionKind kind)
{
  switch (kind)
    {
    case CRM_WORKFLOW_ACTION_SUBMIT:
      return "mail-send-symbolic";
    case CRM_WORKFLOW_ACTION_APPROVE:
      return "emblem-ok-symbolic";
    case CRM_WORKFLOW_ACTION_REJECT:
      return "window-close-symbolic";
    case CRM_WORKFLOW_ACTION_WITHDRAW:
      return "edit-undo-symbolic";
    case CRM_WORKFLOW_ACTION_DELEGATE:
      return "system-switch-user-symbolic";
    case CRM_WORKFLOW_ACTION_ESCALATE:
      return "go-up-symbolic";
    case CRM_WORKFLOW_ACTION_COMMENT:
    default:
      return "chat-message-new-symbolic";
    }
}

/**
 * rapport_approval_format_log_row:
 * @instance: an approval
 * @index: an entry of its log
 * @people: (nullable): the approval's `people`, to name people, not logins
 *
 * Returns: (transfer floating): a row: who did what, when, in which step,
 *   with their comment, delegation or escalation
 */
GtkWidget *
rapport_approval_format_log_row (CrmWorkflowInstance *instance,
                                 guint                index,
                                 JsonObject          *people)
{
  const CrmWorkflowRecord *record = crm_workflow_instance_get_record (instance, index);
  const char *actor = rapport_approval_format_person (people, record->actor);
  const char *on_behalf_of = record->on_behalf_of ? rapport_approval_format_person (people, record->on_behalf_of) : NULL;
  CrmWorkflowDefinition *definition = crm_workflow_instance_get_definition (instance);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *when = crm_format_timestamp (record->at);

  switch (record->kind)
    {
    case CRM_WORKFLOW_ACTION_SUBMIT:
      /* TRANSLATORS: in an approval's timeline, e.g. "Rita Rep submitted it" */
      title = g_strdup_printf (_("%s submitted it"), actor);
      break;
    case CRM_WORKFLOW_ACTION_APPROVE:
      title = on_behalf_of
        /* TRANSLATORS: a delegate's approval, e.g. "Anna Li approved for Max Manager" */
        ? g_strdup_printf (_("%s approved for %s"), actor, on_behalf_of)
        : g_strdup_printf (_("%s approved"), actor);
      break;
    case CRM_WORKFLOW_ACTION_REJECT:
      title = on_behalf_of
        ? g_strdup_printf (_("%s rejected for %s"), actor, on_behalf_of)
        : g_strdup_printf (_("%s rejected"), actor);
      break;
    case CRM_WORKFLOW_ACTION_WITHDRAW:
      title = g_strdup_printf (_("%s withdrew it"), actor);
      break;
    case CRM_WORKFLOW_ACTION_DELEGATE:
      /* TRANSLATORS: e.g. "Max Manager delegated to Anna Li" */
      title = g_strdup_printf (_("%s delegated to %s"), actor, record->delegate ? rapport_approval_format_person (people, record->delegate) : "?");
      break;
    case CRM_WORKFLOW_ACTION_ESCALATE:
      /* TRANSLATORS: past its deadline, another manager may approve, e.g. "Escalated to Dora Director" */
      title = g_strdup_printf (_("Escalated to %s"), record->added ? rapport_approval_format_person (people, record->added) : "?");
      break;
    case CRM_WORKFLOW_ACTION_COMMENT:
    default:
      title = g_strdup_printf (_("%s commented"), actor);
      break;
    }

  g_string_append (subtitle, when);
  if (record->step >= 0 && (guint) record->step < crm_workflow_definition_get_n_steps (definition))
    {
      g_string_append (subtitle, _(" · "));
      /* TRANSLATORS: the step an action was taken in, e.g. "step “Manager”" */
      g_string_append_printf (subtitle, _("step “%s”"),
                              crm_workflow_step_get_name_for (crm_workflow_definition_get_step (definition, record->step),
                                                              g_get_language_names ()));
    }
  if (record->kind == CRM_WORKFLOW_ACTION_DELEGATE && record->until > 0)
    {
      g_autofree char *until = crm_format_timestamp (record->until);
      g_autofree char *line = g_strdup_printf (_("They may act until %s"), until);

      append_line (subtitle, line);
    }
  if (record->comment && record->comment[0])
    {
      /* TRANSLATORS: a comment quoted in an approval's timeline */
      g_autofree char *line = g_strdup_printf (_("“%s”"), record->comment);

      append_line (subtitle, line);
    }
  return new_row (title, subtitle->str, action_icon (record->kind));
}

/**
 * rapport_approval_format_signature_row:
 * @signature: a signature as the API gives it
 *
 * Returns: (transfer floating): a row with what 21 CFR 11.50 asks a
 *   signature to show: the printed name, the time (UTC) and the meaning,
 *   with the signer's role and the record version signed
 */
GtkWidget *
rapport_approval_format_signature_row (JsonObject *signature)
{
  const char *name = json_object_get_string_member_with_default (signature, "name", "");
  const char *login = json_object_get_string_member_with_default (signature, "login", "");
  const char *role = json_object_get_string_member_with_default (signature, "role", "");
  const char *meaning = json_object_get_string_member_with_default (signature, "meaning", "");
  const char *comment = json_object_get_string_member_with_default (signature, "comment", NULL);
  const char *sha256 = json_object_get_string_member_with_default (signature, "record_sha256", "");
  gint64 version = json_object_get_int_member_with_default (signature, "record_version", 0);
  g_autofree char *when = rapport_approval_format_utc_text (json_object_get_string_member_with_default (signature, "signed_at", NULL));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *line = NULL;
  GtkWidget *row;

  /* TRANSLATORS: what a signature means and when it was given, e.g. "Approved · 2026-11-27 09:41:07 UTC" */
  line = g_strdup_printf (_("%s · %s"), rapport_approval_format_meaning (meaning), when);
  append_line (subtitle, line);
  g_free (line);
  append_line (subtitle, rapport_approval_format_role (role));
  /* TRANSLATORS: the record version a signature binds to, and the start of its SHA-256 */
  line = g_strdup_printf (_("Record version %lld · SHA-256 %.12s…"), (long long) version, sha256);
  append_line (subtitle, line);
  if (comment && comment[0])
    {
      g_free (line);
      line = g_strdup_printf (_("“%s”"), comment);
      append_line (subtitle, line);
    }
  row = new_row (name[0] ? name : login, subtitle->str, "document-edit-symbolic");
  if (json_object_has_member (signature, "verified"))
    {
      gboolean verified = json_object_get_boolean_member_with_default (signature, "verified", FALSE);
      const char *tip = verified ? _("The signed record version matches its hash")
                                 : _("The signature does not match the record version it names");
      GtkWidget *icon = gtk_image_new_from_icon_name (verified ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

      gtk_widget_set_tooltip_text (icon, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      gtk_widget_add_css_class (icon, verified ? "success" : "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  return row;
}

/* a dim row saying there is nothing, or why not */
GtkWidget *
rapport_approval_format_note_row (const char *text)
{
  GtkWidget *row = new_row (text, NULL, NULL);

  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/* a heading between the rows of one list, not itself a row to act on */
GtkWidget *
rapport_approval_format_caption_row (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 9);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

void
rapport_approval_format_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}
