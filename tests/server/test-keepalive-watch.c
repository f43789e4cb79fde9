/* test-keepalive-watch.c: on one kept-alive connection, requests answered at once on the HTTP thread, by a worker and pipelined follow each other in order, a large answer included */
#include "rapport-test-server.h"
#include "rapport-test-raw.h"

#include <string.h>

/* one HTTP thread: every request below is read by the same listener, which
 * waits for the next head on the watch of the last one when it answered
 * at once, and on a new one when a worker answered */
#define CONFIG "[server]\nhttp_threads=1\nworkers=2\n"

static char *
get (const char *target,
     const char *auth)
{
  return g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Length: 0\r\n\r\n", target, auth);
}

static void
expect (GSocket    *socket,
        GString    *pending,
        guint       status,
        const char *in_body)
{
  RapportTestAnswer answer = { 0 };

  g_assert_true (rapport_test_read_answer (socket, pending, &answer));
  g_assert_cmpuint (answer.status, ==, status);
  g_assert_nonnull (strstr (answer.body, in_body));
  g_assert_null (strstr (answer.head, "Connection: close"));
  rapport_test_answer_clear (&answer);
}

static void
test_one_connection (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config (CONFIG);
  g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s\r\n", server->admin_token);
  gint64 id = rapport_test_create_named (server, "长连接 Keep-Alive GmbH");
  g_autofree char *by_id_path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autofree char *health = get ("/api/v1/health", "");
  g_autofree char *by_id = get (by_id_path, auth);
  g_autofree char *list = get ("/api/v1/accounts?limit=5&q=Keep-Alive", auth);
  g_autofree char *openapi = get ("/api/v1/openapi.json", "");
  g_autofree char *pipelined = g_strconcat (health, list, by_id, openapi, health, NULL);
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autoptr(GString) pending = g_string_new (NULL);

  g_socket_set_timeout (socket, 30);
  for (guint i = 0; i < 40; i++)
    {
      /* at once, at once, on a worker, in every order */
      rapport_test_send_all (socket, (i % 3 == 0) ? health : (i % 3 == 1) ? by_id : list);
      expect (socket, pending, 200, (i % 3 == 0) ? "\"status\":\"ok\"" : "Keep-Alive GmbH");
      rapport_test_send_all (socket, (i % 2 == 0) ? list : health);
      expect (socket, pending, 200, (i % 2 == 0) ? "Keep-Alive GmbH" : "\"status\":\"ok\"");
    }
  /* five in one piece, answered in order; the description of the API is
   * larger than a socket's buffer may hold at once */
  for (guint i = 0; i < 5; i++)
    {
      rapport_test_send_all (socket, pipelined);
      expect (socket, pending, 200, "\"status\":\"ok\"");
      expect (socket, pending, 200, "Keep-Alive GmbH");
      expect (socket, pending, 200, "\"name\":\"长连接 Keep-Alive GmbH\"");
      expect (socket, pending, 200, "\"openapi\"");
      expect (socket, pending, 200, "\"status\":\"ok\"");
    }
  /* and still the same connection */
  rapport_test_send_all (socket, by_id);
  expect (socket, pending, 200, "\"name\":\"长连接 Keep-Alive GmbH\"");
  g_assert_cmpuint (pending->len, ==, 0);
  rapport_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keepalive-watch/one-connection", test_one_connection);
  return g_test_run ();
}
