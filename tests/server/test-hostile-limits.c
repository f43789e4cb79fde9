/* test-hostile-limits.c: oversize request heads, queries and chunked bodies are answered, not dropped */
#include "rapport-test-server.h"

#include <string.h>

typedef struct
{
  guint  status;
  char  *text;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* reads until the server closes, or a complete answer with a Content-Length */
static void
read_answer (GSocket *socket,
             Answer  *answer)
{
  rapport_test_read_raw_answer (socket, &answer->text);
  answer->status = g_str_has_prefix (answer->text, "HTTP/1.1 ") ?
    g_ascii_strtoull (answer->text + strlen ("HTTP/1.1 "), NULL, 10) : 0;
}

static void
send_all (GSocket    *socket,
          const char *data,
          gsize       length)
{
  gsize sent = 0;

  while (sent < length)
    {
      gssize n = g_socket_send (socket, data + sent, length - sent, NULL, NULL);

      if (n <= 0)
        return;
      sent += n;
    }
}

static void
exchange (RapportTestServer *server,
          const char        *head,
          Answer            *answer)
{
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);

  g_socket_set_timeout (socket, 20);
  send_all (socket, head, strlen (head));
  read_answer (socket, answer);
}

static void
assert_error (Answer     *answer,
              guint       status,
              const char *code)
{
  g_autofree char *expected = g_strdup_printf ("\"code\":\"%s\"", code);
  g_autofree char *compact = NULL;
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);

  g_test_message ("answer: %.200s", answer->text);
  g_assert_cmpuint (answer->status, ==, status);
  compact = g_regex_replace_literal (spaces, answer->text, -1, 0, "", 0, NULL);
  g_assert_nonnull (strstr (compact, expected));
  g_assert_nonnull (strstr (answer->text, "Connection: close"));
}

/* a head that arrives a byte at a time is read as one that arrives whole */
static void
test_trickled_head (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  const char *head = "GET /api/v1/health?a=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: b\r\n\r\n";
  g_auto(Answer) answer = { 0 };

  g_socket_set_timeout (socket, 20);
  for (const char *p = head; *p; p++)
    {
      send_all (socket, p, 1);
      g_usleep (2000);
    }
  read_answer (socket, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  rapport_test_server_stop (server);
}

static void
test_huge_header (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GString) head = g_string_new ("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
  g_auto(Answer) answer = { 0 };

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (head, 'a');
  g_string_append (head, "\r\n\r\n");
  exchange (server, head->str, &answer);
  assert_error (&answer, 431, "headers_too_large");
  rapport_test_server_stop (server);
}

static void
test_many_headers (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GString) head = g_string_new ("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  g_auto(Answer) answer = { 0 };
  g_auto(Answer) fine = { 0 };

  /* the limit itself is fine */
  for (guint i = 1; i < 100; i++)
    g_string_append_printf (head, "X-H%u: v\r\n", i);
  {
    g_autofree char *at_limit = g_strconcat (head->str, "\r\n", NULL);

    exchange (server, at_limit, &fine);
    g_assert_cmpuint (fine.status, ==, 200);
  }
  g_string_append (head, "X-One-Too-Many: v\r\n\r\n");
  exchange (server, head->str, &answer);
  assert_error (&answer, 431, "headers_too_large");
  rapport_test_server_stop (server);
}

static void
test_long_query (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GString) head = g_string_new ("GET /api/v1/accounts?q=");
  g_auto(Answer) answer = { 0 };

  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (head, 'x');
  g_string_append (head, " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  exchange (server, head->str, &answer);
  assert_error (&answer, 414, "uri_too_long");
  rapport_test_server_stop (server);
}

static void
test_many_parameters (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GString) head = g_string_new ("GET /api/v1/health?p0=1");
  g_autoptr(GString) limit = g_string_new ("GET /api/v1/health?p0=1");
  g_auto(Answer) answer = { 0 };
  g_auto(Answer) fine = { 0 };

  for (guint i = 1; i < 10000; i++)
    g_string_append (head, "&a=1");
  g_string_append (head, " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  exchange (server, head->str, &answer);
  assert_error (&answer, 400, "bad_request");

  for (guint i = 1; i < 100; i++)
    g_string_append_printf (limit, "&p%u=1", i);
  g_string_append (limit, " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  exchange (server, limit->str, &fine);
  g_assert_cmpuint (fine.status, ==, 200);
  rapport_test_server_stop (server);
}

/* 300 MB in chunks to an endpoint open to anyone: refused at the body limit,
 * and rapportd's memory does not follow the upload */
static void
test_chunked_body (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  const char *head = "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  g_autofree char *chunk = NULL;
  gsize chunk_size = 64 * 1024;
  gsize sent = 0;
  guint64 rss_before = rapport_test_server_status_value (server, "VmRSS");
  guint64 peak_before = rapport_test_server_status_value (server, "VmHWM");
  guint64 rss_after, peak_after;
  g_auto(Answer) answer = { 0 };

  {
    g_autofree char *body = g_strnfill (chunk_size, ' ');
    chunk = g_strdup_printf ("%zx\r\n%s\r\n", chunk_size, body);
  }
  g_socket_set_timeout (socket, 20);
  send_all (socket, head, strlen (head));
  while (sent < (gsize) 300 * 1024 * 1024)
    {
      if (g_socket_condition_check (socket, G_IO_IN) & G_IO_IN)
        break;
      if (g_socket_send (socket, chunk, strlen (chunk), NULL, NULL) <= 0)
        break;
      sent += chunk_size;
    }
  read_answer (socket, &answer);
  rss_after = rapport_test_server_status_value (server, "VmRSS");
  peak_after = rapport_test_server_status_value (server, "VmHWM");
  g_test_message ("sent %zu MB before the answer; rapportd RSS %" G_GUINT64_FORMAT " kB before, %" G_GUINT64_FORMAT
                  " kB after, peak %" G_GUINT64_FORMAT " kB before, %" G_GUINT64_FORMAT " kB after",
                  sent / (1024 * 1024), rss_before, rss_after, peak_before, peak_after);
  assert_error (&answer, 413, "too_large");
  g_assert_cmpuint (sent, <, (gsize) 64 * 1024 * 1024);
  g_assert_cmpuint (peak_after, <, peak_before + 32 * 1024);
  rapport_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hostile/limits/trickled-head", test_trickled_head);
  g_test_add_func ("/hostile/limits/huge-header", test_huge_header);
  g_test_add_func ("/hostile/limits/many-headers", test_many_headers);
  g_test_add_func ("/hostile/limits/long-query", test_long_query);
  g_test_add_func ("/hostile/limits/many-parameters", test_many_parameters);
  g_test_add_func ("/hostile/limits/chunked-body", test_chunked_body);
  return g_test_run ();
}
