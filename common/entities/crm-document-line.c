/* crm-document-line.c: CrmDocumentLine, one line of a quote or order: product or free text, quantity, price, discount, tax */
#include "crm-document-line.h"

#include <glib/gi18n-lib.h>

struct _CrmDocumentLine
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmDocumentLine, crm_document_line, CRM_TYPE_ENTITY)

/* Percentages are in percent ("13" is 13 %); net, tax and gross are
 * computed by the pricing rules, never taken from a client. */
static const CrmFieldSpec line_fields[] = {
  { "product",          CRM_FIELD_REFERENCE, .column = "product_id", .json_key = "product_id", .reference = "product", .label = N_("Product") },
  { "description",      CRM_FIELD_LONG_TEXT, .max_len = 1000, .label = N_("Description") },
  { "quantity",         CRM_FIELD_MONEY,     .scale = 4, .flags = CRM_FIELD_REQUIRED, .label = N_("Quantity") },
  { "unit",             CRM_FIELD_TEXT,      .max_len = 32, .label = N_("Unit") },
  { "unit_price",       CRM_FIELD_MONEY,     .scale = 4, .flags = CRM_FIELD_REQUIRED, .label = N_("Unit price") },
  { "discount",         CRM_FIELD_MONEY,     .scale = 4, .label = N_("Discount (%)") },
  { "tax_rate",         CRM_FIELD_MONEY,     .scale = 4, .label = N_("Tax rate (%)") },
  { "unit_price_gross", CRM_FIELD_MONEY,     .scale = 4, .flags = CRM_FIELD_READONLY, .label = N_("Unit price incl. tax") },
  { "net",              CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_READONLY, .label = N_("Net") },
  { "tax",              CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_READONLY, .label = N_("Tax") },
  { "gross",            CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_READONLY, .label = N_("Gross") },
};

static void
crm_document_line_class_init (CrmDocumentLineClass *klass)
{
  crm_entity_class_install_fields (CRM_ENTITY_CLASS (klass), "document_line", "document_lines",
                                   line_fields, G_N_ELEMENTS (line_fields));
  crm_entity_class_set_labels (CRM_ENTITY_CLASS (klass), N_("Line"), N_("Lines"));
}

static void
crm_document_line_init (CrmDocumentLine *self)
{
}
