/* crm-opportunity-contact.c: CrmOpportunityContact, a contact's role in an opportunity, written with it */
#include "crm-opportunity-contact.h"

#include <glib/gi18n-lib.h>

struct _CrmOpportunityContact
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmOpportunityContact, crm_opportunity_contact, CRM_TYPE_ENTITY)

/* the buying centre: who decides, who pays, who judges the product, who
 * sways the others, who will use it */
static const char * const roles[] = {
  "decision_maker", "economic_buyer", "technical_buyer", "influencer", "user", "other", NULL
};

static const char * const role_labels[] = {
  NC_("contact role", "Decision maker"), NC_("contact role", "Economic buyer"),
  NC_("contact role", "Technical buyer"), NC_("contact role", "Influencer"),
  NC_("contact role", "User"), NC_("contact role", "Other"), NULL
};

static const CrmFieldSpec contact_role_fields[] = {
  { "position", CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Position") },
  { "contact",  CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN, .label = N_("Contact") },
  { "role",     CRM_FIELD_ENUM,      .enum_values = roles, .enum_labels = role_labels, .flags = CRM_FIELD_COLUMN, .label = NC_("contact role", "Role"), .context = "contact role", .default_value = "other" },
};

static void
crm_opportunity_contact_class_init (CrmOpportunityContactClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "opportunity_contact", "opportunity_contacts",
                                   contact_role_fields, G_N_ELEMENTS (contact_role_fields));
  crm_entity_class_set_labels (entity_class, N_("Contact role"), N_("Contact roles"));
  entity_class->parent_column = "opportunity_id";
}

static void
crm_opportunity_contact_init (CrmOpportunityContact *self)
{
}
