/* test-session-state.c: a write acts for the user as they are now, whatever the session cache remembers */
#include "rapport-test-server.h"

static RapportTestServer *server;

static gint64
count_accounts (const char *name)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM accounts WHERE name = '%s'", name);
  g_autofree char *count = rapport_test_server_sql (server, query);

  return g_ascii_strtoll (count, NULL, 10);
}

/* the session is looked up once, so the cache holds it for the next minute */
static void
warm_cache (const char *token)
{
  g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);

  g_assert_cmpuint (me->status, ==, 200);
}

/* deactivated on the command line, which no rapportd hears of: the cached
 * token creates nothing that would stay the leaver's */
static void
test_deactivated (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "leaver", "sales");
  g_autofree char *heir = rapport_test_server_add_user (server, "heir", "sales");
  g_autofree char *output = NULL;
  g_autoptr(RapportTestReply) before = NULL;
  g_autoptr(RapportTestReply) after = NULL;

  g_assert_nonnull (token);
  g_assert_nonnull (heir);
  before = rapport_test_request (server, "POST", "/api/v1/accounts", token, "{\"name\":\"Leaver before\"}");
  g_assert_cmpuint (before->status, ==, 201);
  warm_cache (token);

  g_assert_cmpint (rapport_test_server_admin (server, &output, "user", "deactivate", "leaver",
                                              "--transfer-to", "heir", NULL), ==, 0);

  after = rapport_test_request (server, "POST", "/api/v1/accounts", token, "{\"name\":\"Leaver after\"}");
  g_assert_cmpuint (after->status, ==, 401);
  g_assert_cmpstr (rapport_test_reply_error_code (after), ==, "unauthorized");
  g_assert_cmpint (count_accounts ("Leaver after"), ==, 0);
  /* what they made before left with the records they handed over */
  g_assert_cmpint (count_accounts ("Leaver before"), ==, 1);
}

/* made an auditor a moment ago: the cached role does not let them write */
static void
test_demoted (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "demoted", "sales");
  g_autoptr(RapportTestReply) reply = NULL;

  warm_cache (token);
  g_free (rapport_test_server_sql (server, "UPDATE users SET role = 'auditor' WHERE login = 'demoted'"));

  reply = rapport_test_request (server, "POST", "/api/v1/accounts", token, "{\"name\":\"Demoted after\"}");
  g_assert_cmpuint (reply->status, ==, 403);
  g_assert_cmpint (count_accounts ("Demoted after"), ==, 0);
}

/* a session ended elsewhere (another rapportd, the command line) writes nothing more */
static void
test_session_ended (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "ended", "sales");
  g_autoptr(RapportTestReply) reply = NULL;

  warm_cache (token);
  g_free (rapport_test_server_sql (server, "DELETE FROM sessions WHERE user_id = "
                                           "(SELECT id FROM users WHERE login = 'ended')"));

  reply = rapport_test_request (server, "POST", "/api/v1/accounts", token, "{\"name\":\"Ended after\"}");
  g_assert_cmpuint (reply->status, ==, 401);
  g_assert_cmpint (count_accounts ("Ended after"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=60\n");

  g_test_add_func ("/session-state/deactivated-writes-nothing", test_deactivated);
  g_test_add_func ("/session-state/demoted-writes-nothing", test_demoted);
  g_test_add_func ("/session-state/ended-writes-nothing", test_session_ended);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
