/* test-api-session.c: health, sign-in, bearer tokens, sign-out and throttling */
#include "rapport-test-server.h"

#include <stdlib.h>
#include <string.h>

static RapportTestServer *server;

static void
test_health (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/health", NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (reply, "status"), ==, "ok");
  g_assert_nonnull (rapport_test_reply_string (reply, "version"));
}

static void
test_sign_in (void)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"admin\",\"password\":\"%s\"}", server->admin_password);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/session", NULL, body);
  g_autoptr(RapportTestReply) me = NULL;
  JsonObject *user;
  const char *token;

  g_assert_cmpuint (reply->status, ==, 201);
  token = rapport_test_reply_string (reply, "token");
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 40);
  g_assert_nonnull (rapport_test_reply_string (reply, "expires_at"));
  user = json_object_get_object_member (rapport_test_reply_object (reply), "user");
  g_assert_cmpstr (json_object_get_string_member (user, "login"), ==, "admin");
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "admin");
  /* secrets never leave the server */
  g_assert_false (json_object_has_member (user, "password_hash"));
  g_assert_null (strstr (reply->body, "argon2"));

  me = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (me, "login"), ==, "admin");
}

static void
test_unauthorized (void)
{
  const char *bodies[] = {
    "{\"login\":\"admin\",\"password\":\"wrong\"}",
    "{\"login\":\"nobody\",\"password\":\"wrong\"}",
  };
  g_autoptr(RapportTestReply) no_token = rapport_test_request (server, "GET", "/api/v1/accounts", NULL, NULL);
  g_autoptr(RapportTestReply) bad_token = rapport_test_request (server, "GET", "/api/v1/accounts", "not-a-token", NULL);
  g_autoptr(RapportTestReply) no_login = rapport_test_request (server, "POST", "/api/v1/session", NULL, "{\"password\":\"x\"}");

  g_assert_cmpuint (no_token->status, ==, 401);
  g_assert_cmpstr (rapport_test_reply_error_code (no_token), ==, "unauthorized");
  g_assert_cmpuint (bad_token->status, ==, 401);
  g_assert_cmpuint (no_login->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_login), ==, "login");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/session", NULL, bodies[i]);

      g_assert_cmpuint (reply->status, ==, 401);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "unauthorized");
    }
}

static void
test_sign_out (void)
{
  g_autofree char *token = rapport_test_login (server, "admin", server->admin_password);
  g_autoptr(RapportTestReply) before = rapport_test_request (server, "GET", "/api/v1/accounts", token, NULL);
  g_autoptr(RapportTestReply) out = rapport_test_request (server, "DELETE", "/api/v1/session", token, NULL);
  g_autoptr(RapportTestReply) after = rapport_test_request (server, "GET", "/api/v1/accounts", token, NULL);
  g_autoptr(RapportTestReply) other = rapport_test_request (server, "GET", "/api/v1/accounts", server->admin_token, NULL);

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_cmpuint (out->status, ==, 200);
  g_assert_cmpuint (after->status, ==, 401);
  /* only that session ended */
  g_assert_cmpuint (other->status, ==, 200);
}

static void
test_throttling (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "guess.target", "sales");
  g_autoptr(RapportTestReply) locked = NULL;
  guint refused_at = 0;

  g_assert_nonnull (token);
  for (guint i = 1; i <= 8 && refused_at == 0; i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/session", NULL,
                                                                "{\"login\":\"guess.target\",\"password\":\"guess\"}");
      if (reply->status == 429)
        refused_at = i;
      else
        g_assert_cmpuint (reply->status, ==, 401);
    }
  /* five free guesses, then throttled */
  g_assert_cmpuint (refused_at, ==, 6);

  /* even the right password waits now, and says how long */
  locked = rapport_test_request (server, "POST", "/api/v1/session", NULL,
                                 "{\"login\":\"guess.target\",\"password\":\"correct horse battery\"}");
  g_assert_cmpuint (locked->status, ==, 429);
  g_assert_cmpstr (rapport_test_reply_error_code (locked), ==, "too_many_requests");
  g_assert_nonnull (locked->retry_after);
  g_assert_cmpint (atoi (locked->retry_after), >, 0);

  /* the existing session is unaffected, and other accounts sign in */
  {
    g_autoptr(RapportTestReply) still = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);
    g_autofree char *admin = rapport_test_login (server, "admin", server->admin_password);

    g_assert_cmpuint (still->status, ==, 200);
    g_assert_nonnull (admin);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/api/session/health", test_health);
  g_test_add_func ("/api/session/sign-in", test_sign_in);
  g_test_add_func ("/api/session/unauthorized", test_unauthorized);
  g_test_add_func ("/api/session/sign-out", test_sign_out);
  g_test_add_func ("/api/session/throttling", test_throttling);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
