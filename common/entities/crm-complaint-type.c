/* crm-complaint-type.c: CrmComplaintType, a kind of complaint and the days within which its regulatory report is due */
#include "crm-complaint-type.h"

#include <glib/gi18n-lib.h>

struct _CrmComplaintType
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmComplaintType, crm_complaint_type, CRM_TYPE_ENTITY)

/* Administrators keep the list (migration 056 ships one). A complaint of a
 * type with report_due_days owes its report that many calendar days after
 * the company became aware of it; none: no report is due. The owner and the
 * quality role are warned warn_days before (server/rapportd-jobs-complaints.c). */
static const CrmFieldSpec complaint_type_fields[] = {
  { "name",            CRM_FIELD_TEXT, .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "report_due_days", CRM_FIELD_INT,  .flags = CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .min_value = 0, .max_value = 3650, .label = N_("Report due within (calendar days)") },
  { "warn_days",       CRM_FIELD_INT,  .min_value = 0, .max_value = 365, .default_value = "3", .label = N_("Warn days before") },
  { "active",          CRM_FIELD_BOOL, .flags = CRM_FIELD_FILTERABLE, .default_value = "true", .label = N_("Active") },
};

static void
crm_complaint_type_class_init (CrmComplaintTypeClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "complaint_type", "complaint-types",
                                   complaint_type_fields, G_N_ELEMENTS (complaint_type_fields));
  crm_entity_class_set_labels (entity_class, N_("Complaint type"), N_("Complaint types"));
  entity_class->admin_writes = TRUE;
}

static void
crm_complaint_type_init (CrmComplaintType *self)
{
}
