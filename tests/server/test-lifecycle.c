/* test-lifecycle.c: schema matches the metamodel, data survives restarts, rapportd never leaves mariadbd behind */
#include "rapport-test-server.h"
#include "crm-entities.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

static RapportTestServer *server;

static void
test_schema_matches_descriptors (void)
{
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *klass = g_type_class_peek (types[t]);
      g_autofree char *query = g_strdup_printf ("SELECT column_name FROM information_schema.columns "
                                                "WHERE table_schema = 'rapport' AND table_name = '%s'",
                                                klass->collection);
      g_autofree char *columns = rapport_test_server_sql (server, query);
      g_auto(GStrv) names = g_strsplit (g_strchomp (columns), "\n", -1);

      for (guint i = 0; i < klass->n_fields; i++)
        if (!g_strv_contains ((const char * const *) names, crm_field_spec_get_column (&klass->fields[i])))
          g_error ("table %s has no column %s for field %s", klass->collection,
                   crm_field_spec_get_column (&klass->fields[i]), klass->fields[i].name);
    }
}

static gint64
mariadbd_pid (void)
{
  g_autofree char *path = g_build_filename (server->data_dir, "db", "mariadb.pid", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return g_ascii_strtoll (text, NULL, 10);
}

static gboolean
process_gone (gint64 pid,
              guint  seconds)
{
  for (guint i = 0; i < seconds * 10; i++)
    {
      if (kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        return TRUE;
      g_usleep (100 * 1000);
    }
  return FALSE;
}

static gint64
create (const char *name)
{
  return rapport_test_create_named (server, name);
}

static void
assert_account (gint64      id,
                const char *name)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, server->admin_token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (reply, "name"), ==, name);
}

static void
test_sigterm_stops_mariadbd (void)
{
  gint64 id = create ("Survives a restart");
  gint64 pid = mariadbd_pid ();
  g_autofree char *password_path = g_build_filename (server->data_dir, "initial-admin-password", NULL);
  g_autofree char *password = NULL;

  g_assert_cmpint (kill ((pid_t) pid, 0), ==, 0);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, NULL));
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  /* rapportd waited for it: gone already, no orphan */
  g_assert_true (process_gone (pid, 1));

  rapport_test_server_restart (server);
  g_assert_cmpint (mariadbd_pid (), !=, pid);
  assert_account (id, "Survives a restart");
  /* the first admin is created once */
  g_assert_true (g_file_get_contents (password_path, &password, NULL, NULL));
  g_assert_cmpstr (g_strchomp (password), ==, server->initial_password);
}

static void
test_sigkill_takes_mariadbd_along (void)
{
  gint64 id = create ("Committed before a crash");
  gint64 pid = mariadbd_pid ();

  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  /* no chance to clean up, yet mariadbd goes too (parent-death signal) */
  g_assert_true (process_gone (pid, 60));

  rapport_test_server_restart (server);
  /* acknowledged writes survive the crash */
  assert_account (id, "Committed before a crash");
}

static void
test_mariadbd_crash_is_supervised (void)
{
  gint64 pid = mariadbd_pid ();
  gboolean healthy = FALSE;

  g_assert_cmpint (kill ((pid_t) pid, SIGKILL), ==, 0);
  g_assert_true (process_gone (pid, 10));

  for (guint i = 0; i < 600 && !healthy; i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/health", NULL, NULL);

      healthy = reply->status == 200;
      if (!healthy)
        {
          g_assert_cmpuint (reply->status, ==, 503);
          g_usleep (100 * 1000);
        }
    }
  g_assert_true (healthy);
  g_assert_cmpint (mariadbd_pid (), !=, pid);
  create ("Written after the database came back");
}

static void
test_second_rapportd_refused (void)
{
  g_autofree char *output = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              g_getenv ("RAPPORTD"), "--data-dir", server->data_dir,
                              "--listen", "127.0.0.1:0", "--no-tls", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_successful (process));
  g_assert_nonnull (strstr (output, "already runs"));
}

static void
test_no_tls_needs_loopback (void)
{
  g_autofree char *output = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              g_getenv ("RAPPORTD"), "--data-dir", server->data_dir,
                              "--listen", "0.0.0.0:0", "--no-tls", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_nonnull (strstr (output, "loopback"));
}

int
main (int   argc,
      char *argv[])
{
  int status;
  guint n_types;

  g_test_init (&argc, &argv, NULL);
  crm_entities_list (&n_types);
  server = rapport_test_server_start ();

  g_test_add_func ("/lifecycle/schema-matches-descriptors", test_schema_matches_descriptors);
  g_test_add_func ("/lifecycle/no-tls-needs-loopback", test_no_tls_needs_loopback);
  g_test_add_func ("/lifecycle/second-rapportd-refused", test_second_rapportd_refused);
  g_test_add_func ("/lifecycle/sigterm-stops-mariadbd", test_sigterm_stops_mariadbd);
  g_test_add_func ("/lifecycle/sigkill-takes-mariadbd-along", test_sigkill_takes_mariadbd_along);
  g_test_add_func ("/lifecycle/mariadbd-crash-is-supervised", test_mariadbd_crash_is_supervised);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
