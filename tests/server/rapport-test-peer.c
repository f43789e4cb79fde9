/* rapport-test-peer.c: a second rapportd on the fixture's database, as behind a load balancer */
#include "rapport-test-peer.h"

#include <signal.h>
#include <string.h>

/**
 * rapport_test_peer_start:
 * @server: the fixture's running server
 *
 * Starts another rapportd on @server's database (its own data directory,
 * no embedded MariaDB of its own) and waits until it listens.
 *
 * Returns: (transfer full): the peer; rapport_test_peer_stop() ends it
 */
RapportTestPeer *
rapport_test_peer_start (RapportTestServer *server)
{
  g_autofree char *socket = rapport_test_server_socket (server);
  g_autofree char *config = g_strdup_printf ("[server]\nsession_cache_seconds=0\n[database]\nsocket=%s\n"
                                             "user=root\nname=rapport\n", socket);

  return rapport_test_peer_start_with_config (config);
}

/**
 * rapport_test_peer_start_with_config:
 * @config: the text of its rapportd.conf, with a `[database]` group
 *
 * Like rapport_test_peer_start(), where @config says where its database is.
 *
 * Returns: (transfer full): the peer; rapport_test_peer_stop() ends it
 */
RapportTestPeer *
rapport_test_peer_start_with_config (const char *config)
{
  RapportTestPeer *peer = g_new0 (RapportTestPeer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *config_path = NULL;
  g_autofree char *log_path = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  const char *marker = "Listening on http://127.0.0.1:";

  peer->data_dir = g_dir_make_tmp ("rapport-test-peer-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (peer->data_dir, "rapportd.conf", NULL);
  log_path = g_build_filename (peer->data_dir, "rapportd.log", NULL);
  peer->log_path = g_strdup (log_path);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/null");
  peer->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RAPPORTD"), "--data-dir", peer->data_dir,
                                               "--listen", "127.0.0.1:0", "--config", config_path, "--no-tls", NULL);
  g_assert_no_error (error);
  while (g_get_monotonic_time () < deadline && g_subprocess_get_identifier (peer->process) != NULL)
    {
      g_autofree char *log = NULL;
      const char *found;

      if (g_file_get_contents (log_path, &log, NULL, NULL) && (found = strstr (log, marker)) != NULL)
        {
          peer->base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                            (guint) g_ascii_strtoull (found + strlen (marker), NULL, 10));
          return peer;
        }
      g_usleep (50 * 1000);
    }
  {
    g_autofree char *log = NULL;

    g_file_get_contents (log_path, &log, NULL, NULL);
    g_error ("the second rapportd did not start:\n%s", log ? log : "(no log)");
  }
  return NULL;
}

/**
 * rapport_test_peer_stop:
 * @peer: a peer
 *
 * Stops it as a service manager would (SIGTERM) and removes its data directory.
 */
void
rapport_test_peer_stop (RapportTestPeer *peer)
{
  g_autoptr(GSubprocess) rm = NULL;

  g_subprocess_send_signal (peer->process, SIGTERM);
  g_subprocess_wait (peer->process, NULL, NULL);
  rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", peer->data_dir, NULL);
  g_assert_nonnull (rm);
  g_subprocess_wait (rm, NULL, NULL);
  g_object_unref (peer->process);
  g_free (peer->data_dir);
  g_free (peer->base_url);
  g_free (peer->log_path);
  g_free (peer);
}

typedef struct
{
  RapportTestServer  clone;
  const char        *method;
  const char        *path;
  GMutex            *mutex;
  GCond             *cond;
  gboolean          *go;
  RapportTestReply  *reply;
} Sender;

static gpointer
send_when_told (gpointer data)
{
  Sender *sender = data;

  g_mutex_lock (sender->mutex);
  while (!*sender->go)
    g_cond_wait (sender->cond, sender->mutex);
  g_mutex_unlock (sender->mutex);
  sender->reply = rapport_test_request (&sender->clone, sender->method, sender->path,
                                        sender->clone.admin_token, NULL);
  return NULL;
}

/**
 * rapport_test_request_both:
 * @server: the fixture's server
 * @peer: the second rapportd on its database
 * @method: the HTTP method
 * @path: the path, the same for both
 * @replies: (out): the fixture's reply, then the peer's
 *
 * Sends one request as the administrator to both rapportd at the same
 * instant, each from its own thread and connection.
 */
void
rapport_test_request_both (RapportTestServer *server,
                           RapportTestPeer   *peer,
                           const char        *method,
                           const char        *path,
                           RapportTestReply  *replies[2])
{
  Sender senders[2];
  GThread *threads[2];
  GMutex mutex;
  GCond cond;
  gboolean go = FALSE;

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  for (guint i = 0; i < 2; i++)
    {
      senders[i].clone = *server;
      senders[i].clone.session = soup_session_new ();
      if (i == 1)
        senders[i].clone.base_url = peer->base_url;
      senders[i].method = method;
      senders[i].path = path;
      senders[i].mutex = &mutex;
      senders[i].cond = &cond;
      senders[i].go = &go;
      senders[i].reply = NULL;
      threads[i] = g_thread_new ("both", send_when_told, &senders[i]);
    }
  g_mutex_lock (&mutex);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&mutex);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_object_unref (senders[i].clone.session);
      replies[i] = senders[i].reply;
    }
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}
