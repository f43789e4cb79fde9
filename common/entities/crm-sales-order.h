/* crm-sales-order.h: CrmSalesOrder, a customer's confirmed purchase, from a quote, with lines, invoices and payments */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_SALES_ORDER (crm_sales_order_get_type ())

G_DECLARE_FINAL_TYPE (CrmSalesOrder, crm_sales_order, CRM, SALES_ORDER, CrmEntity)

G_END_DECLS
