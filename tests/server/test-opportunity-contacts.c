/* test-opportunity-contacts.c: an opportunity's contacts and their roles, who may be named, and how they follow a merge, against the real MariaDB */
#include "rapport-test-server.h"

static RapportTestServer *server;
static char *alice;
static char *bob;
static gint64 account;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

static gint64
contact (const char *token,
         gint64      of_account,
         const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "}", name, of_account);

  return rapport_test_create (server, token, "contacts", body);
}

static RapportTestReply *
create_opportunity (const char *contacts)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Infusion pumps for ward 7\",\"account_id\":%" G_GINT64_FORMAT
                                           ",\"currency\":\"CNY\",\"contacts\":%s}", account, contacts);

  return call (alice, "POST", "/api/v1/opportunities", body);
}

static RapportTestReply *
get_opportunity (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, id);
  RapportTestReply *reply = call (alice, "GET", path, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return reply;
}

static JsonArray *
contacts_of (RapportTestReply *reply)
{
  return json_object_get_array_member (rapport_test_reply_object (reply), "contacts");
}

static JsonObject *
contact_line (RapportTestReply *reply,
              guint             index)
{
  return json_array_get_object_element (contacts_of (reply), index);
}

/* contacts with roles are kept in order, changed, and removed with the opportunity's own writes */
static void
test_roles (void)
{
  gint64 director = contact (alice, account, "王主任");
  gint64 nurse = contact (alice, account, "李护士长");
  g_autofree char *contacts = g_strdup_printf ("[{\"contact_id\":%" G_GINT64_FORMAT ",\"role\":\"decision_maker\"},"
                                               "{\"contact_id\":%" G_GINT64_FORMAT ",\"role\":\"user\"}]", director, nurse);
  g_autoptr(RapportTestReply) created = create_opportunity (contacts);
  g_autoptr(RapportTestReply) read = NULL;
  g_autoptr(RapportTestReply) patched = NULL;
  g_autoptr(RapportTestReply) reread = NULL;
  g_autofree char *path = NULL;
  g_autofree char *patch = NULL;
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");
  read = get_opportunity (id);
  g_assert_cmpuint (json_array_get_length (contacts_of (read)), ==, 2);
  g_assert_cmpint (json_object_get_int_member (contact_line (read, 0), "contact_id"), ==, director);
  g_assert_cmpstr (json_object_get_string_member (contact_line (read, 0), "role"), ==, "decision_maker");
  g_assert_cmpint (json_object_get_int_member (contact_line (read, 1), "contact_id"), ==, nurse);
  g_assert_cmpstr (json_object_get_string_member (contact_line (read, 1), "role"), ==, "user");

  /* the director's line keeps its id and takes a new role; the nurse's goes */
  path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, id);
  patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"contacts\":[{\"id\":%" G_GINT64_FORMAT
                           ",\"contact_id\":%" G_GINT64_FORMAT ",\"role\":\"economic_buyer\"}]}",
                           rapport_test_reply_int (read, "version"),
                           json_object_get_int_member (contact_line (read, 0), "id"), director);
  patched = call (alice, "PATCH", path, patch);
  g_assert_cmpuint (patched->status, ==, 200);
  reread = get_opportunity (id);
  g_assert_cmpuint (json_array_get_length (contacts_of (reread)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (contact_line (reread, 0), "id"), ==,
                   json_object_get_int_member (contact_line (read, 0), "id"));
  g_assert_cmpstr (json_object_get_string_member (contact_line (reread, 0), "role"), ==, "economic_buyer");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

/* one role a contact, a known role, a contact the writer can see: else 422 naming the contacts, and nothing kept */
static void
test_refusals (void)
{
  gint64 buyer = contact (alice, account, "赵采购");
  gint64 bobs_account = rapport_test_create (server, bob, "accounts", "{\"name\":\"宁波海曙康复医院\"}");
  gint64 hidden = contact (bob, bobs_account, "钱院长");
  g_autofree char *twice = g_strdup_printf ("[{\"contact_id\":%" G_GINT64_FORMAT "},{\"contact_id\":%" G_GINT64_FORMAT
                                            ",\"role\":\"influencer\"}]", buyer, buyer);
  g_autofree char *unknown_role = g_strdup_printf ("[{\"contact_id\":%" G_GINT64_FORMAT ",\"role\":\"golf_partner\"}]", buyer);
  g_autofree char *not_mine = g_strdup_printf ("[{\"contact_id\":%" G_GINT64_FORMAT "}]", hidden);
  g_autofree char *before = rapport_test_server_sql (server, "SELECT COUNT(*) FROM opportunities");
  g_autofree char *after = NULL;
  g_autoptr(RapportTestReply) duplicate = create_opportunity (twice);
  g_autoptr(RapportTestReply) bad_role = create_opportunity (unknown_role);
  g_autoptr(RapportTestReply) invisible = create_opportunity (not_mine);

  g_assert_cmpuint (duplicate->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (duplicate), ==, "contacts");
  g_assert_cmpuint (bad_role->status, ==, 422);
  g_assert_cmpuint (invisible->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (invisible), ==, "contacts");
  after = rapport_test_server_sql (server, "SELECT COUNT(*) FROM opportunities");
  g_assert_cmpstr (after, ==, before);
}

/* merging a contact into another moves its roles with it, audited on the opportunity */
static void
test_merge (void)
{
  gint64 kept = contact (alice, account, "孙工程师");
  gint64 copy = contact (alice, account, "孙 工程师");
  g_autofree char *contacts = g_strdup_printf ("[{\"contact_id\":%" G_GINT64_FORMAT ",\"role\":\"technical_buyer\"}]", copy);
  g_autoptr(RapportTestReply) created = create_opportunity (contacts);
  g_autofree char *merge_path = g_strdup_printf ("/api/v1/contacts/%" G_GINT64_FORMAT "/merge", kept);
  g_autofree char *merge_body = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", copy);
  g_autoptr(RapportTestReply) merged = NULL;
  g_autoptr(RapportTestReply) read = NULL;
  g_autofree char *query = NULL;
  g_autofree char *changes = NULL;
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");
  merged = call (alice, "POST", merge_path, merge_body);
  g_assert_cmpuint (merged->status, ==, 200);
  read = get_opportunity (id);
  g_assert_cmpint (json_object_get_int_member (contact_line (read, 0), "contact_id"), ==, kept);
  g_assert_cmpstr (json_object_get_string_member (contact_line (read, 0), "role"), ==, "technical_buyer");
  query = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'opportunity' "
                           "AND entity_id = %" G_GINT64_FORMAT " AND action = 'update'", id);
  changes = rapport_test_server_sql (server, query);
  g_assert_cmpstr (g_strstrip (changes), ==, "1");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
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
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"浙江省人民医院\"}");

  g_test_add_func ("/opportunity-contacts/roles", test_roles);
  g_test_add_func ("/opportunity-contacts/refusals", test_refusals);
  g_test_add_func ("/opportunity-contacts/merge", test_merge);
  status = g_test_run ();

  g_free (alice);
  g_free (bob);
  rapport_test_server_stop (server);
  return status;
}
