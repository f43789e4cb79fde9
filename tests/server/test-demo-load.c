/* test-demo-load.c: rapport-admin demo on several connections loads every account once, indexed and audited */
#include "rapport-test-server.h"

static RapportTestServer *server;

static void
assert_search_finds (const char *code)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts?q=%s", code);
  RapportTestReply *reply = rapport_test_request (server, "GET", path, server->admin_token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (reply->json), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "code"), ==, code);
  rapport_test_reply_free (reply);
}

static void
assert_audit_intact (void)
{
  g_autofree char *output = NULL;

  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "intact"));
}

/* three jobs, a batch each and a short last one: every serial once, ids without gaps, no contacts */
static void
test_jobs_without_contacts (void)
{
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "demo", "--accounts", "1234", "--jobs", "3",
                                              "--no-contacts", NULL), ==, 0);

  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts"), ==, 1234);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(DISTINCT code) FROM accounts"), ==, 1234);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT MAX(id) - MIN(id) + 1 FROM accounts"), ==, 1234);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE code BETWEEN 'D0000001' AND 'D0001234'"), ==, 1234);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND action = 'create'"), ==, 1234);
  /* the sales documents of the first accounts */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM quotes"), >, 0);
  assert_search_finds ("D0000001");
  assert_search_finds ("D0000777");
  assert_search_finds ("D0001234");
  assert_audit_intact ();
}

/* another load goes on from the last serial, with contacts */
static void
test_jobs_with_contacts (void)
{
  gint64 contacts;

  g_assert_cmpint (rapport_test_server_admin (server, NULL, "demo", "--accounts", "600", "--jobs", "2", NULL), ==, 0);

  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts"), ==, 1834);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(DISTINCT code) FROM accounts"), ==, 1834);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE code BETWEEN 'D0001235' AND 'D0001834'"), ==, 600);
  contacts = rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts");
  g_assert_cmpint (contacts, >=, 600);
  g_assert_cmpint (contacts, <=, 1800);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(DISTINCT account_id) FROM contacts"), ==, 600);
  assert_search_finds ("D0001834");
  assert_audit_intact ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/demo-load/jobs-without-contacts", test_jobs_without_contacts);
  g_test_add_func ("/demo-load/jobs-with-contacts", test_jobs_with_contacts);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
