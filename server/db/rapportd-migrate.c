/* rapportd-migrate.c: runs schemas/sql migrations in order, recorded in schema_version */
#include "rapportd-migrate.h"
#include "rapportd-dedup.h"
#include "rapportd-lease.h"
#include "rapportd-search-index.h"
#include "crm-error.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#define SQL_RESOURCE_PATH "/org/rapport/rapportd/sql/"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static gboolean
applied_versions (RapportdDb  *db,
                  GHashTable  *applied,
                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT version FROM schema_version");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

  if (result == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    g_hash_table_add (applied, GINT_TO_POINTER (atoi (rapportd_db_result_get (result, r, 0))));
  return TRUE;
}

static gboolean
apply_one (RapportdDb  *db,
           const char  *name,
           int          version,
           GError     **error)
{
  g_autofree char *path = g_strconcat (SQL_RESOURCE_PATH, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
  g_autofree char *script = NULL;
  g_autoptr(RapportdSql) record = NULL;

  if (bytes == NULL)
    return FALSE;
  script = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_message ("Applying migration %s", name);
  /* DDL commits implicitly in MariaDB: a failed migration stops here, unrecorded */
  if (!rapportd_db_exec_script (db, script, error))
    {
      g_prefix_error (error, "migration %s: ", name);
      return FALSE;
    }
  record = rapportd_sql_new ("INSERT INTO schema_version (version, name, applied_at) "
                             "VALUES (?, ?, UTC_TIMESTAMP(6))");
  rapportd_sql_add_int (record, version);
  rapportd_sql_add_text (record, name);
  return rapportd_db_execute (db, record, NULL, NULL, error);
}

/* Several rapportd that start at once take turns, by a named lock that
 * ends with the connection that holds it. GET_LOCK() holds on one Galera
 * node only, so there the turn is a lease in a table of its own (the
 * migrations make job_leases later), as long as the longest migration: a
 * rapportd killed while it migrated holds up the next start that long at
 * most (or until its row in schema_lock is deleted by hand). */
#define LOCK_TABLE "schema_lock"
#define LOCK_NAME "migrate"
#define LOCK_SECONDS (30 * 60)

static gboolean
is_galera (RapportdDb *db)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT @@wsrep_on");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, NULL);

  return result != NULL && result->n_rows == 1 && g_strcmp0 (rapportd_db_result_get (result, 0, 0), "1") == 0;
}

static gboolean
claim (RapportdDb  *db,
       gboolean     galera,
       GError     **error)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (LOCK_SECONDS + 60) * G_USEC_PER_SEC;
  gboolean held = FALSE;

  if (!galera)
    return rapportd_db_exec (db, "SELECT GET_LOCK('rapport.migrate', 120)", error);
  if (!rapportd_db_exec (db,
                         "CREATE TABLE IF NOT EXISTS " LOCK_TABLE " ("
                         " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                         " holder VARCHAR(255) NOT NULL,"
                         " expires_at DATETIME(6) NOT NULL"
                         ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", error))
    return FALSE;
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (rapportd_lease_take (db, LOCK_TABLE, LOCK_NAME, LOCK_SECONDS, &held, &local_error) && held)
        return TRUE;
      /* the table another node made a moment ago may not be there yet */
      if (local_error != NULL && g_get_monotonic_time () - start > 10 * G_USEC_PER_SEC)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                       "another rapportd has been migrating the database for %d minutes", LOCK_SECONDS / 60);
          return FALSE;
        }
      g_usleep (G_USEC_PER_SEC / 5);
    }
}

static void
unclaim (RapportdDb *db,
         gboolean    galera)
{
  if (galera)
    rapportd_lease_release (db, LOCK_TABLE, LOCK_NAME);
  else
    rapportd_db_exec (db, "SELECT RELEASE_LOCK('rapport.migrate')", NULL);
}

/**
 * rapportd_migrate:
 * @db: a connection to the rapport database
 * @n_applied: (out) (optional): how many migrations ran
 * @error: return location for a #GError
 *
 * Applies every migration not yet recorded, in order of their number,
 * holding a named lock (on a Galera node: a lease in schema_lock) so
 * that several rapportd starting at once take turns.
 */
gboolean
rapportd_migrate (RapportdDb  *db,
                  guint       *n_applied,
                  GError     **error)
{
  g_autoptr(GHashTable) applied = g_hash_table_new (NULL, NULL);
  g_auto(GStrv) names = NULL;
  guint count = 0;
  gboolean ok = FALSE;
  gboolean galera = is_galera (db);

  if (!rapportd_db_exec (db,
                         "CREATE TABLE IF NOT EXISTS schema_version ("
                         " version INT NOT NULL PRIMARY KEY,"
                         " name VARCHAR(255) NOT NULL,"
                         " applied_at DATETIME(6) NOT NULL"
                         ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", error) ||
      !claim (db, galera, error))
    return FALSE;
  if (!applied_versions (db, applied, error))
    goto out;

  names = g_resources_enumerate_children (SQL_RESOURCE_PATH, 0, error);
  if (names == NULL)
    goto out;
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i]; i++)
    {
      int version = atoi (names[i]);

      if (version <= 0 || !g_str_has_suffix (names[i], ".sql"))
        continue;
      if (g_hash_table_contains (applied, GINT_TO_POINTER (version)))
        continue;
      if (!apply_one (db, names[i], version, error))
        goto out;
      count++;
    }

  /* rows older than the search index, or than a field's searchable flag */
  /* and rows older than the duplicate-key index, or than its rules: one
   * rapportd at a time too, whose writes would conflict on a cluster */
  ok = rapportd_search_index_backfill (db, NULL, error) &&
       rapportd_dedup_backfill (db, NULL, error);

out:
  unclaim (db, galera);
  if (n_applied)
    *n_applied = count;
  return ok;
}
