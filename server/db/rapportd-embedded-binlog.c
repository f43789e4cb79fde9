/* rapportd-embedded-binlog.c: the embedded MariaDB's binary logs, kept for point-in-time recovery */
#include "rapportd-embedded-binlog.h"
#include "crm-error.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>
#include <glib/gstdio.h>

/**
 * rapportd_embedded_binlog_dir:
 * @data_dir: rapportd's data directory
 *
 * Returns: (transfer full): where the embedded MariaDB writes its binary
 *   logs, `DATA_DIR/db/binlog`: beside its data directory, not in it, so
 *   that a backup's copy of the database never holds them
 */
char *
rapportd_embedded_binlog_dir (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_build_filename (data_dir, "db", "binlog", NULL);
}

/* mariadbd names each binary log in its index by the path it was given at
 * the time: a data directory moved, copied or restored elsewhere names the
 * old place, and mariadbd will not start. Each log that is here under its
 * own name is named here again. */
static gboolean
relocate_index (const char  *dir,
                GError     **error)
{
  g_autofree char *index = g_build_filename (dir, RAPPORTD_EMBEDDED_BINLOG_BASENAME ".index", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) moved = g_string_new (NULL);
  gboolean changed = FALSE;

  if (!g_file_get_contents (index, &text, NULL, NULL))
    return TRUE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (lines[i]);
      g_autofree char *here = g_build_filename (dir, name, NULL);
      g_autofree char *parent = g_path_get_dirname (lines[i]);

      if (lines[i][0] == '\0')
        continue;
      if (g_path_is_absolute (lines[i]) && g_strcmp0 (parent, dir) != 0 && g_file_test (here, G_FILE_TEST_EXISTS))
        {
          g_string_append_printf (moved, "%s\n", here);
          changed = TRUE;
        }
      else
        g_string_append_printf (moved, "%s\n", lines[i]);
    }
  if (!changed)
    return TRUE;
  g_message ("The binary logs were written under another directory: %s names them here again", index);
  return g_file_set_contents_full (index, moved->str, (gssize) moved->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * rapportd_embedded_binlog_prepare:
 * @data_dir: rapportd's data directory
 * @error: return location for a #GError
 *
 * Makes the binary logs' directory, which mariadbd does not make itself,
 * and, when the data directory was moved, names the logs in their index
 * where they are now.
 */
gboolean
rapportd_embedded_binlog_prepare (const char  *data_dir,
                                  GError     **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  dir = rapportd_embedded_binlog_dir (data_dir);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  return relocate_index (dir, error);
}

/**
 * rapportd_embedded_binlog_options:
 * @data_dir: rapportd's data directory
 * @days: how long a binary log is kept
 * @more: (nullable) (array zero-terminated=1): settings that come after, and so win
 *
 * Row-based binary logs (each change as the rows it wrote, so a replay
 * gives the same rows, the audit chain's hashes included), removed
 * @days after they were closed. They are encrypted with the rest when
 * encryption at rest is on (`encrypt-binlog`).
 *
 * Returns: (transfer full): NAME=VALUE settings for rapportd_embedded_start()
 */
GStrv
rapportd_embedded_binlog_options (const char         *data_dir,
                                  guint               days,
                                  const char * const *more)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *dir = NULL;
  g_autofree char *log_bin = NULL;
  g_autofree char *expire = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  dir = rapportd_embedded_binlog_dir (data_dir);
  log_bin = g_strdup_printf ("log-bin=%s/" RAPPORTD_EMBEDDED_BINLOG_BASENAME, dir);
  expire = g_strdup_printf ("expire-logs-days=%u", days);
  g_strv_builder_add_many (builder, log_bin, "binlog-format=ROW", "server-id=1", expire, NULL);
  if (more != NULL)
    g_strv_builder_addv (builder, (const char **) more);
  return g_strv_builder_end (builder);
}

/* An encrypted binary log has a Start_encryption event (type 164) right
 * after its format description; the events' header is timestamp (4
 * bytes), type (1), server id (4), length (4), position (4), flags (2). */
static gboolean
written_plain (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guchar header[4 + 19];
  guint32 length;
  gsize got = 0;

  if (in == NULL || !g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &got, NULL, NULL) ||
      got != sizeof header || memcmp (header, "\xfe" "bin", 4) != 0)
    return FALSE;
  length = header[4 + 9] | header[4 + 10] << 8 | header[4 + 11] << 16 | (guint32) header[4 + 12] << 24;
  if (!g_seekable_seek (G_SEEKABLE (in), 4 + length, G_SEEK_SET, NULL, NULL) ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), header, 19, &got, NULL, NULL) || got != 19)
    return FALSE;
  return header[4] != 164;
}

/**
 * rapportd_embedded_binlog_drop_plain:
 * @data_dir: rapportd's data directory
 * @db: a connection to its embedded MariaDB, which encrypts its binary logs
 * @error: return location for a #GError
 *
 * MariaDB encrypts the binary logs it writes once encryption is on, but
 * leaves those written before in the clear. They are removed (PURGE BINARY
 * LOGS), with every one before the newest: point-in-time recovery starts
 * again from the next backup.
 */
gboolean
rapportd_embedded_binlog_drop_plain (const char  *data_dir,
                                     RapportdDb  *db,
                                     GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *index = NULL;
  g_autofree char *text = NULL;
  g_autofree char *purge = NULL;
  g_autofree char *newest = NULL;
  g_auto(GStrv) paths = NULL;
  gboolean plain = FALSE;
  guint n;

  g_return_val_if_fail (data_dir != NULL && db != NULL, FALSE);

  dir = rapportd_embedded_binlog_dir (data_dir);
  index = g_build_filename (dir, RAPPORTD_EMBEDDED_BINLOG_BASENAME ".index", NULL);
  if (!g_file_get_contents (index, &text, NULL, NULL))
    return TRUE;
  paths = g_strsplit (g_strstrip (text), "\n", -1);
  n = g_strv_length (paths);
  /* the newest is the one mariadbd opened at this start, encrypted */
  for (guint i = 0; i + 1 < n && !plain; i++)
    plain = written_plain (paths[i]);
  if (!plain)
    return TRUE;
  newest = g_path_get_basename (paths[n - 1]);
  purge = g_strdup_printf ("PURGE BINARY LOGS TO '%s'", newest);
  if (!rapportd_db_exec (db, purge, error))
    return FALSE;
  g_message ("Removed the binary logs written before encryption was on; point-in-time recovery "
             "starts from the next backup");
  return TRUE;
}
