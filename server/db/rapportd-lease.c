/* rapportd-lease.c: a named lease in the database, held by one rapportd of a cluster at a time */
#include "rapportd-lease.h"
#include "crm-error.h"

#include <unistd.h>

/* GET_LOCK() is not cluster-wide under Galera: a lease is a row, NAME,
 * HOLDER, EXPIRES_AT, in a table of that shape (job_leases, migration 049;
 * schema_lock, made by the migrations runner), taken and renewed by one
 * UPDATE that only matches while nobody else holds it. Two rapportd that
 * try at once on two Galera nodes both match, and certification lets one
 * commit: the other's UPDATE fails as a deadlock and it does not hold it. */

/**
 * rapportd_lease_holder:
 *
 * Returns: this process's name as a holder: host, process id and a
 *   random part, so that a restarted rapportd does not take its
 *   predecessor's lease for its own
 */
const char *
rapportd_lease_holder (void)
{
  static gsize once;
  static char *holder;

  if (g_once_init_enter (&once))
    {
      holder = g_strdup_printf ("%s:%d:%08x", g_get_host_name (), (int) getpid (), g_random_int ());
      g_once_init_leave (&once, 1);
    }
  return holder;
}

/**
 * rapportd_lease_take:
 * @db: a connection, outside a transaction
 * @table: the table of leases (a constant of the caller's)
 * @name: the lease
 * @seconds: how long it is held without being taken again
 * @held: (out): whether this process holds it now, until @seconds from now
 * @error: return location for a #GError
 *
 * Takes the lease if it is free or expired, or renews it if this process
 * holds it. The database's clock decides expiry, not rapportd's.
 *
 * Returns: %FALSE on a database error other than losing the race
 */
gboolean
rapportd_lease_take (RapportdDb   *db,
                     const char   *table,
                     const char   *name,
                     guint         seconds,
                     gboolean     *held,
                     GError      **error)
{
  g_autofree char *text = NULL;
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdSql) take = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 matched = 0;

  g_return_val_if_fail (db != NULL && table != NULL && name != NULL && held != NULL, FALSE);

  *held = FALSE;
  text = g_strdup_printf ("INSERT IGNORE INTO `%s` (name, holder, expires_at) VALUES (?, '', '1970-01-01')", table);
  insert = rapportd_sql_new (text);
  rapportd_sql_add_text (insert, name);
  g_free (text);
  text = g_strdup_printf ("UPDATE `%s` SET holder = ?, expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
                          "WHERE name = ? AND (holder = ? OR holder = '' OR expires_at < UTC_TIMESTAMP(6))", table);
  take = rapportd_sql_new (text);
  rapportd_sql_add_text (take, rapportd_lease_holder ());
  rapportd_sql_add_int (take, seconds);
  rapportd_sql_add_text (take, name);
  rapportd_sql_add_text (take, rapportd_lease_holder ());
  /* the row is made the first time only */
  if (rapportd_db_execute (db, take, &matched, NULL, &local_error) &&
      (matched == 1 ||
       (rapportd_db_execute (db, insert, NULL, NULL, &local_error) &&
        rapportd_db_execute (db, take, &matched, NULL, &local_error))))
    {
      *held = matched == 1;
      return TRUE;
    }
  /* another node's take certified first */
  if (rapportd_db_take_retryable (db))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * rapportd_lease_hold:
 * @db: a connection inside the transaction of the work the lease guards
 * @table: the table of leases
 * @name: the lease
 * @seconds: how long it is held from now
 * @error: return location for a %CRM_ERROR_CONFLICT
 *
 * Extends the lease in the caller's transaction if this process still
 * holds it. The work then commits only while this process holds the
 * lease: a work that outlasted its lease, which another took meanwhile,
 * fails here, and one that races the other's take conflicts with it on
 * the lease's row, in one server's locks or in Galera's certification.
 *
 * Returns: %FALSE, with @error set, when another holds it now
 */
gboolean
rapportd_lease_hold (RapportdDb   *db,
                     const char   *table,
                     const char   *name,
                     guint         seconds,
                     GError      **error)
{
  g_autofree char *text = g_strdup_printf ("UPDATE `%s` SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
                                           "WHERE name = ? AND holder = ?", table);
  g_autoptr(RapportdSql) hold = rapportd_sql_new (text);
  guint64 matched = 0;

  g_return_val_if_fail (db != NULL && table != NULL && name != NULL, FALSE);

  rapportd_sql_add_int (hold, seconds);
  rapportd_sql_add_text (hold, name);
  rapportd_sql_add_text (hold, rapportd_lease_holder ());
  if (!rapportd_db_execute (db, hold, &matched, NULL, error))
    return FALSE;
  if (matched != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, "the lease %s has passed to another rapportd", name);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_lease_release:
 * @db: a connection, outside a transaction
 * @table: the table of leases
 * @name: the lease
 *
 * Gives the lease up if this process holds it, for another to take at once.
 */
void
rapportd_lease_release (RapportdDb *db,
                        const char *table,
                        const char *name)
{
  g_autofree char *text = g_strdup_printf ("UPDATE `%s` SET holder = '', expires_at = '1970-01-01' "
                                           "WHERE name = ? AND holder = ?", table);
  g_autoptr(RapportdSql) release = rapportd_sql_new (text);

  g_return_if_fail (db != NULL && table != NULL && name != NULL);

  rapportd_sql_add_text (release, name);
  rapportd_sql_add_text (release, rapportd_lease_holder ());
  /* a certification conflict with another node's attempt to take it */
  for (guint attempt = 1; attempt <= 5; attempt++)
    {
      g_autoptr(GError) error = NULL;

      if (rapportd_db_execute (db, release, NULL, NULL, &error))
        return;
      if (!rapportd_db_take_retryable (db))
        {
          g_warning ("releasing the lease %s: %s", name, error->message);
          return;
        }
    }
}
