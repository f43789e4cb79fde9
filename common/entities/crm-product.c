/* crm-product.c: CrmProduct, a catalog item: code, name and specification, unit, list price, tax rate */
#include "crm-product.h"

#include <glib/gi18n-lib.h>

struct _CrmProduct
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmProduct, crm_product, CRM_TYPE_ENTITY)

/* the catalog is kept by those who set prices; everyone reads it */
static const char * const writers[] = { "admin", "director", "manager", NULL };

static const CrmFieldSpec product_fields[] = {
  { "code",          CRM_FIELD_TEXT,      .max_len = 64,  .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Code") },
  { "name",          CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "specification", CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE, .label = N_("Specification") },
  { "unit",          CRM_FIELD_TEXT,      .max_len = 32,  .flags = CRM_FIELD_COLUMN, .label = N_("Unit") },
  { "list_price",    CRM_FIELD_MONEY,     .scale = 4, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("List price") },
  { "currency",      CRM_FIELD_TEXT,      .max_len = 3,   .flags = CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_CURRENCY, .label = N_("Currency") },
  { "tax_rate",      CRM_FIELD_MONEY,     .scale = 4, .label = N_("Tax rate (%)") },
  { "category",      CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE | CRM_FIELD_SEARCHABLE, .label = N_("Category") },
  { "active",        CRM_FIELD_BOOL,      .flags = CRM_FIELD_FILTERABLE, .label = N_("Active"), .default_value = "true" },
  { "image_url",     CRM_FIELD_URL,       .max_len = 500, .label = N_("Image") },
  { "description",   CRM_FIELD_LONG_TEXT, .max_len = 5000, .label = N_("Description") },
};

static void
crm_product_class_init (CrmProductClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "product", "products",
                                   product_fields, G_N_ELEMENTS (product_fields));
  crm_entity_class_set_labels (entity_class, N_("Product"), N_("Products"));
  entity_class->write_roles = writers;
}

static void
crm_product_init (CrmProduct *self)
{
}
