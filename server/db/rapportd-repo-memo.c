/* rapportd-repo-memo.c: what one bulk write or job run may remember of the records it only reads (names, references found good, workflows, logins)
 *
 * An import that only creates records of one kind reads, row after row,
 * the same few records its rows point at: an account's name for the
 * search index and the duplicate keys, whether the importer may add to
 * it. Those records do not change under the import's own transaction, so
 * between rapportd_repo_memo_begin() and rapportd_repo_memo_end() the
 * thread that runs it remembers what it read. Outside, nothing is
 * remembered, and every lookup misses. A periodic job that tells many
 * records' people and starts their workflows (the SLA job) remembers the
 * same way the logins, managers and active workflow it reads. */
#include "rapportd-repo-memo.h"

/* "what\037which" -> value, or the empty key's NULL for a known absence */
static GPrivate memo = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);

/* Starts remembering, on this thread, until rapportd_repo_memo_end(). */
void
rapportd_repo_memo_begin (void)
{
  g_private_replace (&memo, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free));
}

/* Forgets all, and remembers no more. */
void
rapportd_repo_memo_end (void)
{
  g_private_replace (&memo, NULL);
}

/**
 * rapportd_repo_memo_lookup:
 * @key: what was read
 * @value: (out) (transfer full) (nullable): what it was
 *
 * Returns: whether it is remembered
 */
gboolean
rapportd_repo_memo_lookup (const char  *key,
                           char       **value)
{
  GHashTable *table = g_private_get (&memo);
  gpointer found = NULL;

  *value = NULL;
  if (table == NULL || !g_hash_table_lookup_extended (table, key, NULL, &found))
    return FALSE;
  *value = g_strdup (found);
  return TRUE;
}

/* Remembers @value (may be %NULL) for @key, while remembering at all. */
void
rapportd_repo_memo_store (const char *key,
                          const char *value)
{
  GHashTable *table = g_private_get (&memo);

  if (table != NULL)
    g_hash_table_replace (table, g_strdup (key), g_strdup (value));
}
