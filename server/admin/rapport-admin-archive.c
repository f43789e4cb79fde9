/* rapport-admin-archive.c: a backup archive: a tar of a directory, sealed with libsodium under the backup key */
#include "rapport-admin-archive.h"
#include "crm-error.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* what an archive starts with; it is also the additional data of every chunk */
static const char magic[] = "RAPPORT-BACKUP-1";
#define MAGIC_LENGTH (sizeof magic - 1)
#define CHUNK_BYTES (256 * 1024)
#define SEALED_BYTES (CHUNK_BYTES + crypto_secretstream_xchacha20poly1305_ABYTES)

/**
 * rapport_admin_backup_key_new:
 * @path: where to write the key; an existing file is never replaced
 * @error: return location for a #GError
 *
 * Writes a new random backup key, in hex, readable by its owner only.
 */
gboolean
rapport_admin_backup_key_new (const char  *path,
                              GError     **error)
{
  guchar key[RAPPORT_ADMIN_BACKUP_KEY_BYTES];
  char hex[2 * sizeof key + 2];
  int fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, "cannot create %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  crypto_secretstream_xchacha20poly1305_keygen (key);
  sodium_bin2hex (hex, sizeof hex - 1, key, sizeof key);
  strcat (hex, "\n");
  ok = write (fd, hex, strlen (hex)) == (gssize) strlen (hex) && fsync (fd) == 0;
  if (!ok)
    g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "cannot write %s: %s", path, g_strerror (errno));
  close (fd);
  sodium_memzero (key, sizeof key);
  sodium_memzero (hex, sizeof hex);
  return ok;
}

/**
 * rapport_admin_backup_key_load:
 * @path: a file written by rapport_admin_backup_key_new()
 * @key: (out caller-allocates): the key
 * @error: return location for a #GError
 */
gboolean
rapport_admin_backup_key_load (const char  *path,
                               guchar       key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                               GError     **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  size_t bin_length = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  ok = sodium_hex2bin (key, RAPPORT_ADMIN_BACKUP_KEY_BYTES, text, length, " \r\n", &bin_length, NULL) == 0 &&
       bin_length == RAPPORT_ADMIN_BACKUP_KEY_BYTES;
  sodium_memzero (text, length);
  if (!ok)
    g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                 "%s is not a backup key (64 hexadecimal digits, from rapport-admin backup-key new)", path);
  return ok;
}

/**
 * rapport_admin_run:
 * @argv: a command and its arguments
 * @error: return location for a #GError
 *
 * Runs a command to its end; on failure the error carries what it printed.
 */
gboolean
rapport_admin_run (const char * const  *argv,
                   GError             **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      /* the end of what it said is where it says why */
      gsize length = output ? strlen (output) : 0;

      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "%s failed:\n%s", argv[0],
                   length > 4000 ? output + length - 4000 : (output ? output : ""));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_admin_remove_tree:
 * @path: a directory this process made
 */
void
rapport_admin_remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--", path, NULL };
  g_autoptr(GError) error = NULL;

  if (path != NULL && !rapport_admin_run (argv, &error))
    g_printerr ("rapport-admin: %s\n", error->message);
}

static gboolean
write_chunk (GOutputStream                          *out,
             crypto_secretstream_xchacha20poly1305_state *state,
             const guchar                           *plain,
             gsize                                   length,
             guchar                                  tag,
             guchar                                 *sealed,
             GError                                **error)
{
  unsigned long long sealed_length = 0;
  guint32 be;

  crypto_secretstream_xchacha20poly1305_push (state, sealed, &sealed_length, plain, length,
                                              (const guchar *) magic, MAGIC_LENGTH, tag);
  be = GUINT32_TO_BE ((guint32) sealed_length);
  return g_output_stream_write_all (out, &be, sizeof be, NULL, NULL, error) &&
         g_output_stream_write_all (out, sealed, sealed_length, NULL, NULL, error);
}

/* encrypts all of @in, chunk by chunk, the last one tagged FINAL */
static gboolean
seal_stream (GInputStream   *in,
             GOutputStream  *out,
             const guchar   *key,
             GError        **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guchar header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  g_autofree guchar *chunk = g_malloc (CHUNK_BYTES);
  g_autofree guchar *next = g_malloc (CHUNK_BYTES);
  g_autofree guchar *sealed = g_malloc (SEALED_BYTES);
  gsize length = 0, next_length = 0;

  crypto_secretstream_xchacha20poly1305_init_push (&state, header, key);
  if (!g_output_stream_write_all (out, magic, MAGIC_LENGTH, NULL, NULL, error) ||
      !g_output_stream_write_all (out, header, sizeof header, NULL, NULL, error) ||
      !g_input_stream_read_all (in, chunk, CHUNK_BYTES, &length, NULL, error))
    return FALSE;
  /* one chunk read ahead: the last is known as such when it is sealed */
  for (;;)
    {
      guchar *swap;

      if (!g_input_stream_read_all (in, next, CHUNK_BYTES, &next_length, NULL, error))
        return FALSE;
      if (next_length == 0)
        break;
      if (!write_chunk (out, &state, chunk, length, 0, sealed, error))
        return FALSE;
      swap = chunk;
      chunk = next;
      next = swap;
      length = next_length;
    }
  return write_chunk (out, &state, chunk, length, crypto_secretstream_xchacha20poly1305_TAG_FINAL, sealed, error);
}

static gboolean
tar_finished (GSubprocess  *tar,
              gboolean      ok,
              GError      **error)
{
  if (!ok)
    {
      g_subprocess_force_exit (tar);
      g_subprocess_wait (tar, NULL, NULL);
      return FALSE;
    }
  if (!g_subprocess_wait (tar, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (tar))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "tar failed (see above)");
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_admin_archive_seal:
 * @dir: the directory to archive
 * @path: the archive to write; it appears only once complete
 * @key: the backup key
 * @error: return location for a #GError
 *
 * Writes a tar of @dir, encrypted and authenticated chunk by chunk with
 * crypto_secretstream (XChaCha20-Poly1305), the last chunk marked final
 * so that a shortened archive is detected.
 */
gboolean
rapport_admin_archive_seal (const char    *dir,
                            const char    *path,
                            const guchar   key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                            GError       **error)
{
  g_autoptr(GSubprocess) tar = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  gboolean ok;

  g_return_val_if_fail (dir != NULL && path != NULL && key != NULL, FALSE);

  file = g_file_new_for_path (path);
  /* replaced only when complete; private from the start */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (out == NULL)
    return FALSE;
  tar = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, "tar", "--create", "--file=-",
                          "--sort=name", "--directory", dir, ".", NULL);
  if (tar == NULL)
    {
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      return FALSE;
    }
  ok = seal_stream (g_subprocess_get_stdout_pipe (tar), G_OUTPUT_STREAM (out), key, error);
  ok = tar_finished (tar, ok, error);
  if (!ok)
    {
      /* a cancelled replace leaves what was there before */
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancel, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

static gboolean
open_stream (GInputStream   *in,
             GOutputStream  *out,
             const guchar   *key,
             GError        **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guchar header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  char start[MAGIC_LENGTH];
  g_autofree guchar *plain = g_malloc (CHUNK_BYTES);
  g_autofree guchar *sealed = g_malloc (SEALED_BYTES);
  guchar tag = 0;
  gsize got = 0;
  guint64 n = 0;

  if (!g_input_stream_read_all (in, start, sizeof start, &got, NULL, error) ||
      got != sizeof start || memcmp (start, magic, sizeof start) != 0 ||
      !g_input_stream_read_all (in, header, sizeof header, &got, NULL, error) || got != sizeof header ||
      crypto_secretstream_xchacha20poly1305_init_pull (&state, header, key) != 0)
    {
      g_clear_error (error);
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "this is not a Rapport backup archive");
      return FALSE;
    }
  while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    {
      unsigned long long plain_length = 0;
      guint32 be = 0;
      gsize length;

      if (!g_input_stream_read_all (in, &be, sizeof be, &got, NULL, error))
        return FALSE;
      length = GUINT32_FROM_BE (be);
      if (got != sizeof be || length > SEALED_BYTES ||
          !g_input_stream_read_all (in, sealed, length, &got, NULL, error) || got != length)
        {
          g_clear_error (error);
          g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                       "the archive is cut short after chunk %" G_GUINT64_FORMAT, n);
          return FALSE;
        }
      if (crypto_secretstream_xchacha20poly1305_pull (&state, plain, &plain_length, &tag, sealed, length,
                                                      (const guchar *) magic, MAGIC_LENGTH) != 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                       "chunk %" G_GUINT64_FORMAT " of the archive is damaged, or the key is not the one it "
                       "was made with", n);
          return FALSE;
        }
      if (!g_output_stream_write_all (out, plain, plain_length, NULL, NULL, error))
        return FALSE;
      n++;
    }
  if (!g_input_stream_read_all (in, &tag, 1, &got, NULL, error))
    return FALSE;
  if (got != 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "the archive has bytes after its end");
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_admin_archive_open:
 * @path: an archive written by rapport_admin_archive_seal()
 * @key: the backup key
 * @dir: an existing directory to unpack into
 * @error: return location for a #GError
 *
 * Decrypts and unpacks the archive, failing on the first chunk that does
 * not authenticate. Modes are kept; the files belong to whoever unpacks.
 */
gboolean
rapport_admin_archive_open (const char    *path,
                            const guchar   key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                            const char    *dir,
                            GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GSubprocess) tar = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL && key != NULL && dir != NULL, FALSE);

  file = g_file_new_for_path (path);
  if ((in = g_file_read (file, NULL, error)) == NULL)
    return FALSE;
  tar = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, error, "tar", "--extract", "--file=-",
                          "--preserve-permissions", "--no-same-owner", "--directory", dir, NULL);
  if (tar == NULL)
    return FALSE;
  ok = open_stream (G_INPUT_STREAM (in), g_subprocess_get_stdin_pipe (tar), key, error);
  ok = ok && g_output_stream_close (g_subprocess_get_stdin_pipe (tar), NULL, error);
  return tar_finished (tar, ok, error);
}
