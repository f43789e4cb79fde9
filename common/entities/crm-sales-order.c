/* crm-sales-order.c: CrmSalesOrder, a customer's confirmed purchase, from a quote, with lines, invoices and payments */
#include "crm-sales-order.h"
#include "crm-document-fields.h"
#include "crm-document-pricing.h"
#include "crm-document-line.h"

#include <glib/gi18n-lib.h>

struct _CrmSalesOrder
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmSalesOrder, crm_sales_order, CRM_TYPE_ENTITY)

static const char * const statuses[] = { "draft", "pending_approval", "confirmed", "fulfilled", "cancelled", NULL };
static const char * const status_labels[] = {
  N_("Draft"), N_("Pending approval"), N_("Confirmed"), N_("Fulfilled"), N_("Cancelled"), NULL
};
static const char * const editable[] = { "draft", NULL };

static const CrmFieldSpec order_fields[] = {
  CRM_DOCUMENT_PARTY_FIELDS,
  { "quote",         CRM_FIELD_REFERENCE, .column = "quote_id", .json_key = "quote_id", .reference = "quote", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Quote") },
  { "status",        CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Status") },
  { "order_date",    CRM_FIELD_DATE,      .flags = CRM_FIELD_SORTABLE, .label = N_("Order date") },
  { "delivery_date", CRM_FIELD_DATE,      .flags = CRM_FIELD_SORTABLE, .label = N_("Delivery date") },
  { "payment_due",   CRM_FIELD_DATE,      .flags = CRM_FIELD_SORTABLE, .label = N_("Payment due") },
  CRM_DOCUMENT_PRICE_FIELDS,
  CRM_DOCUMENT_ISSUE_FIELDS,
};

static void
crm_sales_order_class_init (CrmSalesOrderClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "order", "orders", order_fields, G_N_ELEMENTS (order_fields));
  crm_entity_class_set_labels (entity_class, N_("Sales order"), N_("Sales orders"));
  entity_class->line_type = CRM_TYPE_DOCUMENT_LINE;
  entity_class->number_prefix = "SO";
  entity_class->editable_statuses = editable;
  entity_class->derive = crm_document_price;
}

static void
crm_sales_order_init (CrmSalesOrder *self)
{
}
