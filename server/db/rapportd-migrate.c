/* rapportd-migrate.c: runs schemas/sql migrations in order, recorded in schema_version */
#include "rapportd-migrate.h"
#include "rapportd-dedup.h"
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

/**
 * rapportd_migrate:
 * @db: a connection to the rapport database
 * @n_applied: (out) (optional): how many migrations ran
 * @error: return location for a #GError
 *
 * Applies every migration not yet recorded, in order of their number,
 * holding a named lock so that several rapportd starting at once take
 * turns.
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

  if (!rapportd_db_exec (db, "SELECT GET_LOCK('rapport.migrate', 120)", error))
    return FALSE;
  if (!rapportd_db_exec (db,
                         "CREATE TABLE IF NOT EXISTS schema_version ("
                         " version INT NOT NULL PRIMARY KEY,"
                         " name VARCHAR(255) NOT NULL,"
                         " applied_at DATETIME(6) NOT NULL"
                         ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", error))
    goto out;
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
  ok = TRUE;

out:
  rapportd_db_exec (db, "SELECT RELEASE_LOCK('rapport.migrate')", NULL);
  if (n_applied)
    *n_applied = count;
  /* rows older than the search index, or than a field's searchable flag */
  /* and rows older than the duplicate-key index, or than its rules */
  return ok && rapportd_search_index_backfill (db, NULL, error) &&
         rapportd_dedup_backfill (db, NULL, error);
}
