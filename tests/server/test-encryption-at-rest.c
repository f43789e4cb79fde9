/* test-encryption-at-rest.c: what the embedded MariaDB writes under the data directory is encrypted: an account's name is found in no file, in UTF-8 or UTF-16; settings mariadbd could not read it with are refused */
/* memmem () */
#define _GNU_SOURCE
#include "rapport-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

/* how long the background threads may take to encrypt a small database in place */
#define ENCRYPT_SECONDS 120

static char *
unique_marker (void)
{
  return g_strdup_printf ("Atrest-Marker-%08x-保密客户", g_random_int ());
}

/* the files under @dir whose bytes hold @needle of @length, each named in @found */
static void
scan (const char *dir,
      const char *needle,
      gsize       length,
      guint      *files,
      GPtrArray  *found)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *entry;

  g_assert_nonnull (handle);
  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      g_autofree char *contents = NULL;
      gsize size = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan (path, needle, length, files, found);
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      (*files)++;
      g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
      if (memmem (contents, size, needle, length) != NULL)
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

/* the files under the data directory that hold @marker in UTF-8, UTF-16LE or UTF-16BE */
static GPtrArray *
files_holding (const char *data_dir,
               const char *marker)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  glong n_units = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (marker, -1, NULL, &n_units, NULL);
  g_autofree guint8 *swapped = g_malloc (n_units * 2);
  guint files = 0;

  for (glong i = 0; i < n_units; i++)
    {
      guint16 le = GUINT16_TO_LE (utf16[i]);

      memcpy (swapped + 2 * i, &le, 2);
    }
  scan (data_dir, marker, strlen (marker), &files, found);
  scan (data_dir, (const char *) swapped, n_units * 2, &files, found);
  for (glong i = 0; i < n_units; i++)
    {
      guint16 be = GUINT16_TO_BE (utf16[i]);

      memcpy (swapped + 2 * i, &be, 2);
    }
  scan (data_dir, (const char *) swapped, n_units * 2, &files, found);
  g_test_message ("%u files read, %u hold the marker", files / 3, found->len);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("marker in %s", (const char *) found->pdata[i]);
  g_assert_cmpuint (files, >, 30);
  return g_steal_pointer (&found);
}

/* a slow shutdown: every change is in the tablespaces, the redo log is done with */
static void
stop_rapportd (RapportTestServer *server)
{
  g_free (rapport_test_server_sql (server, "SET GLOBAL innodb_fast_shutdown = 0"));
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, NULL));
}

/* an account, then every file of the stopped server read byte by byte */
static GPtrArray *
marker_files_after_write (RapportTestServer *server)
{
  g_autofree char *marker = unique_marker ();
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"notes\":\"%s\"}", marker, marker);

  rapport_test_create (server, server->admin_token, "accounts", body);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = '%s'", marker), ==, 1);
  stop_rapportd (server);
  return files_holding (server->data_dir, marker);
}

/* on by default: the name is in no file; the key is the owner's alone */
static void
test_encrypted_by_default (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autofree char *key = g_build_filename (server->data_dir, "keys", "mariadb-encryption.key", NULL);
  g_autoptr(GPtrArray) found = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM information_schema.INNODB_TABLESPACES_ENCRYPTION "
                                         "WHERE NAME = 'rapport/accounts' AND ENCRYPTION_SCHEME = 1"), ==, 1);
  found = marker_files_after_write (server);
  g_assert_cmpuint (found->len, ==, 0);
  rapport_test_server_stop (server);
}

/* the same with encryption=false finds the name: the scan can see it */
static void
test_plain_when_turned_off (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config ("[embedded]\nencryption=false\n");
  g_autofree char *key = g_build_filename (server->data_dir, "keys", "mariadb-encryption.key", NULL);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));
  found = marker_files_after_write (server);
  g_assert_cmpuint (found->len, >, 0);
  rapport_test_server_stop (server);
}

/* a data directory written before encryption is encrypted in place by
 * the background threads once rapportd starts with it on */
static void
test_existing_encrypted_in_place (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config ("[embedded]\nencryption=false\n");
  g_autofree char *marker = unique_marker ();
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  rapport_test_create_named (server, marker);
  stop_rapportd (server);
  before = files_holding (server->data_dir, marker);
  g_assert_cmpuint (before->len, >, 0);

  g_file_set_contents (server->config_path, "[embedded]\nencryption=true\n", -1, &error);
  g_assert_no_error (error);
  rapport_test_server_restart (server);
  deadline = g_get_monotonic_time () + ENCRYPT_SECONDS * G_USEC_PER_SEC;
  /* every tablespace encrypted, the rotation done; the temporary one is
   * encrypted page by page and is not listed */
  while (rapport_test_sql_int (server, "SELECT COUNT(*) FROM information_schema.INNODB_SYS_TABLESPACES t "
                               "LEFT JOIN information_schema.INNODB_TABLESPACES_ENCRYPTION e ON e.SPACE = t.SPACE "
                               "WHERE t.NAME <> 'innodb_temporary' AND (e.ENCRYPTION_SCHEME IS NULL "
                               "OR e.ENCRYPTION_SCHEME = 0 "
                               "OR e.ROTATING_OR_FLUSHING = 1)") > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = '%s'", marker), ==, 1);
  stop_rapportd (server);
  after = files_holding (server->data_dir, marker);
  g_assert_cmpuint (after->len, ==, 0);
  rapport_test_server_stop (server);
}

/* rapport-admin migrate on @data_dir with @config: its exit status and output */
static int
admin_migrate (const char  *data_dir,
               const char  *config,
               char       **output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) admin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                                                   &error, g_getenv ("RAPPORT_ADMIN"), "--data-dir", data_dir,
                                                   "--config", config, "migrate", NULL);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (admin, NULL, NULL, output, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (admin);
}

/* a key the organisation manages is used where it is, never made, and
 * refused while others than its owner may read it */
static void
test_organisation_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rapport-org-key-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *key = g_build_filename (dir, "org.key", NULL);
  g_autofree char *config = g_build_filename (dir, "rapportd.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[embedded]\nencryption_key_file=%s\n", key);
  g_autofree char *own_key = g_build_filename (data_dir, "keys", "mariadb-encryption.key", NULL);
  g_autofree char *output = NULL;
  g_autoptr(GSubprocess) rm = NULL;

  g_assert_no_error (error);
  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (admin_migrate (data_dir, config, &output), ==, 1);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, key));
  g_clear_pointer (&output, g_free);

  g_file_set_contents (key, "1;00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (key, 0644), ==, 0);
  g_assert_cmpint (admin_migrate (data_dir, config, &output), ==, 1);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "0600"));
  g_clear_pointer (&output, g_free);

  g_assert_cmpint (g_chmod (key, 0600), ==, 0);
  g_assert_cmpint (admin_migrate (data_dir, config, &output), ==, 0);
  g_assert_false (g_file_test (own_key, G_FILE_TEST_EXISTS));

  rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "rm", "-rf", "--", dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (rm, NULL, NULL);
}

static void
note_exit (GObject      *process,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (process), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
note_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* rapportd on @server's data directory and configuration exits non-zero
 * within a minute, having written @expected (and @also) to its log */
static void
assert_rapportd_refuses (RapportTestServer *server,
                         const char        *expected,
                         const char        *also)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log_path = g_build_filename (server->data_dir, "refused.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *log = NULL;
  gboolean exited = FALSE;
  gboolean timed_out = FALSE;
  guint timeout;

  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RAPPORTD"), "--data-dir", server->data_dir,
                                         "--listen", "127.0.0.1:0", "--config", server->config_path,
                                         "--no-tls", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, note_exit, &exited);
  timeout = g_timeout_add_seconds (60, note_timeout, &timed_out);
  while (!exited && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  if (!exited)
    {
      g_subprocess_force_exit (process);
      while (!exited)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_test_message ("%s", log);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  g_assert_nonnull (strstr (log, expected));
  g_assert_nonnull (strstr (log, also));
}

/* encryption turned off on a data directory written encrypted: mariadbd
 * could not read its tablespaces, so rapportd refuses to start */
static void
test_turned_off_on_encrypted_refused (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autofree char *key = g_build_filename (server->data_dir, "keys", "mariadb-encryption.key", NULL);
  g_autofree char *kept = g_build_filename (server->data_dir, "kept.key", NULL);
  g_autoptr(GError) error = NULL;

  stop_rapportd (server);
  g_file_set_contents (server->config_path, "[embedded]\nencryption=false\n", -1, &error);
  g_assert_no_error (error);
  assert_rapportd_refuses (server, "encryption is false", server->data_dir);
  /* without the key, what mariadbd wrote still says so */
  g_assert_cmpint (g_rename (key, kept), ==, 0);
  assert_rapportd_refuses (server, "encryption is false", server->data_dir);
  g_assert_cmpint (g_rename (kept, key), ==, 0);
  rapport_test_server_stop (server);
}

/* rapportd's key gone from a data directory that holds a database: no new
 * key is made (the database would look damaged); rapportd names the file */
static void
test_missing_key_refused (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autofree char *key = g_build_filename (server->data_dir, "keys", "mariadb-encryption.key", NULL);
  g_autofree char *kept = g_build_filename (server->data_dir, "kept.key", NULL);

  stop_rapportd (server);
  g_assert_cmpint (g_rename (key, kept), ==, 0);
  assert_rapportd_refuses (server, "is missing", key);
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));

  /* with its key back, the same data directory starts and reads its records */
  g_assert_cmpint (g_rename (kept, key), ==, 0);
  rapport_test_server_restart (server);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM users WHERE login = 'admin'"), ==, 1);
  rapport_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/encryption-at-rest/on-by-default", test_encrypted_by_default);
  g_test_add_func ("/encryption-at-rest/off-finds-the-marker", test_plain_when_turned_off);
  g_test_add_func ("/encryption-at-rest/existing-encrypted-in-place", test_existing_encrypted_in_place);
  g_test_add_func ("/encryption-at-rest/organisation-key", test_organisation_key);
  g_test_add_func ("/encryption-at-rest/turned-off-on-encrypted-refused", test_turned_off_on_encrypted_refused);
  g_test_add_func ("/encryption-at-rest/missing-key-refused", test_missing_key_refused);
  return g_test_run ();
}
