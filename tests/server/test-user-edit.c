/* test-user-edit.c: an administrator edits a user's name, role, team and manager; the change is audited and named in the audit trail */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *ann, *bob;
static gint64 ann_id, bob_id, admin_id, team_id;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

static gint64
version_of (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) user = call (server->admin_token, "GET", path, NULL);

  g_assert_cmpuint (user->status, ==, 200);
  return rapport_test_reply_int (user, "version");
}

/* PATCH /users/:id with the current version and @members */
static RapportTestReply *
patch_user (const char *token,
            gint64      id,
            const char *members)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",%s}", version_of (id), members);

  return call (token, "PATCH", path, body);
}

/* the newest audit entry of one record */
static JsonObject *
newest_entry (RapportTestReply *reply)
{
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  return json_array_get_object_element (items, 0);
}

/* a string member, NULL when it is null or missing */
static const char *
text_of (JsonObject *object,
         const char *member)
{
  return json_object_get_string_member_with_default (object, member, NULL);
}

static JsonObject *
change_of (JsonObject *entry,
           const char *field)
{
  JsonArray *changes = json_object_get_array_member (entry, "changes");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "field"), field))
        return change;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_edit (void)
{
  g_autofree char *members = g_strdup_printf ("\"name\":\"Ann Chen\",\"role\":\"manager\",\"team_id\":%" G_GINT64_FORMAT
                                              ",\"manager_id\":%" G_GINT64_FORMAT, team_id, bob_id);
  g_autoptr(RapportTestReply) edited = patch_user (server->admin_token, ann_id, members);
  g_autofree char *audit_path = g_strdup_printf ("/api/v1/audit?entity=user&record=%" G_GINT64_FORMAT, ann_id);
  g_autoptr(RapportTestReply) audit = NULL;
  g_autofree char *admin_name = NULL;
  JsonObject *entry, *change;

  g_assert_cmpuint (edited->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (edited, "name"), ==, "Ann Chen");
  g_assert_cmpstr (rapport_test_reply_string (edited, "role"), ==, "manager");
  g_assert_cmpint (rapport_test_reply_int (edited, "team_id"), ==, team_id);
  g_assert_cmpint (rapport_test_reply_int (edited, "manager_id"), ==, bob_id);

  /* audited in the same transaction, and the trail names who, what and whom */
  audit = call (server->admin_token, "GET", audit_path, NULL);
  entry = newest_entry (audit);
  admin_name = rapport_test_server_sql (server, "SELECT name FROM users WHERE login = 'admin'");
  g_strstrip (admin_name);
  g_assert_cmpstr (text_of (entry, "action"), ==, "update");
  g_assert_cmpstr (text_of (entry, "user_name"), ==, admin_name);
  g_assert_cmpstr (text_of (entry, "record_label"), ==, "Ann Chen");
  change = change_of (entry, "role");
  g_assert_cmpstr (text_of (change, "before"), ==, "sales");
  g_assert_cmpstr (text_of (change, "after"), ==, "manager");
  change = change_of (entry, "manager_id");
  g_assert_true (json_object_has_member (change, "before_label"));
  g_assert_null (text_of (change, "before_label"));
  g_assert_cmpstr (text_of (change, "after_label"), ==, "Bob Brown");
  change = change_of (entry, "team_id");
  g_assert_cmpstr (text_of (change, "after_label"), ==, "North");
  g_assert_nonnull (change_of (entry, "name"));
}

static void
test_only_administrators (void)
{
  g_autoptr(RapportTestReply) refused = patch_user (bob, ann_id, "\"name\":\"Not Allowed\"");
  g_autoptr(RapportTestReply) self_refused = patch_user (ann, ann_id, "\"role\":\"admin\"");
  g_autofree char *name = NULL;

  g_assert_cmpuint (refused->status, ==, 403);
  g_assert_cmpuint (self_refused->status, ==, 403);
  name = rapport_test_server_sql (server, "SELECT CONCAT(name, '|', role) FROM users WHERE login = 'ann'");
  g_assert_cmpstr (g_strstrip (name), ==, "Ann Chen|manager");
}

static void
test_manager_chain (void)
{
  g_autofree char *self = g_strdup_printf ("\"manager_id\":%" G_GINT64_FORMAT, ann_id);
  g_autofree char *loop = g_strdup_printf ("\"manager_id\":%" G_GINT64_FORMAT, ann_id);
  g_autoptr(RapportTestReply) own = patch_user (server->admin_token, ann_id, self);
  /* Ann reports to Bob; Bob reporting to Ann closes a loop */
  g_autoptr(RapportTestReply) circle = patch_user (server->admin_token, bob_id, loop);
  g_autoptr(RapportTestReply) cleared = patch_user (server->admin_token, ann_id, "\"manager_id\":null");

  g_assert_cmpuint (own->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (own), ==, "manager_id");
  g_assert_cmpuint (circle->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (circle), ==, "manager_id");
  g_assert_cmpuint (cleared->status, ==, 200);
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (cleared), "manager_id"));
}

static void
test_last_administrator (void)
{
  g_autoptr(RapportTestReply) demoted = patch_user (server->admin_token, admin_id, "\"role\":\"director\"");
  g_autoptr(RapportTestReply) promoted = NULL;
  g_autoptr(RapportTestReply) demoted_again = NULL;

  g_assert_cmpuint (demoted->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (demoted), ==, "role");
  /* with another administrator the first may step down */
  promoted = patch_user (server->admin_token, bob_id, "\"role\":\"admin\"");
  g_assert_cmpuint (promoted->status, ==, 200);
  demoted_again = patch_user (server->admin_token, bob_id, "\"role\":\"sales\"");
  g_assert_cmpuint (demoted_again->status, ==, 200);
}

/* a numbered document is named by its number in the trail, not by its id */
static void
test_record_label (void)
{
  gint64 account = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Kangtai Medical\"}");
  g_autofree char *quote = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\","
                                            "\"lines\":[{\"description\":\"Monitor\",\"quantity\":\"1\","
                                            "\"unit_price\":\"10.0000\",\"tax_rate\":\"13\"}]}", account);
  gint64 quote_id = rapport_test_create (server, server->admin_token, "quotes", quote);
  g_autofree char *path = g_strdup_printf ("/api/v1/audit?entity=quote&record=%" G_GINT64_FORMAT, quote_id);
  g_autoptr(RapportTestReply) audit = call (server->admin_token, "GET", path, NULL);
  g_autofree char *number = rapport_test_server_sql (server, "SELECT number FROM quotes ORDER BY id DESC LIMIT 1");
  g_autofree char *account_path = g_strdup_printf ("/api/v1/audit?entity=account&record=%" G_GINT64_FORMAT, account);
  g_autoptr(RapportTestReply) account_audit = call (server->admin_token, "GET", account_path, NULL);
  JsonObject *entry = newest_entry (audit);

  g_strstrip (number);
  g_assert_true (g_str_has_prefix (number, "Q-"));
  g_assert_cmpstr (text_of (entry, "action"), ==, "create");
  g_assert_cmpstr (text_of (entry, "record_label"), ==, number);
  g_assert_cmpstr (text_of (change_of (entry, "account_id"), "after_label"), ==, "Kangtai Medical");
  g_assert_cmpstr (text_of (newest_entry (account_audit), "record_label"), ==, "Kangtai Medical");
}

/* the session names what the user's role sees, so that a client opens where there is something */
static void
test_session_scopes (void)
{
  g_autoptr(RapportTestReply) admin = call (server->admin_token, "GET", "/api/v1/session", NULL);
  /* Ann was made a manager above */
  g_autoptr(RapportTestReply) ann_session = call (ann, "GET", "/api/v1/session", NULL);
  JsonObject *scopes;

  g_assert_cmpuint (admin->status, ==, 200);
  g_assert_true (json_object_has_member (rapport_test_reply_object (admin), "scopes"));
  scopes = json_object_get_object_member (rapport_test_reply_object (admin), "scopes");
  /* the fixture lets administrators see the company's records */
  g_assert_cmpstr (text_of (scopes, "account"), ==, "company");
  g_assert_cmpuint (ann_session->status, ==, 200);
  scopes = json_object_get_object_member (rapport_test_reply_object (ann_session), "scopes");
  g_assert_cmpstr (text_of (scopes, "account"), ==, "team");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RapportTestReply) renamed = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  ann = rapport_test_server_add_user (server, "ann", "sales");
  bob = rapport_test_server_add_user (server, "bob", "manager");
  ann_id = rapport_test_user_id (server, ann);
  bob_id = rapport_test_user_id (server, bob);
  admin_id = rapport_test_user_id (server, server->admin_token);
  team_id = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"North\"}");
  renamed = patch_user (server->admin_token, bob_id, "\"name\":\"Bob Brown\"");
  g_assert_cmpuint (renamed->status, ==, 200);

  g_test_add_func ("/user-edit/edit", test_edit);
  g_test_add_func ("/user-edit/only-administrators", test_only_administrators);
  g_test_add_func ("/user-edit/manager-chain", test_manager_chain);
  g_test_add_func ("/user-edit/last-administrator", test_last_administrator);
  g_test_add_func ("/user-edit/record-label", test_record_label);
  g_test_add_func ("/user-edit/session-scopes", test_session_scopes);

  status = g_test_run ();
  g_free (ann);
  g_free (bob);
  rapport_test_server_stop (server);
  return status;
}
