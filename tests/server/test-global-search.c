/* test-global-search.c: GET /search finds every kind of business record by name, number, phone, email and pinyin, as its lists would show them */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *rep;
static char *other_rep;
static gint64 kangtai, kangtai_bio, contact, product, quote;
static char *quote_number;

static RapportTestReply *
search (const char *token,
        const char *q,
        const char *extra)
{
  g_autofree char *escaped = g_uri_escape_string (q, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/search?q=%s%s", escaped, extra ? extra : "");

  return rapport_test_request (server, "GET", path, token, NULL);
}

static JsonArray *
groups_of (RapportTestReply *reply)
{
  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_array_member (rapport_test_reply_object (reply), "groups");
}

/* the group of @collection, or NULL */
static JsonObject *
group (JsonArray  *groups,
       const char *collection)
{
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *found = json_array_get_object_element (groups, i);

      if (g_str_equal (json_object_get_string_member (found, "entity"), collection))
        return found;
    }
  return NULL;
}

/* the item of @id in @collection's group, or NULL */
static JsonObject *
item (JsonArray  *groups,
      const char *collection,
      gint64      id)
{
  JsonObject *in = group (groups, collection);
  JsonArray *items = in ? json_object_get_array_member (in, "items") : NULL;

  for (guint i = 0; items && i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id)
      return json_array_get_object_element (items, i);
  return NULL;
}

static void
assert_finds (const char *token,
              const char *q,
              const char *collection,
              gint64      id)
{
  g_autoptr(RapportTestReply) reply = search (token, q, NULL);

  if (item (groups_of (reply), collection, id) == NULL)
    g_error ("“%s” does not find %s %" G_GINT64_FORMAT ": %s", q, collection, id, reply->body);
}

static void
assert_misses (const char *token,
               const char *q,
               const char *collection,
               gint64      id)
{
  g_autoptr(RapportTestReply) reply = search (token, q, NULL);

  if (item (groups_of (reply), collection, id) != NULL)
    g_error ("“%s” finds %s %" G_GINT64_FORMAT ": %s", q, collection, id, reply->body);
}

/* name, pinyin in full, initials of the whole name and of its start, any case */
static void
test_pinyin (void)
{
  static const char * const terms[] = { "康泰医疗器械", "医疗", "kangtai", "KangTai", "kt", "KTYL", "ktylqx", "yiliao" };
  g_autoptr(RapportTestReply) reply = search (rep, "KTYL", NULL);
  JsonObject *accounts = group (groups_of (reply), "accounts");
  JsonObject *found;

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    assert_finds (rep, terms[i], "accounts", kangtai);
  /* the other initials are those of another name */
  assert_misses (rep, "ktsw", "accounts", kangtai);

  g_assert_nonnull (accounts);
  g_assert_cmpstr (json_object_get_string_member (accounts, "label"), ==, "Accounts");
  g_assert_cmpint (json_object_get_int_member (accounts, "total"), ==, 1);
  g_assert_true (json_object_get_boolean_member (accounts, "total_exact"));
  found = item (groups_of (reply), "accounts", kangtai);
  g_assert_cmpstr (json_object_get_string_member (found, "title"), ==, "康泰医疗器械");
  g_assert_nonnull (strstr (json_object_get_string_member (found, "subtitle"), "021-5555 0101"));
}

/* every kind with searchable fields, by the fields people type */
static void
test_kinds (void)
{
  g_autoptr(RapportTestReply) reply = search (rep, "kangtai", NULL);
  JsonArray *groups = groups_of (reply);
  JsonObject *found;

  /* the metamodel's order */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 0), "entity"), ==, "accounts");
  g_assert_nonnull (item (groups, "contacts", contact));
  g_assert_nonnull (item (groups, "products", product));
  g_assert_nonnull (item (groups, "quotes", quote));
  found = item (groups, "quotes", quote);
  g_assert_cmpstr (json_object_get_string_member (found, "title"), ==, quote_number);
  g_assert_cmpstr (json_object_get_string_member (found, "subtitle"), ==, "康泰呼吸机 ventilators");

  assert_finds (rep, quote_number, "quotes", quote);
  assert_finds (rep, "13800138000", "contacts", contact);
  assert_finds (rep, "xiaoming@kangtai", "contacts", contact);
  assert_finds (rep, "wangxiaoming", "contacts", contact);
  assert_finds (rep, "KT-VENT", "products", product);
  assert_finds (rep, "5555 0101", "accounts", kangtai);
  /* one Chinese character is a word */
  assert_finds (rep, "泰", "accounts", kangtai);
}

/* administration kinds are not business records: users, teams, templates, workflows */
static void
test_administration_left_out (void)
{
  g_autoptr(RapportTestReply) reply = search (server->admin_token, "gs.rep", NULL);
  JsonArray *groups = groups_of (reply);

  g_assert_null (group (groups, "users"));
  g_assert_cmpuint (json_array_get_length (groups), ==, 0);
}

/* nobody sees a hit they could not open: each kind under its list's own visibility */
static void
test_permission (void)
{
  static const char * const terms[] = { "kangtai", "康泰", "kt" };

  assert_finds (other_rep, "kangtai", "accounts", kangtai_bio);
  assert_misses (other_rep, "kangtai", "accounts", kangtai);
  assert_misses (other_rep, "kangtai", "contacts", contact);
  assert_misses (other_rep, "kangtai", "quotes", quote);
  /* products are read by everyone */
  assert_finds (other_rep, "kangtai", "products", product);
  assert_misses (rep, "kangtai", "accounts", kangtai_bio);
  assert_misses (rep, "康泰生物", "accounts", kangtai_bio);

  /* every hit is in the kind's own list for the same term, and the other way round */
  for (guint t = 0; t < G_N_ELEMENTS (terms); t++)
    for (guint u = 0; u < 2; u++)
      {
        const char *token = u ? other_rep : rep;
        g_autoptr(RapportTestReply) reply = search (token, terms[t], "&limit=20");
        JsonArray *groups = groups_of (reply);

        for (guint g = 0; g < json_array_get_length (groups); g++)
          {
            JsonObject *in = json_array_get_object_element (groups, g);
            JsonArray *items = json_object_get_array_member (in, "items");
            g_autofree char *escaped = g_uri_escape_string (terms[t], NULL, FALSE);
            g_autofree char *path = g_strdup_printf ("/api/v1/%s?q=%s&limit=500",
                                                     json_object_get_string_member (in, "entity"), escaped);
            g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", path, token, NULL);
            JsonArray *listed;

            g_assert_cmpuint (list->status, ==, 200);
            listed = json_object_get_array_member (rapport_test_reply_object (list), "items");
            g_assert_cmpuint (json_array_get_length (items), ==, json_array_get_length (listed));
            g_assert_cmpint (json_object_get_int_member (in, "total"), ==, json_array_get_length (listed));
            for (guint i = 0; i < json_array_get_length (items); i++)
              {
                gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");
                gboolean listed_too = FALSE;

                for (guint l = 0; l < json_array_get_length (listed); l++)
                  listed_too |= json_object_get_int_member (json_array_get_object_element (listed, l), "id") == id;
                g_assert_true (listed_too);
              }
          }
      }
}

/* at most limit a kind, 5 by default; the total says how many there are */
static void
test_limit (void)
{
  g_autoptr(RapportTestReply) few = NULL;
  g_autoptr(RapportTestReply) by_default = NULL;
  JsonObject *accounts;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"限额测试 %u\"}", i);
      rapport_test_create (server, rep, "accounts", body);
    }
  few = search (rep, "限额测试", "&limit=3");
  accounts = group (groups_of (few), "accounts");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (accounts, "items")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (accounts, "total"), ==, 7);
  g_assert_true (json_object_get_boolean_member (accounts, "total_exact"));
  /* in the order of their names */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (accounts, "items"), 0),
                                                  "title"), ==, "限额测试 0");

  by_default = search (rep, "xianeceshi", NULL);
  accounts = group (groups_of (by_default), "accounts");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (accounts, "items")), ==, 5);
  g_assert_cmpint (json_object_get_int_member (accounts, "total"), ==, 7);
}

/* searches are reads, as lists are: nothing is audited */
static void
test_not_audited (void)
{
  g_autofree char *before = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log");
  g_autofree char *after = NULL;
  g_autoptr(RapportTestReply) reply = search (rep, "kangtai", NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  after = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log");
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_input (void)
{
  static const struct { const char *path; const char *field; } bad[] = {
    { "/api/v1/search", "q" },
    { "/api/v1/search?q=", "q" },
    { "/api/v1/search?q=k", "q" },
    { "/api/v1/search?q=K", "q" },
    { "/api/v1/search?q=7", "q" },
    /* full-width: one letter once normalised */
    { "/api/v1/search?q=%EF%BC%AB", "q" },
    { "/api/v1/search?q=%20-%20", "q" },
    { "/api/v1/search?q=%20k%20", "q" },
    { "/api/v1/search?q=kt&limit=0", "limit" },
    { "/api/v1/search?q=kt&limit=21", "limit" },
    { "/api/v1/search?q=kt&limit=five", "limit" },
    { "/api/v1/search?q=kt&sort=name", "sort" },
  };
  g_autoptr(GString) long_term = g_string_new ("/api/v1/search?q=");
  g_autoptr(RapportTestReply) too_long = NULL;
  g_autoptr(RapportTestReply) anonymous = NULL;
  g_autoptr(RapportTestReply) nothing = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", bad[i].path, rep, NULL);

      if (reply->status != 422)
        g_error ("%s: %u %s", bad[i].path, reply->status, reply->body);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "validation");
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, bad[i].field);
    }
  for (guint i = 0; i < 201; i++)
    g_string_append_c (long_term, 'a');
  too_long = rapport_test_request (server, "GET", long_term->str, rep, NULL);
  g_assert_cmpuint (too_long->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (too_long), ==, "q");

  anonymous = rapport_test_request (server, "GET", "/api/v1/search?q=kangtai", NULL, NULL);
  g_assert_cmpuint (anonymous->status, ==, 401);

  /* two letters that match nothing: no group at all */
  nothing = search (rep, "zqzq", NULL);
  g_assert_cmpuint (json_array_get_length (groups_of (nothing)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RapportTestReply) created = NULL;
  g_autofree char *contact_body = NULL;
  g_autofree char *quote_body = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "gs.rep", "sales");
  other_rep = rapport_test_server_add_user (server, "gs.other", "sales");

  kangtai = rapport_test_create (server, rep, "accounts", "{\"name\":\"康泰医疗器械\",\"phone\":\"021-5555 0101\"}");
  kangtai_bio = rapport_test_create (server, other_rep, "accounts", "{\"name\":\"康泰生物\"}");
  contact_body = g_strdup_printf ("{\"name\":\"王小明\",\"account_id\":%" G_GINT64_FORMAT ","
                                  "\"mobile\":\"13800138000\",\"email\":\"xiaoming@kangtai.example\"}", kangtai);
  contact = rapport_test_create (server, rep, "contacts", contact_body);
  product = rapport_test_create (server, server->admin_token, "products",
                                 "{\"code\":\"KT-VENT-01\",\"name\":\"康泰呼吸机\",\"currency\":\"CNY\"}");
  quote_body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"康泰呼吸机 ventilators\"}",
                                kangtai);
  created = rapport_test_request (server, "POST", "/api/v1/quotes", rep, quote_body);
  g_assert_cmpuint (created->status, ==, 201);
  quote = rapport_test_reply_int (created, "id");
  quote_number = g_strdup (rapport_test_reply_string (created, "number"));

  g_test_add_func ("/global-search/pinyin", test_pinyin);
  g_test_add_func ("/global-search/kinds", test_kinds);
  g_test_add_func ("/global-search/administration-left-out", test_administration_left_out);
  g_test_add_func ("/global-search/permission", test_permission);
  g_test_add_func ("/global-search/limit", test_limit);
  g_test_add_func ("/global-search/not-audited", test_not_audited);
  g_test_add_func ("/global-search/bad-input", test_bad_input);

  status = g_test_run ();
  g_free (quote_number);
  g_free (rep);
  g_free (other_rep);
  rapport_test_server_stop (server);
  return status;
}
