/* crm-payment.c: CrmPayment, money received from an account, against an order or held as a prepayment */
#include "crm-payment.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

struct _CrmPayment
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmPayment, crm_payment, CRM_TYPE_ENTITY)

static const char * const methods[] = { "bank_transfer", "cash", "cheque", "card", "acceptance_bill", "other", NULL };
static const char * const method_labels[] = {
  N_("Bank transfer"), N_("Cash"), N_("Cheque"), N_("Card"), N_("Bank acceptance bill"), N_("Other"), NULL
};

/* Without an order, a payment is a prepayment held on the account; giving
 * it an order later allocates it. amount_base is computed by the server. */
static const CrmFieldSpec payment_fields[] = {
  { "number",        CRM_FIELD_TEXT,      .max_len = 32, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Receipt number") },
  { "account",       CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Account") },
  { "order",         CRM_FIELD_REFERENCE, .column = "order_id", .json_key = "order_id", .reference = "order", .flags = CRM_FIELD_FILTERABLE, .label = N_("Sales order") },
  { "owner",         CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "received_on",   CRM_FIELD_DATE,      .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("Received on") },
  { "amount",        CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("Amount") },
  { "currency",      CRM_FIELD_TEXT,      .max_len = 3, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_CURRENCY, .label = N_("Currency") },
  { "exchange_rate", CRM_FIELD_MONEY,     .scale = 8, .label = N_("Exchange rate") },
  { "amount_base",   CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_READONLY, .label = N_("Amount in base currency") },
  { "method",        CRM_FIELD_ENUM,      .enum_values = methods, .enum_labels = method_labels, .flags = CRM_FIELD_FILTERABLE, .label = N_("Method") },
  { "reference",     CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_SEARCHABLE, .label = N_("Bank reference") },
  { "notes",         CRM_FIELD_LONG_TEXT, .max_len = 2000, .label = N_("Notes") },
};

/* amount_base = round2(amount × exchange rate); an empty rate counts as 1 */
static gboolean
crm_payment_derive (CrmEntity    *self,
                    CrmRounding   rounding,
                    GError      **error)
{
  int rate_index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), "exchange_rate");
  CrmValue *rate_value = crm_entity_value (self, rate_index);
  CrmMoney amount = crm_entity_get_money (self, "amount");
  CrmMoney rate = rate_value->set && !rate_value->is_null ? crm_entity_get_money (self, "exchange_rate") : crm_money_new (1, 0);
  CrmMoney base;

  if (crm_money_compare (amount, crm_money_new (0, 0)) <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "amount", _("A payment’s amount must be greater than 0"));
      return FALSE;
    }
  if (crm_money_compare (rate, crm_money_new (0, 0)) <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "exchange_rate", _("The exchange rate must be greater than 0"));
      return FALSE;
    }
  if (!crm_money_mul (amount, rate, 2, rounding, &base, error))
    return FALSE;
  crm_entity_set_money (self, "amount_base", base);
  return TRUE;
}

static void
crm_payment_class_init (CrmPaymentClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "payment", "payments", payment_fields, G_N_ELEMENTS (payment_fields));
  crm_entity_class_set_labels (entity_class, N_("Payment"), N_("Payments"));
  entity_class->number_prefix = "R";
  entity_class->derive = crm_payment_derive;
}

static void
crm_payment_init (CrmPayment *self)
{
}
