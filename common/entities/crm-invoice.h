/* crm-invoice.h: CrmInvoice, an invoice issued against an order: number, amount, dates */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_INVOICE (crm_invoice_get_type ())

G_DECLARE_FINAL_TYPE (CrmInvoice, crm_invoice, CRM, INVOICE, CrmEntity)

G_END_DECLS
