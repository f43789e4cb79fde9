/* rapport-test-lock.c: a row held by another transaction of the fixture's database, as an administrator's long one would hold it */
#include "rapport-test-lock.h"

/* the longest a lock is held: tests release it themselves long before */
#define LOCK_SECONDS 300
#define HOLDER_SLEEPING "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(%'"

/**
 * rapport_test_wait_for_count:
 * @server: the fixture
 * @sql: a statement that answers a count
 * @least: the count waited for
 *
 * Iterates the main context (so that requests sent asynchronously go out)
 * until @sql answers at least @least: a condition waited for, not a guess
 * at how long the server takes on a loaded machine. Fails after 60 s with
 * the database's connections and transactions.
 */
void
rapport_test_wait_for_count (RapportTestServer *server,
                             const char        *sql,
                             guint64            least)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (TRUE)
    {
      g_autofree char *count = rapport_test_server_sql (server, sql);

      if (g_ascii_strtoull (count, NULL, 10) >= least)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("still %s after 60 s: %s\nthe database's connections and transactions:\n%s",
                 g_strstrip (count), sql,
                 rapport_test_server_sql (server, "SELECT ID, STATE, INFO FROM information_schema.PROCESSLIST; "
                                                  "SELECT trx_state, trx_query FROM information_schema.INNODB_TRX"));
      for (guint i = 0; i < 5; i++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (2 * 1000);
        }
    }
}

/**
 * rapport_test_lock_hold:
 * @server: the fixture
 * @select_for_update: a locking read of the rows to hold
 *
 * Runs @select_for_update in a transaction of its own, which then sleeps
 * until rapport_test_lock_release(). One lock at a time.
 *
 * Returns: (transfer full): the holder, once it holds the rows
 */
GSubprocess *
rapport_test_lock_hold (RapportTestServer *server,
                        const char        *select_for_update)
{
  g_autofree char *socket = rapport_test_server_socket (server);
  g_autofree char *sql = g_strdup_printf ("BEGIN; %s; SELECT SLEEP(%d); COMMIT;", select_for_update, LOCK_SECONDS);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              "mariadb", "--socket", socket, "--user", "root", "rapport",
                              "--execute", sql, NULL);
  g_assert_no_error (error);
  /* the rows are held once the holder sleeps */
  rapport_test_wait_for_count (server, HOLDER_SLEEPING, 1);
  return process;
}

/**
 * rapport_test_lock_is_held:
 * @server: the fixture
 *
 * Returns: whether the holder still sleeps, its rows held
 */
gboolean
rapport_test_lock_is_held (RapportTestServer *server)
{
  g_autofree char *count = rapport_test_server_sql (server, HOLDER_SLEEPING);

  return g_ascii_strtoull (count, NULL, 10) > 0;
}

/**
 * rapport_test_lock_release:
 * @server: the fixture
 * @lock: (transfer none): what rapport_test_lock_hold() gave
 *
 * Ends the holder's sleep: it commits, and the rows are free once it exits.
 *
 * Returns: the monotonic time it was released at
 */
gint64
rapport_test_lock_release (RapportTestServer *server,
                           GSubprocess       *lock)
{
  g_autofree char *id = rapport_test_server_sql (server, "SELECT ID FROM information_schema.PROCESSLIST "
                                                         "WHERE INFO LIKE 'SELECT SLEEP(%'");
  g_autofree char *kill = g_strdup_printf ("KILL QUERY %" G_GUINT64_FORMAT, g_ascii_strtoull (id, NULL, 10));

  g_assert_cmpuint (g_ascii_strtoull (id, NULL, 10), >, 0);
  g_free (rapport_test_server_sql (server, kill));
  g_subprocess_wait (lock, NULL, NULL);
  return g_get_monotonic_time ();
}
