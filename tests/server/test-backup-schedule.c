/* test-backup-schedule.c: rapportd makes the day's backup itself when it is due, keeps the newest [backup] retention archives, tells administrators of success and failure, and shows the last good one in the metrics */
#include "rapport-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

#define WAIT_SECONDS 180

/* a schedule whose time today has just passed, so the backup is due at start */
static char *
due_config (const char *directory,
            const char *key)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) earlier = g_date_time_add_minutes (now, -1);

  return g_strdup_printf ("[backup]\ntime=%02d:%02d\ndirectory=%s\nretention=2\nkey_file=%s\n",
                          g_date_time_get_hour (earlier), g_date_time_get_minute (earlier), directory, key);
}

static void
run_admin (const char *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) admin = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("RAPPORT_ADMIN"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  admin = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (admin, NULL, &error));
  g_assert_no_error (error);
}

/* the names in @directory ending in @suffix */
static GPtrArray *
archives_ending (const char *directory,
                 const char *suffix)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

/* the archives' names in @directory */
static GPtrArray *
archives (const char *directory)
{
  return archives_ending (directory, ".backup");
}

static gint64
backup_events (RapportTestServer *server,
               const char        *ok)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM events e JOIN users u ON u.id = e.user_id "
                               "WHERE e.kind = 'backup' AND u.login = 'admin' "
                               "AND JSON_EXTRACT(e.payload, '$.ok') = '%s'", ok);
}

static void
wait_for_event (RapportTestServer *server,
                const char        *ok)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (backup_events (server, ok) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (250 * 1000);
    }
}

/* rapportd_last_backup_timestamp_seconds in a scrape of /api/v1/metrics, or -1 when left out */
static gint64
last_backup_metric (RapportTestServer *server)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/metrics", NULL, NULL);
  const char *line;

  g_assert_cmpuint (reply->status, ==, 200);
  line = strstr (reply->body, "\nrapportd_last_backup_timestamp_seconds ");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("\nrapportd_last_backup_timestamp_seconds "), NULL, 10);
}

static void
test_daily_backup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("rapport-schedule-XXXXXX", &error);
  g_autofree char *directory = g_build_filename (work, "backups", NULL);
  g_autofree char *key = g_build_filename (work, "backup.key", NULL);
  g_autofree char *config = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *log = NULL;
  g_autofree char *log_text = NULL;
  g_autoptr(GPtrArray) names = NULL;
  static const char * const old[] = { "rapport-20200101T000000Z.backup", "rapport-20200102T000000Z.backup",
                                      "rapport-20200103T000000Z.backup" };
  /* binary logs shipped before the oldest archive kept, and after it */
  static const char * const old_binlogs[] = { "rapport-binlogs-20200102T000001Z.binlogs",
                                              "rapport-binlogs-20200103T000001Z.binlogs" };
  g_autoptr(GPtrArray) binlogs = NULL;
  RapportTestServer *server;
  gint64 started;
  gint64 last_backup;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (directory, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (old) + G_N_ELEMENTS (old_binlogs); i++)
    {
      g_autofree char *path = g_build_filename (directory, i < G_N_ELEMENTS (old) ? old[i] :
                                                old_binlogs[i - G_N_ELEMENTS (old)], NULL);

      g_file_set_contents (path, "an old archive", -1, &error);
      g_assert_no_error (error);
    }
  run_admin ("backup-key", "new", "--out", key, NULL);
  config = due_config (directory, key);
  started = g_get_real_time () / G_USEC_PER_SEC;
  server = rapport_test_server_start_with_config (config);

  wait_for_event (server, "true");
  /* the scrape shows when it finished, from which a rule computes its age */
  last_backup = last_backup_metric (server);
  g_assert_cmpint (last_backup, >=, started);
  g_assert_cmpint (last_backup, <=, g_get_real_time () / G_USEC_PER_SEC);
  names = archives (directory);
  /* the new one and the newest old one: retention 2 */
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (names, old[2], g_str_equal, NULL));
  for (guint i = 0; i < names->len; i++)
    if (!g_str_equal (names->pdata[i], old[2]))
      newest = g_build_filename (directory, names->pdata[i], NULL);
  g_assert_nonnull (newest);
  run_admin ("backup", "verify", newest, "--key-file", key, NULL);
  /* the binary logs shipped with it; those older than the oldest kept gone */
  binlogs = archives_ending (directory, ".binlogs");
  g_assert_cmpuint (binlogs->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (binlogs, old_binlogs[1], g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (binlogs, old_binlogs[0], g_str_equal, NULL));
  log = g_build_filename (server->data_dir, "rapportd.log", NULL);
  g_assert_true (g_file_get_contents (log, &log_text, NULL, NULL));
  g_assert_nonnull (strstr (log_text, "Scheduled backup written to"));

  /* a key that is gone: the failure is logged and told */
  g_assert_cmpint (g_unlink (key), ==, 0);
  g_assert_cmpint (g_unlink (newest), ==, 0);
  rapport_test_server_stop (server);
  server = rapport_test_server_start_with_config (config);
  wait_for_event (server, "false");
  /* a failed one is no good backup */
  g_assert_cmpint (last_backup_metric (server), ==, -1);
  g_clear_pointer (&log_text, g_free);
  g_free (log);
  log = g_build_filename (server->data_dir, "rapportd.log", NULL);
  g_assert_true (g_file_get_contents (log, &log_text, NULL, NULL));
  g_assert_nonnull (strstr (log_text, "Scheduled backup to"));
  g_assert_nonnull (strstr (log_text, "failed"));
  rapport_test_server_stop (server);

  {
    g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "rm", "-rf", "--", work, NULL);

    g_assert_no_error (error);
    g_subprocess_wait (rm, NULL, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup-schedule/daily", test_daily_backup);
  return g_test_run ();
}
