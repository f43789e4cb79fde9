/* rapportd-embedded-encryption.c: the embedded MariaDB's encryption at rest: its key file and its settings */
#include "rapportd-embedded-encryption.h"
#include "crm-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

/* the key id MariaDB's tables, logs and temporary files are encrypted under */
#define KEY_ID 1
#define KEY_BYTES 32

/**
 * rapportd_embedded_encryption_key_path:
 * @data_dir: rapportd's data directory
 *
 * Returns: (transfer full): where the key file of the embedded MariaDB is
 *   kept when the organisation names none: `DATA_DIR/keys/mariadb-encryption.key`
 */
char *
rapportd_embedded_encryption_key_path (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_build_filename (data_dir, "keys", "mariadb-encryption.key", NULL);
}

static gboolean
write_new_key (const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  guchar key[KEY_BYTES];
  char hex[KEY_BYTES * 2 + 1];
  g_autofree char *line = NULL;
  gboolean ok;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  randombytes_buf (key, sizeof key);
  sodium_bin2hex (hex, sizeof hex, key, sizeof key);
  /* file_key_management's plain format: one "ID;HEX" line a key */
  line = g_strdup_printf ("%d;%s\n", KEY_ID, hex);
  ok = g_file_set_contents_full (path, line, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
  sodium_memzero (key, sizeof key);
  sodium_memzero (hex, sizeof hex);
  sodium_memzero (line, strlen (line));
  if (ok)
    g_message ("Generated the database encryption key %s; keep a copy of it with the backups' key", path);
  return ok;
}

/**
 * rapportd_embedded_encryption_key_ensure:
 * @path: the key file
 * @create: make a new key if there is none (rapportd's own key, not one the
 *   organisation manages)
 * @error: return location for a #GError
 *
 * Makes sure the key file is there, and that no one but its owner can read it.
 * A key that is there is never replaced: the data encrypted under it would
 * be lost.
 */
gboolean
rapportd_embedded_encryption_key_ensure (const char  *path,
                                         gboolean     create,
                                         GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT && create)
        return write_new_key (path, error);
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "the database encryption key %s cannot be read: %s", path, g_strerror (errno));
      return FALSE;
    }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "the database encryption key %s may be read by others than its owner; "
                   "make it mode 0600", path);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_embedded_encryption_options:
 * @key_path: the key file
 * @more: (nullable) (array zero-terminated=1): settings that come after, and so win
 *
 * What mariadbd needs to encrypt everything it writes: tables (existing
 * ones too, by the background threads), the redo log, InnoDB's and the
 * server's temporary files, binary logs and Aria tables.
 *
 * Returns: (transfer full): NAME=VALUE settings for rapportd_embedded_start()
 */
GStrv
rapportd_embedded_encryption_options (const char         *key_path,
                                      const char * const *more)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *file = NULL;

  g_return_val_if_fail (key_path != NULL, NULL);

  file = g_strdup_printf ("file-key-management-filename=%s", key_path);
  g_strv_builder_add_many (builder,
                           "plugin-load-add=file_key_management",
                           file,
                           "file-key-management-encryption-algorithm=aes_ctr",
                           "innodb-encrypt-tables=FORCE",
                           "innodb-encrypt-log=ON",
                           "innodb-encrypt-temporary-tables=ON",
                           /* encrypts a data directory that was not, in place */
                           "innodb-encryption-threads=1",
                           "encrypt-tmp-files=ON",
                           "encrypt-binlog=ON",
                           "aria-encrypt-tables=ON",
                           NULL);
  if (more != NULL)
    g_strv_builder_addv (builder, (const char **) more);
  return g_strv_builder_end (builder);
}
