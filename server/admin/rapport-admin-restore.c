/* rapport-admin-restore.c: rapport-admin restore, a backup archive into a new data directory */
#include "rapport-admin-backup.h"
#include "rapport-admin-archive.h"
#include "rapport-admin-manifest.h"
#include "crm-error.h"

#include <errno.h>
#include <glib/gstdio.h>

static gboolean
is_empty_or_absent (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return TRUE;
  return listing != NULL && g_dir_read_name (listing) == NULL;
}

static gboolean
unpack (const char  *archive,
        const char  *key_file,
        const char  *data_dir,
        GError     **error)
{
  guchar key[RAPPORT_ADMIN_BACKUP_KEY_BYTES];
  g_autofree char *manifest = g_build_filename (data_dir, RAPPORT_ADMIN_MANIFEST, NULL);
  g_autofree char *kept = g_build_filename (data_dir, "restored-" RAPPORT_ADMIN_MANIFEST, NULL);
  RapportAdminManifestCount count = { 0 };
  gboolean ok;

  if (key_file == NULL)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "--key-file is required");
      return FALSE;
    }
  if (!rapport_admin_backup_key_load (key_file, key, error))
    return FALSE;
  ok = rapport_admin_archive_open (archive, key, data_dir, error) &&
       rapport_admin_manifest_check (data_dir, &count, error);
  sodium_memzero (key, sizeof key);
  if (!ok)
    return FALSE;
  /* kept as a record of what was restored, out of the way of a later backup's */
  if (g_rename (manifest, kept) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot rename %s: %s", manifest, g_strerror (errno));
      return FALSE;
    }
  g_print ("restored %u files (%.1f MB) into %s; start rapportd with --data-dir %s\n", count.n_files,
           count.n_bytes / 1e6, data_dir, data_dir);
  return TRUE;
}

/**
 * rapport_admin_restore:
 * @archive: a backup archive
 * @data_dir: the new data directory: absent or empty
 * @key_file: the backup key
 *
 * `rapport-admin restore --from FILE --data-dir DIR --key-file KEY`:
 * unpacks the archive, checks it as `backup verify` does, and leaves a data
 * directory rapportd starts on. What a failed restore wrote is removed.
 *
 * Returns: the exit status
 */
int
rapport_admin_restore (const char *archive,
                       const char *data_dir,
                       const char *key_file)
{
  g_autoptr(GError) error = NULL;

  if (archive == NULL || data_dir == NULL)
    {
      g_printerr ("rapport-admin: restore needs --from FILE and --data-dir DIR\n");
      return 2;
    }
  if (!is_empty_or_absent (data_dir))
    {
      g_printerr ("rapport-admin: %s is not empty; restore only into a new or empty directory\n", data_dir);
      return 1;
    }
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_printerr ("rapport-admin: cannot create %s: %s\n", data_dir, g_strerror (errno));
      return 1;
    }
  if (!unpack (archive, key_file, data_dir, &error))
    {
      const char *clear[] = { "find", data_dir, "-mindepth", "1", "-delete", NULL };

      g_printerr ("rapport-admin: restore failed, nothing is left in %s: %s\n", data_dir, error->message);
      rapport_admin_run (clear, NULL);
      return 1;
    }
  return 0;
}
