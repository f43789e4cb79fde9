/* crm-invoice.c: CrmInvoice, an invoice issued against an order: number, amount, dates */
#include "crm-invoice.h"

#include <glib/gi18n-lib.h>

struct _CrmInvoice
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmInvoice, crm_invoice, CRM_TYPE_ENTITY)

/* The number is the one printed on the (tax) invoice, from the invoicing
 * system, so it is given, not generated. */
static const CrmFieldSpec invoice_fields[] = {
  { "number",       CRM_FIELD_TEXT,      .max_len = 64, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Invoice number") },
  { "order",        CRM_FIELD_REFERENCE, .column = "order_id", .json_key = "order_id", .reference = "order", .flags = CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Sales order") },
  { "account",      CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Account") },
  { "owner",        CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "invoice_date", CRM_FIELD_DATE,      .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("Invoice date") },
  { "due_date",     CRM_FIELD_DATE,      .flags = CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("Due date") },
  { "amount",       CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("Amount") },
  { "currency",     CRM_FIELD_TEXT,      .max_len = 3, .flags = CRM_FIELD_COLUMN | CRM_FIELD_CURRENCY, .label = N_("Currency") },
  { "notes",        CRM_FIELD_LONG_TEXT, .max_len = 2000, .label = N_("Notes") },
};

static void
crm_invoice_class_init (CrmInvoiceClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "invoice", "invoices", invoice_fields, G_N_ELEMENTS (invoice_fields));
  crm_entity_class_set_labels (entity_class, N_("Invoice"), N_("Invoices"));
}

static void
crm_invoice_init (CrmInvoice *self)
{
}
