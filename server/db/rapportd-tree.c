/* rapportd-tree.c: records kept as a tree by a parent of their own kind (case categories): ancestors, subtrees, no cycles */
#include "rapportd-tree.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* deeper than any tree an administrator keeps; a longer walk stops there */
#define TREE_MAX_DEPTH 100

/**
 * rapportd_tree_class_of:
 * @reference: a field of some record
 *
 * Returns: (transfer none) (nullable): the class @reference points at
 *   when that kind is a tree (its field "parent" names its own kind), or
 *   %NULL
 */
CrmEntityClass *
rapportd_tree_class_of (const CrmFieldSpec *reference)
{
  CrmEntityClass *klass;
  GType type;
  int parent;

  g_return_val_if_fail (reference != NULL, NULL);

  if (reference->type != CRM_FIELD_REFERENCE || reference->reference == NULL ||
      (type = crm_entities_lookup_name (reference->reference)) == G_TYPE_INVALID)
    return NULL;
  klass = g_type_class_peek (type);
  parent = crm_entity_class_find_field (klass, "parent");
  if (parent < 0 || g_strcmp0 (klass->fields[parent].reference, klass->entity_name) != 0)
    return NULL;
  return klass;
}

/**
 * rapportd_tree_ancestors:
 * @db: a connection
 * @klass: a tree-shaped kind of record
 * @id: one of them
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type gint64): @id and the ids above
 *   it, nearest first (empty when @id does not exist), or %NULL on error
 */
GArray *
rapportd_tree_ancestors (RapportdDb      *db,
                         CrmEntityClass  *klass,
                         gint64           id,
                         GError         **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  GArray *ids;

  g_return_val_if_fail (db != NULL && klass != NULL, NULL);

  rapportd_sql_appendf (sql, "WITH RECURSIVE up (id, parent_id, depth) AS ("
                        "SELECT id, parent_id, 0 FROM `%s` WHERE id = ? UNION ALL "
                        "SELECT t.id, t.parent_id, up.depth + 1 FROM `%s` t JOIN up ON t.id = up.parent_id "
                        "WHERE up.depth < %d) SELECT id FROM up ORDER BY depth",
                        klass->collection, klass->collection, TREE_MAX_DEPTH);
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), result->n_rows);
  for (guint r = 0; r < result->n_rows; r++)
    {
      gint64 one = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);

      g_array_append_val (ids, one);
    }
  return ids;
}

/* whether @self is @from or above it, walking up one locked row at a time:
 * a locking read sees the latest parents, and a move being written at the
 * same time is waited for, so two moves at once cannot close a loop */
static gboolean
is_at_or_above (RapportdDb      *db,
                CrmEntityClass  *klass,
                gint64           from,
                gint64           self,
                gboolean        *found,
                GError         **error)
{
  gint64 id = from;

  *found = FALSE;
  for (guint depth = 0; id > 0 && depth < TREE_MAX_DEPTH; depth++)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
      g_autoptr(RapportdDbResult) result = NULL;
      const char *parent;

      if (id == self)
        {
          *found = TRUE;
          return TRUE;
        }
      rapportd_sql_appendf (sql, "SELECT parent_id FROM `%s` WHERE id = ? FOR UPDATE", klass->collection);
      rapportd_sql_add_int (sql, id);
      if ((result = rapportd_db_query (db, sql, error)) == NULL)
        return FALSE;
      parent = result->n_rows == 1 ? rapportd_db_result_get (result, 0, 0) : NULL;
      id = parent != NULL ? g_ascii_strtoll (parent, NULL, 10) : 0;
    }
  return TRUE;
}

/**
 * rapportd_tree_check_parent:
 * @db: a connection inside the write's transaction
 * @before: (nullable): the record as stored; %NULL for a new one
 * @after: the record as it is to be written
 * @error: %CRM_ERROR_VALIDATION naming the parent's JSON key
 *
 * A record is not put under itself nor under one of the records below it,
 * even by two moves written at once: the rows above the new parent are
 * locked as they are read. (A parent that does not exist is refused with
 * the other references.)
 *
 * Returns: whether the parent may be written
 */
gboolean
rapportd_tree_check_parent (RapportdDb  *db,
                            CrmEntity   *before,
                            CrmEntity   *after,
                            GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (after);
  int parent = crm_entity_class_find_field (klass, "parent");
  const CrmValue *value;
  gboolean loop;

  g_return_val_if_fail (CRM_IS_ENTITY (after), FALSE);

  /* a new record has nothing below it */
  if (before == NULL || parent < 0 || !crm_entity_has_value (after, parent))
    return TRUE;
  value = crm_entity_value (after, parent);
  if (value->is_null)
    return TRUE;
  if (!is_at_or_above (db, klass, value->i, crm_entity_get_id (before), &loop, error))
    return FALSE;
  if (loop)
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (&klass->fields[parent]),
                                 _("A %s cannot be put under itself or under one below it"), noun);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_tree_append_subtree:
 * @sql: a statement, at a place where a subquery of ids may stand
 * @klass: a tree-shaped kind of record
 * @roots: (element-type utf8): ids, as text
 *
 * Appends `(SELECT …)`, the ids of @roots and of every record below them.
 */
void
rapportd_tree_append_subtree (RapportdSql    *sql,
                              CrmEntityClass *klass,
                              GPtrArray      *roots)
{
  g_return_if_fail (sql != NULL && klass != NULL && roots != NULL && roots->len > 0);

  /* UNION, not UNION ALL: a row met twice ends the walk, even in a loop */
  rapportd_sql_appendf (sql, "(WITH RECURSIVE down (id) AS (SELECT id FROM `%s` WHERE id IN (", klass->collection);
  for (guint i = 0; i < roots->len; i++)
    {
      rapportd_sql_append (sql, i ? ", ?" : "?");
      rapportd_sql_add_text (sql, roots->pdata[i]);
    }
  rapportd_sql_appendf (sql, ") UNION SELECT c.id FROM `%s` c JOIN down ON c.parent_id = down.id) "
                        "SELECT id FROM down)", klass->collection);
}
