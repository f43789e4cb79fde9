/* rapportd-embedded-encryption.c: the embedded MariaDB's encryption at rest: its key file and its settings */
#include "rapportd-embedded-encryption.h"
#include "crm-error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
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

/* Whether the embedded MariaDB wrote @data_dir encrypted, as InnoDB's redo
 * log says: its first four bytes are the format, "Phys" in a plain one
 * (MariaDB 10.8 on) and the UTF-8 of U+1F5DD, an old key, in an encrypted one. */
static gboolean
written_encrypted (const char *data_dir)
{
  g_autofree char *log = g_build_filename (data_dir, "db", "data", "ib_logfile0", NULL);
  FILE *file = g_fopen (log, "rb");
  guchar format[4] = { 0 };
  gboolean read;

  if (file == NULL)
    return FALSE;
  read = fread (format, 1, sizeof format, file) == sizeof format;
  fclose (file);
  return read && memcmp (format, "\xf0\x9f\x97\x9d", sizeof format) == 0;
}

/**
 * rapportd_embedded_encryption_check_data_dir:
 * @data_dir: rapportd's data directory
 * @encryption: whether encryption at rest is on
 * @own_key: (nullable): rapportd's own key file, when the organisation names none
 * @error: return location for a #GError
 *
 * Refuses the settings mariadbd could not read this data directory with:
 * encryption turned off on a database written encrypted (rapportd's key is
 * there, or the redo log is encrypted), or rapportd's own key gone from a
 * database written encrypted, which a new key would leave unreadable as if
 * it were damaged. A new data directory passes, and so does a database
 * written plain that encryption is turned on for: its key is made later.
 */
gboolean
rapportd_embedded_encryption_check_data_dir (const char  *data_dir,
                                             gboolean     encryption,
                                             const char  *own_key,
                                             GError     **error)
{
  g_autofree char *key = rapportd_embedded_encryption_key_path (data_dir);

  if (!encryption && (g_file_test (key, G_FILE_TEST_EXISTS) || written_encrypted (data_dir)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   _("The database in %s is encrypted, but [embedded] encryption is false: "
                     "mariadbd could not read it. Remove encryption=false from the configuration"),
                   data_dir);
      return FALSE;
    }
  if (encryption && own_key != NULL && !g_file_test (own_key, G_FILE_TEST_EXISTS) &&
      written_encrypted (data_dir))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   _("The database encryption key %s is missing, but %s already holds a database "
                     "written under it; a new key could not read it. Put the key back (it is in "
                     "the backups) instead of starting with a new one"),
                   own_key, data_dir);
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
