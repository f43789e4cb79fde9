/* crm-contact.c: CrmContact, a person at a customer company */
#include "crm-contact.h"

#include <glib/gi18n-lib.h>

struct _CrmContact
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmContact, crm_contact, CRM_TYPE_ENTITY)

static const char * const decision_roles[] = {
  "decision_maker", "champion", "influencer", "evaluator", "user", "gatekeeper", "other", NULL
};

static const char * const decision_role_labels[] = {
  N_("Decision maker"), N_("Champion"), N_("Influencer"), N_("Evaluator"), N_("User"), N_("Gatekeeper"), N_("Other"), NULL
};

static const CrmFieldSpec contact_fields[] = {
  { "account",       CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SEARCHABLE | CRM_FIELD_DUPLICATE_KEY, .label = N_("Account") },
  { "name",          CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_PERSONAL, .label = NC_("person", "Name"), .context = "person" },
  { "title",         CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE, .label = N_("Title") },
  { "department",    CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Department") },
  { "mobile",        CRM_FIELD_PHONE,     .max_len = 32,  .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_PERSONAL | CRM_FIELD_DUPLICATE_KEY, .label = N_("Mobile") },
  { "phone",         CRM_FIELD_PHONE,     .max_len = 32,  .flags = CRM_FIELD_PERSONAL, .label = N_("Phone") },
  { "email",         CRM_FIELD_EMAIL,     .max_len = 254, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_PERSONAL | CRM_FIELD_DUPLICATE_KEY, .label = N_("Email") },
  { "birthday",      CRM_FIELD_DATE,      .flags = CRM_FIELD_PERSONAL, .label = N_("Birthday") },
  { "primary",       CRM_FIELD_BOOL,      .column = "is_primary", .flags = CRM_FIELD_FILTERABLE, .label = N_("Primary contact") },
  { "decision_role", CRM_FIELD_ENUM,      .enum_values = decision_roles, .enum_labels = decision_role_labels, .flags = CRM_FIELD_FILTERABLE, .label = N_("Decision role") },
  { "owner",         CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "notes",         CRM_FIELD_LONG_TEXT, .max_len = 20000, .flags = CRM_FIELD_PERSONAL, .label = N_("Notes") },
  { "last_activity_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Last activity") },
  { "legal_hold",    CRM_FIELD_BOOL,      .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Legal hold") },
  { "legal_hold_reason", CRM_FIELD_TEXT,  .max_len = 500, .flags = CRM_FIELD_READONLY, .label = N_("Reason for the legal hold") },
  { "restricted",    CRM_FIELD_BOOL,      .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Processing restricted") },
  { "erased_at",     CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Erased") },
  { "merged_into",   CRM_FIELD_REFERENCE, .column = "merged_into_id", .json_key = "merged_into_id", .reference = "contact", .flags = CRM_FIELD_READONLY, .label = N_("Merged into") },
};

static void
crm_contact_class_init (CrmContactClass *klass)
{
  crm_entity_class_install_fields (CRM_ENTITY_CLASS (klass), "contact", "contacts",
                                   contact_fields, G_N_ELEMENTS (contact_fields));
  crm_entity_class_set_labels (CRM_ENTITY_CLASS (klass), N_("Contact"), N_("Contacts"));
}

static void
crm_contact_init (CrmContact *self)
{
}
