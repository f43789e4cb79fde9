/* test-validation-words.c: a Chinese rapportd names fields and records in its refusals with the words its clients show */
#include "rapport-test-locale.h"
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

/* Runs rapportd in @lang (e.g. "zh_CN"), compiled into a private directory
 * with localedef, with the catalogues of the build beside it */
static void
use_locale (const char *lang)
{
  g_autofree char *name = rapport_test_locale_compile (lang);

  g_setenv ("LANG", name, TRUE);
  g_setenv ("LC_ALL", name, TRUE);
}

/* POST @body to @collection; the refusal's status, field and message */
static char *
refusal (const char *collection,
         const char *body,
         guint       status,
         const char *field)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s", collection);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, server->admin_token, body);
  JsonObject *error;

  if (reply->status != status)
    g_error ("POST %s %s: %u %s", path, body, reply->status, reply->body);
  g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, field);
  error = json_object_get_object_member (rapport_test_reply_object (reply), "error");
  return g_strdup (json_object_get_string_member (error, "message"));
}

static void
assert_says (const char *message,
             const char *words,
             const char *not_words)
{
  if (strstr (message, words) == NULL || (not_words != NULL && strstr (message, not_words) != NULL))
    g_error ("“%s” should say “%s”%s%s", message, words, not_words ? " and not " : "", not_words ? not_words : "");
}

/* a thing's name is 名称, a person's 姓名 */
static void
test_required_name (void)
{
  g_autofree char *product = refusal ("products", "{\"code\":\"VW-1\",\"currency\":\"CNY\"}", 422, "name");
  g_autofree char *team = refusal ("teams", "{}", 422, "name");

  assert_says (product, "名称", "姓名");
  assert_says (team, "名称", "姓名");
}

/* a duplicate names the kind of record and its field in Chinese, the field by its own word */
static void
test_duplicate (void)
{
  g_autofree char *workflow_body = NULL;
  g_autofree char *workflow = NULL;
  g_autofree char *team = NULL;
  g_autofree char *product = NULL;
  g_autoptr(RapportTestReply) listed = rapport_test_request (server, "GET", "/api/v1/workflows?limit=1", server->admin_token, NULL);
  JsonObject *shipped;

  g_assert_cmpuint (listed->status, ==, 200);
  shipped = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (listed), "items"), 0);
  {
    g_autoptr(JsonObject) copy = json_object_new ();
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_object_set_string_member (copy, "name", json_object_get_string_member (shipped, "name"));
    json_object_set_string_member (copy, "content", json_object_get_string_member (shipped, "content"));
    json_node_set_object (node, copy);
    workflow_body = json_to_string (node, FALSE);
  }
  workflow = refusal ("workflows", workflow_body, 409, "name");
  assert_says (workflow, "审批流程", "workflow");
  assert_says (workflow, "名称", "姓名");

  g_assert_cmpint (rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"华东销售\"}"), >, 0);
  team = refusal ("teams", "{\"name\":\"华东销售\"}", 409, "name");
  assert_says (team, "团队", "team");
  assert_says (team, "名称", NULL);

  g_assert_cmpint (rapport_test_create (server, server->admin_token, "products",
                                        "{\"code\":\"VW-2\",\"name\":\"呼吸机\",\"currency\":\"CNY\"}"), >, 0);
  product = refusal ("products", "{\"code\":\"VW-2\",\"name\":\"另一台\",\"currency\":\"CNY\"}", 409, "code");
  assert_says (product, "产品", "product");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  use_locale ("zh_CN");
  server = rapport_test_server_start ();

  g_test_add_func ("/validation-words/required-name", test_required_name);
  g_test_add_func ("/validation-words/duplicate", test_duplicate);
  status = g_test_run ();

  rapport_test_server_stop (server);
  return status;
}
