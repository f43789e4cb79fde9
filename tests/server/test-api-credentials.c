/* test-api-credentials.c: password policy and forced change, lockout and unlock, idle sessions, signing out everywhere */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

#define PASSWORD "correct horse battery"

static guint
status_of (const char *token,
           const char *method,
           const char *path,
           const char *body)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, method, path, token, body);

  return reply->status;
}

static RapportTestReply *
change (const char *token,
        const char *current,
        const char *new_password)
{
  g_autofree char *body = g_strdup_printf ("{\"current\":\"%s\",\"new\":\"%s\"}", current, new_password);

  return rapport_test_request (server, "POST", "/api/v1/session/password", token, body);
}

static void
test_forced_change_and_policy (void)
{
  g_autofree char *token = NULL;
  g_autoptr(RapportTestReply) me = NULL;
  const struct { const char *current; const char *next; const char *field; } refused[] = {
    { "not it",  "A perfectly good one 1", "current" },
    { PASSWORD,  "short",                  "password" },
    { PASSWORD,  "Prefix-Erin-suffix-42",  "password" },
    { PASSWORD,  PASSWORD,                 "password" },
  };

  g_free (rapport_test_server_add_user (server, "erin", "sales"));
  g_free (rapport_test_server_sql (server, "UPDATE users SET must_change_password = 1 WHERE login = 'erin'"));
  token = rapport_test_login (server, "erin", PASSWORD);
  g_assert_nonnull (token);
  me = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (me), "must_change_password"));

  /* nothing else until the password is changed */
  g_assert_cmpuint (status_of (token, "GET", "/api/v1/accounts", NULL), ==, 403);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(RapportTestReply) reply = change (token, refused[i].current, refused[i].next);

      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, refused[i].field);
    }
  {
    g_autoptr(RapportTestReply) done = change (token, PASSWORD, "A much better passphrase 7");
    g_assert_cmpuint (done->status, ==, 200);
  }
  g_assert_cmpuint (status_of (token, "GET", "/api/v1/accounts", NULL), ==, 200);
  g_assert_null (rapport_test_login (server, "erin", PASSWORD));
}

static void
test_history (void)
{
  g_autofree char *token = rapport_test_login (server, "erin", "A much better passphrase 7");
  const char *current = "A much better passphrase 7";
  char *passwords[6];

  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autoptr(RapportTestReply) reply = NULL;

      passwords[i] = g_strdup_printf ("Rotating passphrase number %u", i);
      reply = change (token, current, passwords[i]);
      g_assert_cmpuint (reply->status, ==, 200);
      current = passwords[i];
    }
  /* one of the last five is refused; older ones are allowed again */
  {
    g_autoptr(RapportTestReply) recent = change (token, current, passwords[2]);
    g_autoptr(RapportTestReply) old = change (token, current, passwords[0]);

    g_assert_cmpuint (recent->status, ==, 422);
    g_assert_cmpuint (old->status, ==, 200);
  }
  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    g_free (passwords[i]);
}

static void
test_lockout (void)
{
  g_autofree char *user = rapport_test_server_add_user (server, "frank", "sales");
  g_autofree char *id_text = g_strchomp (rapport_test_server_sql (server, "SELECT id FROM users WHERE login = 'frank'"));
  g_autofree char *unlock = g_strdup_printf ("/api/v1/users/%s/unlock", id_text);
  g_autofree char *audited = NULL;
  g_autoptr(RapportTestReply) locked = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/session", NULL,
                                                                "{\"login\":\"frank\",\"password\":\"guess\"}");
      g_assert_cmpuint (reply->status, ==, 401);
    }
  /* locked: even the right password, until an administrator unlocks */
  locked = rapport_test_request (server, "POST", "/api/v1/session", NULL,
                                 "{\"login\":\"frank\",\"password\":\"" PASSWORD "\"}");
  g_assert_cmpuint (locked->status, ==, 423);
  g_assert_cmpstr (rapport_test_reply_error_code (locked), ==, "locked");
  /* and sessions already open end */
  g_assert_cmpuint (status_of (user, "GET", "/api/v1/session", NULL), ==, 401);

  g_assert_cmpuint (status_of (user, "POST", unlock, NULL), ==, 401);
  {
    /* sessions here idle out after six seconds: a fresh one */
    g_autofree char *admin = rapport_test_login (server, "admin", server->admin_password);
    g_assert_cmpuint (status_of (admin, "POST", unlock, NULL), ==, 200);
  }
  g_free (user);
  user = rapport_test_login (server, "frank", PASSWORD);
  g_assert_nonnull (user);

  /* every failed attempt is in the audit trail, the locked one too */
  audited = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed' "
                                     "AND after_json LIKE '%\"login\":\"frank\"%'");
  g_assert_cmpint (g_ascii_strtoll (audited, NULL, 10), ==, 4);
}

static void
test_idle_expiry (void)
{
  g_autofree char *token = rapport_test_login (server, "frank", PASSWORD);

  g_assert_cmpuint (status_of (token, "GET", "/api/v1/session", NULL), ==, 200);
  g_usleep (3500 * 1000);
  /* in use: still alive past the idle limit since its start */
  g_assert_cmpuint (status_of (token, "GET", "/api/v1/session", NULL), ==, 200);
  g_usleep (3500 * 1000);
  g_assert_cmpuint (status_of (token, "GET", "/api/v1/session", NULL), ==, 200);
  g_usleep (7000 * 1000);
  g_assert_cmpuint (status_of (token, "GET", "/api/v1/session", NULL), ==, 401);
}

/* an administrator creates a user through the API and gives a temporary password */
static void
test_provision_through_api (void)
{
  g_autofree char *admin = rapport_test_login (server, "admin", server->admin_password);
  g_autoptr(RapportTestReply) created = rapport_test_request (server, "POST", "/api/v1/users", admin,
                                                              "{\"login\":\"gina\",\"name\":\"Gina\",\"role\":\"sales\"}");
  g_autofree char *password_path = NULL;
  g_autofree char *delete_path = NULL;
  g_autofree char *token = NULL;
  g_autoptr(RapportTestReply) me = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  password_path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/password", rapport_test_reply_int (created, "id"));
  g_assert_cmpuint (status_of (admin, "POST", password_path, "{\"password\":\"short\"}"), ==, 422);
  g_assert_cmpuint (status_of (admin, "POST", password_path, "{\"password\":\"Temporary passphrase 99\"}"), ==, 200);
  token = rapport_test_login (server, "gina", "Temporary passphrase 99");
  g_assert_nonnull (token);
  me = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (me), "must_change_password"));

  /* users are deactivated with a transfer, never archived away */
  delete_path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, rapport_test_reply_int (created, "id"));
  g_assert_cmpuint (status_of (admin, "DELETE", delete_path, NULL), ==, 422);
}

static void
test_sign_out_everywhere (void)
{
  g_autofree char *first = rapport_test_login (server, "frank", PASSWORD);
  g_autofree char *second = rapport_test_login (server, "frank", PASSWORD);
  g_autofree char *other = rapport_test_login (server, "erin", "Rotating passphrase number 0");
  g_autofree char *id_text = g_strchomp (rapport_test_server_sql (server, "SELECT id FROM users WHERE login = 'erin'"));
  g_autofree char *revoke = g_strdup_printf ("/api/v1/users/%s/sessions", id_text);

  g_assert_cmpuint (status_of (first, "DELETE", "/api/v1/session?all=true", NULL), ==, 200);
  g_assert_cmpuint (status_of (first, "GET", "/api/v1/session", NULL), ==, 401);
  g_assert_cmpuint (status_of (second, "GET", "/api/v1/session", NULL), ==, 401);
  g_assert_cmpuint (status_of (other, "GET", "/api/v1/session", NULL), ==, 200);

  /* an administrator ends someone's sessions; nobody else may */
  g_free (first);
  first = rapport_test_login (server, "frank", PASSWORD);
  g_assert_cmpuint (status_of (first, "DELETE", revoke, NULL), ==, 403);
  {
    g_autofree char *admin = rapport_test_login (server, "admin", server->admin_password);
    g_assert_cmpuint (status_of (admin, "DELETE", revoke, NULL), ==, 200);
  }
  g_assert_cmpuint (status_of (other, "GET", "/api/v1/session", NULL), ==, 401);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n"
                                                  "[security]\nlockout_failures=3\nsession_idle_seconds=6\n");

  g_test_add_func ("/credentials/forced-change-and-policy", test_forced_change_and_policy);
  g_test_add_func ("/credentials/history", test_history);
  g_test_add_func ("/credentials/lockout", test_lockout);
  g_test_add_func ("/credentials/idle-expiry", test_idle_expiry);
  g_test_add_func ("/credentials/provision-through-api", test_provision_through_api);
  g_test_add_func ("/credentials/sign-out-everywhere", test_sign_out_everywhere);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
