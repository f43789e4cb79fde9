/* crm-product.h: CrmProduct, a catalog item: code, name and specification, unit, list price, tax rate */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_PRODUCT (crm_product_get_type ())

G_DECLARE_FINAL_TYPE (CrmProduct, crm_product, CRM, PRODUCT, CrmEntity)

G_END_DECLS
