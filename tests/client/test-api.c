/* test-api.c: RapportApi against a loopback server that records what it is sent */
#include "rapport-api.h"
#include "rapport-retry-key.h"
#include "crm-error.h"

#include <libsoup/soup.h>
#include <string.h>

typedef struct
{
  char  *method;
  char  *path;
  char  *key;
  char  *body;
} Seen;

typedef struct
{
  SoupServer *server;
  char       *base_url;
  GPtrArray  *seen;
  /* answer 503 (with this Retry-After, "" for none) to the first N requests */
  guint       n_unavailable;
  const char *retry_after;
  /* drop the connection without an answer on the first N requests */
  guint       n_dropped;
  /* answer every request 409 with this error envelope, if set */
  const char *refusal;
  RapportApi *api;
} Fixture;

static void
seen_free (Seen *seen)
{
  g_free (seen->method);
  g_free (seen->path);
  g_free (seen->key);
  g_free (seen->body);
  g_free (seen);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  static const char unavailable[] = "{\"error\":{\"code\":\"unavailable\",\"message\":\"try again\"}}";
  Fixture *fixture = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  Seen *seen = g_new0 (Seen, 1);
  g_autofree char *answer = NULL;

  seen->method = g_strdup (soup_server_message_get_method (msg));
  seen->path = g_strdup (path);
  seen->key = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key"));
  seen->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_ptr_array_add (fixture->seen, seen);

  if (fixture->n_dropped > 0)
    {
      fixture->n_dropped--;
      g_io_stream_close (soup_server_message_steal_connection (msg), NULL, NULL);
      return;
    }
  if (fixture->refusal != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_CONFLICT, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, fixture->refusal,
                                        strlen (fixture->refusal));
      return;
    }
  if (fixture->n_unavailable > 0)
    {
      fixture->n_unavailable--;
      if (fixture->retry_after[0] != '\0')
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                      fixture->retry_after);
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, unavailable, strlen (unavailable));
      return;
    }
  answer = g_strdup_printf ("{\"n\":%u,\"body\":%s}", fixture->seen->len, seen->body[0] ? seen->body : "null");
  soup_server_message_set_status (msg, g_str_equal (seen->method, "POST") ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *uri = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handle, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  uri = g_uri_to_string (uris->data);
  fixture->base_url = g_strdup (uri);
  fixture->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  fixture->retry_after = "";
  fixture->api = rapport_api_new (fixture->base_url);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->api);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_ptr_array_unref (fixture->seen);
  g_free (fixture->base_url);
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* one request through the client, its answer or error */
static JsonNode *
request (Fixture     *fixture,
         const char  *method,
         const char  *path,
         const char  *json,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = json ? json_from_string (json, NULL) : NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  rapport_api_request_async (fixture->api, method, path, body, NULL, keep_result, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return rapport_api_request_finish (fixture->api, result, error);
}

static Seen *
seen (Fixture *fixture,
      guint    i)
{
  g_assert_cmpuint (i, <, fixture->seen->len);
  return fixture->seen->pdata[i];
}

/* the body arrives whole: the request sender measures it before giving it away */
static void
test_body (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = request (fixture, "PATCH", "/accounts/1", "{\"name\":\"Acme 测试\",\"version\":3}", &error);

  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_cmpstr (seen (fixture, 0)->body, ==, "{\"name\":\"Acme 测试\",\"version\":3}");
}

/* every POST carries a fresh random key; nothing else carries one */
static void
test_idempotency_key (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const methods[] = { "POST", "POST", "GET", "PATCH", "DELETE", "POST" };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = request (fixture, methods[i], "/accounts", g_str_equal (methods[i], "GET") ||
                                            g_str_equal (methods[i], "DELETE") ? NULL : "{\"name\":\"Acme\"}", &error);

      g_assert_no_error (error);
      g_assert_nonnull (answer);
      g_assert_cmpstr (seen (fixture, i)->method, ==, methods[i]);
      if (g_str_equal (methods[i], "POST"))
        g_assert_true (g_uuid_string_is_valid (seen (fixture, i)->key));
      else
        g_assert_null (seen (fixture, i)->key);
    }
  g_assert_cmpuint (fixture->seen->len, ==, G_N_ELEMENTS (methods));
  g_assert_cmpstr (seen (fixture, 0)->key, !=, seen (fixture, 1)->key);
  g_assert_cmpstr (seen (fixture, 0)->key, !=, seen (fixture, 5)->key);
  g_assert_cmpstr (seen (fixture, 1)->key, !=, seen (fixture, 5)->key);
}

/* a POST the server could not answer is sent again, once, with the same key and body */
static void
test_retry_unavailable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  fixture->n_unavailable = 1;
  fixture->retry_after = "1";
  answer = request (fixture, "POST", "/quotes", "{\"title\":\"Once\"}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_cmpuint (fixture->seen->len, ==, 2);
  g_assert_true (g_uuid_string_is_valid (seen (fixture, 0)->key));
  g_assert_cmpstr (seen (fixture, 1)->key, ==, seen (fixture, 0)->key);
  g_assert_cmpstr (seen (fixture, 1)->body, ==, seen (fixture, 0)->body);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "n"), ==, 2);
}

/* an error the user is told in a toast names its request, shortened, so
 * that the server's log can be searched for it; one about a field (shown
 * beside the field) does not */
static void
test_request_id (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) field_error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) field_answer = NULL;

  fixture->refusal = "{\"error\":{\"code\":\"conflict\",\"message\":\"Changed meanwhile\",\"field\":null,"
                     "\"request_id\":\"3f2a9c01d4e5b6a7c8d9e0f1a2b3c4d5\"}}";
  answer = request (fixture, "GET", "/accounts/1", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Changed meanwhile (request 3f2a9c01…)");

  fixture->refusal = "{\"error\":{\"code\":\"validation\",\"message\":\"Too long\",\"field\":\"name\","
                     "\"request_id\":\"3f2a9c01d4e5b6a7c8d9e0f1a2b3c4d5\"}}";
  field_answer = request (fixture, "GET", "/accounts/1", NULL, &field_error);
  g_assert_null (field_answer);
  g_assert_cmpstr (field_error->message, ==, "Too long");
  g_assert_cmpstr (crm_error_get_field (field_error), ==, "name");
}

static void
test_retry_dropped (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  fixture->n_dropped = 1;
  answer = request (fixture, "POST", "/quotes", "{\"title\":\"Once\"}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_cmpuint (fixture->seen->len, ==, 2);
  g_assert_cmpstr (seen (fixture, 1)->key, ==, seen (fixture, 0)->key);
}

/* only once: a server still unavailable is told as such; other methods are not retried */
static void
test_retry_once (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) get_error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) get_answer = NULL;

  fixture->n_unavailable = 3;
  answer = request (fixture, "POST", "/quotes", "{\"title\":\"Once\"}", &error);
  g_assert_null (answer);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE);
  g_assert_cmpuint (fixture->seen->len, ==, 2);

  get_answer = request (fixture, "GET", "/quotes", NULL, &get_error);
  g_assert_null (get_answer);
  g_assert_error (get_error, CRM_ERROR, CRM_ERROR_UNAVAILABLE);
  g_assert_cmpuint (fixture->seen->len, ==, 3);
}

/* a key given by the caller is the one sent, on the retry too */
static void
test_post_key (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"name\":\"Acme\"}", NULL);
  g_autoptr(JsonNode) answer = NULL;

  fixture->n_unavailable = 1;
  fixture->retry_after = "0";
  rapport_api_post_async (fixture->api, "/accounts", body, "5d0c7c4e-8f0e-4a8e-9a57-2d3f7a0b1c2d", NULL,
                          keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = rapport_api_request_finish (fixture->api, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->seen->len, ==, 2);
  g_assert_cmpstr (seen (fixture, 0)->method, ==, "POST");
  g_assert_cmpstr (seen (fixture, 0)->key, ==, "5d0c7c4e-8f0e-4a8e-9a57-2d3f7a0b1c2d");
  g_assert_cmpstr (seen (fixture, 1)->key, ==, "5d0c7c4e-8f0e-4a8e-9a57-2d3f7a0b1c2d");
}

/* the same body keeps its key until cleared; another body gets another */
static void
test_retry_key (void)
{
  RapportRetryKey retry = { NULL, NULL };
  g_autoptr(JsonNode) one = json_from_string ("{\"name\":\"Acme\",\"lines\":[1,2]}", NULL);
  g_autoptr(JsonNode) same = json_from_string ("{\"name\":\"Acme\",\"lines\":[1,2]}", NULL);
  g_autoptr(JsonNode) other = json_from_string ("{\"name\":\"Acme Ltd\",\"lines\":[1,2]}", NULL);
  g_autofree char *first = g_strdup (rapport_retry_key_for (&retry, one));
  g_autofree char *changed = NULL;

  g_assert_true (g_uuid_string_is_valid (first));
  g_assert_cmpstr (rapport_retry_key_for (&retry, same), ==, first);
  changed = g_strdup (rapport_retry_key_for (&retry, other));
  g_assert_true (g_uuid_string_is_valid (changed));
  g_assert_cmpstr (changed, !=, first);
  g_assert_cmpstr (rapport_retry_key_for (&retry, other), ==, changed);
  /* saved: the same content again is a new write */
  rapport_retry_key_clear (&retry);
  g_assert_cmpstr (rapport_retry_key_for (&retry, other), !=, changed);
  rapport_retry_key_clear (&retry);
  g_assert_null (retry.key);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/api/body", Fixture, NULL, fixture_set_up, test_body, fixture_tear_down);
  g_test_add ("/api/idempotency-key", Fixture, NULL, fixture_set_up, test_idempotency_key, fixture_tear_down);
  g_test_add ("/api/retry-unavailable", Fixture, NULL, fixture_set_up, test_retry_unavailable, fixture_tear_down);
  g_test_add ("/api/retry-dropped", Fixture, NULL, fixture_set_up, test_retry_dropped, fixture_tear_down);
  g_test_add ("/api/retry-once", Fixture, NULL, fixture_set_up, test_retry_once, fixture_tear_down);
  g_test_add ("/api/post-key", Fixture, NULL, fixture_set_up, test_post_key, fixture_tear_down);
  g_test_add ("/api/request-id", Fixture, NULL, fixture_set_up, test_request_id, fixture_tear_down);
  g_test_add_func ("/api/retry-key", test_retry_key);
  return g_test_run ();
}
