/* crm-user.c: CrmUser, a person who signs in */
#include "crm-user.h"

#include <glib/gi18n-lib.h>

struct _CrmUser
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmUser, crm_user, CRM_TYPE_ENTITY)

static const char * const roles[] = {
  "admin", "director", "manager", "sales", "service", "finance", "auditor", "quality", NULL
};

/* in context "role": the finance role is 财务, where an account's industry is 金融 */
static const char * const role_labels[] = {
  NC_("role", "Administrator"), NC_("role", "Director"), NC_("role", "Manager"), NC_("role", "Sales"),
  NC_("role", "Service"), NC_("role", "Finance"), NC_("role", "Auditor"),
  /* the quality function: assesses complaints and approves their closure */
  NC_("role", "Quality"), NULL
};

static const CrmFieldSpec user_fields[] = {
  { "login",         CRM_FIELD_TEXT,  .max_len = 64,  .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Login") },
  { "name",          CRM_FIELD_TEXT,  .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_PERSONAL, .label = NC_("person", "Name"), .context = "person" },
  { "email",         CRM_FIELD_EMAIL, .max_len = 254, .flags = CRM_FIELD_SEARCHABLE | CRM_FIELD_PERSONAL, .label = N_("Email") },
  { "role",          CRM_FIELD_ENUM,  .enum_values = roles, .enum_labels = role_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("role", "Role"), .context = "role" },
  { "team",          CRM_FIELD_REFERENCE, .column = "team_id", .json_key = "team_id", .reference = "team", .flags = CRM_FIELD_FILTERABLE, .label = N_("Team") },
  { "manager",       CRM_FIELD_REFERENCE, .column = "manager_id", .json_key = "manager_id", .reference = "user", .flags = CRM_FIELD_FILTERABLE, .label = N_("Manager") },
  { "active",        CRM_FIELD_BOOL,  .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Active") },
  { "password_hash", CRM_FIELD_TEXT,  .max_len = 255, .flags = CRM_FIELD_READONLY | CRM_FIELD_HIDDEN },
  { "must_change_password", CRM_FIELD_BOOL, .flags = CRM_FIELD_READONLY, .label = N_("Must change password") },
  { "password_changed_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_HIDDEN },
  { "failed_logins", CRM_FIELD_INT,   .flags = CRM_FIELD_READONLY | CRM_FIELD_HIDDEN },
  { "locked_until",  CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_HIDDEN },
  { "locked",        CRM_FIELD_BOOL,  .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Locked") },
};

static void
crm_user_class_init (CrmUserClass *klass)
{
  crm_entity_class_install_fields (CRM_ENTITY_CLASS (klass), "user", "users",
                                   user_fields, G_N_ELEMENTS (user_fields));
  crm_entity_class_set_labels (CRM_ENTITY_CLASS (klass), N_("User"), N_("Users"));
  CRM_ENTITY_CLASS (klass)->admin_writes = TRUE;
  CRM_ENTITY_CLASS (klass)->never_archived = TRUE;
}

static void
crm_user_init (CrmUser *self)
{
}
