/* test-list-owner.c: lists say whose each row is and for whom, filter by owner (me, my team, a person), and restore what was archived */
#include "rapport-test-server.h"

#define PASSWORD "correct horse battery"

static RapportTestServer *server;
/* dora directs the Sales team; sam is in North, a team below Sales; tom is in no team */
static char *dora;
static char *sam;
static char *tom;
static gint64 dora_id;
static gint64 sam_id;
static gint64 tom_id;

/* gives a user a display name and a team (0: none), as an administrator does */
static void
set_user (gint64      id,
          const char *name,
          gint64      team)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) current = rapport_test_request (server, "GET", path, server->admin_token, NULL);
  g_autofree char *team_text = team ? g_strdup_printf ("%" G_GINT64_FORMAT, team) : g_strdup ("null");
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"name\":\"%s\",\"team_id\":%s}",
                                           rapport_test_reply_int (current, "version"), name, team_text);
  g_autoptr(RapportTestReply) patched = rapport_test_request (server, "PATCH", path, server->admin_token, body);

  g_assert_cmpuint (patched->status, ==, 200);
}

/* the items of a list the caller sees */
static JsonArray *
list (const char *token,
      const char *path)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  g_assert_nonnull (items);
  return json_array_ref (items);
}

static guint
count (const char *token,
       const char *path)
{
  g_autoptr(JsonArray) items = list (token, path);

  return json_array_get_length (items);
}

/* an account of @owner's, created by the administrator */
static gint64
create_account (const char *name,
                gint64      owner)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"region\":\"Owners\",\"owner_id\":%" G_GINT64_FORMAT "}",
                                           name, owner);

  return rapport_test_create (server, server->admin_token, "accounts", body);
}

static const char *
member_of (JsonArray  *items,
           guint       index,
           const char *member)
{
  return json_object_get_string_member_with_default (json_array_get_object_element (items, index), member, NULL);
}

static void
test_owner_names (void)
{
  g_autoptr(JsonArray) items = NULL;

  create_account ("Owner Names Alpha", sam_id);
  create_account ("Owner Names Beta", tom_id);
  items = list (dora, "/api/v1/accounts?q=Owner%20Names&sort=name");

  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  /* the owner's name, not an id or a login */
  g_assert_cmpstr (member_of (items, 0, "owner_name"), ==, "Sam Sørensen");
  g_assert_cmpstr (member_of (items, 1, "owner_name"), ==, "Tom 唐");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "owner_id"), ==, tom_id);
}

static void
test_owner_filter (void)
{
  g_autofree char *person = g_strdup_printf ("/api/v1/accounts?region=Owners&q=Filter&owner_id=%" G_GINT64_FORMAT, tom_id);
  g_autoptr(RapportTestReply) bad = rapport_test_request (server, "GET", "/api/v1/accounts?owner_id=everyone", dora, NULL);

  create_account ("Filter Dora", dora_id);
  create_account ("Filter Sam", sam_id);
  create_account ("Filter Tom", tom_id);

  g_assert_cmpuint (count (dora, "/api/v1/accounts?region=Owners&q=Filter"), ==, 3);
  g_assert_cmpuint (count (dora, "/api/v1/accounts?region=Owners&q=Filter&owner_id=me"), ==, 1);
  /* her team and the teams below it, herself included */
  g_assert_cmpuint (count (dora, "/api/v1/accounts?region=Owners&q=Filter&owner_id=team"), ==, 2);
  g_assert_cmpuint (count (dora, "/api/v1/accounts?region=Owners&q=Filter&owner=team"), ==, 2);
  g_assert_cmpuint (count (dora, person), ==, 1);
  /* without a team, one's team is oneself */
  g_assert_cmpuint (count (tom, "/api/v1/accounts?region=Owners&q=Filter&owner_id=team"), ==, 1);
  /* sam's team is North alone: Sales above it is not his */
  g_assert_cmpuint (count (sam, "/api/v1/accounts?region=Owners&q=Filter&owner_id=team"), ==, 1);
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "owner_id");
}

/* a record read alone names its references as its list row does */
static void
assert_read_alone_named_alike (const char *collection,
                               JsonArray  *items)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *row = json_array_get_object_element (items, i);
      g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT, collection,
                                               json_object_get_int_member (row, "id"));
      g_autoptr(RapportTestReply) read = rapport_test_request (server, "GET", path, sam, NULL);
      JsonObject *alone = rapport_test_reply_object (read);
      g_autoptr(GList) members = json_object_get_members (row);
      guint names = 0;

      g_assert_cmpuint (read->status, ==, 200);
      for (GList *m = members; m; m = m->next)
        if (g_str_has_suffix (m->data, "_name"))
          {
            g_assert_true (json_object_has_member (alone, m->data));
            g_assert_cmpstr (json_object_get_string_member_with_default (alone, m->data, "(null)"), ==,
                             json_object_get_string_member_with_default (row, m->data, "(null)"));
            names++;
          }
      g_assert_cmpuint (names, >=, 2);
    }
}

static void
test_customer_names (void)
{
  gint64 account = create_account ("康泰医疗 Customer", sam_id);
  g_autofree char *contact = g_strdup_printf ("{\"name\":\"Li Customer\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  g_autofree char *quote = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"title\":\"Customer quote\",\"currency\":\"CNY\","
                                            "\"lines\":[{\"description\":\"Monitor\",\"quantity\":\"1\",\"unit_price\":\"100\",\"tax_rate\":\"13\"}]}",
                                            account);
  g_autofree char *payment = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"received_on\":\"2026-01-05\",\"amount\":\"10.00\","
                                              "\"currency\":\"CNY\",\"reference\":\"Customer payment\"}", account);
  g_autoptr(JsonArray) contacts = NULL;
  g_autoptr(JsonArray) quotes = NULL;
  g_autoptr(JsonArray) payments = NULL;

  rapport_test_create (server, sam, "contacts", contact);
  rapport_test_create (server, sam, "quotes", quote);
  rapport_test_create (server, sam, "payments", payment);
  contacts = list (sam, "/api/v1/contacts?q=Li%20Customer");
  quotes = list (sam, "/api/v1/quotes?q=Customer%20quote");
  payments = list (sam, "/api/v1/payments?q=Customer%20payment");

  g_assert_cmpuint (json_array_get_length (contacts), ==, 1);
  g_assert_cmpstr (member_of (contacts, 0, "account_name"), ==, "康泰医疗 Customer");
  g_assert_cmpstr (member_of (contacts, 0, "owner_name"), ==, "Sam Sørensen");
  g_assert_cmpuint (json_array_get_length (quotes), ==, 1);
  g_assert_cmpstr (member_of (quotes, 0, "account_name"), ==, "康泰医疗 Customer");
  g_assert_cmpstr (member_of (quotes, 0, "created_by_name"), ==, "Sam Sørensen");
  g_assert_cmpuint (json_array_get_length (payments), ==, 1);
  g_assert_cmpstr (member_of (payments, 0, "account_name"), ==, "康泰医疗 Customer");
  assert_read_alone_named_alike ("contacts", contacts);
  assert_read_alone_named_alike ("quotes", quotes);
  assert_read_alone_named_alike ("payments", payments);
}

/* a client may send back a record as it received it, names included */
static void
test_names_sent_back (void)
{
  gint64 account = create_account ("Sent Back", sam_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, account);
  g_autoptr(RapportTestReply) patched = rapport_test_request (server, "PATCH", path, sam,
                                                              "{\"version\":1,\"phone\":\"123\",\"owner_name\":\"Someone\"}");
  g_autoptr(RapportTestReply) unknown = rapport_test_request (server, "PATCH", path, sam,
                                                              "{\"version\":2,\"phone_name\":\"x\"}");

  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (patched, "phone"), ==, "123");
  /* a record read or written alone is named as a list row is: a list refreshes a row so */
  g_assert_cmpstr (rapport_test_reply_string (patched, "owner_name"), ==, "Sam Sørensen");
  {
    g_autoptr(RapportTestReply) read = rapport_test_request (server, "GET", path, sam, NULL);
    g_autoptr(RapportTestReply) admin = rapport_test_request (server, "GET", "/api/v1/session", server->admin_token, NULL);

    g_assert_cmpstr (rapport_test_reply_string (read, "owner_name"), ==, "Sam Sørensen");
    g_assert_nonnull (rapport_test_reply_string (admin, "name"));
    g_assert_cmpstr (rapport_test_reply_string (read, "created_by_name"), ==, rapport_test_reply_string (admin, "name"));
  }
  /* only a reference has a name */
  g_assert_cmpuint (unknown->status, ==, 422);
}

/* a contact is found by its company's name, in letters or pinyin, and by its new name after a rename */
static void
test_contact_by_company (void)
{
  gint64 account = create_account ("瑞安制药 Company", sam_id);
  g_autofree char *contact = g_strdup_printf ("{\"name\":\"Wu Company\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, account);
  g_autoptr(RapportTestReply) renamed = NULL;
  g_autoptr(JsonArray) found = NULL;

  rapport_test_create (server, sam, "contacts", contact);
  found = list (sam, "/api/v1/contacts?q=%E7%91%9E%E5%AE%89");
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_assert_cmpstr (member_of (found, 0, "name"), ==, "Wu Company");
  g_assert_cmpuint (count (sam, "/api/v1/contacts?q=ruian"), ==, 1);
  g_assert_cmpuint (count (sam, "/api/v1/contacts?q=Company&count=true"), ==, 1);

  renamed = rapport_test_request (server, "PATCH", path, sam, "{\"version\":1,\"name\":\"Northwind Renamed\"}");
  g_assert_cmpuint (renamed->status, ==, 200);
  g_assert_cmpuint (count (sam, "/api/v1/contacts?q=Northwind"), ==, 1);
  g_assert_cmpuint (count (sam, "/api/v1/contacts?q=%E7%91%9E%E5%AE%89"), ==, 0);
  g_assert_cmpuint (count (sam, "/api/v1/contacts?q=ruian"), ==, 0);
  /* the contact's own name still finds it */
  g_assert_cmpuint (count (sam, "/api/v1/contacts?q=Wu%20Company"), ==, 1);
}

static void
test_archived_and_restore (void)
{
  gint64 account = create_account ("Archived Restore", tom_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, account);
  g_autofree char *archive = g_strdup_printf ("%s?version=1", path);
  g_autofree char *restore = g_strdup_printf ("%s/restore", path);
  g_autoptr(RapportTestReply) archived = rapport_test_request (server, "DELETE", archive, tom, NULL);
  g_autoptr(RapportTestReply) refused = rapport_test_request (server, "POST", restore, sam, NULL);
  g_autoptr(RapportTestReply) restored = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *audited = NULL;

  g_assert_cmpuint (archived->status, ==, 200);
  g_assert_cmpuint (count (tom, "/api/v1/accounts?q=Archived%20Restore"), ==, 0);
  items = list (tom, "/api/v1/accounts?q=Archived%20Restore&archived=true");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (member_of (items, 0, "owner_name"), ==, "Tom 唐");
  /* someone who may not see it cannot restore it either */
  g_assert_cmpuint (refused->status, ==, 404);

  restored = rapport_test_request (server, "POST", restore, tom, NULL);
  g_assert_cmpuint (restored->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (rapport_test_reply_object (restored), "archived"));
  g_assert_cmpuint (count (tom, "/api/v1/accounts?q=Archived%20Restore"), ==, 1);
  g_assert_cmpuint (count (tom, "/api/v1/accounts?q=Archived%20Restore&archived=true"), ==, 0);
  audit = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND action = 'restore' AND entity_id = %" G_GINT64_FORMAT, account);
  audited = rapport_test_server_sql (server, audit);
  g_assert_cmpstr (g_strchomp (audited), ==, "1");
}

/* the API document tells of the names */
static void
test_openapi_names (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/openapi.json", NULL, NULL);
  JsonObject *schemas;
  JsonObject *quote;

  g_assert_cmpuint (reply->status, ==, 200);
  schemas = json_object_get_object_member (json_object_get_object_member (rapport_test_reply_object (reply), "components"),
                                           "schemas");
  quote = json_object_get_object_member (json_object_get_object_member (schemas, "Quote"), "properties");
  g_assert_true (json_object_has_member (quote, "account_name"));
  g_assert_true (json_object_has_member (quote, "owner_name"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (quote, "owner_name"), "readOnly"));
}

static gint64
create_team (const char *name,
             gint64      parent)
{
  g_autofree char *body = parent ? g_strdup_printf ("{\"name\":\"%s\",\"parent_id\":%" G_GINT64_FORMAT "}", name, parent)
                                 : g_strdup_printf ("{\"name\":\"%s\"}", name);

  return rapport_test_create (server, server->admin_token, "teams", body);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  gint64 sales;
  gint64 north;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_free (rapport_test_server_add_user (server, "dora", "director"));
  g_free (rapport_test_server_add_user (server, "sam", "sales"));
  g_free (rapport_test_server_add_user (server, "tom", "sales"));
  sales = create_team ("Owners Sales", 0);
  north = create_team ("Owners North", sales);
  /* the team is read at sign-in: sign in after it is set */
  dora = rapport_test_login (server, "dora", PASSWORD);
  dora_id = rapport_test_user_id (server, dora);
  set_user (dora_id, "Dora Director", sales);
  sam = rapport_test_login (server, "sam", PASSWORD);
  sam_id = rapport_test_user_id (server, sam);
  set_user (sam_id, "Sam Sørensen", north);
  tom = rapport_test_login (server, "tom", PASSWORD);
  tom_id = rapport_test_user_id (server, tom);
  set_user (tom_id, "Tom 唐", 0);
  g_clear_pointer (&dora, g_free);
  g_clear_pointer (&sam, g_free);
  g_clear_pointer (&tom, g_free);
  dora = rapport_test_login (server, "dora", PASSWORD);
  sam = rapport_test_login (server, "sam", PASSWORD);
  tom = rapport_test_login (server, "tom", PASSWORD);

  g_test_add_func ("/lists/owner/names", test_owner_names);
  g_test_add_func ("/lists/owner/filter", test_owner_filter);
  g_test_add_func ("/lists/owner/customer-names", test_customer_names);
  g_test_add_func ("/lists/owner/names-sent-back", test_names_sent_back);
  g_test_add_func ("/lists/owner/archived-and-restore", test_archived_and_restore);
  g_test_add_func ("/lists/owner/contact-by-company", test_contact_by_company);
  g_test_add_func ("/lists/owner/openapi-names", test_openapi_names);

  status = g_test_run ();
  g_free (dora);
  g_free (sam);
  g_free (tom);
  rapport_test_server_stop (server);
  return status;
}
