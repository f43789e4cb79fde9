/* rapport-admin-binlogs.c: the embedded MariaDB's closed binary logs, shipped beside the backups and gathered back for a restore */
#include "rapport-admin-binlogs.h"
#include "rapport-admin-manifest.h"
#include "rapportd-embedded-binlog.h"
#include "rapportd-setup.h"
#include "rapportd-sql.h"
#include "crm-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static gint
by_name (gconstpointer a,
         gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* binlog.NNNNNN, as mariadbd names them */
static gboolean
is_binlog_name (const char *name)
{
  const char *number = name + strlen (RAPPORTD_EMBEDDED_BINLOG_BASENAME ".");

  if (!g_str_has_prefix (name, RAPPORTD_EMBEDDED_BINLOG_BASENAME ".") || *number == '\0')
    return FALSE;
  for (const char *c = number; *c; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

/* the shipped archives in @dir, oldest first: their names sort by time */
static GPtrArray *
archive_names (const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, RAPPORT_ADMIN_BINLOGS_PREFIX) && g_str_has_suffix (name, RAPPORT_ADMIN_BINLOGS_SUFFIX))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, by_name);
  return names;
}

/**
 * rapport_admin_binlogs_any:
 * @dir: a directory
 *
 * Returns: whether @dir holds shipped binary logs
 */
gboolean
rapport_admin_binlogs_any (const char *dir)
{
  g_autoptr(GPtrArray) names = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);

  names = archive_names (dir);
  return names->len > 0;
}

/* what was shipped to @dir already, as "SHA-256  NAME" lines */
static GHashTable *
read_shipped (const char *dir)
{
  GHashTable *shipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *path = g_build_filename (dir, RAPPORT_ADMIN_BINLOGS_SHIPPED, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return shipped;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_hash_table_add (shipped, g_strdup (lines[i]));
  return shipped;
}

/* closes the binary log being written (FLUSH BINARY LOGS) and names those
 * closed: every one but the newest, which mariadbd has just opened */
static GPtrArray *
closed_binlogs (const RapportdConfig  *config,
                GError               **error)
{
  g_autoptr(RapportdSql) show = rapportd_sql_new ("SHOW BINARY LOGS");
  g_autoptr(RapportdSql) logging = rapportd_sql_new ("SELECT @@log_bin");
  g_autoptr(RapportdDbResult) on = NULL;
  g_autoptr(RapportdDbResult) logs = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  RapportdEmbedded *embedded = NULL;
  RapportdDbParams params = { 0 };
  RapportdDb *db = NULL;

  if (rapportd_setup_database (config, TRUE, NULL, &embedded, &params, error) &&
      (db = rapportd_db_open (&params, error)) != NULL &&
      (on = rapportd_db_query_uncached (db, logging, error)) != NULL)
    {
      /* [embedded] mariadbd_options turned them off (skip-log-bin): none to ship */
      if (g_strcmp0 (rapportd_db_result_get (on, 0, 0), "1") != 0)
        logs = g_new0 (RapportdDbResult, 1);
      else if (rapportd_db_exec (db, "FLUSH BINARY LOGS", error))
        logs = rapportd_db_query_uncached (db, show, error);
    }
  rapportd_db_close (db);
  rapportd_db_params_clear (&params);
  rapportd_embedded_stop (embedded);
  if (logs == NULL)
    return NULL;
  for (guint r = 0; r + 1 < logs->n_rows; r++)
    g_ptr_array_add (names, g_strdup (rapportd_db_result_get (logs, r, 0)));
  return g_steal_pointer (&names);
}

static char *
new_archive_path (const char *dir)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  char *path = NULL;

  /* two ships in one second are told apart */
  for (guint n = 1; path == NULL || g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (RAPPORT_ADMIN_BINLOGS_PREFIX, stamp, RAPPORT_ADMIN_BINLOGS_SUFFIX, NULL)
                                     : g_strdup_printf (RAPPORT_ADMIN_BINLOGS_PREFIX "%s-%u" RAPPORT_ADMIN_BINLOGS_SUFFIX,
                                                        stamp, n);

      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  return path;
}

/* copies into @stage the closed binary logs not yet shipped to @dir;
 * their "SHA-256  NAME" lines go to @lines */
static gboolean
stage_new_binlogs (const RapportdConfig  *config,
                   const char            *dir,
                   const char            *stage,
                   GString               *lines,
                   GError               **error)
{
  g_autoptr(GPtrArray) closed = closed_binlogs (config, error);
  g_autoptr(GHashTable) shipped = read_shipped (dir);
  g_autofree char *binlog_dir = rapportd_embedded_binlog_dir (config->data_dir);

  if (closed == NULL)
    return FALSE;
  for (guint i = 0; i < closed->len; i++)
    {
      g_autofree char *from = g_build_filename (binlog_dir, closed->pdata[i], NULL);
      g_autofree char *sum = NULL;
      g_autofree char *line = NULL;
      const char *copy[] = { "cp", "--", from, stage, NULL };
      guint64 size = 0;

      /* a closed binary log never changes: one shipped is shipped for good */
      if ((sum = rapport_admin_manifest_file_sum (from, &size, error)) == NULL)
        return FALSE;
      line = g_strdup_printf ("%s  %s", sum, (const char *) closed->pdata[i]);
      if (g_hash_table_contains (shipped, line))
        continue;
      if (!rapport_admin_run (copy, error))
        return FALSE;
      g_string_append_printf (lines, "%s\n", line);
    }
  return TRUE;
}

static gboolean
note_shipped (const char  *dir,
              const char  *lines,
              GError     **error)
{
  g_autofree char *path = g_build_filename (dir, RAPPORT_ADMIN_BINLOGS_SHIPPED, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!g_file_get_contents (path, &before, NULL, NULL))
    before = g_strdup ("");
  after = g_strconcat (before, lines, NULL);
  return g_file_set_contents_full (path, after, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * rapport_admin_binlogs_ship:
 * @config: the server's configuration, with its data directory
 * @dir: where the backups are
 * @key: the backup key
 * @error: return location for a #GError
 *
 * Closes the binary log being written and ships every closed one not yet
 * in @dir: copied as they are (encrypted by MariaDB when encryption at
 * rest is on), listed with their SHA-256 in a manifest, in one archive
 * sealed under the backup key, `rapport-binlogs-YYYYMMDDTHHMMSSZ.binlogs`.
 * `rapport-binlogs.shipped` in @dir lists what was shipped.
 */
gboolean
rapport_admin_binlogs_ship (const RapportdConfig  *config,
                            const char            *dir,
                            const guchar           key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                            GError               **error)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *stage = NULL;
  g_autofree char *archive = NULL;
  RapportAdminManifestCount count = { 0 };
  gboolean ok;

  g_return_val_if_fail (config != NULL && dir != NULL, FALSE);

  if (!config->embedded)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                           "binary logs are shipped from the embedded database; an external MariaDB's are "
                           "its administrator's");
      return FALSE;
    }
  stage = g_build_filename (dir, ".rapport-binlogs-XXXXXX", NULL);
  if (g_mkdtemp_full (stage, 0700) == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot create a directory in %s: %s", dir,
                   g_strerror (errno));
      return FALSE;
    }
  ok = stage_new_binlogs (config, dir, stage, lines, error);
  if (ok && lines->len == 0)
    g_print ("no binary logs to ship: %s has every closed one\n", dir);
  else if (ok)
    {
      archive = new_archive_path (dir);
      ok = rapport_admin_manifest_write (stage, &count, error) &&
           rapport_admin_archive_seal (stage, archive, key, error) &&
           note_shipped (dir, lines->str, error);
      if (ok)
        g_print ("shipped %u binary logs (%.1f MB) to %s\n", count.n_files, count.n_bytes / 1e6, archive);
    }
  rapport_admin_remove_tree (stage);
  return ok;
}

/**
 * rapport_admin_binlogs_command:
 * @config: the server's configuration, with its data directory
 * @dir: where the backups are
 * @key_file: the backup key
 *
 * `rapport-admin binlogs ship --out DIR --key-file KEY`.
 *
 * Returns: the exit status
 */
int
rapport_admin_binlogs_command (const RapportdConfig *config,
                               const char           *dir,
                               const char           *key_file)
{
  g_autoptr(GError) error = NULL;
  guchar key[RAPPORT_ADMIN_BACKUP_KEY_BYTES];
  gboolean ok;

  if (dir == NULL || key_file == NULL)
    {
      g_printerr ("rapport-admin: binlogs ship needs --out DIR and --key-file KEY\n");
      return 2;
    }
  if (!rapport_admin_backup_key_load (key_file, key, &error))
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 1;
    }
  ok = rapport_admin_binlogs_ship (config, dir, key, &error);
  sodium_memzero (key, sizeof key);
  if (!ok)
    {
      g_printerr ("rapport-admin: shipping binary logs to %s failed: %s\n", dir, error->message);
      return 1;
    }
  return 0;
}

/* moves the binary logs unpacked in @scratch to @binlog_dir; one that is
 * there already must be the same file */
static gboolean
take_binlogs (const char  *scratch,
              const char  *archive,
              const char  *binlog_dir,
              GError     **error)
{
  g_autoptr(GDir) listing = g_dir_open (scratch, 0, error);
  const char *name;

  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *from = g_build_filename (scratch, name, NULL);
      g_autofree char *to = g_build_filename (binlog_dir, name, NULL);
      g_autofree char *sum = NULL;
      g_autofree char *there = NULL;
      guint64 size = 0;

      if (g_str_equal (name, RAPPORT_ADMIN_MANIFEST))
        continue;
      if (!is_binlog_name (name))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "%s holds %s, which is no binary log", archive, name);
          return FALSE;
        }
      if (g_file_test (to, G_FILE_TEST_EXISTS))
        {
          if ((sum = rapport_admin_manifest_file_sum (from, &size, error)) == NULL ||
              (there = rapport_admin_manifest_file_sum (to, &size, error)) == NULL)
            return FALSE;
          if (!g_str_equal (sum, there))
            {
              g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                           "%s holds a %s unlike the one shipped before it: binary logs of two servers? "
                           "Ship each server's to a directory of its own", archive, name);
              return FALSE;
            }
          continue;
        }
      if (g_rename (from, to) != 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot move %s: %s", from, g_strerror (errno));
          return FALSE;
        }
    }
  return TRUE;
}

static GPtrArray *
binlogs_in (const char *binlog_dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = g_dir_open (binlog_dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (is_binlog_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, by_name);
  return names;
}

/**
 * rapport_admin_binlogs_unpack:
 * @dir: where binary logs were shipped
 * @key: the backup key
 * @binlog_dir: where to put them
 * @error: return location for a #GError
 *
 * Opens every archive of shipped binary logs in @dir, checks each against
 * its manifest, and puts the binary logs in @binlog_dir.
 *
 * Returns: (transfer full) (element-type utf8): the binary logs' names in
 *   order, or %NULL
 */
GPtrArray *
rapport_admin_binlogs_unpack (const char    *dir,
                              const guchar   key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                              const char    *binlog_dir,
                              GError       **error)
{
  g_autoptr(GPtrArray) archives = NULL;

  g_return_val_if_fail (dir != NULL && binlog_dir != NULL, NULL);

  archives = archive_names (dir);
  if (g_mkdir_with_parents (binlog_dir, 0700) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot create %s: %s", binlog_dir, g_strerror (errno));
      return NULL;
    }
  for (guint i = 0; i < archives->len; i++)
    {
      g_autofree char *archive = g_build_filename (dir, archives->pdata[i], NULL);
      g_autofree char *scratch = g_build_filename (binlog_dir, ".unpack-XXXXXX", NULL);
      RapportAdminManifestCount count = { 0 };
      gboolean ok;

      if (g_mkdtemp_full (scratch, 0700) == NULL)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot create a directory in %s: %s", binlog_dir,
                       g_strerror (errno));
          return NULL;
        }
      ok = rapport_admin_archive_open (archive, key, scratch, error) &&
           rapport_admin_manifest_check_files (scratch, &count, error) &&
           take_binlogs (scratch, archive, binlog_dir, error);
      rapport_admin_remove_tree (scratch);
      if (!ok)
        {
          g_prefix_error (error, "%s: ", archive);
          return NULL;
        }
    }
  return binlogs_in (binlog_dir);
}
