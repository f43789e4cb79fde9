/* test-openapi.c: openapi.json describes the API the router serves, from the metamodel */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

static JsonObject *
object_at (JsonObject *object,
           const char *first,
           ...)
{
  va_list args;
  const char *member = first;

  va_start (args, first);
  while (member != NULL && object != NULL)
    {
      object = json_object_has_member (object, member) ? json_object_get_object_member (object, member) : NULL;
      member = va_arg (args, const char *);
    }
  va_end (args);
  return object;
}

static void
test_described (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/openapi.json", NULL, NULL);
  JsonObject *root;
  JsonObject *total;

  /* public: an integrator reads it before signing in */
  g_assert_cmpuint (reply->status, ==, 200);
  root = rapport_test_reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (root, "openapi"), ==, "3.0.3");
  g_assert_nonnull (object_at (root, "paths", "/accounts", "get", NULL));
  g_assert_nonnull (object_at (root, "paths", "/accounts/{id}", "patch", NULL));
  g_assert_nonnull (object_at (root, "paths", "/quotes/{id}/send", "post", NULL));
  g_assert_nonnull (object_at (root, "paths", "/orders/{id}/confirm", "post", NULL));
  g_assert_nonnull (object_at (root, "paths", "/contacts/{id}/erase", "post", NULL));
  /* verbs only where they apply */
  g_assert_null (object_at (root, "paths", "/orders/{id}/send", NULL));
  g_assert_null (object_at (root, "paths", "/accounts/{id}/erase", NULL));
  g_assert_null (object_at (root, "paths", "/products/transfer", NULL));

  total = object_at (root, "components", "schemas", "Quote", "properties", "total", NULL);
  g_assert_nonnull (total);
  /* money is a decimal string, and the server computes totals */
  g_assert_cmpstr (json_object_get_string_member (total, "type"), ==, "string");
  g_assert_true (json_object_get_boolean_member (total, "readOnly"));
  g_assert_cmpstr (json_object_get_string_member (object_at (root, "components", "schemas", "Quote", "properties", "lines", "items", NULL), "$ref"),
                   ==, "#/components/schemas/DocumentLine");
  g_assert_null (object_at (root, "components", "schemas", "User", "properties", "password_hash", NULL));
}

/* every operation described is one the router serves: none answers "no such resource" or 405 */
static void
test_every_operation_routed (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/openapi.json", NULL, NULL);
  JsonObject *paths = object_at (rapport_test_reply_object (reply), "paths", NULL);
  g_autoptr(GList) names = json_object_get_members (paths);
  guint checked = 0;

  for (GList *p = names; p != NULL; p = p->next)
    {
      const char *path = p->data;
      g_autoptr(GList) methods = json_object_get_members (json_object_get_object_member (paths, path));
      g_autoptr(GString) concrete = g_string_new ("/api/v1");

      /* signing in and out has its own tests */
      if (g_str_has_prefix (path, "/session"))
        continue;
      g_string_append (concrete, path);
      while (strchr (concrete->str, '{'))
        {
          const char *at = strchr (concrete->str, '{');
          gsize position = at - concrete->str;

          g_string_erase (concrete, position, strchr (at, '}') - at + 1);
          g_string_insert (concrete, position, "999999");
        }
      for (GList *m = methods; m != NULL; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          gboolean has_body = g_str_equal (method, "POST") || g_str_equal (method, "PATCH") || g_str_equal (method, "PUT");
          g_autoptr(RapportTestReply) answer = rapport_test_request (server, method, concrete->str, server->admin_token,
                                                                    has_body ? "{}" : NULL);

          g_assert_cmpuint (answer->status, !=, 405);
          if (answer->status == 404)
            {
              const char *message = json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (answer), "error"), "message");

              if (g_str_has_prefix (message, "No such resource") || g_str_has_prefix (message, "No such collection"))
                g_error ("%s %s is described but not served: %s", method, concrete->str, message);
            }
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 100);
  g_test_message ("%u operations checked", checked);
}

static gboolean
has_parameter (JsonObject *operation,
               const char *name,
               const char *in)
{
  JsonArray *parameters = json_object_get_array_member (operation, "parameters");

  for (guint i = 0; parameters != NULL && i < json_array_get_length (parameters); i++)
    {
      JsonObject *parameter = json_array_get_object_element (parameters, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (parameter, "name", NULL), name) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (parameter, "in", NULL), in) == 0)
        return TRUE;
    }
  return FALSE;
}

/* what a client generator needs of each operation: a summary, a unique
 * operationId, its path's parameters, and its errors as the one envelope */
static void
test_operations_complete (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/openapi.json", NULL, NULL);
  JsonObject *root = rapport_test_reply_object (reply);
  JsonObject *paths = object_at (root, "paths", NULL);
  g_autoptr(GList) names = json_object_get_members (paths);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *not_found = object_at (root, "components", "responses", "NotFound", "content", "application/json", "schema", NULL);
  JsonObject *callback = object_at (root, "paths", "/webhooks", "post", "callbacks", "event", "{$request.body#/url}", "post", NULL);

  g_assert_cmpstr (json_object_get_string_member (not_found, "$ref"), ==, "#/components/schemas/Error");
  g_assert_nonnull (object_at (root, "components", "securitySchemes", "session", NULL));
  g_assert_nonnull (object_at (root, "components", "securitySchemes", "apiKey", NULL));
  /* the webhook's body and its signature, as a receiver gets them */
  g_assert_nonnull (callback);
  g_assert_cmpstr (json_object_get_string_member (object_at (callback, "requestBody", "content", "application/json", "schema", NULL), "$ref"),
                   ==, "#/components/schemas/WebhookEvent");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (callback, "parameters")), ==, 4);
  g_assert_nonnull (object_at (root, "components", "schemas", "WebhookEvent", "properties", "data", "properties", "entity", NULL));
  /* a list's filters come from the metamodel, its paging from the repository */
  g_assert_true (has_parameter (object_at (root, "paths", "/accounts", "get", NULL), "industry", "query"));
  g_assert_true (has_parameter (object_at (root, "paths", "/accounts", "get", NULL), "limit", "query"));
  g_assert_false (has_parameter (object_at (root, "paths", "/accounts", "get", NULL), "phone", "query"));
  /* a survey's invitations say whether each link was mailed */
  g_assert_cmpstr (json_object_get_string_member (object_at (root, "paths", "/surveys/{id}/invitations", "post", "responses", "201",
                                                             "content", "application/json", "schema", NULL), "$ref"),
                   ==, "#/components/schemas/SurveyInvitationsSent");
  g_assert_nonnull (object_at (root, "components", "schemas", "SurveyInvitationsSent", "properties", "items", "items",
                               "properties", "mailed", NULL));

  for (GList *p = names; p != NULL; p = p->next)
    {
      const char *path = p->data;
      g_autoptr(GList) methods = json_object_get_members (json_object_get_object_member (paths, path));

      for (GList *m = methods; m != NULL; m = m->next)
        {
          JsonObject *operation = object_at (paths, path, m->data, NULL);
          const char *id = json_object_get_string_member_with_default (operation, "operationId", NULL);
          g_autoptr(GList) answers = json_object_get_members (object_at (operation, "responses", NULL));
          guint errors = 0;

          g_assert_nonnull (id);
          g_assert_true (g_str_is_ascii (id));
          g_assert_cmpstr (json_object_get_string_member_with_default (operation, "summary", ""), !=, "");
          if (!g_hash_table_add (ids, (gpointer) id))
            g_error ("%s %s repeats the operationId %s", (char *) m->data, path, id);
          for (const char *open = strchr (path, '{'); open != NULL; open = strchr (open + 1, '{'))
            {
              g_autofree char *name = g_strndup (open + 1, strchr (open, '}') - open - 1);

              if (!has_parameter (operation, name, "path"))
                g_error ("%s %s does not declare its parameter %s", (char *) m->data, path, name);
            }
          for (GList *a = answers; a != NULL; a = a->next)
            if (((char *) a->data)[0] == '4')
              {
                const char *ref = json_object_get_string_member (object_at (operation, "responses", a->data, NULL), "$ref");

                g_assert_true (g_str_has_prefix (ref, "#/components/responses/"));
                errors++;
              }
          if (errors == 0)
            g_error ("%s %s has no error answer", (char *) m->data, path);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/openapi/described", test_described);
  g_test_add_func ("/openapi/every-operation-routed", test_every_operation_routed);
  g_test_add_func ("/openapi/operations-complete", test_operations_complete);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
