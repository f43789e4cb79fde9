/* rapportd-api-products.c: GET /products/:id/last-price?account_id=N, the price a customer last agreed */
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

  sql = rapportd_sql_new ("SELECT l.unit_price, q.number, q.id, q.currency FROM document_lines l "
                          "JOIN quotes q ON l.document_entity = 'quote' AND l.document_id = q.id "
                          "WHERE l.product_id = ? AND q.account_id = ? AND q.status = 'accepted' AND q.archived = 0 "
                          "ORDER BY q.updated_at DESC, q.id DESC, l.position LIMIT 1");
  rapportd_sql_add_int (sql, product_id);
  rapportd_sql_add_int (sql, account_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    g_string_append (out, "\"unit_price\":null");
  else
    g_string_append_printf (out, "\"unit_price\":\"%s\",\"quote_number\":\"%s\",\"quote_id\":%s,\"currency\":\"%s\"",
                            rapportd_db_result_get (result, 0, 0), rapportd_db_result_get (result, 0, 1),
                            rapportd_db_result_get (result, 0, 2), rapportd_db_result_get (result, 0, 3));
  g_string_append_c (out, '}');
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}
