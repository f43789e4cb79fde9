/* test-hostile-connections.c: silent, slow and churning clients neither stall nor exhaust rapportd */
#include "rapport-test-server.h"

#include <string.h>

#define HOSTILE        300
#define TIMEOUT        20
#define CYCLES         5000
#define OPENERS        6

static const char *config =
  "[server]\n"
  "handshake_timeout_seconds=20\n"
  "header_timeout_seconds=20\n";

static gboolean
accept_any (GTlsConnection       *connection,
            GTlsCertificate      *certificate,
            GTlsCertificateFlags  errors,
            gpointer              data)
{
  return TRUE;
}

/* a client that completes TLS, then sends half a request head and nothing more */
static GIOStream *
slow_header_client (RapportTestServer *server,
                    GSocket           *socket)
{
  g_autoptr(GSocketConnection) tcp = g_socket_connection_factory_create_connection (socket);
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  const char *partial = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";

  tls = g_tls_client_connection_new (G_IO_STREAM (tcp), NULL, &error);
  g_assert_no_error (error);
  /* the self-signed certificate is accepted as it is, without a trust store to search */
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), NULL);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any), NULL);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error) ||
      !g_output_stream_write_all (g_io_stream_get_output_stream (tls), partial, strlen (partial),
                                  NULL, NULL, &error))
    {
      g_test_message ("slow client: %s", error->message);
      return NULL;
    }
  return g_steal_pointer (&tls);
}

/* closed by the server: the socket reads an end or an error, not just TLS bytes */
static gboolean
closed_by_server (GSocket *socket)
{
  char buffer[4096];
  gssize n;

  if (g_socket_is_closed (socket))
    return TRUE;
  g_socket_set_blocking (socket, FALSE);
  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    ;
  if (n == 0)
    return TRUE;
  return !g_socket_condition_check (socket, G_IO_OUT) ||
         (g_socket_condition_check (socket, G_IO_HUP | G_IO_ERR) & (G_IO_HUP | G_IO_ERR)) != 0;
}

typedef struct
{
  RapportTestServer *server;
  GMutex             lock;
  GPtrArray         *sockets;
  GPtrArray         *streams;
  guint              failed;
} Opening;

/* as many at once as the server lets one address handshake */
static gpointer
open_slow_clients (gpointer data)
{
  Opening *opening = data;

  for (guint i = 0; i < HOSTILE / OPENERS; i++)
    {
      GSocket *socket = rapport_test_server_connect_raw (opening->server);
      GIOStream *slow;

      g_socket_set_timeout (socket, 5);
      slow = slow_header_client (opening->server, socket);
      g_mutex_lock (&opening->lock);
      g_ptr_array_add (opening->sockets, socket);
      if (slow)
        g_ptr_array_add (opening->streams, slow);
      else
        opening->failed++;
      g_mutex_unlock (&opening->lock);
    }
  return NULL;
}

static guint
count_closed (GPtrArray *sockets)
{
  guint closed = 0;

  for (guint i = 0; i < sockets->len; i++)
    if (closed_by_server (sockets->pdata[i]))
      closed++;
  return closed;
}

static void
test_silent_and_slow (void)
{
  RapportTestServer *server = rapport_test_server_start_tls_with_config (config);
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 threads_before = rapport_test_server_status_value (server, "Threads");
  guint64 threads_during;
  guint failed = 0;
  gint64 opened, deadline;
  gint64 start = g_get_monotonic_time ();
  gdouble worst = 0;

  for (guint i = 0; i < HOSTILE; i++)
    {
      GSocket *socket = rapport_test_server_connect_raw (server);

      g_socket_set_timeout (socket, 5);
      g_ptr_array_add (sockets, socket);
    }
  {
    Opening opening = { server, { 0 }, sockets, streams, 0 };
    GThread *openers[OPENERS];

    g_mutex_init (&opening.lock);
    for (guint i = 0; i < OPENERS; i++)
      openers[i] = g_thread_new ("opener", open_slow_clients, &opening);
    for (guint i = 0; i < OPENERS; i++)
      g_thread_join (openers[i]);
    g_mutex_clear (&opening.lock);
    failed = opening.failed;
  }
  opened = g_get_monotonic_time ();
  threads_during = rapport_test_server_status_value (server, "Threads");
  g_assert_cmpuint (sockets->len, ==, 2 * HOSTILE);
  g_test_message ("%u silent and %u slow-header connections opened in %.1f s (%u slow ones failed), %u closed "
                  "already; threads %" G_GUINT64_FORMAT " before, %" G_GUINT64_FORMAT " with them open",
                  HOSTILE, HOSTILE - failed, (opened - start) / (gdouble) G_USEC_PER_SEC, failed,
                  count_closed (sockets), threads_before, threads_during);

  for (guint i = 0; i < 10; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/health", NULL, NULL);
      gdouble seconds = (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC;

      g_test_message ("request %u during the attack: %u in %.3f s", i, reply->status, seconds);
      g_assert_cmpuint (reply->status, ==, 200);
      worst = MAX (worst, seconds);
    }
  g_test_message ("worst latency %.3f s; %u of %u hostile connections still open after %.1f s", worst,
                  sockets->len - count_closed (sockets), sockets->len,
                  (g_get_monotonic_time () - opened) / (gdouble) G_USEC_PER_SEC);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpfloat (worst, <, 1.0);
  /* silent ones hold no thread: only handshakes of clients that spoke do */
  g_assert_cmpuint (threads_during, <=, threads_before + 16);

  /* every hostile connection is closed by the server once its time is up */
  deadline = opened + (2 * TIMEOUT + 3) * G_USEC_PER_SEC;
  while (count_closed (sockets) < sockets->len && g_get_monotonic_time () < deadline)
    g_usleep (200 * 1000);
  g_test_message ("%u of %u closed by the server %.1f s after they were all open",
                  count_closed (sockets), sockets->len,
                  (g_get_monotonic_time () - opened) / (gdouble) G_USEC_PER_SEC);
  g_assert_cmpuint (count_closed (sockets), ==, sockets->len);

  g_ptr_array_set_size (streams, 0);
  rapport_test_server_stop (server);
}

static void
test_churn (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  const char *request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
  guint before, after = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline;

  /* one request first, so that lazily opened descriptors are counted */
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/health", NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  before = rapport_test_server_fd_count (server);
  for (guint i = 0; i < CYCLES; i++)
    {
      g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);

      g_socket_set_timeout (socket, 10);
      g_assert_cmpint (g_socket_send (socket, request, strlen (request), NULL, NULL), ==, strlen (request));
      g_assert_cmpuint (rapport_test_read_raw_answer (socket, NULL), ==, 200);
      g_socket_close (socket, NULL);
    }
  /* the server lets go of each within its linger time */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_usleep (100 * 1000);
      after = rapport_test_server_fd_count (server);
    }
  while (after > before + 8 && g_get_monotonic_time () < deadline);
  g_test_message ("%u connect/request/close cycles in %.1f s: rapportd had %u descriptors before, %u after",
                  CYCLES, (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC, before, after);
  g_assert_cmpuint (after, <=, before + 8);
  rapport_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hostile/connections/silent-and-slow", test_silent_and_slow);
  g_test_add_func ("/hostile/connections/churn", test_churn);
  return g_test_run ();
}
