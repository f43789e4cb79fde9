/* rapportd-api-products.c: GET /products/:id/last-price?account_id=N, the price a customer last bought at */
#include "rapportd-api.h"
#include "rapportd-repo.h"
#include "crm-account.h"
#include "crm-error.h"
#include "crm-product.h"

#include <glib/gi18n-lib.h>

RAPPORTD_HANDLER (rapportd_api_products_last_price)
{
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(CrmEntity) product = NULL;
  g_autoptr(CrmEntity) account = NULL;
  const char *account_text = rapportd_request_query (request, "account_id");
  gint64 product_id;
  gint64 account_id;
  g_autoptr(GString) out = g_string_new ("{");

  if (!rapportd_request_segment_id (request, 1, &product_id, error))
    return FALSE;
  if (account_text == NULL || (account_id = g_ascii_strtoll (account_text, NULL, 10)) <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "account_id", _("account_id must name the customer"));
      return FALSE;
    }
  /* both must be visible to the one who asks */
  if ((product = rapportd_repo_get (db, &request->actor, CRM_TYPE_PRODUCT, product_id, FALSE, error)) == NULL ||
      (account = rapportd_repo_get (db, &request->actor, CRM_TYPE_ACCOUNT, account_id, FALSE, error)) == NULL)
    return FALSE;

  /* what the account bought at: its confirmed orders, and the quotes it accepted */
  sql = rapportd_sql_new ("SELECT unit_price, number, id, currency, entity FROM ("
                          "SELECT l.unit_price, d.number, d.id, d.currency, 'order' AS entity, d.updated_at, l.position "
                          "FROM document_lines l JOIN orders d ON l.document_entity = 'order' AND l.document_id = d.id "
                          "WHERE l.product_id = ? AND d.account_id = ? AND d.status IN ('confirmed', 'fulfilled') AND d.archived = 0 "
                          "UNION ALL "
                          "SELECT l.unit_price, d.number, d.id, d.currency, 'quote', d.updated_at, l.position "
                          "FROM document_lines l JOIN quotes d ON l.document_entity = 'quote' AND l.document_id = d.id "
                          "WHERE l.product_id = ? AND d.account_id = ? AND d.status = 'accepted' AND d.archived = 0"
                          ") bought ORDER BY updated_at DESC, id DESC, position LIMIT 1");
  for (guint i = 0; i < 2; i++)
    {
      rapportd_sql_add_int (sql, product_id);
      rapportd_sql_add_int (sql, account_id);
    }
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    g_string_append (out, "\"unit_price\":null");
  else
    g_string_append_printf (out, "\"unit_price\":\"%s\",\"number\":\"%s\",\"entity\":\"%s\",\"id\":%s,\"currency\":\"%s\","
                            /* kept for clients that read the quote's */
                            "\"quote_number\":\"%s\",\"quote_id\":%s",
                            rapportd_db_result_get (result, 0, 0), rapportd_db_result_get (result, 0, 1),
                            rapportd_db_result_get (result, 0, 4), rapportd_db_result_get (result, 0, 2),
                            rapportd_db_result_get (result, 0, 3), rapportd_db_result_get (result, 0, 1),
                            rapportd_db_result_get (result, 0, 2));
  g_string_append_c (out, '}');
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}
