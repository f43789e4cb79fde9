/* test-plain-requests.c: requests the listener reads and answers itself are answered as the HTTP server answers them, bodies in pieces, 100-continue, HEAD and pipelining included */
#include "rapport-test-server.h"
#include "rapport-test-raw.h"

#include <string.h>

/* the answer to @request sent alone on a fresh connection */
static void
ask (RapportTestServer *server,
     const char        *request,
     RapportTestAnswer *answer)
{
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autoptr(GString) pending = g_string_new (NULL);

  g_socket_set_timeout (socket, 20);
  rapport_test_send_all (socket, request);
  g_assert_true (rapport_test_read_answer (socket, pending, answer));
}

/* @request once as a plain request, and once with a chunked body, which
 * only the HTTP server reads: the same status, body and headers (both
 * carry one request id, which errors repeat) */
static void
assert_same (RapportTestServer *server,
             const char        *method,
             const char        *target,
             const char        *headers,
             const char        *body)
{
  g_autofree char *plain = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: same-answers\r\n%sContent-Length: %zu\r\n\r\n%s",
                                            method, target, headers, strlen (body), body);
  g_autofree char *chunked = body[0] ? g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: same-answers\r\n%s"
                                                        "Transfer-Encoding: chunked\r\n\r\n%zx\r\n%s\r\n0\r\n\r\n",
                                                        method, target, headers, strlen (body), body)
                                     : g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: same-answers\r\n%s"
                                                        "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                                                        method, target, headers);
  RapportTestAnswer a = { 0 }, b = { 0 };
  const char *names[] = { "Server", "Cache-Control", "Content-Type", "Retry-After", "X-Request-Id" };

  ask (server, plain, &a);
  ask (server, chunked, &b);
  g_test_message ("%s %s: %u %s", method, target, a.status, a.body);
  g_assert_cmpuint (a.status, ==, b.status);
  g_assert_cmpstr (a.body, ==, b.body);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *x = rapport_test_header_value (a.head, names[i]);
      g_autofree char *y = rapport_test_header_value (b.head, names[i]);

      g_assert_cmpstr (x, ==, y);
    }
  g_assert_nonnull (strstr (a.head, "\r\nDate: "));
  rapport_test_answer_clear (&a);
  rapport_test_answer_clear (&b);
}

static void
test_same_answers (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s\r\n", server->admin_token);
  g_autofree char *json_auth = g_strdup_printf ("%sContent-Type: application/json; charset=utf-8\r\n", auth);
  g_autofree char *text_auth = g_strdup_printf ("%sContent-Type: text/plain\r\n", auth);
  gint64 id = rapport_test_create_named (server, "康泰医疗 Plain");
  g_autofree char *by_id = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autoptr(GString) by_encoded_id = g_string_new ("/api/v1/accounts/");

  /* every digit of the id percent-encoded */
  for (const char *digit = by_id + strlen ("/api/v1/accounts/"); *digit; digit++)
    g_string_append_printf (by_encoded_id, "%%%02X", (guint) *digit);
  assert_same (server, "GET", "/api/v1/health", "", "");
  assert_same (server, "GET", by_id, auth, "");
  assert_same (server, "GET", "/api/v1/accounts?q=%E5%BA%B7%E6%B3%B0&limit=5", auth, "");
  assert_same (server, "GET", "/api/v1/accounts?q=Plain&q=other&limit=5", auth, "");
  assert_same (server, "GET", "/api/v1/x/../accounts?limit=1", auth, "");
  assert_same (server, "GET", "/api/v1/accounts", "Authorization: Bearer wrong\r\n", "");
  assert_same (server, "GET", "/nothing", "", "");
  assert_same (server, "GET", by_encoded_id->str, auth, "");
  assert_same (server, "POST", "/api/v1/session", "Content-Type: application/json\r\n", "{\"login\": 1");
  assert_same (server, "POST", "/api/v1/accounts", text_auth, "{\"name\": \"x\"}");
  assert_same (server, "PATCH", by_id, json_auth, "{\"version\": 99, \"notes\": \"stale\"}");
  assert_same (server, "DELETE", "/api/v1/health", "", "");
  rapport_test_server_stop (server);
}

/* a body that comes in pieces, after its head, is read whole before the
 * request runs; one asking for 100-continue is told to go on first */
static void
test_body_in_pieces (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  const char *body = "{\"name\": \"Pieces 分批 Ltd\", \"notes\": \"sent in three parts\"}";
  gsize length = strlen (body);
  g_autofree char *head = g_strdup_printf ("POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %zu\r\n\r\n", server->admin_token, length);
  g_autofree char *expecting = g_strdup_printf ("POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                                "Expect: 100-continue\r\nContent-Length: %zu\r\n\r\n",
                                                server->admin_token, length);

  {
    g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
    g_autoptr(GString) pending = g_string_new (NULL);
    g_autofree char *first = g_strndup (body, 10);
    g_autofree char *second = g_strndup (body + 10, 20);
    RapportTestAnswer answer = { 0 };

    g_socket_set_timeout (socket, 20);
    rapport_test_send_all (socket, head);
    g_usleep (150 * 1000);
    rapport_test_send_all (socket, first);
    g_usleep (150 * 1000);
    rapport_test_send_all (socket, second);
    g_usleep (150 * 1000);
    rapport_test_send_all (socket, body + 30);
    g_assert_true (rapport_test_read_answer (socket, pending, &answer));
    g_assert_cmpuint (answer.status, ==, 201);
    g_assert_nonnull (strstr (answer.body, "\"name\":\"Pieces 分批 Ltd\""));
    g_assert_null (strstr (answer.head, "Connection: close"));
    rapport_test_answer_clear (&answer);
  }
  {
    g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
    g_autoptr(GString) pending = g_string_new (NULL);
    char buffer[256];
    gssize n;
    RapportTestAnswer answer = { 0 };

    g_socket_set_timeout (socket, 20);
    rapport_test_send_all (socket, expecting);
    n = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, NULL);
    g_assert_cmpint (n, >, 0);
    buffer[n] = '\0';
    g_assert_cmpstr (buffer, ==, "HTTP/1.1 100 Continue\r\n\r\n");
    rapport_test_send_all (socket, body);
    g_assert_true (rapport_test_read_answer (socket, pending, &answer));
    g_assert_cmpuint (answer.status, ==, 201);
    rapport_test_answer_clear (&answer);
  }
  rapport_test_server_stop (server);
}

/* a body over max_body_bytes is refused unread, and the connection ends */
static void
test_too_large (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config ("[server]\nmax_body_bytes=2000\n");
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autoptr(GString) pending = g_string_new (NULL);
  RapportTestAnswer answer = { 0 };

  g_socket_set_timeout (socket, 20);
  rapport_test_send_all (socket, "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 "Content-Type: application/json\r\nContent-Length: 2001\r\n\r\n{");
  g_assert_true (rapport_test_read_answer (socket, pending, &answer));
  g_assert_cmpuint (answer.status, ==, 413);
  g_assert_nonnull (strstr (answer.body, "\"too_large\""));
  g_assert_nonnull (strstr (answer.head, "Connection: close"));
  rapport_test_answer_clear (&answer);
  g_assert_true (rapport_test_closed_within (socket, 10));
  rapport_test_server_stop (server);
}

/* HEAD is answered without a body, and pipelined requests in order on one
 * connection, each to its own */
static void
test_head_and_pipelining (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autoptr(GString) pending = g_string_new (NULL);
  g_autoptr(GString) requests = g_string_new ("HEAD /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  gint64 ids[3];
  char buffer[4096];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("Pipelined %u", i);

      ids[i] = rapport_test_create_named (server, name);
      g_string_append_printf (requests, "GET /api/v1/accounts/%" G_GINT64_FORMAT " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Authorization: Bearer %s\r\n\r\n", ids[i], server->admin_token);
    }
  g_socket_set_timeout (socket, 20);
  rapport_test_send_all (socket, requests->str);

  /* the HEAD answer: a head that gives a length, and no body after it */
  while (strstr (pending->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

      g_assert_cmpint (n, >, 0);
      g_string_append_len (pending, buffer, n);
    }
  g_assert_true (g_str_has_prefix (pending->str, "HTTP/1.1 405 "));
  g_assert_nonnull (strstr (pending->str, "Content-Length: "));
  g_string_erase (pending, 0, strstr (pending->str, "\r\n\r\n") + 4 - pending->str);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      RapportTestAnswer answer = { 0 };
      g_autofree char *name = g_strdup_printf ("\"name\":\"Pipelined %u\"", i);

      g_assert_true (rapport_test_read_answer (socket, pending, &answer));
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_nonnull (strstr (answer.body, name));
      rapport_test_answer_clear (&answer);
    }
  rapport_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plain/same-answers", test_same_answers);
  g_test_add_func ("/plain/body-in-pieces", test_body_in_pieces);
  g_test_add_func ("/plain/too-large", test_too_large);
  g_test_add_func ("/plain/head-and-pipelining", test_head_and_pipelining);
  return g_test_run ();
}
