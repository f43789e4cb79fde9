/* test-hostile-json.c: bodies a hostile client sends: deep nesting, too many values, lenient or
 * malformed JSON, NUL inside strings, numbers for money; rapportd answers each and keeps serving */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

static RapportTestReply *
post_bytes (const char *path,
            const char *token,
            const char *data,
            gsize       length)
{
  g_autoptr(GBytes) body = g_bytes_new (data, length);

  return rapport_test_request_full (server, "POST", path, token, "application/json", body);
}

static void
assert_envelope (RapportTestReply *reply,
                 guint             status,
                 const char       *code,
                 const char       *field)
{
  JsonObject *error;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  error = json_object_get_object_member (rapport_test_reply_object (reply), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member_with_default (error, "code", NULL), ==, code);
  g_assert_nonnull (json_object_get_string_member_with_default (error, "message", NULL));
  g_assert_true (json_object_has_member (error, "field"));
  g_assert_cmpstr (json_object_get_string_member_with_default (error, "field", NULL), ==, field);
}

static void
assert_healthy (void)
{
  g_autoptr(RapportTestReply) health = rapport_test_request (server, "GET", "/api/v1/health", NULL, NULL);

  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (health, "status"), ==, "ok");
}

/* @depth times @open, a value, then the closing brackets */
static GString *
nested (guint       depth,
        const char *open,
        char        close)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, "1");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, close);
  return text;
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) arrays = nested (80000, "[", ']');
  g_autoptr(GString) objects = nested (80000, "{\"a\":", '}');
  const char *paths[] = { "/api/v1/session", "/api/v1/accounts" };

  g_assert_cmpuint (arrays->len, >=, 160000);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char *token = i == 0 ? NULL : server->admin_token;
      g_autoptr(RapportTestReply) array_reply = NULL;
      g_autoptr(RapportTestReply) object_reply = NULL;

      g_test_message ("POST %s", paths[i]);
      array_reply = post_bytes (paths[i], token, arrays->str, arrays->len);
      assert_envelope (array_reply, 400, "bad_request", NULL);
      g_assert_nonnull (strstr (array_reply->body, "64"));
      assert_healthy ();

      object_reply = post_bytes (paths[i], token, objects->str, objects->len);
      assert_envelope (object_reply, 400, "bad_request", NULL);
      assert_healthy ();
    }
}

static void
test_too_many_values (void)
{
  g_autoptr(GString) body = g_string_new ("{\"name\":\"hostile-wide\",\"tags\":[");
  g_autoptr(RapportTestReply) reply = NULL;
  g_autoptr(RapportTestReply) list = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (body, i ? ",0" : "0");
  g_string_append (body, "]}");
  reply = post_bytes ("/api/v1/accounts", server->admin_token, body->str, body->len);
  assert_envelope (reply, 400, "bad_request", NULL);
  assert_healthy ();

  list = rapport_test_request (server, "GET", "/api/v1/accounts?limit=500", server->admin_token, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_null (strstr (list->body, "hostile-wide"));
}

/* each refused with 400 before anything is stored */
static const struct
{
  const char *body;
  gssize      length;
  const char *field;
} malformed[] = {
  { "{\"name\":\"hostile-comment\" /* c */}",                  -1, NULL },
  { "{\"name\":\"hostile-line-comment\"} // c",                -1, NULL },
  { "{'name':'hostile-single'}",                               -1, NULL },
  { "{\"name\":'hostile-single-value'}",                       -1, NULL },
  { "{\"name\":\"hostile-dup-1\",\"name\":\"hostile-dup-2\"}",     -1, "name" },
  { "{\"name\":\"hostile-dup-3\",\"n\\u0061me\":\"hostile-dup-4\"}", -1, "name" },
  { "{\"name\":\"hostile-trailing\"} x",                       -1, NULL },
  { "{\"name\":\"hostile-second\"}{\"name\":\"hostile-third\"}",   -1, NULL },
  { "{\"name\":\"hostile-utf8-\xff\"}",                        -1, NULL },
  { "{\"name\":\"hostile-overlong-\xc0\xaf\"}",                -1, NULL },
  { "{\"name\":\"hostile-surrogate-\xed\xa0\x80\"}",           -1, NULL },
  { "{\"name\":\"hostile-lone-\\ud800\"}",                     -1, NULL },
  { "{\"name\":\"hostile-lone-\\udc00x\"}",                    -1, NULL },
  { "{\"name\":\"hostile-raw-\0nul\"}",                        27, NULL },
  { "{\"name\":\"hostile-tab\tx\"}",                           -1, NULL },
  { "{\"name\":\"hostile-hex\",\"tags\":[0x10]}",               -1, NULL },
  { "{\"name\":\"hostile-big\",\"tags\":[99999999999999999999]}", -1, "tags" },
};

static void
test_malformed (void)
{
  g_autoptr(RapportTestReply) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      gsize length = malformed[i].length < 0 ? strlen (malformed[i].body) : (gsize) malformed[i].length;
      g_autoptr(RapportTestReply) reply = NULL;

      g_test_message ("case %u", i);
      reply = post_bytes ("/api/v1/accounts", server->admin_token, malformed[i].body, length);
      assert_envelope (reply, 400, "bad_request", malformed[i].field);
    }
  assert_healthy ();

  list = rapport_test_request (server, "GET", "/api/v1/accounts?limit=500", server->admin_token, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_null (strstr (list->body, "hostile-"));
}

static void
test_nul (void)
{
  g_autoptr(RapportTestReply) account = NULL;
  g_autoptr(RapportTestReply) tags = NULL;
  g_autoptr(RapportTestReply) sign_in = NULL;
  g_autoptr(RapportTestReply) list = NULL;

  account = rapport_test_request (server, "POST", "/api/v1/accounts", server->admin_token,
                                  "{\"name\":\"NULhostile\\u0000Co\"}");
  assert_envelope (account, 422, "validation", "name");

  tags = rapport_test_request (server, "POST", "/api/v1/accounts", server->admin_token,
                               "{\"name\":\"NULhostile tags\",\"tags\":[\"a\\u0000b\"]}");
  assert_envelope (tags, 422, "validation", "tags");

  sign_in = rapport_test_request (server, "POST", "/api/v1/session", NULL,
                                  "{\"login\":\"admin\\u0000x\",\"password\":\"x\"}");
  assert_envelope (sign_in, 422, "validation", "login");

  list = rapport_test_request (server, "GET", "/api/v1/accounts?limit=500", server->admin_token, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_null (strstr (list->body, "NULhostile"));
}

/* money travels as a decimal string; a JSON number is refused naming the field */
static void
test_number_for_money (void)
{
  static const char *const bodies[] = {
    "{\"code\":\"HJ-1\",\"name\":\"hostile money\",\"currency\":\"CNY\",\"list_price\":12.5}",
    "{\"code\":\"HJ-2\",\"name\":\"hostile money\",\"currency\":\"CNY\",\"list_price\":12}",
    "{\"code\":\"HJ-3\",\"name\":\"hostile money\",\"currency\":\"CNY\",\"list_price\":1e3}",
  };
  g_autoptr(RapportTestReply) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/products",
                                                                server->admin_token, bodies[i]);

      g_test_message ("%s", bodies[i]);
      assert_envelope (reply, 422, "validation", "list_price");
    }
  list = rapport_test_request (server, "GET", "/api/v1/products?limit=500", server->admin_token, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_null (strstr (list->body, "hostile money"));
}

/* what is valid JSON is still taken */
static void
test_valid_still_accepted (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/accounts", server->admin_token,
                                                            " {\"name\" : \"Strict \\u4e0a\\u6d77 \\ud83d\\ude00\"}\n");

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (reply, "name"), ==, "Strict 上海 \xf0\x9f\x98\x80");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/hostile-json/deep-nesting", test_deep_nesting);
  g_test_add_func ("/hostile-json/too-many-values", test_too_many_values);
  g_test_add_func ("/hostile-json/malformed", test_malformed);
  g_test_add_func ("/hostile-json/nul", test_nul);
  g_test_add_func ("/hostile-json/number-for-money", test_number_for_money);
  g_test_add_func ("/hostile-json/valid-still-accepted", test_valid_still_accepted);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
