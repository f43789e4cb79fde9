/* rapportd-repo-ids.c: records of one kind read by their ids, hundreds a statement, for answers that name many */
#include "rapportd-repo-private.h"

/* ids a statement reads at most */
#define IDS_PER_STATEMENT 500

/* a statement's ids are padded to one of these counts, so that the
 * statement cache holds few shapes of it */
static guint
padded_count (guint n)
{
  static const guint counts[] = { 8, 64, IDS_PER_STATEMENT };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (n <= counts[i])
      return counts[i];
  return IDS_PER_STATEMENT;
}

/**
 * rapportd_repo_get_by_ids:
 * @db: a connection
 * @type: an entity type
 * @ids: (element-type gint64): ids of records of @type, repeats allowed
 * @error: return location for a #GError
 *
 * Reads the records of @ids as they are stored, in one statement for
 * every 500 distinct ids, whoever asks (the caller decides what of them
 * it shows) and without a document's lines. An id without a record is
 * left out.
 *
 * Returns: (transfer full) (element-type gint64 CrmEntity): id → record,
 *   or %NULL on error
 */
GHashTable *
rapportd_repo_get_by_ids (RapportdDb  *db,
                          GType        type,
                          GArray      *ids,
                          GError     **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  g_autoptr(GHashTable) records = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) distinct = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (klass != NULL, NULL);
  g_return_val_if_fail (ids != NULL, NULL);

  for (guint i = 0; i < ids->len; i++)
    if (g_hash_table_add (seen, &g_array_index (ids, gint64, i)))
      g_array_append_val (distinct, g_array_index (ids, gint64, i));

  for (guint first = 0; first < distinct->len; first += IDS_PER_STATEMENT)
    {
      guint n = MIN (distinct->len - first, IDS_PER_STATEMENT);
      guint padded = padded_count (n);
      g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
      g_autoptr(RapportdDbResult) result = NULL;

      rapportd_repo_append_select (sql, klass);
      rapportd_sql_append (sql, " WHERE `id` IN (");
      for (guint i = 0; i < padded; i++)
        {
          rapportd_sql_append (sql, i ? ", ?" : "?");
          rapportd_sql_add_int (sql, g_array_index (distinct, gint64, first + MIN (i, n - 1)));
        }
      rapportd_sql_append (sql, ")");
      if ((result = rapportd_db_query (db, sql, error)) == NULL)
        return NULL;
      for (guint r = 0; r < result->n_rows; r++)
        {
          CrmEntity *record = rapportd_repo_entity_from_row (type, result, r, error);
          gint64 id;

          if (record == NULL)
            return NULL;
          id = crm_entity_get_id (record);
          g_hash_table_insert (records, g_memdup2 (&id, sizeof id), record);
        }
    }
  return g_steal_pointer (&records);
}
