/* test-api-records.c: accounts and contacts over HTTP: CRUD, versions, errors, search, filters */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

#define TOKEN (server->admin_token)

static gint64
create_account (const char *body)
{
  return rapport_test_create (server, TOKEN, "accounts", body);
}

static RapportTestReply *
get (const char *path)
{
  return rapport_test_request (server, "GET", path, TOKEN, NULL);
}

static guint
count_items (RapportTestReply *reply)
{
  return json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
}

static void
test_crud_round_trip (void)
{
  gint64 id = create_account ("{\"name\":\"Alder Medical GmbH\",\"code\":\"T-CRUD\",\"industry\":\"medical_devices\","
                              "\"region\":\"DACH\",\"tags\":[\"GMP\",\"key-account\"],\"website\":\"https://alder.example\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) read = get (path);
  g_autoptr(RapportTestReply) patched = NULL;
  g_autoptr(RapportTestReply) reread = NULL;
  JsonArray *tags;

  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (read, "name"), ==, "Alder Medical GmbH");
  g_assert_cmpstr (rapport_test_reply_string (read, "industry"), ==, "medical_devices");
  g_assert_cmpint (rapport_test_reply_int (read, "owner_id"), ==, 1);
  tags = json_object_get_array_member (rapport_test_reply_object (read), "tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (tags, 1), ==, "key-account");

  patched = rapport_test_request (server, "PATCH", path, TOKEN, "{\"version\":1,\"tier\":\"key\",\"region\":null}");
  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (patched, "version"), ==, 2);
  g_assert_cmpstr (rapport_test_reply_string (patched, "tier"), ==, "key");
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (patched), "region"));
  /* untouched fields stay */
  g_assert_cmpstr (rapport_test_reply_string (patched, "website"), ==, "https://alder.example");

  reread = get (path);
  g_assert_cmpstr (rapport_test_reply_string (reread, "tier"), ==, "key");
  g_assert_cmpint (rapport_test_reply_int (reread, "version"), ==, 2);
}

static void
test_stale_version (void)
{
  gint64 id = create_account ("{\"name\":\"Stale Test\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) first = rapport_test_request (server, "PATCH", path, TOKEN, "{\"version\":1,\"name\":\"First\"}");
  g_autoptr(RapportTestReply) second = rapport_test_request (server, "PATCH", path, TOKEN, "{\"version\":1,\"name\":\"Second\"}");
  g_autoptr(RapportTestReply) missing = rapport_test_request (server, "PATCH", path, TOKEN, "{\"name\":\"Third\"}");
  g_autoptr(RapportTestReply) stale_delete = NULL;
  g_autoptr(RapportTestReply) read = NULL;
  g_autofree char *delete_path = g_strdup_printf ("%s?version=1", path);

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_code (second), ==, "conflict");
  /* it says who got there first */
  g_assert_nonnull (strstr (second->body, "Administrator (admin)"));
  g_assert_cmpuint (missing->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (missing), ==, "version");
  stale_delete = rapport_test_request (server, "DELETE", delete_path, TOKEN, NULL);
  g_assert_cmpuint (stale_delete->status, ==, 409);

  /* nothing was overwritten */
  read = get (path);
  g_assert_cmpstr (rapport_test_reply_string (read, "name"), ==, "First");
  g_assert_cmpint (rapport_test_reply_int (read, "version"), ==, 2);
  g_assert_false (json_object_get_boolean_member (rapport_test_reply_object (read), "archived"));
}

static void
test_error_envelopes (void)
{
  struct {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "POST",  "/api/v1/accounts", "{\"name\":", 400, "bad_request", NULL },
    { "POST",  "/api/v1/accounts", "[1,2]", 400, "bad_request", NULL },
    { "POST",  "/api/v1/accounts", "", 400, "bad_request", NULL },
    { "POST",  "/api/v1/accounts", "{}", 422, "validation", "name" },
    { "POST",  "/api/v1/accounts", "{\"name\":\"   \"}", 422, "validation", "name" },
    { "POST",  "/api/v1/accounts", "{\"name\":\"X\",\"industry\":\"astrology\"}", 422, "validation", "industry" },
    { "POST",  "/api/v1/accounts", "{\"name\":\"X\",\"colour\":\"red\"}", 422, "validation", "colour" },
    { "POST",  "/api/v1/accounts", "{\"name\":42}", 422, "validation", "name" },
    { "POST",  "/api/v1/accounts", "{\"name\":\"X\",\"website\":\"javascript:alert(1)\"}", 422, "validation", "website" },
    { "POST",  "/api/v1/accounts", "{\"name\":\"X\",\"owner_id\":999999}", 422, "validation", "owner_id" },
    { "POST",  "/api/v1/contacts", "{\"name\":\"Y\"}", 422, "validation", "account_id" },
    { "POST",  "/api/v1/contacts", "{\"name\":\"Y\",\"account_id\":987654}", 422, "validation", "account_id" },
    { "POST",  "/api/v1/contacts", "{\"name\":\"Y\",\"account_id\":1,\"email\":\"not-an-email\"}", 422, "validation", "email" },
    { "POST",  "/api/v1/contacts", "{\"name\":\"Y\",\"account_id\":1,\"birthday\":\"2023-02-29\"}", 422, "validation", "birthday" },
    { "GET",   "/api/v1/accounts/987654", NULL, 404, "not_found", NULL },
    { "GET",   "/api/v1/accounts/abc", NULL, 404, "not_found", NULL },
    { "GET",   "/api/v1/widgets", NULL, 404, "not_found", NULL },
    { "GET",   "/api/v1/accounts?sort=notes", NULL, 422, "validation", "sort" },
    { "GET",   "/api/v1/accounts?limit=0", NULL, 422, "validation", "limit" },
    { "GET",   "/api/v1/accounts?limit=501", NULL, 422, "validation", "limit" },
    { "GET",   "/api/v1/accounts?after=garbage", NULL, 422, "validation", "after" },
    { "GET",   "/api/v1/accounts?industry=astrology", NULL, 422, "validation", "industry" },
    { "GET",   "/api/v1/accounts?notes=x", NULL, 422, "validation", "notes" },
    { "PUT",   "/api/v1/accounts/1", "{}", 405, "method_not_allowed", NULL },
    { "PATCH", "/api/v1/accounts/987654", "{\"version\":1}", 404, "not_found", NULL },
    { "GET",   "/api/v1/nothing/1/here/at/all", NULL, 404, "not_found", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, cases[i].method, cases[i].path,
                                                                TOKEN, cases[i].body);

      if (reply->status != cases[i].status)
        g_error ("case %u %s %s: expected %u, got %u %s", i, cases[i].method, cases[i].path,
                 cases[i].status, reply->status, reply->body);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, cases[i].code);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, cases[i].field);
    }
}

static void
test_too_large_and_media_type (void)
{
  gsize size = 2 * 1024 * 1024;
  g_autofree char *big = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) form = g_bytes_new_static ("name=x", 6);
  g_autoptr(RapportTestReply) reply = NULL;
  g_autoptr(RapportTestReply) wrong_type = NULL;
  g_autoptr(RapportTestReply) list = NULL;

  memset (big, ' ', size);
  big[0] = '{';
  memcpy (big + size - 1, "}", 1);
  bytes = g_bytes_new_take (g_steal_pointer (&big), size);
  reply = rapport_test_request_full (server, "POST", "/api/v1/accounts", TOKEN, "application/json", bytes);
  g_assert_cmpuint (reply->status, ==, 413);
  g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "too_large");

  wrong_type = rapport_test_request_full (server, "POST", "/api/v1/accounts", TOKEN,
                                          "application/x-www-form-urlencoded", form);
  g_assert_cmpuint (wrong_type->status, ==, 415);

  /* the server still serves after refusing */
  list = get ("/api/v1/accounts?limit=1");
  g_assert_cmpuint (list->status, ==, 200);
}

static void
test_literal_characters (void)
{
  const char *names[] = {
    "O'Brien & Söhne \\\"Quoted\\\"; DROP TABLE accounts; --",
    "100% pure_under\\\\score",
    "Robert'); DELETE FROM users WHERE ('1'='1",
    "emoji 🧪 and 中文 and ümlaut",
  };
  const char *expected[] = {
    "O'Brien & Söhne \"Quoted\"; DROP TABLE accounts; --",
    "100% pure_under\\score",
    "Robert'); DELETE FROM users WHERE ('1'='1",
    "emoji 🧪 and 中文 and ümlaut",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", names[i]);
      gint64 id = create_account (body);
      g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
      g_autoptr(RapportTestReply) read = get (path);

      g_assert_cmpstr (rapport_test_reply_string (read, "name"), ==, expected[i]);
    }

  /* LIKE wildcards in a search are literal: "%" finds only the name with a % */
  {
    g_autoptr(RapportTestReply) percent = get ("/api/v1/accounts?q=%25");
    g_autoptr(RapportTestReply) underscore = get ("/api/v1/accounts?q=pur__under");
    g_autoptr(RapportTestReply) quote = get ("/api/v1/accounts?q=O%27Brien");
    g_autoptr(RapportTestReply) users = get ("/api/v1/users");

    g_assert_cmpuint (count_items (percent), ==, 1);
    g_assert_cmpuint (count_items (underscore), ==, 0);
    g_assert_cmpuint (count_items (quote), ==, 1);
    /* and the tables are all still there */
    g_assert_cmpuint (users->status, ==, 200);
    g_assert_cmpuint (count_items (users), >=, 1);
  }
}

static void
test_chinese_search (void)
{
  g_autoptr(RapportTestReply) hit = NULL;
  g_autoptr(RapportTestReply) middle = NULL;
  g_autoptr(RapportTestReply) miss = NULL;
  g_autoptr(RapportTestReply) contact_hit = NULL;
  gint64 id;
  g_autofree char *contact = NULL;

  id = create_account ("{\"name\":\"上海康泰医疗器械有限公司\",\"region\":\"华东\"}");
  create_account ("{\"name\":\"北京瑞达制药有限公司\",\"region\":\"华北\"}");
  contact = g_strdup_printf ("{\"name\":\"欧阳娜娜\",\"account_id\":%" G_GINT64_FORMAT "}", id);
  {
    g_autoptr(RapportTestReply) created = rapport_test_request (server, "POST", "/api/v1/contacts", TOKEN, contact);
    g_assert_cmpuint (created->status, ==, 201);
  }

  /* 康泰医疗 sits in the middle of the name */
  middle = get ("/api/v1/accounts?q=%E5%BA%B7%E6%B3%B0%E5%8C%BB%E7%96%97");
  g_assert_cmpuint (middle->status, ==, 200);
  g_assert_cmpuint (count_items (middle), ==, 1);
  /* 有限公司 matches both */
  hit = get ("/api/v1/accounts?q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8");
  g_assert_cmpuint (count_items (hit), >=, 2);
  /* 深圳 matches neither */
  miss = get ("/api/v1/accounts?q=%E6%B7%B1%E5%9C%B3");
  g_assert_cmpuint (count_items (miss), ==, 0);
  /* 阳娜 inside a contact's name */
  contact_hit = get ("/api/v1/contacts?q=%E9%98%B3%E5%A8%9C");
  g_assert_cmpuint (count_items (contact_hit), ==, 1);
}

static void
test_filters_sort_archive (void)
{
  g_autoptr(RapportTestReply) banks = NULL;
  g_autoptr(RapportTestReply) two = NULL;
  g_autoptr(RapportTestReply) sorted = NULL;
  g_autoptr(RapportTestReply) archived = NULL;
  g_autoptr(RapportTestReply) active = NULL;
  g_autoptr(RapportTestReply) restored = NULL;
  g_autoptr(RapportTestReply) deleted = NULL;
  g_autoptr(RapportTestReply) mine = NULL;
  gint64 zeta, alpha;
  g_autofree char *path = NULL;
  g_autofree char *restore = NULL;
  JsonArray *items;

  zeta = create_account ("{\"name\":\"Zeta Savings Bank\",\"industry\":\"banking\",\"region\":\"FilterLand\"}");
  alpha = create_account ("{\"name\":\"alpha Trust Bank\",\"industry\":\"banking\",\"region\":\"FilterLand\"}");
  create_account ("{\"name\":\"Mid Insurance\",\"industry\":\"insurance\",\"region\":\"FilterLand\"}");

  banks = get ("/api/v1/accounts?region=FilterLand&industry=banking");
  g_assert_cmpuint (count_items (banks), ==, 2);
  two = get ("/api/v1/accounts?region=FilterLand&industry=banking,insurance");
  g_assert_cmpuint (count_items (two), ==, 3);
  mine = get ("/api/v1/accounts?region=FilterLand&owner=me");
  g_assert_cmpuint (count_items (mine), ==, 3);

  sorted = get ("/api/v1/accounts?region=FilterLand&sort=-name");
  items = json_object_get_array_member (rapport_test_reply_object (sorted), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, zeta);
  /* case-insensitive collation: "alpha" sorts first, so last descending */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 2), "id"), ==, alpha);

  path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, zeta);
  deleted = rapport_test_request (server, "DELETE", path, TOKEN, NULL);
  g_assert_cmpuint (deleted->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (deleted), "archived"));
  active = get ("/api/v1/accounts?region=FilterLand");
  g_assert_cmpuint (count_items (active), ==, 2);
  archived = get ("/api/v1/accounts?region=FilterLand&archived=true");
  g_assert_cmpuint (count_items (archived), ==, 1);

  restore = g_strdup_printf ("%s/restore", path);
  restored = rapport_test_request (server, "POST", restore, TOKEN, NULL);
  g_assert_cmpuint (restored->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (rapport_test_reply_object (restored), "archived"));

  /* a count of the whole selection, whatever the page size */
  {
    g_autoptr(RapportTestReply) counted = get ("/api/v1/accounts?region=FilterLand&count=true&limit=1");
    g_autoptr(RapportTestReply) counted_banks = get ("/api/v1/accounts?region=FilterLand&industry=banking&count=true");

    g_assert_cmpint (rapport_test_reply_int (counted, "total"), ==, 3);
    g_assert_cmpuint (count_items (counted), ==, 1);
    g_assert_cmpint (rapport_test_reply_int (counted_banks, "total"), ==, 2);
    g_assert_false (json_object_has_member (rapport_test_reply_object (active), "total"));
  }
}

static void
test_account_contacts (void)
{
  gint64 account = create_account ("{\"name\":\"Contacts Parent AG\"}");
  gint64 other = create_account ("{\"name\":\"Other Parent AG\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/contacts", account);
  g_autoptr(RapportTestReply) list = NULL;
  g_autoptr(RapportTestReply) bogus = NULL;
  g_autoptr(RapportTestReply) missing = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Person %u\",\"account_id\":%" G_GINT64_FORMAT
                                               ",\"primary\":%s,\"mobile\":\"+49 151 1234567\"}",
                                               i, i < 2 ? account : other, i == 0 ? "true" : "false");
      g_autoptr(RapportTestReply) created = rapport_test_request (server, "POST", "/api/v1/contacts", TOKEN, body);

      g_assert_cmpuint (created->status, ==, 201);
    }

  list = get (path);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpuint (count_items (list), ==, 2);
  bogus = get ("/api/v1/accounts/1/users");
  g_assert_cmpuint (bogus->status, ==, 404);
  missing = get ("/api/v1/accounts/987654/contacts");
  g_assert_cmpuint (missing->status, ==, 404);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/api/records/crud", test_crud_round_trip);
  g_test_add_func ("/api/records/stale-version", test_stale_version);
  g_test_add_func ("/api/records/error-envelopes", test_error_envelopes);
  g_test_add_func ("/api/records/too-large-and-media-type", test_too_large_and_media_type);
  g_test_add_func ("/api/records/literal-characters", test_literal_characters);
  g_test_add_func ("/api/records/chinese-search", test_chinese_search);
  g_test_add_func ("/api/records/filters-sort-archive", test_filters_sort_archive);
  g_test_add_func ("/api/records/account-contacts", test_account_contacts);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
