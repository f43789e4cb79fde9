/* bench-blob-store.c: what storing an attachment costs apart from HTTP and SQL: sealing with secretstream, writing, fsync and rename, then reading back, opening and checking its SHA-256
 *
 * bench-blob-store [SIZE_KIB [FILES [DIR]]]: FILES distinct files of SIZE_KIB
 * each (default 1024 KiB × 32) stored under DIR (a new temporary directory by
 * default, removed after), then read back; prints MiB/s and ms per file. */
#include "rapportd-blob-store.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <stdlib.h>

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  guint64 size_kib = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1024;
  guint files = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 32;
  g_autofree char *dir = argc > 3 ? g_strdup (argv[3]) : g_dir_make_tmp ("bench-blob-store-XXXXXX", NULL);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  gsize size = (gsize) size_kib * 1024;
  double mib = (double) size * files / (1024.0 * 1024.0);
  gint64 start, put_us, get_us;

  if (sodium_init () < 0 || dir == NULL || size == 0 || files == 0)
    return 1;
  rapportd_blob_store_configure (dir);
  for (guint i = 0; i < files; i++)
    {
      guchar *data = g_malloc (size);
      char *hash = g_malloc (RAPPORTD_BLOB_HASH_LENGTH);
      GBytes *bytes;

      randombytes_buf (data, size);
      bytes = g_bytes_new_take (data, size);
      rapportd_blob_store_hash (bytes, hash);
      g_ptr_array_add (contents, bytes);
      g_ptr_array_add (hashes, hash);
    }
  /* the key is made at the first file: not timed */
  {
    g_autoptr(GBytes) first = g_bytes_new_static ("key", 3);
    char hash[RAPPORTD_BLOB_HASH_LENGTH];

    rapportd_blob_store_hash (first, hash);
    if (!rapportd_blob_store_put (hash, first, NULL))
      return 1;
  }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < files; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!rapportd_blob_store_put (hashes->pdata[i], contents->pdata[i], &error))
        g_error ("put: %s", error->message);
    }
  put_us = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < files; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) back = rapportd_blob_store_get (hashes->pdata[i], &error);

      if (back == NULL || !g_bytes_equal (back, contents->pdata[i]))
        g_error ("get: %s", error ? error->message : "different content");
    }
  get_us = g_get_monotonic_time () - start;

  g_print ("files: %u of %" G_GUINT64_FORMAT " KiB under %s\n", files, size_kib, dir);
  g_print ("store (seal, write, fsync, rename, fsync dir): %.1f MiB/s, %.2f ms a file\n",
           mib / (put_us / 1e6), put_us / 1e3 / files);
  g_print ("read (read, open, check SHA-256): %.1f MiB/s, %.2f ms a file\n",
           mib / (get_us / 1e6), get_us / 1e3 / files);
  if (argc <= 3)
    remove_tree (dir);
  return 0;
}
