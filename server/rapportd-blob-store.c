/* rapportd-blob-store.c: attachments' bytes under the data directory, by SHA-256, encrypted */

/* DATA_DIR/attachments/AB/ABCDEF… (the content's SHA-256 in hex) holds a
 * libsodium secretstream (XChaCha20-Poly1305): its header, then the content
 * in chunks of CHUNK bytes, each sealed with the hash as additional data, the
 * last one tagged final. The key is DATA_DIR/keys/attachments.key (mode
 * 0600), made on first use. A file is written to a temporary name, synced,
 * renamed into place and its directory synced: a file under its hash is
 * always whole. Identical content is one file. */
#include "rapportd-blob-store.h"
#include "crm-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static GMutex key_lock;
static char *store_dir;
static char *key_dir;
static gboolean key_loaded;
static guchar key[crypto_secretstream_xchacha20poly1305_KEYBYTES];

/* What a stop in the middle left in DATA_DIR/attachments/AB: a file being
 * written (NAME.XXXXXXXX.part) is deleted, its row was never committed; a
 * file set aside by a removal (NAME.XXXXXXXX.removed) is put back when
 * its place is empty: whether or not the removal was committed, a stored
 * file too many is harmless, a row without its file is not. */
static void
recover_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (handle != NULL && (entry = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      g_autofree char *hash = g_strndup (entry, RAPPORTD_BLOB_HASH_LENGTH - 1);
      g_autofree char *place = g_build_filename (dir, hash, NULL);

      if (g_str_has_suffix (entry, ".part"))
        g_unlink (path);
      else if (g_str_has_suffix (entry, ".removed") &&
               (g_file_test (place, G_FILE_TEST_EXISTS) || g_rename (path, place) != 0))
        g_unlink (path);
      else if (g_str_has_suffix (entry, ".removed"))
        g_message ("Put back the attachment %s, set aside by a removal that may not have been committed", hash);
    }
}

static void
recover (const char *root)
{
  g_autoptr(GDir) handle = g_dir_open (root, 0, NULL);
  const char *entry;

  while (handle != NULL && (entry = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *dir = g_build_filename (root, entry, NULL);

      if (strlen (entry) == 2 && g_file_test (dir, G_FILE_TEST_IS_DIR))
        recover_dir (dir);
    }
}

/**
 * rapportd_blob_store_configure:
 * @data_dir: rapportd's data directory
 *
 * Keeps the files under @data_dir, and tidies what a stop in the middle of
 * a write or a removal left there; the key is read or made at the first
 * file written or read.
 */
void
rapportd_blob_store_configure (const char *data_dir)
{
  g_autofree char *root = NULL;

  g_return_if_fail (data_dir != NULL);

  g_mutex_lock (&key_lock);
  g_free (store_dir);
  g_free (key_dir);
  store_dir = g_build_filename (data_dir, "attachments", NULL);
  key_dir = g_build_filename (data_dir, "keys", NULL);
  key_loaded = FALSE;
  sodium_memzero (key, sizeof key);
  root = g_strdup (store_dir);
  g_mutex_unlock (&key_lock);
  recover (root);
}

/* the key written whole to a file of its own, synced, then linked in as
 * @path: never over a key that is there (EEXIST fails) and never a key cut
 * short by a crash */
static gboolean
write_new_key (const char  *path,
               GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".new-XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  gboolean written;

  if (fd < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot create %s: %s", tmp, g_strerror (errno));
      return FALSE;
    }
  written = write (fd, key, sizeof key) == (ssize_t) sizeof key && fsync (fd) == 0;
  close (fd);
  if (!written || link (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot write the attachment key %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  g_unlink (tmp);
  return TRUE;
}

static gboolean
load_key_locked (GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) read_error = NULL;
  gsize length = 0;

  if (key_loaded)
    return TRUE;
  if (key_dir == NULL)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the attachment store is not configured");
      return FALSE;
    }
  path = g_build_filename (key_dir, "attachments.key", NULL);
  if (g_file_get_contents (path, &contents, &length, &read_error))
    {
      if (length != sizeof key)
        {
          sodium_memzero (contents, length);
          g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "%s is not an attachment key", path);
          return FALSE;
        }
      memcpy (key, contents, sizeof key);
      sodium_memzero (contents, length);
      key_loaded = TRUE;
      return TRUE;
    }
  /* a key that is there but cannot be read is never replaced: every file
   * sealed under it would be lost */
  if (!g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot read the attachment key %s: %s", path,
                   read_error->message);
      return FALSE;
    }
  if (g_mkdir_with_parents (key_dir, 0700) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot create %s", key_dir);
      return FALSE;
    }
  crypto_secretstream_xchacha20poly1305_keygen (key);
  if (!write_new_key (path, error))
    {
      sodium_memzero (key, sizeof key);
      return FALSE;
    }
  g_message ("Created the attachment key %s", path);
  key_loaded = TRUE;
  return TRUE;
}

/* a copy of the key, loaded or made on first use */
static gboolean
copy_key (guchar   out[crypto_secretstream_xchacha20poly1305_KEYBYTES],
          GError **error)
{
  gboolean ok;

  g_mutex_lock (&key_lock);
  ok = load_key_locked (error);
  if (ok)
    memcpy (out, key, sizeof key);
  g_mutex_unlock (&key_lock);
  return ok;
}

/**
 * rapportd_blob_store_derive_key:
 * @context: eight characters naming the use ("mailpass")
 * @subkey: (out caller-allocates): the key for that use
 * @error: return location for a #GError
 *
 * Other secrets rapportd keeps (mailbox passwords) are sealed under keys
 * derived from the attachment key, so the data directory's one key file
 * protects them all.
 *
 * Returns: whether the key could be read or made
 */
gboolean
rapportd_blob_store_derive_key (const char  *context,
                                guchar       subkey[RAPPORTD_BLOB_SUBKEY_BYTES],
                                GError     **error)
{
  guchar master[crypto_secretstream_xchacha20poly1305_KEYBYTES];

  G_STATIC_ASSERT (sizeof master == crypto_kdf_KEYBYTES);
  g_return_val_if_fail (context != NULL && strlen (context) == crypto_kdf_CONTEXTBYTES, FALSE);

  if (!copy_key (master, error))
    return FALSE;
  crypto_kdf_derive_from_key (subkey, RAPPORTD_BLOB_SUBKEY_BYTES, 1, context, master);
  sodium_memzero (master, sizeof master);
  return TRUE;
}

static gboolean
valid_hash (const char *hash)
{
  if (hash == NULL || strlen (hash) != RAPPORTD_BLOB_HASH_LENGTH - 1)
    return FALSE;
  for (const char *p = hash; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* DATA_DIR/attachments/AB, and the file's path in it */
static char *
blob_path (const char  *hash,
           char       **dir)
{
  g_autofree char *prefix = g_strndup (hash, 2);
  g_autofree char *parent = NULL;
  char *path;

  g_mutex_lock (&key_lock);
  parent = g_build_filename (store_dir, prefix, NULL);
  g_mutex_unlock (&key_lock);
  path = g_build_filename (parent, hash, NULL);
  if (dir != NULL)
    *dir = g_steal_pointer (&parent);
  return path;
}

/**
 * rapportd_blob_store_hash:
 * @bytes: a content
 * @hash: (out caller-allocates): its SHA-256 in lower-case hex
 */
void
rapportd_blob_store_hash (GBytes *bytes,
                          char    hash[RAPPORTD_BLOB_HASH_LENGTH])
{
  guchar digest[crypto_hash_sha256_BYTES];
  gsize size = 0;
  const guchar *data = g_bytes_get_data (bytes, &size);

  crypto_hash_sha256 (digest, data, size);
  sodium_bin2hex (hash, RAPPORTD_BLOB_HASH_LENGTH, digest, sizeof digest);
}

static gboolean
write_all (int           fd,
           const guchar *data,
           gsize         length,
           const char   *path,
           GError      **error)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, CRM_ERROR, saved == ENOSPC ? CRM_ERROR_INSUFFICIENT_STORAGE : CRM_ERROR_INTERNAL,
                       "cannot write %s: %s", path, g_strerror (saved));
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static gboolean
sync_dir (const char  *dir,
          GError     **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot open %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  ok = fsync (fd) == 0;
  if (!ok)
    g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot sync %s: %s", dir, g_strerror (errno));
  close (fd);
  return ok;
}

/* seals @data into the open file @fd */
static gboolean
seal (int           fd,
      const char   *path,
      const char   *hash,
      const guchar *data,
      gsize         size,
      GError      **error)
{
  guchar stream_key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guchar header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  g_autofree guchar *sealed = g_malloc (CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
  crypto_secretstream_xchacha20poly1305_state state;
  gsize offset = 0;
  gboolean ok;

  if (!copy_key (stream_key, error))
    return FALSE;
  crypto_secretstream_xchacha20poly1305_init_push (&state, header, stream_key);
  sodium_memzero (stream_key, sizeof stream_key);
  ok = write_all (fd, header, sizeof header, path, error);
  do
    {
      gsize n = MIN (size - offset, (gsize) CHUNK);
      guchar tag = offset + n == size ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
      unsigned long long sealed_length = 0;

      crypto_secretstream_xchacha20poly1305_push (&state, sealed, &sealed_length, data + offset, n,
                                                  (const guchar *) hash, RAPPORTD_BLOB_HASH_LENGTH - 1, tag);
      ok = ok && write_all (fd, sealed, (gsize) sealed_length, path, error);
      offset += n;
    }
  while (ok && offset < size);
  sodium_memzero (&state, sizeof state);
  return ok;
}

/**
 * rapportd_blob_store_put:
 * @hash: the SHA-256 of @bytes, from rapportd_blob_store_hash()
 * @bytes: the content
 * @error: return location for a #GError
 *
 * Stores @bytes under @hash unless a file is there already, and returns
 * only once it is on disk (written, synced, renamed, its directory synced).
 */
gboolean
rapportd_blob_store_put (const char  *hash,
                         GBytes      *bytes,
                         GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *temp = NULL;
  gsize size = 0;
  const guchar *data;
  int fd;

  g_return_val_if_fail (valid_hash (hash), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  path = blob_path (hash, &dir);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  temp = g_strdup_printf ("%s.%08x.part", path, g_random_int ());
  fd = open (temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot create %s: %s", temp, g_strerror (errno));
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &size);
  if (!seal (fd, temp, hash, data, size, error))
    {
      close (fd);
      g_unlink (temp);
      return FALSE;
    }
  if (fsync (fd) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot sync %s: %s", temp, g_strerror (errno));
      close (fd);
      g_unlink (temp);
      return FALSE;
    }
  close (fd);
  if (g_rename (temp, path) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot rename %s: %s", temp, g_strerror (errno));
      g_unlink (temp);
      return FALSE;
    }
  return sync_dir (dir, error);
}

/**
 * rapportd_blob_store_get:
 * @hash: the content's SHA-256
 * @error: return location for a #GError
 *
 * Reads and opens the file stored under @hash; a file that does not open
 * with the key, is cut short or whose content is not @hash is an error.
 *
 * Returns: (transfer full): the content
 */
GBytes *
rapportd_blob_store_get (const char  *hash,
                         GError     **error)
{
  guchar stream_key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree char *path = NULL;
  g_autofree char *sealed = NULL;
  g_autoptr(GByteArray) plain = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char check[RAPPORTD_BLOB_HASH_LENGTH];
  const gsize sealed_chunk = CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
  gsize length = 0;
  gsize offset = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  guchar tag = 0;

  g_return_val_if_fail (valid_hash (hash), NULL);

  path = blob_path (hash, NULL);
  if (!g_file_get_contents (path, &sealed, &length, error) || !copy_key (stream_key, error))
    return NULL;
  if (length < crypto_secretstream_xchacha20poly1305_HEADERBYTES ||
      crypto_secretstream_xchacha20poly1305_init_pull (&state, (const guchar *) sealed, stream_key) != 0)
    {
      sodium_memzero (stream_key, sizeof stream_key);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "%s is not a stored attachment", path);
      return NULL;
    }
  sodium_memzero (stream_key, sizeof stream_key);
  plain = g_byte_array_sized_new (length);
  while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    {
      gsize n = MIN (length - offset, sealed_chunk);
      unsigned long long plain_length = 0;
      guint start = plain->len;

      g_byte_array_set_size (plain, start + CHUNK);
      if (n < crypto_secretstream_xchacha20poly1305_ABYTES ||
          crypto_secretstream_xchacha20poly1305_pull (&state, plain->data + start, &plain_length, &tag,
                                                      (const guchar *) sealed + offset, n,
                                                      (const guchar *) hash, RAPPORTD_BLOB_HASH_LENGTH - 1) != 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "%s is damaged or cut short", path);
          return NULL;
        }
      g_byte_array_set_size (plain, start + (guint) plain_length);
      offset += n;
    }
  if (offset != length)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "%s has bytes past its end", path);
      return NULL;
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&plain));
  rapportd_blob_store_hash (bytes, check);
  if (!g_str_equal (check, hash))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "%s does not hold the content of its name", path);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/**
 * rapportd_blob_store_set_aside:
 * @hash: the content's SHA-256
 * @error: return location for a #GError
 *
 * Moves the file out of its place, to be discarded once the removal that
 * needs it gone is committed (or put back if it is not).
 *
 * Returns: (transfer full) (nullable): where the file now is; %NULL with
 *   no error when there was none
 */
char *
rapportd_blob_store_set_aside (const char  *hash,
                               GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *aside = NULL;

  g_return_val_if_fail (valid_hash (hash), NULL);

  path = blob_path (hash, NULL);
  aside = g_strdup_printf ("%s.%08x.removed", path, g_random_int ());
  if (g_rename (path, aside) != 0)
    {
      if (errno != ENOENT)
        g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot move %s: %s", path, g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&aside);
}

/**
 * rapportd_blob_store_put_back:
 * @hash: the content's SHA-256
 * @aside: where rapportd_blob_store_set_aside() put its file
 *
 * Puts the file back in its place, unless an upload stored it again.
 */
void
rapportd_blob_store_put_back (const char *hash,
                              const char *aside)
{
  g_autofree char *path = NULL;

  g_return_if_fail (valid_hash (hash));
  g_return_if_fail (aside != NULL);

  path = blob_path (hash, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_rename (aside, path) != 0)
    g_unlink (aside);
}

/**
 * rapportd_blob_store_discard:
 * @aside: where rapportd_blob_store_set_aside() put a file
 *
 * Deletes the file for good.
 */
void
rapportd_blob_store_discard (const char *aside)
{
  g_return_if_fail (aside != NULL);

  if (g_unlink (aside) != 0)
    g_warning ("cannot delete %s: %s", aside, g_strerror (errno));
}
