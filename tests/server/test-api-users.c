/* test-api-users.c: deactivating a user through the API: their records handed over, sessions ended, refusals */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *leaver, *heir;
static gint64 leaver_id, heir_id, other_id, admin_id;
static gint64 account1, account2, contact1;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

static char *
deactivate_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/deactivate", id);
}

static void
assert_refused (const char *token,
                gint64      id,
                const char *body,
                guint       status,
                const char *field)
{
  g_autofree char *path = deactivate_path (id);
  g_autoptr(RapportTestReply) reply = call (token, "POST", path, body);

  g_assert_cmpuint (reply->status, ==, status);
  if (field)
    g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, field);
}

static void
assert_nothing_changed (void)
{
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT active FROM users WHERE id = %" G_GINT64_FORMAT, leaver_id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE owner_id = %" G_GINT64_FORMAT, leaver_id), ==, 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts WHERE owner_id = %" G_GINT64_FORMAT, leaver_id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM sessions WHERE user_id = %" G_GINT64_FORMAT, leaver_id), >, 0);
}

static void
test_refusals (void)
{
  g_autofree char *heir_body = g_strdup_printf ("{\"transfer_to\":%" G_GINT64_FORMAT "}", heir_id);
  g_autofree char *self_body = g_strdup_printf ("{\"transfer_to\":%" G_GINT64_FORMAT "}", leaver_id);

  /* only administrators, as for the other user endpoints */
  assert_refused (heir, leaver_id, heir_body, 403, NULL);
  /* records are never orphaned: the successor is required, must exist and be someone else */
  assert_refused (server->admin_token, leaver_id, "{}", 422, "transfer_to");
  assert_refused (server->admin_token, leaver_id, "{\"transfer_to\":\"heir\"}", 422, "transfer_to");
  assert_refused (server->admin_token, leaver_id, "{\"transfer_to\":987654}", 422, "transfer_to");
  assert_refused (server->admin_token, leaver_id, self_body, 422, "transfer_to");
  assert_refused (server->admin_token, 987654, heir_body, 404, NULL);
  assert_refused (server->admin_token, admin_id, heir_body, 422, NULL);
  assert_nothing_changed ();
}

static void
test_patch_cannot_deactivate (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, leaver_id);
  g_autoptr(RapportTestReply) user = call (server->admin_token, "GET", path, NULL);
  gint64 version = rapport_test_reply_int (user, "version");
  g_autofree char *deactivating = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"active\":false}", version);
  g_autofree char *same = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"active\":true,\"name\":\"Leo Leaver\"}",
                                           version);
  g_autoptr(RapportTestReply) refused = call (server->admin_token, "PATCH", path, deactivating);
  g_autoptr(RapportTestReply) renamed = NULL;

  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "active");
  g_assert_nonnull (strstr (refused->body, "deactivate"));
  assert_nothing_changed ();

  /* a client may send back the value it received */
  renamed = call (server->admin_token, "PATCH", path, same);
  g_assert_cmpuint (renamed->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (renamed, "name"), ==, "Leo Leaver");
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (renamed), "active"));
}

static gboolean
any_reason_contains (const char *path,
                     const char *part)
{
  g_autoptr(RapportTestReply) reply = call (server->admin_token, "GET", path, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *reason = json_object_get_string_member_with_default (json_array_get_object_element (items, i),
                                                                       "reason", NULL);
      if (reason && strstr (reason, part))
        return TRUE;
    }
  return FALSE;
}

static void
test_deactivate (void)
{
  g_autofree char *path = deactivate_path (leaver_id);
  g_autofree char *body = g_strdup_printf ("{\"transfer_to\":%" G_GINT64_FORMAT "}", heir_id);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(RapportTestReply) reply = rapport_test_request_reason (server, "POST", path, server->admin_token,
                                                                   "application/json", bytes, "Left the company");
  g_autofree char *history = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/history", account1);
  g_autofree char *audit = g_strdup_printf ("/api/v1/audit?action=deactivate&record=%" G_GINT64_FORMAT, leaver_id);
  JsonObject *user;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (reply, "transferred"), ==, 3);
  user = json_object_get_object_member (rapport_test_reply_object (reply), "user");
  g_assert_cmpint (json_object_get_int_member (user, "id"), ==, leaver_id);
  g_assert_false (json_object_get_boolean_member (user, "active"));

  /* everything they owned now has the new owner */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT owner_id FROM accounts WHERE id = %" G_GINT64_FORMAT, account1), ==, heir_id);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT owner_id FROM accounts WHERE id = %" G_GINT64_FORMAT, account2), ==, heir_id);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT owner_id FROM contacts WHERE id = %" G_GINT64_FORMAT, contact1), ==, heir_id);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE owner_id = %" G_GINT64_FORMAT, leaver_id), ==, 0);

  /* their sessions are gone and they cannot sign in */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM sessions WHERE user_id = %" G_GINT64_FORMAT, leaver_id), ==, 0);
  {
    g_autoptr(RapportTestReply) me = call (leaver, "GET", "/api/v1/session", NULL);
    g_assert_cmpuint (me->status, ==, 401);
  }
  g_assert_null (rapport_test_login (server, "leaver", "correct horse battery"));

  /* each transfer and the deactivation are audited with the reason, and the chain holds */
  g_assert_true (any_reason_contains (history, "leaver deactivated; records transferred to heir: Left the company"));
  g_assert_true (any_reason_contains (audit, "Left the company"));
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

static void
test_after_deactivation (void)
{
  g_autofree char *to_leaver = g_strdup_printf ("{\"transfer_to\":%" G_GINT64_FORMAT "}", leaver_id);
  g_autofree char *to_heir = g_strdup_printf ("{\"transfer_to\":%" G_GINT64_FORMAT "}", heir_id);
  g_autofree char *output = NULL;

  /* once is enough */
  assert_refused (server->admin_token, leaver_id, to_heir, 409, NULL);
  /* a deactivated user takes over nothing */
  assert_refused (server->admin_token, other_id, to_leaver, 422, "transfer_to");
  /* the command line goes the same way: the last administrator stays */
  g_assert_cmpint (rapport_test_server_admin (server, &output, "user", "deactivate", "admin",
                                              "--transfer-to", "heir", NULL), !=, 0);
  g_assert_nonnull (strstr (output, "last active administrator"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT active FROM users WHERE login = 'admin'"), ==, 1);
}

static char *
add_user (const char *login)
{
  char *token = rapport_test_server_add_user (server, login, "sales");

  g_assert_nonnull (token);
  return token;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *other = NULL;
  g_autofree char *contact = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  leaver = add_user ("leaver");
  heir = add_user ("heir");
  other = add_user ("other");
  leaver_id = rapport_test_user_id (server, leaver);
  heir_id = rapport_test_user_id (server, heir);
  other_id = rapport_test_user_id (server, other);
  admin_id = rapport_test_user_id (server, server->admin_token);

  account1 = rapport_test_create (server, leaver, "accounts", "{\"name\":\"Leaver One\"}");
  account2 = rapport_test_create (server, leaver, "accounts", "{\"name\":\"Leaver Two\"}");
  contact = g_strdup_printf ("{\"name\":\"Lea Contact\",\"account_id\":%" G_GINT64_FORMAT "}", account1);
  contact1 = rapport_test_create (server, leaver, "contacts", contact);

  g_test_add_func ("/users/deactivate-refusals", test_refusals);
  g_test_add_func ("/users/patch-cannot-deactivate", test_patch_cannot_deactivate);
  g_test_add_func ("/users/deactivate", test_deactivate);
  g_test_add_func ("/users/after-deactivation", test_after_deactivation);

  status = g_test_run ();
  g_free (leaver);
  g_free (heir);
  rapport_test_server_stop (server);
  return status;
}
