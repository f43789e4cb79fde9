/* test-request-id.c: every answer names its request: a valid X-Request-Id kept, any other replaced, errors carry it */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

typedef struct
{
  guint       status;
  char       *id;
  JsonObject *body;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_free (answer->id);
  g_clear_pointer (&answer->body, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
ask (const char *method,
     const char *path,
     const char *incoming,
     const char *body,
     Answer     *answer)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", server->admin_token);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (incoming != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Request-Id", incoming);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->id = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Request-Id"));
  if (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    answer->body = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
envelope_id (Answer *answer)
{
  JsonObject *error;

  g_assert_nonnull (answer->body);
  error = json_object_get_object_member (answer->body, "error");
  g_assert_nonnull (error);
  return json_object_get_string_member_with_default (error, "request_id", NULL);
}

static gboolean
is_generated (const char *id)
{
  return id != NULL && strlen (id) == 32 && strspn (id, "0123456789abcdef") == 32;
}

/* the client's id comes back in the header and the error envelope */
static void
test_kept (void)
{
  g_auto(Answer) missing = { 0 };
  g_auto(Answer) invalid = { 0 };
  g_auto(Answer) ok = { 0 };

  ask ("GET", "/api/v1/accounts/987654321", "erp-4711.batch:7_a", NULL, &missing);
  g_assert_cmpuint (missing.status, ==, 404);
  g_assert_cmpstr (missing.id, ==, "erp-4711.batch:7_a");
  g_assert_cmpstr (envelope_id (&missing), ==, "erp-4711.batch:7_a");

  /* on a worker, through the router's validation */
  ask ("POST", "/api/v1/accounts", "erp-4712", "{\"name\":\"\"}", &invalid);
  g_assert_cmpuint (invalid.status, ==, 422);
  g_assert_cmpstr (invalid.id, ==, "erp-4712");
  g_assert_cmpstr (envelope_id (&invalid), ==, "erp-4712");

  ask ("GET", "/api/v1/health", "probe-1", NULL, &ok);
  g_assert_cmpuint (ok.status, ==, 200);
  g_assert_cmpstr (ok.id, ==, "probe-1");
}

/* none, or one that could smuggle text into a log line: one is made */
static void
test_replaced (void)
{
  g_autofree char *long_id = g_strnfill (129, 'a');
  const char *bad[] = { NULL, "has space", "quote\"d", "", long_id };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Answer) answer = { 0 };

      ask ("GET", "/api/v1/accounts/987654321", bad[i], NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 404);
      g_assert_true (is_generated (answer.id));
      g_assert_cmpstr (envelope_id (&answer), ==, answer.id);
      /* each request its own */
      g_assert_false (g_hash_table_contains (seen, answer.id));
      g_hash_table_add (seen, g_strdup (answer.id));
    }
}

/* an answer refused before any route (outside /api/v1/) is named too */
static void
test_outside_api (void)
{
  g_auto(Answer) answer = { 0 };

  ask ("GET", "/nowhere", "outside-1", NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 404);
  g_assert_cmpstr (answer.id, ==, "outside-1");
  g_assert_cmpstr (envelope_id (&answer), ==, "outside-1");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/request-id/kept", test_kept);
  g_test_add_func ("/request-id/replaced", test_replaced);
  g_test_add_func ("/request-id/outside-api", test_outside_api);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
