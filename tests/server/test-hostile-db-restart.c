/* test-hostile-db-restart.c: while the embedded mariadbd restarts, every request is answered within a second */
#include "rapport-test-server.h"

#include <signal.h>
#include <string.h>
#include <gio/gunixsocketaddress.h>

/* the promptness asked of every answer while the database is away */
#define MAX_ANSWER_USEC (1 * G_USEC_PER_SEC)
/* how long mariadbd may take to come back */
#define RESTART_DEADLINE_SECONDS 120
/* how long the restarted mariadbd is held still once it listens */
#define HOLD_USEC (3 * G_USEC_PER_SEC)

static RapportTestServer *server;

static int
mariadbd_pid (void)
{
  g_autofree char *path = g_build_filename (server->data_dir, "db", "mariadb.pid", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (int) g_ascii_strtoll (text, NULL, 10);
}

/* whether a mariadbd listens on the socket (a dead one's socket refuses) */
static gboolean
socket_listens (void)
{
  g_autofree char *path = rapport_test_server_socket (server);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, NULL);

  g_assert_nonnull (socket);
  return g_socket_connect (socket, address, NULL, NULL);
}

/* the mariadbd that runs on our data directory, other than @old */
static int
find_mariadbd (int old)
{
  g_autofree char *datadir_arg = g_strdup_printf ("--datadir=%s/db/data", server->data_dir);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      gsize length = 0;
      int pid = (int) g_ascii_strtoll (name, NULL, 10);

      if (pid <= 0 || pid == old)
        continue;
      path = g_strdup_printf ("/proc/%d/cmdline", pid);
      if (!g_file_get_contents (path, &cmdline, &length, NULL) || length == 0)
        continue;
      /* NUL-separated arguments */
      if (!g_str_has_suffix (cmdline, "mariadbd"))
        continue;
      for (const char *arg = cmdline; arg < cmdline + length; arg += strlen (arg) + 1)
        if (g_str_equal (arg, datadir_arg))
          return pid;
    }
  return 0;
}

/* Sends one request, asserting that it is answered within the second,
 * with 200 or with 503 and a Retry-After. Returns the status. @held is a
 * mariadbd held still, to let go before failing. */
static guint
timed_request (const char *method,
               const char *path,
               const char *token,
               const char *body,
               int         held)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, method, path, token, body);
  gint64 elapsed = g_get_monotonic_time () - start;

  /* a held mariadbd is let go before failing, or it would outlive the test */
  if (elapsed > MAX_ANSWER_USEC && held > 0)
    kill (held, SIGCONT);
  if (elapsed > MAX_ANSWER_USEC)
    g_error ("%s %s took %" G_GINT64_FORMAT " ms (answered %u) while mariadbd restarted",
             method, path, elapsed / 1000, reply->status);
  if (reply->status == 503)
    {
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "unavailable");
      g_assert_nonnull (reply->retry_after);
      g_assert_cmpint (g_ascii_strtoll (reply->retry_after, NULL, 10), >, 0);
    }
  else if (reply->status != 200 && reply->status != 201)
    g_error ("%s %s answered %u while mariadbd restarted: %s", method, path, reply->status, reply->body);
  return reply->status;
}

/* Kills mariadbd and, once the supervisor's new one listens on its socket,
 * holds it still (SIGSTOP) for a while: it accepts connections then but
 * answers none, as a server busy recovering would. Requests must still be
 * answered within the second, until it is back. */
static void
kill_and_watch (void)
{
  int pid = mariadbd_pid ();
  gint64 deadline;
  gint64 held_until = 0;
  int held = 0;
  guint unavailable = 0;
  guint answered = 0;
  gboolean back = FALSE;

  g_assert_cmpint (pid, >, 0);
  g_assert_true (socket_listens ());
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  deadline = g_get_monotonic_time () + RESTART_DEADLINE_SECONDS * G_USEC_PER_SEC;

  /* the new mariadbd, caught as soon as its socket is there */
  while (held == 0 && g_get_monotonic_time () < deadline)
    {
      int found = find_mariadbd (pid);

      while (found > 0 && !socket_listens () && g_get_monotonic_time () < deadline && kill (found, 0) == 0)
        g_usleep (200);
      if (found > 0 && kill (found, SIGSTOP) == 0)
        {
          held = found;
          held_until = g_get_monotonic_time () + HOLD_USEC;
        }
      else
        g_usleep (1000);
    }
  g_assert_cmpint (held, >, 0);

  /* both kinds of request, again and again, until mariadbd is back */
  while (!back && g_get_monotonic_time () < deadline)
    {
      guint health;
      guint list;

      if (held > 0 && g_get_monotonic_time () >= held_until)
        {
          kill (held, SIGCONT);
          held = 0;
        }
      health = timed_request ("GET", "/api/v1/health", NULL, NULL, held);
      list = timed_request ("GET", "/api/v1/accounts", server->admin_token, NULL, held);
      answered += 2;
      unavailable += (health == 503) + (list == 503);
      back = held == 0 && health == 200 && list == 200;
      g_usleep (20 * 1000);
    }
  g_test_message ("%u requests while mariadbd restarted, %u answered 503", answered, unavailable);
  g_assert_true (back);
  /* the window was there, and requests went through it */
  g_assert_cmpuint (unavailable, >, 0);
}

static void
test_restart (void)
{
  g_autoptr(RapportTestReply) list = NULL;

  rapport_test_create_named (server, "Before the restart");
  kill_and_watch ();

  /* writes work again, and what was there is still there */
  rapport_test_create_named (server, "After the restart");
  list = rapport_test_request (server, "GET", "/api/v1/accounts", server->admin_token, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_nonnull (strstr (list->body, "Before the restart"));
  g_assert_nonnull (strstr (list->body, "After the restart"));

  /* and again: the supervisor keeps watching the mariadbd it restarted */
  kill_and_watch ();
  rapport_test_create_named (server, "After the second restart");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/hostile/db-restart/answers-promptly", test_restart);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
