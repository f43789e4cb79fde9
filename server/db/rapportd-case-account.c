/* rapportd-case-account.c: what a case copies from its account: the region its assignment rules route by */
#include "rapportd-case-account.h"

/**
 * rapportd_case_account_copy_region:
 * @db: a connection inside the write's transaction
 * @before: (nullable): the case as stored; %NULL for a new one
 * @after: the case as it is to be written
 * @error: return location for a #GError
 *
 * A case keeps its account's region as it was when the case was made or
 * moved to the account, so that a rule's condition (`region == "华东"`)
 * reads it as one of the case's fields. An account that does not exist
 * is refused later, with the other references.
 *
 * Returns: %FALSE on a database error
 */
gboolean
rapportd_case_account_copy_region (RapportdDb  *db,
                                   CrmEntity   *before,
                                   CrmEntity   *after,
                                   GError     **error)
{
  int account = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (after), "account");
  int region = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (after), "region");
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  const char *text;

  g_return_val_if_fail (CRM_IS_ENTITY (after), FALSE);

  if (account < 0 || region < 0 || !crm_entity_has_value (after, account))
    return TRUE;
  if (before != NULL && crm_entity_has_value (before, account) &&
      crm_entity_value (before, account)->i == crm_entity_value (after, account)->i)
    return TRUE;
  sql = rapportd_sql_new ("SELECT region FROM accounts WHERE id = ?");
  rapportd_sql_add_int (sql, crm_entity_value (after, account)->i);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  text = result->n_rows == 1 ? rapportd_db_result_get (result, 0, 0) : NULL;
  if (text != NULL && text[0] != '\0')
    crm_entity_set_text (after, "region", text);
  else
    crm_entity_set_null (after, region);
  return TRUE;
}
