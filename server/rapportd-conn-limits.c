/* rapportd-conn-limits.c: RapportdConnLimits, connections and TLS handshakes counted across every HTTP thread */
#include "rapportd-conn-limits.h"

#include <sys/resource.h>

/* Each HTTP thread's listener owns its connections; only these counts are
 * shared.  Connections are one atomic counter, taken on every accept;
 * handshakes, fewer and keyed by address, are under a lock. */
struct _RapportdConnLimits
{
  guint       max_connections;
  guint       max_handshakes_per_address;
  guint       max_handshakes;
  gint        open;
  GMutex      lock;
  /* handshakes in progress: address -> count, and in all */
  GHashTable *handshakes;
  guint       handshakes_total;
};

static void
limits_clear (gpointer data)
{
  RapportdConnLimits *limits = data;

  g_hash_table_unref (limits->handshakes);
  g_mutex_clear (&limits->lock);
}

/**
 * rapportd_conn_limits_new:
 * @max_connections: connections open at once, in all threads (fewer when
 *   the descriptor limit is lower)
 * @max_handshakes_per_address: TLS handshakes in progress from one address
 * @max_handshakes: TLS handshakes in progress in all
 *
 * Returns: (transfer full): the counts, all zero
 */
RapportdConnLimits *
rapportd_conn_limits_new (guint max_connections,
                          guint max_handshakes_per_address,
                          guint max_handshakes)
{
  RapportdConnLimits *limits = g_atomic_rc_box_new0 (RapportdConnLimits);
  struct rlimit files;

  /* leave descriptors for the database, files and WebSockets */
  if (getrlimit (RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur > 256)
    max_connections = MIN (max_connections, files.rlim_cur - 128);
  limits->max_connections = MAX (max_connections, 1);
  limits->max_handshakes_per_address = max_handshakes_per_address;
  limits->max_handshakes = max_handshakes;
  g_mutex_init (&limits->lock);
  limits->handshakes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return limits;
}

RapportdConnLimits *
rapportd_conn_limits_ref (RapportdConnLimits *limits)
{
  g_return_val_if_fail (limits != NULL, NULL);

  return g_atomic_rc_box_acquire (limits);
}

void
rapportd_conn_limits_unref (RapportdConnLimits *limits)
{
  if (limits)
    g_atomic_rc_box_release_full (limits, limits_clear);
}

/**
 * rapportd_conn_limits_open:
 * @limits: the counts
 *
 * Counts a new connection, unless as many are open as allowed.
 *
 * Returns: %TRUE when counted; rapportd_conn_limits_close() then uncounts it
 */
gboolean
rapportd_conn_limits_open (RapportdConnLimits *limits)
{
  gint open;

  g_return_val_if_fail (limits != NULL, FALSE);

  do
    {
      open = g_atomic_int_get (&limits->open);
      if ((guint) open >= limits->max_connections)
        return FALSE;
    }
  while (!g_atomic_int_compare_and_exchange (&limits->open, open, open + 1));
  return TRUE;
}

void
rapportd_conn_limits_close (RapportdConnLimits *limits)
{
  g_return_if_fail (limits != NULL);

  g_atomic_int_add (&limits->open, -1);
}

guint
rapportd_conn_limits_get_open (RapportdConnLimits *limits)
{
  g_return_val_if_fail (limits != NULL, 0);

  return g_atomic_int_get (&limits->open);
}

/* TLS handshakes in progress, over every HTTP thread */
guint
rapportd_conn_limits_get_handshakes (RapportdConnLimits *limits)
{
  guint count;

  g_return_val_if_fail (limits != NULL, 0);

  g_mutex_lock (&limits->lock);
  count = limits->handshakes_total;
  g_mutex_unlock (&limits->lock);
  return count;
}

/**
 * rapportd_conn_limits_start_handshake:
 * @limits: the counts
 * @address: the client's address
 *
 * Returns: %TRUE when the handshake may start, and is counted until
 *   rapportd_conn_limits_end_handshake()
 */
gboolean
rapportd_conn_limits_start_handshake (RapportdConnLimits *limits,
                                      const char         *address)
{
  guint count;
  gboolean ok;

  g_return_val_if_fail (limits != NULL && address != NULL, FALSE);

  g_mutex_lock (&limits->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (limits->handshakes, address));
  ok = count < limits->max_handshakes_per_address && limits->handshakes_total < limits->max_handshakes;
  if (ok)
    {
      g_hash_table_insert (limits->handshakes, g_strdup (address), GUINT_TO_POINTER (count + 1));
      limits->handshakes_total++;
    }
  g_mutex_unlock (&limits->lock);
  return ok;
}

void
rapportd_conn_limits_end_handshake (RapportdConnLimits *limits,
                                    const char         *address)
{
  guint count;

  g_return_if_fail (limits != NULL && address != NULL);

  g_mutex_lock (&limits->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (limits->handshakes, address));
  limits->handshakes_total--;
  if (count > 1)
    g_hash_table_insert (limits->handshakes, g_strdup (address), GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (limits->handshakes, address);
  g_mutex_unlock (&limits->lock);
}
