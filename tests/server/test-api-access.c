/* test-api-access.c: role data scopes over the team tree, shares, transfers, auditors, reasons, deactivation */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *manager, *alice, *bob, *carol, *director, *auditor;
static gint64 a1, a2, b1, c1;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

static guint
status_of (const char *token,
           const char *method,
           const char *path,
           const char *body)
{
  g_autoptr(RapportTestReply) reply = call (token, method, path, body);

  return reply->status;
}

static char *
path_of (gint64 id)
{
  return g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
}

static guint
visible (const char *token)
{
  g_autoptr(RapportTestReply) reply = call (token, "GET", "/api/v1/accounts?region=Access", NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
}

static gboolean
sees (const char *token,
      gint64      id)
{
  g_autofree char *path = path_of (id);
  guint status = status_of (token, "GET", path, NULL);

  g_assert_true (status == 200 || status == 404);
  return status == 200;
}

static gint64
version_of (gint64 id)
{
  g_autofree char *path = path_of (id);
  g_autoptr(RapportTestReply) reply = call (server->admin_token, "GET", path, NULL);

  return rapport_test_reply_int (reply, "version");
}

static void
test_own_scope (void)
{
  g_assert_cmpuint (visible (alice), ==, 2);
  g_assert_true (sees (alice, a1));
  g_assert_false (sees (alice, b1));
  g_assert_cmpuint (visible (bob), ==, 1);
  g_assert_false (sees (bob, a1));
}

static void
test_team_scope (void)
{
  g_autofree char *path = path_of (a1);
  g_autofree char *patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"tier\":\"key\"}", version_of (a1));

  /* Sales sees East and West below it, not Support beside it */
  g_assert_true (sees (manager, a1));
  g_assert_true (sees (manager, b1));
  g_assert_false (sees (manager, c1));
  g_assert_cmpuint (visible (manager), ==, 3);
  g_assert_cmpuint (status_of (manager, "PATCH", path, patch), ==, 200);
}

static void
test_company_scope_and_auditor (void)
{
  g_autofree char *path = path_of (b1);
  g_autofree char *patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"tier\":\"key\"}", version_of (b1));
  g_autoptr(RapportTestReply) create = call (auditor, "POST", "/api/v1/accounts", "{\"name\":\"Audit Co\"}");

  g_assert_cmpuint (visible (director), ==, 4);
  g_assert_cmpuint (visible (auditor), ==, 4);
  /* the auditor reads everything and changes nothing */
  g_assert_cmpuint (status_of (auditor, "PATCH", path, patch), ==, 403);
  g_assert_cmpuint (create->status, ==, 403);
}

static void
test_shares (void)
{
  g_autofree char *path = path_of (a1);
  g_autofree char *shares = g_strdup_printf ("%s/shares", path);
  g_autofree char *share_carol = g_strdup_printf ("{\"user_id\":%" G_GINT64_FORMAT ",\"access\":\"read\"}", rapport_test_user_id (server, carol));
  g_autofree char *west = g_strchomp (rapport_test_server_sql (server, "SELECT id FROM teams WHERE name = 'West'"));
  g_autofree char *share_west = g_strdup_printf ("{\"team_id\":%s,\"access\":\"write\"}", west);
  g_autofree char *expired = g_strdup_printf ("{\"user_id\":%" G_GINT64_FORMAT ",\"until\":\"2001-01-01T00:00:00Z\"}", rapport_test_user_id (server, carol));
  g_autoptr(RapportTestReply) carol_share = NULL;
  g_autoptr(RapportTestReply) listed = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *unshare = NULL;
  g_autofree char *audit = NULL;

  g_assert_false (sees (carol, a1));
  /* only who may change a record shares it */
  g_assert_cmpuint (status_of (bob, "POST", shares, share_carol), ==, 404);
  carol_share = call (alice, "POST", shares, share_carol);
  g_assert_cmpuint (carol_share->status, ==, 201);
  g_assert_true (sees (carol, a1));
  g_assert_cmpuint (visible (carol), ==, 2);

  /* read, not write: carol is told so, since she can see it */
  patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"tier\":\"small\"}", version_of (a1));
  g_assert_cmpuint (status_of (carol, "PATCH", path, patch), ==, 403);

  /* a team share for writing reaches everyone in the team */
  g_assert_cmpuint (status_of (alice, "POST", shares, share_west), ==, 201);
  g_assert_cmpuint (status_of (bob, "PATCH", path, patch), ==, 200);

  g_assert_cmpuint (status_of (alice, "POST", shares, expired), ==, 422);
  g_assert_cmpuint (status_of (alice, "POST", shares, "{\"access\":\"read\"}"), ==, 422);

  listed = call (alice, "GET", shares, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (listed), "items")), ==, 2);

  unshare = g_strdup_printf ("%s/%" G_GINT64_FORMAT, shares, rapport_test_reply_int (carol_share, "id"));
  g_assert_cmpuint (status_of (alice, "DELETE", unshare, NULL), ==, 200);
  g_assert_false (sees (carol, a1));

  audit = rapport_test_server_sql (server, "SELECT action FROM audit_log WHERE action IN ('share', 'unshare') ORDER BY id");
  g_assert_cmpstr (g_strchomp (audit), ==, "share\nshare\nunshare");
}

static void
test_transfer (void)
{
  g_autofree char *to_bob = g_strdup_printf ("{\"ids\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "],\"owner_id\":%" G_GINT64_FORMAT
                                             ",\"reason\":\"Alice moves to key accounts\"}", a1, a2, rapport_test_user_id (server, bob));
  g_autofree char *with_hidden = g_strdup_printf ("{\"ids\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "],\"owner_id\":%" G_GINT64_FORMAT
                                                  ",\"reason\":\"x\"}", a1, c1, rapport_test_user_id (server, bob));
  g_autofree char *no_reason = g_strdup_printf ("{\"ids\":[%" G_GINT64_FORMAT "],\"owner_id\":%" G_GINT64_FORMAT "}",
                                                a1, rapport_test_user_id (server, bob));
  g_autofree char *reasons = NULL;
  g_autoptr(RapportTestReply) done = NULL;

  /* sales people do not give records away; a hidden record spoils the whole transfer */
  g_assert_cmpuint (status_of (alice, "POST", "/api/v1/accounts/transfer", to_bob), ==, 403);
  g_assert_cmpuint (status_of (manager, "POST", "/api/v1/accounts/transfer", with_hidden), ==, 404);
  g_assert_true (sees (alice, a1));
  g_assert_cmpuint (status_of (manager, "POST", "/api/v1/accounts/transfer", no_reason), ==, 422);

  done = call (manager, "POST", "/api/v1/accounts/transfer", to_bob);
  g_assert_cmpuint (done->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (done, "transferred"), ==, 2);
  g_assert_false (sees (alice, a1));
  g_assert_true (sees (bob, a1));
  g_assert_true (sees (bob, a2));

  reasons = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE reason = 'Alice moves to key accounts'");
  g_assert_cmpint (g_ascii_strtoll (reasons, NULL, 10), ==, 2);
}

static void
test_reason_header (void)
{
  g_autofree char *path = path_of (b1);
  g_autofree char *patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"tier\":\"standard\"}", version_of (b1));
  g_autoptr(GBytes) body = g_bytes_new (patch, strlen (patch));
  g_autoptr(RapportTestReply) reply = rapport_test_request_reason (server, "PATCH", path, bob, "application/json", body,
                                                                   "Customer asked for a lower tier");
  g_autofree char *reason = rapport_test_server_sql (server, "SELECT reason FROM audit_log ORDER BY id DESC LIMIT 1");
  g_autofree char *output = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (g_strchomp (reason), ==, "Customer asked for a lower tier");
  /* a reason is part of the chain: intact, and tampering with it shows */
  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);
  g_free (rapport_test_server_sql (server, "UPDATE audit_log SET reason = 'Boss said so' WHERE reason = 'Customer asked for a lower tier'"));
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), !=, 0);
  g_free (rapport_test_server_sql (server, "UPDATE audit_log SET reason = 'Customer asked for a lower tier' WHERE reason = 'Boss said so'"));
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

static void
test_role_scopes (void)
{
  g_autoptr(RapportTestReply) list = call (server->admin_token, "GET", "/api/v1/role-scopes", NULL);

  g_assert_cmpuint (list->status, ==, 200);
  g_assert_nonnull (strstr (list->body, "{\"role\":\"manager\",\"entity\":\"account\",\"scope\":\"team\"}"));
  g_assert_cmpuint (status_of (alice, "GET", "/api/v1/role-scopes", NULL), ==, 403);
  g_assert_cmpuint (status_of (alice, "PUT", "/api/v1/role-scopes", "{\"role\":\"sales\",\"entity\":\"account\",\"scope\":\"company\"}"), ==, 403);
  g_assert_cmpuint (status_of (server->admin_token, "PUT", "/api/v1/role-scopes", "{\"role\":\"sales\",\"entity\":\"account\",\"scope\":\"all\"}"), ==, 422);
  g_assert_cmpuint (status_of (server->admin_token, "PUT", "/api/v1/role-scopes", "{\"role\":\"pope\",\"entity\":\"account\",\"scope\":\"own\"}"), ==, 422);

  /* a wider scope for sales takes effect at once */
  g_assert_cmpuint (visible (carol), ==, 1);
  g_assert_cmpuint (status_of (server->admin_token, "PUT", "/api/v1/role-scopes", "{\"role\":\"sales\",\"entity\":\"account\",\"scope\":\"company\"}"), ==, 200);
  g_assert_cmpuint (visible (carol), ==, 4);
  g_assert_cmpuint (status_of (server->admin_token, "PUT", "/api/v1/role-scopes", "{\"role\":\"sales\",\"entity\":\"account\",\"scope\":\"own\"}"), ==, 200);
  g_assert_cmpuint (visible (carol), ==, 1);

  /* by default an administrator manages users and settings, and sees no business data */
  g_assert_cmpuint (status_of (server->admin_token, "PUT", "/api/v1/role-scopes", "{\"role\":\"admin\",\"entity\":\"account\",\"scope\":\"none\"}"), ==, 200);
  g_assert_cmpuint (visible (server->admin_token), ==, 0);
  g_assert_false (sees (server->admin_token, b1));
  g_assert_cmpuint (status_of (server->admin_token, "PUT", "/api/v1/role-scopes", "{\"role\":\"admin\",\"entity\":\"account\",\"scope\":\"company\"}"), ==, 200);
}

static void
test_audit_review (void)
{
  g_autofree char *by_record = g_strdup_printf ("/api/v1/audit?entity=account&record=%" G_GINT64_FORMAT, a1);
  g_autoptr(RapportTestReply) first = rapport_test_request (server, "GET", "/api/v1/audit?entity=account&limit=2",
                                                            auditor, NULL);
  g_autoptr(RapportTestReply) record = rapport_test_request (server, "GET", by_record, auditor, NULL);
  g_autoptr(RapportTestReply) second = NULL;
  g_autofree char *next_path = NULL;
  JsonArray *items;
  gint64 newest, older;

  g_assert_cmpuint (status_of (alice, "GET", "/api/v1/audit", NULL), ==, 403);
  g_assert_cmpuint (first->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (first), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  newest = json_object_get_int_member (json_array_get_object_element (items, 0), "id");
  older = json_object_get_int_member (json_array_get_object_element (items, 1), "id");
  g_assert_cmpint (newest, >, older);

  /* the next page goes on from there, and only with accounts */
  next_path = g_strdup_printf ("/api/v1/audit?entity=account&limit=2&after=%s",
                               json_object_get_string_member (rapport_test_reply_object (first), "next"));
  second = rapport_test_request (server, "GET", next_path, auditor, NULL);
  items = json_object_get_array_member (rapport_test_reply_object (second), "items");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), <, older);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "entity"), ==, "account");

  /* one record's trail: its creation by alice, at the end */
  items = json_object_get_array_member (rapport_test_reply_object (record), "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, json_array_get_length (items) - 1), "action"), ==, "create");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, json_array_get_length (items) - 1), "actor"), ==, "alice");
  g_assert_cmpuint (status_of (auditor, "GET", "/api/v1/audit?from=yesterday", NULL), ==, 422);

  /* an export takes every matching row at once, and is itself audited */
  {
    g_autoptr(RapportTestReply) export = rapport_test_request (server, "GET", "/api/v1/audit/export?entity=account",
                                                               auditor, NULL);
    g_autofree char *count = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account'");
    g_autofree char *exports = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'audit' AND action = 'export'");

    g_assert_cmpuint (export->status, ==, 200);
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (export), "items")), ==,
                     g_ascii_strtoll (count, NULL, 10));
    g_assert_cmpint (g_ascii_strtoll (exports, NULL, 10), ==, 1);
    g_assert_cmpuint (status_of (alice, "GET", "/api/v1/audit/export", NULL), ==, 403);
  }
}

static gboolean
signed_out (const char *token)
{
  for (guint i = 0; i < 100; i++)
    {
      if (status_of (token, "GET", "/api/v1/session", NULL) == 401)
        return TRUE;
      g_usleep (100 * 1000);
    }
  return FALSE;
}

static void
test_deactivate (void)
{
  g_autofree char *output = NULL;
  gint64 manager_id = rapport_test_user_id (server, manager);
  g_autofree char *owner = NULL;
  g_autofree char *query = g_strdup_printf ("SELECT owner_id FROM accounts WHERE id = %" G_GINT64_FORMAT, b1);

  g_assert_cmpint (rapport_test_server_admin (server, &output, "user", "deactivate", "bob", NULL), ==, 2);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "user", "deactivate", "bob",
                                              "--transfer-to", "manager", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "3 records transferred"));
  owner = rapport_test_server_sql (server, query);
  g_assert_cmpint (g_ascii_strtoll (owner, NULL, 10), ==, manager_id);
  /* bob's sessions end everywhere within the session cache's few seconds, and he cannot sign in */
  g_assert_true (signed_out (bob));
  g_assert_null (rapport_test_login (server, "bob", "correct horse battery"));
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

static void
add_team (const char *name,
          const char *parent)
{
  g_autofree char *output = NULL;
  int status = parent ? rapport_test_server_admin (server, &output, "team", "add", name, "--parent", parent, NULL)
                      : rapport_test_server_admin (server, &output, "team", "add", name, NULL);

  if (status != 0)
    g_error ("team add %s: %s", name, output);
}

/* a command that fails says why and exits 1: its error is read after the call that set it */
static void
test_admin_failures (void)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *duplicate = NULL;
  g_autofree char *orphan = NULL;
  g_autofree char *no_team = NULL;

  add_team ("Failing commands", NULL);
  g_assert_cmpint (rapport_test_server_admin (server, &duplicate, "team", "add", "Failing commands", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (duplicate, "rapport-admin: "));
  g_assert_cmpint (rapport_test_server_admin (server, &orphan, "team", "add", "Orphan", "--parent", "No such team", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (orphan, "rapport-admin: "));
  g_file_set_contents (password_path, "correct horse battery", -1, NULL);
  g_assert_cmpint (rapport_test_server_admin (server, &no_team, "user", "add", "failing", "--role", "sales",
                                              "--team", "No such team", "--password-file", password_path, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (no_team, "rapport-admin: "));
}

static char *
add_user (const char *login,
          const char *role,
          const char *team)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;

  g_file_set_contents (password_path, "correct horse battery", -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role,
                                 team ? "--team" : "--name", team ? team : login,
                                 "--password-file", password_path, NULL) != 0)
    g_error ("user add %s: %s", login, output);
  return rapport_test_login (server, login, "correct horse battery");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  add_team ("Sales", NULL);
  add_team ("East", "Sales");
  add_team ("West", "Sales");
  add_team ("Support", NULL);
  manager = add_user ("manager", "manager", "Sales");
  alice = add_user ("alice", "sales", "East");
  bob = add_user ("bob", "sales", "West");
  carol = add_user ("carol", "sales", "Support");
  director = add_user ("dora", "director", NULL);
  auditor = add_user ("audrey", "auditor", NULL);

  a1 = rapport_test_create (server, alice, "accounts", "{\"name\":\"Alice One\",\"region\":\"Access\"}");
  a2 = rapport_test_create (server, alice, "accounts", "{\"name\":\"Alice Two\",\"region\":\"Access\"}");
  b1 = rapport_test_create (server, bob, "accounts", "{\"name\":\"Bob One\",\"region\":\"Access\"}");
  c1 = rapport_test_create (server, carol, "accounts", "{\"name\":\"Carol One\",\"region\":\"Access\"}");

  g_test_add_func ("/access/own-scope", test_own_scope);
  g_test_add_func ("/access/team-scope", test_team_scope);
  g_test_add_func ("/access/company-scope-and-auditor", test_company_scope_and_auditor);
  g_test_add_func ("/access/shares", test_shares);
  g_test_add_func ("/access/transfer", test_transfer);
  g_test_add_func ("/access/reason-header", test_reason_header);
  g_test_add_func ("/access/role-scopes", test_role_scopes);
  g_test_add_func ("/access/audit-review", test_audit_review);
  g_test_add_func ("/access/deactivate", test_deactivate);
  g_test_add_func ("/access/admin-failures", test_admin_failures);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
