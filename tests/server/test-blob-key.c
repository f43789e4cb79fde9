/* test-blob-key.c: the attachments' key is made once, kept, and never replaced by a new one when the file that holds it cannot be read */
#include "rapportd-blob-store.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

static GBytes *
sample (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static char *
key_path (const char *data_dir)
{
  return g_build_filename (data_dir, "keys", "attachments.key", NULL);
}

/* the only entries of @dir */
static guint
n_entries (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* a key file that is there but cannot be read (here a directory) stops the
 * store; it is left as it was, and no other key is made beside it */
static void
test_unreadable_key_kept (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-blob-key-XXXXXX", NULL);
  g_autofree char *path = key_path (dir);
  g_autofree char *keys = g_path_get_dirname (path);
  g_autoptr(GBytes) bytes = sample ("a scanned licence");
  g_autoptr(GError) error = NULL;
  char hash[RAPPORTD_BLOB_HASH_LENGTH];

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  rapportd_blob_store_configure (dir);
  rapportd_blob_store_hash (bytes, hash);
  g_assert_false (rapportd_blob_store_put (hash, bytes, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (n_entries (keys), ==, 1);
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

/* a key kept elsewhere through a link whose target is away (a volume not
 * mounted): no new key is written over the link */
static void
test_absent_target_kept (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-blob-key-XXXXXX", NULL);
  g_autofree char *path = key_path (dir);
  g_autofree char *keys = g_path_get_dirname (path);
  g_autofree char *target = g_build_filename (dir, "vault", "attachments.key", NULL);
  g_autofree char *link_target = NULL;
  g_autoptr(GBytes) bytes = sample ("a signed contract");
  g_autoptr(GError) error = NULL;
  char hash[RAPPORTD_BLOB_HASH_LENGTH];

  g_assert_cmpint (g_mkdir_with_parents (keys, 0700), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
  rapportd_blob_store_configure (dir);
  rapportd_blob_store_hash (bytes, hash);
  g_assert_false (rapportd_blob_store_put (hash, bytes, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_SYMLINK));
  link_target = g_file_read_link (path, NULL);
  g_assert_cmpstr (link_target, ==, target);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_entries (keys), ==, 1);
}

/* made at the first file, 0600, its 32 bytes; read again after a restart,
 * not made anew: the files sealed before still open */
static void
test_key_made_once (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-blob-key-XXXXXX", NULL);
  g_autofree char *path = key_path (dir);
  g_autoptr(GBytes) first = sample ("质量协议 quality agreement");
  g_autoptr(GBytes) second = sample ("a second file");
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  g_autofree char *after = NULL;
  gsize made_length = 0, after_length = 0;
  char hash[RAPPORTD_BLOB_HASH_LENGTH];
  char second_hash[RAPPORTD_BLOB_HASH_LENGTH];
  GStatBuf st;

  rapportd_blob_store_configure (dir);
  rapportd_blob_store_hash (first, hash);
  g_assert_true (rapportd_blob_store_put (hash, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &made, &made_length, NULL));
  g_assert_cmpuint (made_length, ==, 32);

  /* as after a restart */
  rapportd_blob_store_configure (dir);
  back = rapportd_blob_store_get (hash, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, first));
  rapportd_blob_store_hash (second, second_hash);
  g_assert_true (rapportd_blob_store_put (second_hash, second, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (after, after_length, made, made_length);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/blob-key/unreadable-key-kept", test_unreadable_key_kept);
  g_test_add_func ("/blob-key/absent-target-kept", test_absent_target_kept);
  g_test_add_func ("/blob-key/made-once", test_key_made_once);
  return g_test_run ();
}
