/* rapport-admin-backup.c: rapport-admin backup-key new, backup and backup verify */
#include "rapport-admin-backup.h"
#include "rapport-admin-archive.h"
#include "rapport-admin-binlogs.h"
#include "rapport-admin-manifest.h"
#include "rapportd-embedded.h"
#include "rapportd-embedded-encryption.h"
#include "rapportd-setup.h"
#include "crm-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* what the data directory holds besides the database, copied after it */
static const char * const beside_database[] = { "keys", "attachments", "tls" };

static int
failed (GError *error)
{
  g_printerr ("rapport-admin: %s\n", error->message);
  return 1;
}

/**
 * rapport_admin_backup_key_command:
 * @out: where to write a new backup key
 *
 * `rapport-admin backup-key new --out FILE`.
 *
 * Returns: the exit status
 */
int
rapport_admin_backup_key_command (const char *out)
{
  g_autoptr(GError) error = NULL;

  if (out == NULL)
    {
      g_printerr ("rapport-admin: --out is required\n");
      return 2;
    }
  if (!rapport_admin_backup_key_new (out, &error))
    return failed (error);
  g_print ("backup key written to %s; keep it away from the backups, and do not lose it: "
           "without it no backup can be restored\n", out);
  return 0;
}

static gboolean
load_key (const char  *key_file,
          guchar       key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
          GError     **error)
{
  if (key_file == NULL)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                           "--key-file is required (make one with rapport-admin backup-key new --out FILE)");
      return FALSE;
    }
  return rapport_admin_backup_key_load (key_file, key, error);
}

/* mariadb-backup copies the running server's files and the redo log written
 * meanwhile, then --prepare applies that log: a consistent database as of
 * the end of the copy, taken without locking the tables rapportd writes */
static gboolean
back_up_database (const char  *socket,
                  const char  *target,
                  GError     **error)
{
  g_autofree char *socket_arg = g_strdup_printf ("--socket=%s", socket);
  g_autofree char *target_arg = g_strdup_printf ("--target-dir=%s", target);
  g_autofree char *my_cnf = g_build_filename (target, "backup-my.cnf", NULL);
  g_autofree char *defaults_arg = g_strdup_printf ("--defaults-file=%s", my_cnf);
  /* the account the socket authenticates the OS user running us as */
  g_autofree char *user_arg = g_strdup_printf ("--user=%s", rapportd_embedded_socket_user ());
  const char *backup[] = { "mariadb-backup", "--no-defaults", "--backup", socket_arg, user_arg,
                           target_arg, NULL };
  /* what the backup recorded of the server: the encryption plugin and its key */
  const char *prepare[] = { "mariadb-backup", defaults_arg, "--prepare", target_arg, NULL };

  return rapport_admin_run (backup, error) && rapport_admin_run (prepare, error);
}

/* the keys, attachments and certificate; attachments are stored under their
 * hash and never change, so a copy made after the database's holds every
 * one the database refers to */
static gboolean
copy_beside_database (const RapportdConfig  *config,
                      const char            *stage,
                      GError               **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (beside_database); i++)
    {
      g_autofree char *from = g_build_filename (config->data_dir, beside_database[i], NULL);
      const char *copy[] = { "cp", "-a", "--", from, stage, NULL };

      if (g_file_test (from, G_FILE_TEST_IS_DIR) && !rapport_admin_run (copy, error))
        return FALSE;
    }
  /* a key the organisation keeps elsewhere goes where a restore looks for it */
  if (config->embedded_encryption && config->embedded_key_file != NULL)
    {
      g_autofree char *keys = g_build_filename (stage, "keys", NULL);
      g_autofree char *to = g_build_filename (keys, "mariadb-encryption.key", NULL);
      const char *copy[] = { "cp", "--", config->embedded_key_file, to, NULL };

      if (g_mkdir_with_parents (keys, 0700) != 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot create %s: %s", keys, g_strerror (errno));
          return FALSE;
        }
      if (!rapport_admin_run (copy, error))
        return FALSE;
      if (g_chmod (to, 0600) != 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot restrict %s to its owner: %s", to, g_strerror (errno));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
stage_backup (const RapportdConfig       *config,
              const char                 *stage,
              RapportAdminManifestCount  *count,
              GError                    **error)
{
  g_autofree char *target = g_build_filename (stage, "db", "data", NULL);
  g_autofree char *db_dir = g_build_filename (stage, "db", NULL);
  RapportdEmbedded *embedded = NULL;
  RapportdDbParams params = { 0 };
  gboolean ok;

  if (!config->embedded)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                           "backup works on the embedded database; back up an external MariaDB with "
                           "mariadb-backup on its own host");
      return FALSE;
    }
  g_mkdir (db_dir, 0700);
  /* the running rapportd's mariadbd, or one started for the backup */
  ok = rapportd_setup_database (config, TRUE, NULL, &embedded, &params, error) &&
       back_up_database (params.socket, target, error);
  rapportd_db_params_clear (&params);
  rapportd_embedded_stop (embedded);
  return ok && copy_beside_database (config, stage, error) &&
         rapport_admin_manifest_write (stage, count, error);
}

/**
 * rapport_admin_backup:
 * @config: the server's configuration, with its data directory
 * @out: the archive to write
 * @key_file: the backup key
 *
 * `rapport-admin backup --out FILE --key-file KEY`: an online backup of
 * the database, keys and attachments, in one encrypted archive.
 *
 * Returns: the exit status
 */
int
rapport_admin_backup (const RapportdConfig *config,
                      const char           *out,
                      const char           *key_file)
{
  g_autoptr(GError) error = NULL;
  guchar key[RAPPORT_ADMIN_BACKUP_KEY_BYTES];
  g_autofree char *out_dir = NULL;
  g_autofree char *stage = NULL;
  RapportAdminManifestCount count = { 0 };
  gint64 started = g_get_monotonic_time ();
  gboolean ok;

  if (out == NULL)
    {
      g_printerr ("rapport-admin: --out is required\n");
      return 2;
    }
  if (!load_key (key_file, key, &error))
    return failed (error);
  /* beside the archive: the disk that must hold it holds its parts first */
  out_dir = g_path_get_dirname (out);
  stage = g_build_filename (out_dir, ".rapport-backup-XXXXXX", NULL);
  if (g_mkdtemp_full (stage, 0700) == NULL)
    {
      g_printerr ("rapport-admin: cannot create a directory in %s: %s\n", out_dir, g_strerror (errno));
      return 1;
    }
  ok = stage_backup (config, stage, &count, &error) &&
       rapport_admin_archive_seal (stage, out, key, &error);
  rapport_admin_remove_tree (stage);
  if (!ok)
    {
      sodium_memzero (key, sizeof key);
      return failed (error);
    }
  g_print ("backup written to %s: %u files, %.1f MB, in %.1f s\n", out, count.n_files,
           count.n_bytes / 1e6, (g_get_monotonic_time () - started) / 1e6);
  /* the binary logs that bring it forward to a later moment, beside it */
  ok = rapport_admin_binlogs_ship (config, out_dir, key, &error);
  sodium_memzero (key, sizeof key);
  if (!ok)
    {
      g_printerr ("rapport-admin: the backup is written, but shipping the binary logs to %s failed: %s\n",
                  out_dir, error->message);
      return 1;
    }
  return 0;
}

/**
 * rapport_admin_backup_verify:
 * @archive: an archive
 * @key_file: the backup key
 *
 * `rapport-admin backup verify FILE --key-file KEY`: decrypts the archive
 * into a scratch directory beside it, checks every file against the
 * manifest and that the database backup is prepared, and removes it.
 *
 * Returns: 0 intact, 1 not
 */
int
rapport_admin_backup_verify (const char *archive,
                             const char *key_file)
{
  g_autoptr(GError) error = NULL;
  guchar key[RAPPORT_ADMIN_BACKUP_KEY_BYTES];
  g_autofree char *dir = NULL;
  g_autofree char *scratch = NULL;
  RapportAdminManifestCount count = { 0 };
  gboolean ok;

  if (!load_key (key_file, key, &error))
    return failed (error);
  dir = g_path_get_dirname (archive);
  scratch = g_build_filename (dir, ".rapport-verify-XXXXXX", NULL);
  if (g_mkdtemp_full (scratch, 0700) == NULL)
    {
      g_printerr ("rapport-admin: cannot create a directory in %s: %s\n", dir, g_strerror (errno));
      return 1;
    }
  ok = rapport_admin_archive_open (archive, key, scratch, &error) &&
       rapport_admin_manifest_check (scratch, &count, &error);
  sodium_memzero (key, sizeof key);
  rapport_admin_remove_tree (scratch);
  if (!ok)
    {
      g_print ("backup %s BROKEN: %s\n", archive, error->message);
      return 1;
    }
  g_print ("backup %s intact: %u files, %.1f MB, database backup prepared\n", archive, count.n_files,
           count.n_bytes / 1e6);
  return 0;
}
