/* rapportd-api-balance.c: what an order has had invoiced and paid, and what an account owes, aged */
#include "rapportd-api.h"
#include "rapportd-repo.h"
#include "crm-account.h"
#include "crm-error.h"
#include "crm-sales-order.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Ordered, invoiced and paid, in the order's currency. A payment in
 * another currency counts at its recorded rate: its base amount divided by
 * the order's rate, to cents. Invoices are listed oldest due first, each
 * with what remains of it once payments are applied in that order. */
typedef struct
{
  CrmMoney ordered;
  CrmMoney invoiced;
  CrmMoney paid;
  CrmMoney due;
  /* due date (YYYY-MM-DD or NULL) and unpaid amount of each invoice */
  GPtrArray *open_dates;
  GArray    *open_amounts;
} OrderBalance;

static void
order_balance_clear (OrderBalance *balance)
{
  g_clear_pointer (&balance->open_dates, g_ptr_array_unref);
  g_clear_pointer (&balance->open_amounts, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OrderBalance, order_balance_clear)

static gboolean
parse_amount (const char  *text,
              guint        scale,
              CrmMoney    *out,
              GError     **error)
{
  return crm_money_parse (text ? text : "0", scale, out, error);
}

static CrmMoney
order_rate (CrmEntity *order)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (order), "exchange_rate");
  CrmValue *value = crm_entity_value (order, index);

  return value->is_null ? crm_money_new (1, 0) : crm_entity_get_money (order, "exchange_rate");
}

static gboolean
compute_order_balance (RapportdDb    *db,
                       CrmEntity     *order,
                       OrderBalance  *balance,
                       GError       **error)
{
  g_autoptr(RapportdSql) payments = rapportd_sql_new ("SELECT amount, currency, amount_base FROM payments "
                                                      "WHERE order_id = ? AND archived = 0");
  g_autoptr(RapportdSql) invoices = rapportd_sql_new ("SELECT amount, due_date FROM invoices WHERE order_id = ? AND archived = 0 "
                                                      "ORDER BY due_date IS NULL, due_date, id");
  g_autoptr(RapportdDbResult) paid_rows = NULL;
  g_autoptr(RapportdDbResult) invoice_rows = NULL;
  const char *currency = crm_entity_get_text (order, "currency");
  CrmMoney zero = crm_money_new (0, 2);
  CrmMoney to_apply;

  balance->ordered = crm_entity_get_money (order, "total");
  balance->invoiced = balance->paid = zero;
  balance->open_dates = g_ptr_array_new_with_free_func (g_free);
  balance->open_amounts = g_array_new (FALSE, FALSE, sizeof (CrmMoney));
  rapportd_sql_add_int (payments, crm_entity_get_id (order));
  rapportd_sql_add_int (invoices, crm_entity_get_id (order));
  if ((paid_rows = rapportd_db_query (db, payments, error)) == NULL ||
      (invoice_rows = rapportd_db_query (db, invoices, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < paid_rows->n_rows; i++)
    {
      CrmMoney amount;

      if (g_strcmp0 (rapportd_db_result_get (paid_rows, i, 1), currency) == 0)
        {
          if (!parse_amount (rapportd_db_result_get (paid_rows, i, 0), 2, &amount, error))
            return FALSE;
        }
      else
        {
          CrmMoney base;

          if (!parse_amount (rapportd_db_result_get (paid_rows, i, 2), 2, &base, error) ||
              !crm_money_div (base, order_rate (order), 2, CRM_ROUND_HALF_UP, &amount, error))
            return FALSE;
        }
      if (!crm_money_add (balance->paid, amount, &balance->paid, error))
        return FALSE;
    }
  if (!crm_money_sub (balance->ordered, balance->paid, &balance->due, error))
    return FALSE;

  to_apply = balance->paid;
  for (guint i = 0; i < invoice_rows->n_rows; i++)
    {
      CrmMoney amount, open;

      if (!parse_amount (rapportd_db_result_get (invoice_rows, i, 0), 2, &amount, error) ||
          !crm_money_add (balance->invoiced, amount, &balance->invoiced, error))
        return FALSE;
      /* payments settle the oldest invoices first */
      if (crm_money_compare (to_apply, amount) >= 0)
        {
          if (!crm_money_sub (to_apply, amount, &to_apply, error))
            return FALSE;
          continue;
        }
      if (!crm_money_sub (amount, to_apply, &open, error))
        return FALSE;
      to_apply = zero;
      g_ptr_array_add (balance->open_dates, g_strdup (rapportd_db_result_get (invoice_rows, i, 1)));
      g_array_append_val (balance->open_amounts, open);
    }
  return TRUE;
}

static void
append_money (GString    *out,
              const char *name,
              CrmMoney    value,
              gboolean    last)
{
  g_autofree char *text = crm_money_to_string (value);

  g_string_append_printf (out, "\"%s\":\"%s\"%s", name, text, last ? "" : ",");
}

/* GET /orders/:id/balance */
RAPPORTD_HANDLER (rapportd_api_orders_balance)
{
  g_autoptr(CrmEntity) order = NULL;
  g_auto(OrderBalance) balance = { 0 };
  g_autoptr(GString) out = g_string_new ("{");
  CrmMoney uninvoiced;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (order = rapportd_repo_get (db, &request->actor, CRM_TYPE_SALES_ORDER, id, FALSE, error)) == NULL ||
      !compute_order_balance (db, order, &balance, error) ||
      !crm_money_sub (balance.ordered, balance.invoiced, &uninvoiced, error))
    return FALSE;
  g_string_append_printf (out, "\"currency\":\"%s\",", crm_entity_get_text (order, "currency"));
  append_money (out, "ordered", balance.ordered, FALSE);
  append_money (out, "invoiced", balance.invoiced, FALSE);
  append_money (out, "paid", balance.paid, FALSE);
  append_money (out, "uninvoiced", uninvoiced, FALSE);
  append_money (out, "balance_due", balance.due, TRUE);
  g_string_append_c (out, '}');
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

/* which aging bucket: not yet due, 1–30, 31–60, 61–90, over 90 days */
static guint
bucket_of (const char *due_date,
           GDate      *as_of)
{
  GDate due;
  gint days;

  if (due_date == NULL)
    return 0;
  g_date_clear (&due, 1);
  g_date_set_parse (&due, due_date);
  if (!g_date_valid (&due))
    return 0;
  days = g_date_days_between (&due, as_of);
  return days <= 0 ? 0 : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : 4;
}

static gboolean
parse_as_of (RapportdRequest  *request,
             GDate            *as_of,
             GError          **error)
{
  const char *text = rapportd_request_query (request, "as_of");

  g_date_clear (as_of, 1);
  if (text == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (as_of, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
      return TRUE;
    }
  g_date_set_parse (as_of, text);
  if (strlen (text) != 10 || !g_date_valid (as_of))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "as_of", _("as_of must be a date such as 2026-11-27"));
      return FALSE;
    }
  return TRUE;
}

/* GET /accounts/:id/balance[?as_of=DATE]: in the base currency, what the
 * account owes on its confirmed orders, the prepayments it has not yet
 * allocated, and its unpaid invoices by how long they are overdue */
RAPPORTD_HANDLER (rapportd_api_accounts_balance)
{
  static const char * const bucket_names[] = { "current", "days_1_30", "days_31_60", "days_61_90", "days_over_90" };
  g_autoptr(CrmEntity) account = NULL;
  g_autoptr(RapportdSql) orders = rapportd_sql_new ("SELECT id FROM orders WHERE account_id = ? AND archived = 0 "
                                                    "AND status IN ('confirmed', 'fulfilled') ORDER BY id");
  g_autoptr(RapportdSql) prepaid = rapportd_sql_new ("SELECT amount_base FROM payments WHERE account_id = ? "
                                                     "AND order_id IS NULL AND archived = 0");
  g_autoptr(RapportdDbResult) order_rows = NULL;
  g_autoptr(RapportdDbResult) prepaid_rows = NULL;
  g_autoptr(GString) out = g_string_new ("{");
  CrmMoney buckets[G_N_ELEMENTS (bucket_names)];
  CrmMoney due = crm_money_new (0, 2), prepayments = crm_money_new (0, 2);
  GDate as_of;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) || !parse_as_of (request, &as_of, error) ||
      (account = rapportd_repo_get (db, &request->actor, CRM_TYPE_ACCOUNT, id, FALSE, error)) == NULL)
    return FALSE;
  for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
    buckets[b] = crm_money_new (0, 2);
  rapportd_sql_add_int (orders, id);
  rapportd_sql_add_int (prepaid, id);
  if ((order_rows = rapportd_db_query (db, orders, error)) == NULL ||
      (prepaid_rows = rapportd_db_query (db, prepaid, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < prepaid_rows->n_rows; i++)
    {
      CrmMoney amount;

      if (!parse_amount (rapportd_db_result_get (prepaid_rows, i, 0), 2, &amount, error) ||
          !crm_money_add (prepayments, amount, &prepayments, error))
        return FALSE;
    }
  for (guint i = 0; i < order_rows->n_rows; i++)
    {
      g_autoptr(CrmEntity) order = rapportd_repo_get (db, NULL, CRM_TYPE_SALES_ORDER,
                                                      g_ascii_strtoll (rapportd_db_result_get (order_rows, i, 0), NULL, 10),
                                                      FALSE, error);
      g_auto(OrderBalance) balance = { 0 };
      CrmMoney base;

      if (order == NULL || !compute_order_balance (db, order, &balance, error) ||
          !crm_money_mul (balance.due, order_rate (order), 2, CRM_ROUND_HALF_UP, &base, error) ||
          !crm_money_add (due, base, &due, error))
        return FALSE;
      for (guint k = 0; k < balance.open_amounts->len; k++)
        {
          guint b = bucket_of (balance.open_dates->pdata[k], &as_of);

          if (!crm_money_mul (g_array_index (balance.open_amounts, CrmMoney, k), order_rate (order), 2,
                              CRM_ROUND_HALF_UP, &base, error) ||
              !crm_money_add (buckets[b], base, &buckets[b], error))
            return FALSE;
        }
    }

  append_money (out, "balance_due", due, FALSE);
  append_money (out, "prepayments", prepayments, FALSE);
  g_string_append (out, "\"overdue\":{");
  for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
    append_money (out, bucket_names[b], buckets[b], b + 1 == G_N_ELEMENTS (buckets));
  g_string_append (out, "}}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}
