/* rapportd-dedup-many.c: the search for possible duplicates of many records at once, in a few statements (an import's rows) */
#include "rapportd-dedup-private.h"
#include "crm-error.h"

#include <string.h>

/* keys looked up by one statement: as many limited selects, in a UNION */
#define KEYS_A_STATEMENT 256

/* the rows of @result, "kind\nkey" -> the "entity:id" of its holders */
static void
add_holders (GHashTable       *holders,
             RapportdDbResult *result)
{
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autofree char *key_of = g_strdup_printf ("%s\n%s", rapportd_db_result_get (result, r, 2),
                                                 rapportd_db_result_get (result, r, 3));
      GPtrArray *records = g_hash_table_lookup (holders, key_of);

      if (records == NULL)
        g_hash_table_insert (holders, g_strdup (key_of), records = g_ptr_array_new_with_free_func (g_free));
      g_ptr_array_add (records, g_strdup_printf ("%s:%s", rapportd_db_result_get (result, r, 0),
                                                 rapportd_db_result_get (result, r, 1)));
    }
}

/* "kind\nkey" -> the "entity:id" of the records that have it, at most
 * RAPPORTD_DEDUP_MAX_ROWS_A_KEY each, as a search for one record reads
 * them: one statement for KEYS_A_STATEMENT of @keys */
static GHashTable *
holders_of (RapportdDb   *db,
            GHashTable   *keys,
            GError      **error)
{
  g_autoptr(GHashTable) holders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(RapportdSql) sql = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n = 0;
  guint left = g_hash_table_size (keys);

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *newline = strchr (key, '\n');
      g_autofree char *kind = g_strndup (key, newline - (const char *) key);

      if (sql == NULL)
        sql = rapportd_sql_new (NULL);
      /* a limit a key: a common company name does not crowd out a mobile */
      rapportd_sql_appendf (sql, "%s(SELECT entity, record_id, kind, dedup_key FROM dedup_keys"
                            " WHERE kind = ? AND dedup_key = ? LIMIT %d)",
                            n ? " UNION ALL " : "", RAPPORTD_DEDUP_MAX_ROWS_A_KEY);
      rapportd_sql_add_text (sql, kind);
      rapportd_sql_add_text (sql, newline + 1);
      left--;
      if (++n == KEYS_A_STATEMENT || left == 0)
        {
          g_autoptr(RapportdDbResult) result = rapportd_db_query_uncached (db, sql, error);

          if (result == NULL)
            return NULL;
          add_holders (holders, result);
          g_clear_pointer (&sql, rapportd_sql_free);
          n = 0;
        }
    }
  return g_steal_pointer (&holders);
}

/* the records sharing a key with @keys, scored, best first */
static GPtrArray *
candidates_of (GHashTable *keys,
               GHashTable *holders,
               GHashTable *excluded)
{
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GPtrArray *records = g_hash_table_lookup (holders, key);
      g_autofree char *kind = g_strndup (key, strchr (key, '\n') - (const char *) key);
      guint bit = rapportd_dedup_kind_bit (kind);

      for (guint i = 0; records != NULL && i < records->len; i++)
        g_hash_table_replace (kinds, records->pdata[i],
                              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (kinds, records->pdata[i])) | bit));
    }
  return rapportd_dedup_score (kinds, excluded);
}

/**
 * rapportd_dedup_find_many:
 * @db: a connection
 * @actor: who asks: only records they may read are named
 * @records: (element-type CrmEntity): records, new (not yet stored) or stored
 * @error: return location for a #GError
 *
 * As rapportd_dedup_find() for each of @records, the keys of all of them
 * looked up by one statement and the names of their best matches read
 * together. A record whose best matches the actor may mostly not read is
 * searched again alone, as rapportd_dedup_find() searches further.
 *
 * Returns: (transfer full) (element-type GPtrArray): each record's matches
 *   (element-type RapportdDuplicate), in order
 */
GPtrArray *
rapportd_dedup_find_many (RapportdDb          *db,
                          const RapportdActor *actor,
                          GPtrArray           *records,
                          GError             **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) excluded = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) all_keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) holders = NULL;
  g_autoptr(GPtrArray) best = g_ptr_array_new ();
  g_autoptr(GHashTable) offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (db != NULL && actor != NULL && records != NULL, NULL);

  for (guint r = 0; r < records->len; r++)
    {
      CrmEntity *record = records->pdata[r];
      GHashTable *own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTable *record_keys;

      g_ptr_array_add (excluded, own);
      if (crm_entity_get_id (record) > 0)
        g_hash_table_add (own, g_strdup_printf ("%s:%" G_GINT64_FORMAT, crm_entity_get_entity_name (record),
                                                crm_entity_get_id (record)));
      if ((record_keys = rapportd_dedup_query_keys (db, record, own, error)) == NULL)
        return NULL;
      g_ptr_array_add (keys, record_keys);
      g_hash_table_iter_init (&iter, record_keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (all_keys, key);
    }
  if ((holders = holders_of (db, all_keys, error)) == NULL)
    return NULL;

  /* the best of each, twice the matches wanted, named together */
  for (guint r = 0; r < records->len; r++)
    {
      GPtrArray *scored = candidates_of (keys->pdata[r], holders, excluded->pdata[r]);

      g_ptr_array_add (candidates, scored);
      for (guint i = 0; i < MIN (scored->len, 2 * RAPPORTD_DEDUP_MAX_MATCHES); i++)
        {
          RapportdDuplicate *candidate = scored->pdata[i];

          if (g_hash_table_add (offered, g_strdup_printf ("%s:%" G_GINT64_FORMAT, candidate->entity, candidate->id)))
            g_ptr_array_add (best, candidate);
        }
    }
  if ((names = rapportd_dedup_readable_names (db, actor, best, 0, best->len, error)) == NULL)
    return NULL;

  for (guint r = 0; r < records->len; r++)
    {
      GPtrArray *scored = candidates->pdata[r];
      GPtrArray *visible = g_ptr_array_new_with_free_func (rapportd_dedup_duplicate_free);
      guint end = MIN (scored->len, 2 * RAPPORTD_DEDUP_MAX_MATCHES);

      for (guint i = 0; i < end && visible->len < RAPPORTD_DEDUP_MAX_MATCHES; i++)
        {
          RapportdDuplicate *duplicate = scored->pdata[i];
          g_autofree char *name_key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, duplicate->entity, duplicate->id);
          RapportdDuplicate *match;
          gpointer name;

          if (!g_hash_table_lookup_extended (names, name_key, NULL, &name))
            continue;
          match = g_new (RapportdDuplicate, 1);
          *match = *duplicate;
          match->name = g_strdup (name);
          g_ptr_array_add (visible, match);
        }
      /* hidden matches crowd the best: further ones, a list at a time, alone */
      if (visible->len < RAPPORTD_DEDUP_MAX_MATCHES && scored->len > end)
        {
          g_ptr_array_unref (visible);
          if ((visible = rapportd_dedup_find (db, actor, records->pdata[r], error)) == NULL)
            return NULL;
        }
      g_ptr_array_add (found, visible);
    }
  return g_steal_pointer (&found);
}
