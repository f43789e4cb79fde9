/* test-api-ownership.c: a user sees and changes only what they own; an admin sees everything */
#include "rapport-test-server.h"

static RapportTestServer *server;
static char *alice;
static char *bob;

static gint64
create (const char *token,
        const char *collection,
        const char *body)
{
  return rapport_test_create (server, token, collection, body);
}

static guint
count (const char *token,
       const char *path)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
}

static void
test_invisible_is_not_found (void)
{
  gint64 secret = create (alice, "accounts", "{\"name\":\"Alice Secret Pharma\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, secret);
  g_autofree char *children = g_strdup_printf ("%s/contacts", path);
  g_autofree char *contact = g_strdup_printf ("{\"name\":\"Spy\",\"account_id\":%" G_GINT64_FORMAT "}", secret);
  g_autofree char *archive = g_strdup_printf ("%s?version=1", path);
  g_autoptr(RapportTestReply) own = rapport_test_request (server, "GET", path, alice, NULL);
  g_autoptr(RapportTestReply) read = rapport_test_request (server, "GET", path, bob, NULL);
  g_autoptr(RapportTestReply) write = rapport_test_request (server, "PATCH", path, bob, "{\"version\":1,\"name\":\"Mine\"}");
  g_autoptr(RapportTestReply) remove = rapport_test_request (server, "DELETE", archive, bob, NULL);
  g_autoptr(RapportTestReply) list_children = rapport_test_request (server, "GET", children, bob, NULL);
  g_autoptr(RapportTestReply) attach = rapport_test_request (server, "POST", "/api/v1/contacts", bob, contact);
  g_autoptr(RapportTestReply) after = NULL;
  g_autoptr(RapportTestReply) unknown = rapport_test_request (server, "GET", "/api/v1/accounts/987654", bob, NULL);

  g_assert_cmpuint (own->status, ==, 200);
  /* exactly as if the record did not exist */
  g_assert_cmpuint (read->status, ==, 404);
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (rapport_test_reply_error_code (read), ==, rapport_test_reply_error_code (unknown));
  g_assert_cmpuint (write->status, ==, 404);
  g_assert_cmpuint (remove->status, ==, 404);
  g_assert_cmpuint (list_children->status, ==, 404);
  g_assert_cmpuint (attach->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (attach), ==, "account_id");

  after = rapport_test_request (server, "GET", path, alice, NULL);
  g_assert_cmpstr (rapport_test_reply_string (after, "name"), ==, "Alice Secret Pharma");
  g_assert_cmpint (rapport_test_reply_int (after, "version"), ==, 1);
}

static void
test_lists_and_search (void)
{
  create (alice, "accounts", "{\"name\":\"Scoped Alpha\",\"region\":\"Scope\"}");
  create (alice, "accounts", "{\"name\":\"Scoped Beta\",\"region\":\"Scope\"}");
  create (bob, "accounts", "{\"name\":\"Scoped Gamma\",\"region\":\"Scope\"}");

  g_assert_cmpuint (count (alice, "/api/v1/accounts?region=Scope"), ==, 2);
  g_assert_cmpuint (count (bob, "/api/v1/accounts?region=Scope"), ==, 1);
  g_assert_cmpuint (count (bob, "/api/v1/accounts?q=Scoped"), ==, 1);
  g_assert_cmpuint (count (server->admin_token, "/api/v1/accounts?region=Scope"), ==, 3);
  /* asking for someone else's records by filter does not widen the scope */
  g_assert_cmpuint (count (bob, "/api/v1/accounts?region=Scope&owner=2,3,4,5"), ==, 1);
}

static void
test_owner_assignment (void)
{
  g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", bob, NULL);
  g_autoptr(RapportTestReply) other = rapport_test_request (server, "GET", "/api/v1/session", alice, NULL);
  g_autofree char *give = g_strdup_printf ("{\"name\":\"Gift\",\"owner_id\":%" G_GINT64_FORMAT "}",
                                           rapport_test_reply_int (other, "id"));
  g_autofree char *assign = g_strdup_printf ("{\"name\":\"Assigned by admin\",\"owner_id\":%" G_GINT64_FORMAT "}",
                                             rapport_test_reply_int (me, "id"));
  g_autoptr(RapportTestReply) refused = rapport_test_request (server, "POST", "/api/v1/accounts", bob, give);
  gint64 assigned;
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) visible = NULL;
  g_autoptr(RapportTestReply) user_write = rapport_test_request (server, "POST", "/api/v1/users", bob,
                                                                 "{\"login\":\"x\",\"name\":\"X\",\"role\":\"admin\"}");

  g_assert_cmpuint (refused->status, ==, 403);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "owner_id");
  assigned = create (server->admin_token, "accounts", assign);
  path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, assigned);
  visible = rapport_test_request (server, "GET", path, bob, NULL);
  g_assert_cmpuint (visible->status, ==, 200);
  /* users are for administrators to change */
  g_assert_cmpuint (user_write->status, ==, 403);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  alice = rapport_test_server_add_user (server, "alice", "sales");
  bob = rapport_test_server_add_user (server, "bob", "sales");
  g_assert_nonnull (alice);
  g_assert_nonnull (bob);

  g_test_add_func ("/api/ownership/invisible-is-not-found", test_invisible_is_not_found);
  g_test_add_func ("/api/ownership/lists-and-search", test_lists_and_search);
  g_test_add_func ("/api/ownership/owner-assignment", test_owner_assignment);

  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  rapport_test_server_stop (server);
  return status;
}
