/* rapport-admin-manifest.c: a backup's list of files with their SHA-256 sums, and the check of a backup against it */
#include "rapport-admin-manifest.h"
#include "crm-error.h"

#include <gio/gio.h>
#include <string.h>

typedef gboolean (*FileVisit) (const char  *dir,
                               const char  *relative,
                               gpointer     data,
                               GError     **error);

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* every regular file under @dir but the manifest, in name order; anything
 * else that is not a directory has no place in a backup */
static gboolean
walk (const char  *dir,
      const char  *relative,
      FileVisit    visit,
      gpointer     data,
      GError     **error)
{
  g_autofree char *here = relative ? g_build_filename (dir, relative, NULL) : g_strdup (dir);
  g_autoptr(GDir) listing = g_dir_open (here, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = relative ? g_build_filename (relative, names->pdata[i], NULL) : g_strdup (names->pdata[i]);
      g_autofree char *path = g_build_filename (dir, child, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "%s is a symbolic link", child);
          return FALSE;
        }
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!walk (dir, child, visit, data, error))
            return FALSE;
        }
      else if (g_strcmp0 (child, RAPPORT_ADMIN_MANIFEST) != 0 && !visit (dir, child, data, error))
        return FALSE;
    }
  return TRUE;
}

static char *
file_sum (const char  *path,
          guint64     *size,
          GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = g_malloc (256 * 1024);
  gssize got;

  if (in == NULL)
    return NULL;
  *size = 0;
  while ((got = g_input_stream_read (G_INPUT_STREAM (in), buffer, 256 * 1024, NULL, error)) > 0)
    {
      g_checksum_update (sum, buffer, got);
      *size += got;
    }
  if (got < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (sum));
}

/**
 * rapport_admin_manifest_file_sum:
 * @path: a file
 * @size: (out): its length
 * @error: return location for a #GError
 *
 * Returns: (transfer full): its SHA-256 in hex, as the manifest lists it
 */
char *
rapport_admin_manifest_file_sum (const char  *path,
                                 guint64     *size,
                                 GError     **error)
{
  g_return_val_if_fail (path != NULL && size != NULL, NULL);

  return file_sum (path, size, error);
}

typedef struct
{
  GString                   *text;
  GHashTable                *expected;
  RapportAdminManifestCount *count;
} Walk;

static gboolean
list_file (const char  *dir,
           const char  *relative,
           gpointer     data,
           GError     **error)
{
  Walk *w = data;
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  guint64 size = 0;
  g_autofree char *sum = file_sum (path, &size, error);

  if (sum == NULL)
    return FALSE;
  if (strchr (relative, '\n') != NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "a file name holds a line break: %s", relative);
      return FALSE;
    }
  g_string_append_printf (w->text, "%s  %s\n", sum, relative);
  w->count->n_files++;
  w->count->n_bytes += size;
  return TRUE;
}

/**
 * rapport_admin_manifest_write:
 * @dir: a backup's directory
 * @count: (out caller-allocates): the files listed and their bytes
 * @error: return location for a #GError
 *
 * Writes `DIR/MANIFEST.sha256`, in the format of sha256sum(1): the SHA-256
 * of every file under @dir.
 */
gboolean
rapport_admin_manifest_write (const char                 *dir,
                              RapportAdminManifestCount  *count,
                              GError                    **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;
  Walk w = { text, NULL, count };

  g_return_val_if_fail (dir != NULL && count != NULL, FALSE);

  memset (count, 0, sizeof *count);
  if (!walk (dir, NULL, list_file, &w, error))
    return FALSE;
  path = g_build_filename (dir, RAPPORT_ADMIN_MANIFEST, NULL);
  return g_file_set_contents_full (path, text->str, text->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
check_file (const char  *dir,
            const char  *relative,
            gpointer     data,
            GError     **error)
{
  Walk *w = data;
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  const char *expected = g_hash_table_lookup (w->expected, relative);
  guint64 size = 0;
  g_autofree char *sum = NULL;

  if (expected == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "%s is not in the manifest", relative);
      return FALSE;
    }
  if ((sum = file_sum (path, &size, error)) == NULL)
    return FALSE;
  if (!g_str_equal (sum, expected))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "%s does not match its SHA-256 in the manifest", relative);
      return FALSE;
    }
  g_hash_table_remove (w->expected, relative);
  w->count->n_files++;
  w->count->n_bytes += size;
  return TRUE;
}

static GHashTable *
read_manifest (const char  *dir,
               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, RAPPORT_ADMIN_MANIFEST, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (strlen (lines[i]) < 67 || lines[i][64] != ' ' || lines[i][65] != ' ')
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "line %u of the manifest is not “SHA256  PATH”", i + 1);
          return NULL;
        }
      g_hash_table_insert (expected, g_strdup (lines[i] + 66), g_strndup (lines[i], 64));
    }
  return g_steal_pointer (&expected);
}

/* the database part is a backup that mariadb-backup --prepare finished,
 * with the key it is encrypted under */
static gboolean
check_prepared (const char  *dir,
                GError     **error)
{
  g_autofree char *checkpoints = g_build_filename (dir, "db", "data", "xtrabackup_checkpoints", NULL);
  g_autofree char *my_cnf = g_build_filename (dir, "db", "data", "backup-my.cnf", NULL);
  g_autofree char *key = g_build_filename (dir, "keys", "mariadb-encryption.key", NULL);
  g_autofree char *text = NULL;
  g_autofree char *settings = NULL;
  static const char * const parts[] = { "ibdata1", "mysql", "rapport" };

  if (!g_file_get_contents (checkpoints, &text, NULL, NULL) ||
      (strstr (text, "backup_type = log-applied") == NULL && strstr (text, "backup_type = full-prepared") == NULL))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                           "the database backup is not a prepared one (db/data/xtrabackup_checkpoints)");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = g_build_filename (dir, "db", "data", parts[i], NULL);

      if (!g_file_test (part, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "the database backup has no db/data/%s", parts[i]);
          return FALSE;
        }
    }
  if (g_file_get_contents (my_cnf, &settings, NULL, NULL) && strstr (settings, "file_key_management") != NULL &&
      !g_file_test (key, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                           "the database backup is encrypted, but its key keys/mariadb-encryption.key is missing");
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_admin_manifest_check_files:
 * @dir: an unpacked archive
 * @count: (out caller-allocates): the files checked and their bytes
 * @error: return location for a #GError
 *
 * Checks that every file is listed in the manifest with its SHA-256 and
 * that every listed file is there.
 */
gboolean
rapport_admin_manifest_check_files (const char                 *dir,
                                    RapportAdminManifestCount  *count,
                                    GError                    **error)
{
  g_autoptr(GHashTable) expected = NULL;
  Walk w = { NULL, NULL, count };
  GHashTableIter iter;
  gpointer missing;

  g_return_val_if_fail (dir != NULL && count != NULL, FALSE);

  memset (count, 0, sizeof *count);
  if ((expected = read_manifest (dir, error)) == NULL)
    return FALSE;
  w.expected = expected;
  if (!walk (dir, NULL, check_file, &w, error))
    return FALSE;
  g_hash_table_iter_init (&iter, expected);
  if (g_hash_table_iter_next (&iter, &missing, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "%s is in the manifest but not in the backup",
                   (const char *) missing);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_admin_manifest_check:
 * @dir: an unpacked backup
 * @count: (out caller-allocates): the files checked and their bytes
 * @error: return location for a #GError
 *
 * Checks the files against the manifest, as
 * rapport_admin_manifest_check_files() does, and that the database part
 * is a complete, prepared backup with its key.
 */
gboolean
rapport_admin_manifest_check (const char                 *dir,
                              RapportAdminManifestCount  *count,
                              GError                    **error)
{
  return rapport_admin_manifest_check_files (dir, count, error) && check_prepared (dir, error);
}
