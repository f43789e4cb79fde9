/* crm-payment.h: CrmPayment, money received from an account, against an order or held as a prepayment */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_PAYMENT (crm_payment_get_type ())

G_DECLARE_FINAL_TYPE (CrmPayment, crm_payment, CRM, PAYMENT, CrmEntity)

G_END_DECLS
