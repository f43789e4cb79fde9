/* rapportd-case-categories.c: case categories on write (a tree without cycles) and the category name a case keeps */
#include "rapportd-case-categories.h"
#include "rapportd-tree.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

static gboolean
category_prepare (RapportdDb           *db,
                  const RapportdActor  *actor,
                  CrmEntity            *before,
                  CrmEntity            *after,
                  gboolean              as_server,
                  GError              **error)
{
  return rapportd_tree_check_parent (db, before, after, error);
}

const RapportdRepoRules rapportd_case_category_rules = {
  "case_category", category_prepare, NULL,
};

/**
 * rapportd_case_categories_name_case:
 * @db: a connection inside the write's transaction
 * @before: (nullable): the case as stored; %NULL for a new one
 * @after: the case as it is to be written
 * @error: return location for a #GError
 *
 * A case keeps its category's name in `category` (the text migration 048
 * kept there), written when the case gets or changes its category and
 * cleared with it. A case is given no inactive or archived category (422
 * on category_id); one that does not exist is refused later, with the
 * other references. A case given a category that makes its cases
 * complaints, or one below such a category, becomes a complaint (and stays
 * one, whatever category it moves to later).
 *
 * Returns: whether the case may be written
 */
gboolean
rapportd_case_categories_name_case (RapportdDb  *db,
                                    CrmEntity   *before,
                                    CrmEntity   *after,
                                    GError     **error)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (after), "category");
  const CrmValue *value;
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;

  g_return_val_if_fail (CRM_IS_ENTITY (after), FALSE);

  if (field < 0 || !crm_entity_has_value (after, field))
    return TRUE;
  value = crm_entity_value (after, field);
  if (before != NULL && crm_entity_has_value (before, field) &&
      crm_entity_value (before, field)->is_null == value->is_null &&
      (value->is_null || crm_entity_value (before, field)->i == value->i))
    return TRUE;
  if (value->is_null)
    {
      crm_entity_set_null (after, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (after), "category_name"));
      return TRUE;
    }
  sql = rapportd_sql_new ("WITH RECURSIVE up (id, parent_id, complaints) AS ("
                          "SELECT id, parent_id, complaints FROM `case-categories` WHERE id = ? UNION ALL "
                          "SELECT c.id, c.parent_id, c.complaints FROM `case-categories` c JOIN up ON c.id = up.parent_id) "
                          "SELECT k.name, k.active = 1 AND k.archived = 0, (SELECT MAX(complaints) FROM up) "
                          "FROM `case-categories` k WHERE k.id = ?");
  rapportd_sql_add_int (sql, value->i);
  rapportd_sql_add_int (sql, value->i);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    return TRUE;
  if (g_strcmp0 (rapportd_db_result_get (result, 0, 1), "1") != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "category_id",
                                 _("This category is no longer in use: choose another"));
      return FALSE;
    }
  crm_entity_set_text (after, "category_name", rapportd_db_result_get (result, 0, 0));
  if (g_strcmp0 (rapportd_db_result_get (result, 0, 2), "1") == 0)
    crm_entity_set_bool (after, "is_complaint", TRUE);
  return TRUE;
}
