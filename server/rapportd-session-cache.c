/* rapportd-session-cache.c: recently checked sessions, so a burst of requests costs one lookup */
#include "rapportd-session-cache.h"

/* MariaDB stays the truth: an entry answers for a few seconds at most, so a
 * session ended on another rapportd (or by an administrator) stops working
 * everywhere within that time. Zero seconds turns the cache off. */
#define MAX_ENTRIES 10000

typedef struct
{
  RapportdActor actor;
  gint64        valid_until;
} Entry;

static GMutex lock;
static GHashTable *entries;
static gint64 lifetime_usec = 5 * G_USEC_PER_SEC;

static void
entry_free (Entry *entry)
{
  rapportd_actor_clear (&entry->actor);
  g_free (entry);
}

void
rapportd_session_cache_configure (guint seconds)
{
  g_mutex_lock (&lock);
  lifetime_usec = (gint64) seconds * G_USEC_PER_SEC;
  if (entries)
    g_hash_table_remove_all (entries);
  g_mutex_unlock (&lock);
}

gboolean
rapportd_session_cache_lookup (const char    *token_hash,
                               RapportdActor *actor)
{
  Entry *entry;
  gboolean found = FALSE;

  g_mutex_lock (&lock);
  entry = entries ? g_hash_table_lookup (entries, token_hash) : NULL;
  if (entry && entry->valid_until > g_get_monotonic_time ())
    {
      rapportd_actor_copy (&entry->actor, actor);
      found = TRUE;
    }
  else if (entry)
    g_hash_table_remove (entries, token_hash);
  g_mutex_unlock (&lock);
  return found;
}

void
rapportd_session_cache_store (const char          *token_hash,
                              const RapportdActor *actor)
{
  Entry *entry;

  g_mutex_lock (&lock);
  if (lifetime_usec <= 0)
    goto out;
  if (entries == NULL)
    entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  /* bounded: past the limit, start afresh rather than track ages */
  if (g_hash_table_size (entries) >= MAX_ENTRIES)
    g_hash_table_remove_all (entries);
  entry = g_new0 (Entry, 1);
  rapportd_actor_copy (actor, &entry->actor);
  entry->valid_until = g_get_monotonic_time () + lifetime_usec;
  g_hash_table_replace (entries, g_strdup (token_hash), entry);

out:
  g_mutex_unlock (&lock);
}

void
rapportd_session_cache_forget (const char *token_hash)
{
  g_mutex_lock (&lock);
  if (entries)
    g_hash_table_remove (entries, token_hash);
  g_mutex_unlock (&lock);
}

/* after a change of rights: every session is looked up afresh */
void
rapportd_session_cache_clear (void)
{
  g_mutex_lock (&lock);
  if (entries)
    g_hash_table_remove_all (entries);
  g_mutex_unlock (&lock);
}
