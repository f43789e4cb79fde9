/* test-hostile-tls.c: rapportd's TLS profile, as a client sees it with openssl s_client */
#include "rapport-test-server.h"

#include <string.h>

/* runs s_client against @server with @options, feeding it @input (a shell
 * fragment's output); returns its exit status and fills @output */
static int
s_client (RapportTestServer  *server,
          const char         *options,
          const char         *input,
          char              **output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("(%s) | openssl s_client -connect 127.0.0.1:%u %s 2>&1",
                                              input, server->port, options);
  g_autofree char *standard_output = NULL;
  int status = 0;

  {
    const char *argv[] = { "/bin/sh", "-c", command, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &standard_output, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_test_message ("openssl s_client %s: exit %d", options, status);
  *output = g_steal_pointer (&standard_output);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static gboolean
handshake_ok (RapportTestServer *server,
              const char        *options)
{
  g_autofree char *output = NULL;
  int status = s_client (server, options, "true", &output);
  gboolean ok = status == 0 && strstr (output, "Cipher is (NONE)") == NULL && strstr (output, "Cipher is ") != NULL;

  if (!ok)
    g_test_message ("%s", output);
  return ok;
}

static void
test_versions_and_suites (void)
{
  RapportTestServer *server = rapport_test_server_start_tls ();

  /* the client offers everything it can; the server must refuse */
  g_assert_false (handshake_ok (server, "-tls1 -cipher DEFAULT:@SECLEVEL=0"));
  g_assert_false (handshake_ok (server, "-tls1_1 -cipher DEFAULT:@SECLEVEL=0"));
  g_assert_false (handshake_ok (server, "-tls1_2 -cipher ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0"));
  g_assert_false (handshake_ok (server, "-tls1_2 -cipher ECDHE-ECDSA-AES256-SHA:@SECLEVEL=0"));
  g_assert_false (handshake_ok (server, "-tls1_2 -cipher ECDHE-ECDSA-AES128-SHA256:@SECLEVEL=0"));
  /* and serve the modern ones */
  g_assert_true (handshake_ok (server, "-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256"));
  g_assert_true (handshake_ok (server, "-tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305"));
  g_assert_true (handshake_ok (server, "-tls1_3"));
  rapport_test_server_stop (server);
}

static void
test_renegotiation (void)
{
  RapportTestServer *server = rapport_test_server_start_tls ();
  g_autofree char *output = NULL;
  g_autofree char *baseline = NULL;

  /* the same session without asking to renegotiate stays up and answers */
  s_client (server, "-tls1_2 -no_ign_eof",
            "sleep 1; printf 'GET /api/v1/health HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n'; sleep 2", &baseline);
  g_assert_nonnull (strstr (baseline, "HTTP/1.1 200"));

  s_client (server, "-tls1_2 -no_ign_eof",
            "sleep 1; echo R; sleep 1; printf 'GET /api/v1/health HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n'; sleep 2",
            &output);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "RENEGOTIATING"));
  g_assert_null (strstr (output, "HTTP/1.1 200"));
  rapport_test_server_stop (server);
}

static void
test_server_header (void)
{
  RapportTestServer *server = rapport_test_server_start_tls ();
  g_autofree char *output = NULL;

  s_client (server, "-quiet",
            "sleep 1; printf 'GET /api/v1/health HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n'; sleep 2", &output);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (output, "\nServer: rapportd\r\n"));
  rapport_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hostile/tls/versions-and-suites", test_versions_and_suites);
  g_test_add_func ("/hostile/tls/renegotiation", test_renegotiation);
  g_test_add_func ("/hostile/tls/server-header", test_server_header);
  return g_test_run ();
}
