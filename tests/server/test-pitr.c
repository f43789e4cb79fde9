/* test-pitr.c: a backup brought forward with the binary logs shipped beside it to a moment between two writes: the write before is there, the one after is not, and the audit chain verifies; a data directory moved elsewhere starts with its binary logs */
/* memmem () */
#define _GNU_SOURCE
#include "rapport-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#define BEFORE_BACKUP "PITR-A 备份前"
#define BEFORE_MOMENT "PITR-B 时刻前"
#define AFTER_MOMENT "PITR-C 时刻后"

static void
remove_dir (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "rm", "-rf", "--", dir, NULL);

  g_assert_no_error (error);
  g_subprocess_wait (rm, NULL, NULL);
}

static gboolean
is_empty_or_absent (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

  return listing == NULL || g_dir_read_name (listing) == NULL;
}

/* neither the backup nor the shipped binary logs hold a name in the clear */
static guint
assert_sealed (const char *work)
{
  g_autoptr(GDir) listing = g_dir_open (work, 0, NULL);
  const char *markers[] = { BEFORE_BACKUP, BEFORE_MOMENT, AFTER_MOMENT };
  const char *name;
  guint shipped = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (work, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      shipped += g_str_has_suffix (name, ".binlogs");
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
        g_assert_null (memmem (contents, length, markers[i], strlen (markers[i])));
    }
  return shipped;
}

/* rapportd on the restored directory, its admin logged in */
static void
start_on (RapportTestServer *server,
          const char        *data_dir,
          const char        *config)
{
  g_autoptr(GError) error = NULL;

  g_free (server->data_dir);
  server->data_dir = g_strdup (data_dir);
  g_free (server->config_path);
  server->config_path = g_build_filename (data_dir, "rapportd.conf", NULL);
  g_file_set_contents (server->config_path, config, -1, &error);
  g_assert_no_error (error);
  rapport_test_server_restart (server);
  g_free (server->admin_token);
  server->admin_token = rapport_test_login (server, "admin", server->admin_password);
  g_assert_nonnull (server->admin_token);
}

static guint
named (RapportTestServer *server,
       const char        *name)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = '%s'", name);
}

/* @until in +08:00, as an administrator in Beijing would give it */
static char *
in_beijing (gint64 until)
{
  g_autoptr(GTimeZone) beijing = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (until / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (utc, until % G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (exact, beijing);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S.%f%:z");
}

/* @data: rapportd's configuration */
static void
test_pitr (gconstpointer data)
{
  const char *config = data;
  RapportTestServer *server = rapport_test_server_start_with_config (config);
  g_autoptr(GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("rapport-pitr-XXXXXX", &error);
  g_autofree char *key = g_build_filename (work, "backup.key", NULL);
  g_autofree char *archive = g_build_filename (work, "rapport.backup", NULL);
  g_autofree char *restored = g_build_filename (work, "restored", NULL);
  g_autofree char *old_dir = g_strdup (server->data_dir);
  g_autofree char *output = NULL;
  g_autofree char *until = NULL;
  g_autofree char *too_early = NULL;
  gint64 moment, started;

  g_assert_no_error (error);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "backup-key", "new", "--out", key, NULL), ==, 0);
  rapport_test_create_named (server, BEFORE_BACKUP);
  too_early = in_beijing (g_get_real_time () - (gint64) 3600 * G_USEC_PER_SEC);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "backup", "--out", archive, "--key-file", key, NULL), ==, 0);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "shipped"));

  /* B, the moment, and C in a later second than the moment's: binary logs
   * know events to the second */
  rapport_test_create_named (server, BEFORE_MOMENT);
  moment = g_get_real_time ();
  while (g_get_real_time () / G_USEC_PER_SEC <= moment / G_USEC_PER_SEC)
    g_usleep (10 * 1000);
  rapport_test_create_named (server, AFTER_MOMENT);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "binlogs", "ship", "--out", work, "--key-file", key, NULL), ==, 0);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "shipped"));
  g_assert_cmpuint (assert_sealed (work), ==, 2);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, NULL));

  /* a time that is none, or before the backup: refused, nothing left behind */
  g_assert_cmpint (rapport_test_server_admin (server, &output, "restore", "--from", archive, "--data-dir", restored,
                                              "--key-file", key, "--until", "2026-13-45 25:00:00", NULL), ==, 2);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "--until"));
  g_assert_true (is_empty_or_absent (restored));
  g_assert_cmpint (rapport_test_server_admin (server, &output, "restore", "--from", archive, "--data-dir", restored,
                                              "--key-file", key, "--until", too_early, NULL), ==, 1);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "before the backup"));
  g_assert_true (is_empty_or_absent (restored));

  until = in_beijing (moment);
  started = g_get_monotonic_time ();
  g_assert_cmpint (rapport_test_server_admin (server, &output, "restore", "--from", archive, "--data-dir", restored,
                                              "--key-file", key, "--until", until, NULL), ==, 0);
  g_test_message ("restore --until %s: %s(%.1f s)", until, output, (g_get_monotonic_time () - started) / 1e6);

  start_on (server, restored, config);
  g_assert_cmpuint (named (server, BEFORE_BACKUP), ==, 1);
  g_assert_cmpuint (named (server, BEFORE_MOMENT), ==, 1);
  g_assert_cmpuint (named (server, AFTER_MOMENT), ==, 0);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "intact"));

  rapport_test_server_stop (server);
  remove_dir (old_dir);
  remove_dir (work);
}

/* a data directory moved elsewhere (a disk changed, a copy restored by
 * hand) starts where it is: its binary logs are named there again, and
 * what was written before the move is there, and a write after it */
static void
test_moved (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config ("[server]\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("rapport-moved-XXXXXX", &error);
  g_autofree char *moved = g_build_filename (work, "moved", NULL);
  g_autofree char *index = g_build_filename (moved, "db", "binlog", "binlog.index", NULL);
  g_autofree char *config = NULL;
  g_autofree char *names = NULL;
  g_autofree char *output = NULL;

  g_assert_no_error (error);
  rapport_test_create_named (server, BEFORE_MOMENT);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, NULL));
  g_assert_true (g_file_get_contents (server->config_path, &config, NULL, NULL));
  g_assert_cmpint (g_rename (server->data_dir, moved), ==, 0);

  start_on (server, moved, config);
  g_assert_cmpuint (named (server, BEFORE_MOMENT), ==, 1);
  rapport_test_create_named (server, AFTER_MOMENT);
  g_assert_cmpuint (named (server, AFTER_MOMENT), ==, 1);
  g_assert_true (g_file_get_contents (index, &names, NULL, NULL));
  g_test_message ("%s", names);
  g_assert_true (g_str_has_prefix (names, moved));
  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);

  rapport_test_server_stop (server);
  remove_dir (work);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/pitr/restore-to-a-moment", "[server]\n", test_pitr);
  /* binary logs MariaDB wrote in the clear, replayed without encryption */
  g_test_add_data_func ("/pitr/restore-to-a-moment-unencrypted", "[embedded]\nencryption=false\n", test_pitr);
  g_test_add_func ("/pitr/data-dir-moved", test_moved);
  return g_test_run ();
}
