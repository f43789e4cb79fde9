/* crm-contract.c: CrmContract, the signed agreement that follows an order: parties, dates, amount, terms */
#include "crm-contract.h"
#include "crm-document-fields.h"
#include "crm-document-pricing.h"
#include "crm-document-line.h"

#include <glib/gi18n-lib.h>

struct _CrmContract
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmContract, crm_contract, CRM_TYPE_ENTITY)

static const char * const statuses[] = { "draft", "pending_approval", "active", "expired", "terminated", NULL };
static const char * const status_labels[] = {
  N_("Draft"), N_("Pending approval"), N_("In force"), N_("Expired"), N_("Terminated"), NULL
};
static const char * const editable[] = { "draft", NULL };

static const CrmFieldSpec contract_fields[] = {
  CRM_DOCUMENT_PARTY_FIELDS,
  { "order",         CRM_FIELD_REFERENCE, .column = "order_id", .json_key = "order_id", .reference = "order", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Sales order") },
  { "status",        CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Status") },
  { "supplier_party", CRM_FIELD_TEXT,     .max_len = 200, .label = N_("Our party") },
  { "customer_party", CRM_FIELD_TEXT,     .max_len = 200, .label = N_("Customer party") },
  { "start_date",    CRM_FIELD_DATE,      .flags = CRM_FIELD_SORTABLE, .label = N_("Start date") },
  { "end_date",      CRM_FIELD_DATE,      .flags = CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE, .label = N_("End date") },
  { "signed_date",   CRM_FIELD_DATE,      .label = N_("Signed on") },
  CRM_DOCUMENT_PRICE_FIELDS,
  CRM_DOCUMENT_ISSUE_FIELDS,
};

static void
crm_contract_class_init (CrmContractClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "contract", "contracts", contract_fields, G_N_ELEMENTS (contract_fields));
  crm_entity_class_set_labels (entity_class, N_("Contract"), N_("Contracts"));
  entity_class->line_type = CRM_TYPE_DOCUMENT_LINE;
  entity_class->number_prefix = "C";
  entity_class->editable_statuses = editable;
  entity_class->derive = crm_document_price;
}

static void
crm_contract_init (CrmContract *self)
{
}
