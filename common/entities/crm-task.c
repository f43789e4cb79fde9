/* crm-task.c: CrmTask, something to do by a time, with its reminder and recurrence */
#include "crm-task.h"
#include "crm-error.h"
#include "crm-rrule.h"

#include <glib/gi18n-lib.h>

struct _CrmTask
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmTask, crm_task, CRM_TYPE_ENTITY)

/* The assignee owns the task: the visibility rules read it, and a new task
 * is its creator's unless given to someone. A task relates to at most one
 * record of each kind. The server keeps the read-only fields: done_at,
 * snoozed_until (POST /tasks/:id/snooze), reminded_at and
 * next_reminder_at (the reminder job), series_start (the first due time of
 * a recurring series, from which its RRULE counts) and previous_task (the
 * occurrence this one follows). */
static const CrmFieldSpec task_fields[] = {
  { "subject",          CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Subject") },
  { "due_at",           CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("Due") },
  { "remind_at",        CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_SORTABLE, .label = N_("Remind at") },
  { "recurrence",       CRM_FIELD_TEXT,      .max_len = 500, .label = N_("Recurrence (RRULE)") },
  { "assignee",         CRM_FIELD_REFERENCE, .column = "assignee_id", .json_key = "assignee_id", .reference = "user", .flags = CRM_FIELD_COLUMN | CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Assigned to") },
  { "account",          CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_FILTERABLE, .label = N_("Account") },
  { "contact",          CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_FILTERABLE, .label = N_("Contact") },
  { "lead",             CRM_FIELD_REFERENCE, .column = "lead_id", .json_key = "lead_id", .reference = "lead", .flags = CRM_FIELD_FILTERABLE, .label = N_("Lead") },
  { "opportunity",      CRM_FIELD_REFERENCE, .column = "opportunity_id", .json_key = "opportunity_id", .reference = "opportunity", .flags = CRM_FIELD_FILTERABLE, .label = N_("Opportunity") },
  { "activity",         CRM_FIELD_REFERENCE, .column = "activity_id", .json_key = "activity_id", .reference = "activity", .flags = CRM_FIELD_FILTERABLE, .label = N_("Follows up activity") },
  { "done",             CRM_FIELD_BOOL,      .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Done"), .default_value = "false" },
  { "done_at",          CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Done at") },
  { "snoozed_until",    CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Snoozed until") },
  { "reminded_at",      CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Reminded at") },
  { "next_reminder_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Next reminder") },
  { "series_start",     CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Series starts") },
  { "previous_task",    CRM_FIELD_REFERENCE, .column = "previous_task_id", .json_key = "previous_task_id", .reference = "task", .flags = CRM_FIELD_READONLY, .label = N_("Follows task") },
  { "notes",            CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("Notes") },
};

static gboolean
has (CrmEntity  *self,
     const char *name)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), name);
  CrmValue *value = crm_entity_value (self, index);

  return value->set && !value->is_null;
}

/* a recurrence must parse, and counts from a due time */
static gboolean
crm_task_derive (CrmEntity    *self,
                 CrmRounding   rounding,
                 GError      **error)
{
  const char *recurrence = has (self, "recurrence") ? crm_entity_get_text (self, "recurrence") : NULL;

  if (recurrence == NULL || recurrence[0] == '\0')
    return TRUE;
  if (!crm_rrule_check (recurrence, error))
    return FALSE;
  if (!has (self, "due_at"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "due_at",
                                 _("A recurring task needs a due time to recur from"));
      return FALSE;
    }
  return TRUE;
}

static void
crm_task_class_init (CrmTaskClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "task", "tasks",
                                   task_fields, G_N_ELEMENTS (task_fields));
  crm_entity_class_set_labels (entity_class, N_("Task"), N_("Tasks"));
  entity_class->derive = crm_task_derive;
}

static void
crm_task_init (CrmTask *self)
{
}
