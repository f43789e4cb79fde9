/* rapportd-repo-ids.c: records of one kind, or a few of their columns, read by their ids, hundreds a statement, for answers that name many */
#include "rapportd-repo-private.h"
#include "rapportd-pool-view.h"

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

/* " WHERE `id` IN (…)": @n of @ids from @first, padded with the last of
 * them, which IN does not mind */
static void
append_ids_in (RapportdSql *sql,
               GArray      *ids,
               guint        first,
               guint        n)
{
  guint padded = padded_count (n);

  rapportd_sql_append (sql, " WHERE `id` IN (");
  for (guint i = 0; i < padded; i++)
    {
      rapportd_sql_append (sql, i ? ", ?" : "?");
      rapportd_sql_add_int (sql, g_array_index (ids, gint64, first + MIN (i, n - 1)));
    }
  rapportd_sql_append (sql, ")");
}

/* the records of @ids, those @actor may see when not %NULL */
static GHashTable *
read_records (RapportdDb           *db,
              const RapportdActor  *actor,
              GType                 type,
              GArray               *ids,
              GError              **error)
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
      g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
      g_autoptr(RapportdDbResult) result = NULL;
      g_autoptr(GPtrArray) read = g_ptr_array_new ();

      rapportd_repo_append_select (sql, klass);
      append_ids_in (sql, distinct, first, MIN (distinct->len - first, IDS_PER_STATEMENT));
      if (actor != NULL)
        rapportd_repo_append_scope (sql, klass, actor, FALSE);
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
          g_ptr_array_add (read, record);
        }
      if (actor != NULL && !rapportd_pool_view_mask (db, actor, read, error))
        return NULL;
    }
  return g_steal_pointer (&records);
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
  return read_records (db, NULL, type, ids, error);
}

/**
 * rapportd_repo_get_visible_by_ids:
 * @db: a connection
 * @actor: who asks
 * @type: an entity type
 * @ids: (element-type gint64): ids of records of @type, repeats allowed
 * @error: return location for a #GError
 *
 * As rapportd_repo_get_by_ids(), the records @actor may read only, as
 * rapportd_repo_get() reads each of them (contact details masked where
 * it masks them), without a document's lines: a record @actor may not
 * see is left out like a missing one.
 *
 * Returns: (transfer full) (element-type gint64 CrmEntity): id → record,
 *   or %NULL on error
 */
GHashTable *
rapportd_repo_get_visible_by_ids (RapportdDb           *db,
                                  const RapportdActor  *actor,
                                  GType                 type,
                                  GArray               *ids,
                                  GError              **error)
{
  g_return_val_if_fail (actor != NULL, NULL);

  return read_records (db, actor, type, ids, error);
}

/**
 * rapportd_repo_read_texts_by_ids:
 * @db: a connection
 * @collection: a table
 * @columns: the columns read, as SQL: "`code`, `name`"
 * @ids: (element-type gint64): distinct ids of rows of @collection
 * @texts: (element-type gint64 utf8): where each id found goes, with the
 *   first of its @columns that is not empty, or else the last
 * @error: return location for a #GError
 *
 * Reads a few columns of many rows, as rapportd_repo_get_by_ids() reads
 * records: one statement for every 500 ids, of a few padded shapes.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_repo_read_texts_by_ids (RapportdDb  *db,
                                 const char  *collection,
                                 const char  *columns,
                                 GArray      *ids,
                                 GHashTable  *texts,
                                 GError     **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (collection != NULL && columns != NULL, FALSE);
  g_return_val_if_fail (ids != NULL && texts != NULL, FALSE);

  for (guint first = 0; first < ids->len; first += IDS_PER_STATEMENT)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
      g_autoptr(RapportdDbResult) result = NULL;

      rapportd_sql_appendf (sql, "SELECT `id`, %s FROM `%s`", columns, collection);
      append_ids_in (sql, ids, first, MIN (ids->len - first, IDS_PER_STATEMENT));
      if ((result = rapportd_db_query (db, sql, error)) == NULL)
        return FALSE;
      for (guint r = 0; r < result->n_rows; r++)
        {
          gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);
          const char *text = NULL;

          for (guint c = 1; c < result->n_cols && (text == NULL || *text == '\0'); c++)
            text = rapportd_db_result_get (result, r, c);
          g_hash_table_insert (texts, g_memdup2 (&id, sizeof id), g_strdup (text));
        }
    }
  return TRUE;
}
