/* crm-visit-plan.c: CrmVisitPlan, a planned visit to a customer, with its check-out, check-in and the visit recorded from it */
#include "crm-visit-plan.h"

#include <glib/gi18n-lib.h>

struct _CrmVisitPlan
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmVisitPlan, crm_visit_plan, CRM_TYPE_ENTITY)

static const char * const statuses[] = {
  "planned", "checked_out", "checked_in", "done", "cancelled", NULL
};

static const char * const status_labels[] = {
  NC_("visit plan", "Planned"), NC_("visit plan", "Checked out"), NC_("visit plan", "Checked in"),
  NC_("visit plan", "Done"), NC_("visit plan", "Cancelled"), NULL
};

/* "checked_out", "checked_in" and "done" are reached only by the plan's
 * steps, POST /visit-plans/:id/check-out, check-in and record */
static const CrmStatusTransition transitions[] = {
  { NULL,        "planned" },
  { "planned",   "cancelled" },
  { "cancelled", "planned" },
  { NULL,        NULL },
};

static const char * const planned[] = { "planned", NULL };
static const char * const checked_out[] = { "checked_out", NULL };
static const char * const checked_in[] = { "checked_in", NULL };

static const CrmRecordAction actions[] = {
  { "check-out", N_("Check out"),    planned },
  { "check-in",  N_("Check in"),     checked_out },
  { "record",    N_("Record visit"), checked_in, "activity" },
  { NULL },
};

/* a visit recorded or cancelled stays as it was */
static const char * const editable[] = { "planned", "checked_out", "checked_in", "cancelled", NULL };

/* The owner is the rep who visits. The server keeps the times of leaving
 * and returning (its own clock) and the visit recorded from the plan. */
static const CrmFieldSpec visit_plan_fields[] = {
  { "account",        CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Account") },
  { "contact",        CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_FILTERABLE, .label = N_("Contact") },
  { "purpose",        CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Purpose") },
  { "planned_at",     CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SORTABLE, .label = N_("Planned for") },
  { "status",         CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("visit plan", "Status"), .context = "visit plan", .default_value = "planned" },
  { "place",          CRM_FIELD_TEXT,      .max_len = 200, .label = N_("Place") },
  { "checked_out_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Checked out at") },
  { "checked_in_at",  CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Checked in at") },
  { "activity",       CRM_FIELD_REFERENCE, .column = "activity_id", .json_key = "activity_id", .reference = "activity", .flags = CRM_FIELD_READONLY, .label = N_("Visit record") },
  { "owner",          CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_COLUMN | CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
};

static void
crm_visit_plan_class_init (CrmVisitPlanClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "visit_plan", "visit-plans",
                                   visit_plan_fields, G_N_ELEMENTS (visit_plan_fields));
  crm_entity_class_set_labels (entity_class, N_("Visit"), N_("Visits"));
  entity_class->status_transitions = transitions;
  entity_class->editable_statuses = editable;
  entity_class->actions = actions;
}

static void
crm_visit_plan_init (CrmVisitPlan *self)
{
}
