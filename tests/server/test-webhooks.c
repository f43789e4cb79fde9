/* test-webhooks.c: webhooks POSTed, signed, to a real receiver on loopback: business events (order.confirmed), retried, never for rolled-back work, never redirected, never held up by a receiver that hangs, replayed */
#include "rapport-test-server.h"

#include <string.h>

#define SECRET "a-secret-the-receiver-knows-too"

static RapportTestServer *server;

/* a receiver on its own thread, so it answers whatever the test's thread
 * is waiting for: /ok answers 200, /flaky 500 twice then 200, /hang never */
typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *soup;
  guint         port;
  GMutex        lock;
  GCond         changed;
  /* of SoupMessageHeaders copies and bodies, by path */
  GPtrArray    *paths;
  GPtrArray    *headers;
  GPtrArray    *bodies;
  guint         flaky_seen;
} Receiver;

static Receiver receiver;

static void
receive (SoupServer        *soup,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  SoupMessageHeaders *copy = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint status = 200;

  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (message));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (copy, name, value);
  g_mutex_lock (&receiver.lock);
  g_ptr_array_add (receiver.paths, g_strdup (path));
  g_ptr_array_add (receiver.headers, copy);
  g_ptr_array_add (receiver.bodies, g_strndup (body->data, body->length));
  if (g_str_equal (path, "/flaky") && receiver.flaky_seen++ < 2)
    status = 500;
  g_cond_broadcast (&receiver.changed);
  g_mutex_unlock (&receiver.lock);
  if (g_str_equal (path, "/hang"))
    {
      soup_server_message_pause (message);
      return;
    }
  if (g_str_equal (path, "/moved"))
    {
      soup_server_message_set_redirect (message, 302, "/moved-here");
      return;
    }
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, status == 200 ? "thanks" : "broken", 6);
}

static gpointer
receiver_run (gpointer data)
{
  g_main_context_push_thread_default (receiver.context);
  g_main_loop_run (receiver.loop);
  g_main_context_pop_thread_default (receiver.context);
  return NULL;
}

static void
receiver_start (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_mutex_init (&receiver.lock);
  g_cond_init (&receiver.changed);
  receiver.paths = g_ptr_array_new_with_free_func (g_free);
  receiver.headers = g_ptr_array_new_with_free_func ((GDestroyNotify) soup_message_headers_unref);
  receiver.bodies = g_ptr_array_new_with_free_func (g_free);
  receiver.context = g_main_context_new ();
  receiver.loop = g_main_loop_new (receiver.context, FALSE);
  g_main_context_push_thread_default (receiver.context);
  receiver.soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (receiver.soup, NULL, receive, NULL, NULL);
  g_assert_true (soup_server_listen_local (receiver.soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  g_main_context_pop_thread_default (receiver.context);
  uris = soup_server_get_uris (receiver.soup);
  receiver.port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  receiver.thread = g_thread_new ("receiver", receiver_run, NULL);
}

/* how many POSTs @path got, once it got at least @count or @seconds passed */
static guint
receiver_wait (const char *path,
               guint       count,
               guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint seen = 0;

  g_mutex_lock (&receiver.lock);
  for (;;)
    {
      seen = 0;
      for (guint i = 0; i < receiver.paths->len; i++)
        seen += g_str_equal (receiver.paths->pdata[i], path);
      if (seen >= count || !g_cond_wait_until (&receiver.changed, &receiver.lock, deadline))
        break;
    }
  g_mutex_unlock (&receiver.lock);
  return seen;
}

/* the headers and body of @path's @nth POST */
static void
receiver_get (const char          *path,
              guint                nth,
              SoupMessageHeaders **headers,
              char               **body)
{
  g_mutex_lock (&receiver.lock);
  for (guint i = 0; i < receiver.paths->len; i++)
    if (g_str_equal (receiver.paths->pdata[i], path) && nth-- == 0)
      {
        *headers = soup_message_headers_ref (receiver.headers->pdata[i]);
        *body = g_strdup (receiver.bodies->pdata[i]);
        break;
      }
  g_mutex_unlock (&receiver.lock);
  g_assert_nonnull (*body);
}

static gint64
subscribe (const char *path,
           const char *events)
{
  g_autofree char *body = g_strdup_printf ("{\"url\":\"http://127.0.0.1:%u%s\",\"events\":%s,\"secret\":\"" SECRET "\"}",
                                           receiver.port, path, events);
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/webhooks", server->admin_token, body);

  g_assert_cmpuint (made->status, ==, 201);
  return rapport_test_reply_int (made, "id");
}

static JsonObject *
deliveries_of (gint64 webhook_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/webhooks/%" G_GINT64_FORMAT "/deliveries", webhook_id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, server->admin_token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_ref (rapport_test_reply_object (reply));
}

/* the newest delivery of @webhook_id once it has made @attempts attempts
 * and left the sending state, within @seconds */
static JsonObject *
wait_delivery (gint64 webhook_id,
               guint  attempts,
               guint  seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(JsonObject) list = deliveries_of (webhook_id);
      JsonArray *items = json_object_get_array_member (list, "items");

      if (json_array_get_length (items) > 0)
        {
          JsonObject *delivery = json_array_get_object_element (items, 0);

          if (json_object_get_int_member (delivery, "attempts") >= attempts &&
              !g_str_equal (json_object_get_string_member (delivery, "state"), "sending"))
            return json_object_ref (delivery);
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 10);
    }
}

static void
test_admin_only (void)
{
  g_autofree char *sales = rapport_test_server_add_user (server, "hooks-sales", "sales");
  g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", "/api/v1/webhooks", sales, NULL);
  g_autoptr(RapportTestReply) create = rapport_test_request (server, "POST", "/api/v1/webhooks", sales,
                                                             "{\"url\":\"http://127.0.0.1:1/\",\"events\":[\"account.created\"]}");
  g_autoptr(RapportTestReply) ftp = rapport_test_request (server, "POST", "/api/v1/webhooks", server->admin_token,
                                                          "{\"url\":\"ftp://erp.example/\",\"events\":[\"account.created\"]}");
  g_autoptr(RapportTestReply) unknown = rapport_test_request (server, "POST", "/api/v1/webhooks", server->admin_token,
                                                              "{\"url\":\"https://erp.example/\",\"events\":[\"account.eaten\"]}");
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/webhooks", server->admin_token,
                                                           "{\"url\":\"https://erp.example/hook\",\"events\":[\"order.created\","
                                                           "\"sales_order.created\"],\"active\":false}");
  g_autoptr(RapportTestReply) order = rapport_test_request (server, "POST", "/api/v1/webhooks", server->admin_token,
                                                            "{\"url\":\"https://erp.example/hook\",\"events\":[\"order.created\","
                                                            "\"payment.created\",\"contract.updated\"],\"active\":false}");
  g_autoptr(RapportTestReply) listed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *stale = NULL;
  g_autoptr(RapportTestReply) patched = NULL;
  g_autoptr(RapportTestReply) patched_again = NULL;
  g_autoptr(RapportTestReply) deleted = NULL;

  g_assert_cmpuint (list->status, ==, 403);
  g_assert_cmpuint (create->status, ==, 403);
  g_assert_cmpuint (ftp->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (ftp), ==, "url");
  g_assert_cmpuint (unknown->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (unknown), ==, "events");
  g_assert_cmpuint (made->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (made), ==, "events");
  /* of those asked for, only the good one is kept */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_subscriptions"), ==, 1);

  /* a secret made here is shown once, and listed never */
  g_assert_cmpuint (order->status, ==, 201);
  g_assert_cmpuint (strlen (rapport_test_reply_string (order, "secret")), >=, 32);
  listed = rapport_test_request (server, "GET", "/api/v1/webhooks", server->admin_token, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_null (strstr (listed->body, rapport_test_reply_string (order, "secret")));
  g_assert_nonnull (strstr (listed->body, "payment.created"));

  path = g_strdup_printf ("/api/v1/webhooks/%" G_GINT64_FORMAT, rapport_test_reply_int (order, "id"));
  patched = rapport_test_request (server, "PATCH", path, server->admin_token,
                                  "{\"version\":1,\"url\":\"https://erp.example/v2\",\"events\":[\"invoice.created\"]}");
  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (patched, "version"), ==, 2);
  stale = g_strdup ("{\"version\":1,\"active\":true}");
  patched_again = rapport_test_request (server, "PATCH", path, server->admin_token, stale);
  g_assert_cmpuint (patched_again->status, ==, 409);
  deleted = rapport_test_request (server, "DELETE", path, server->admin_token, NULL);
  g_assert_cmpuint (deleted->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_subscriptions"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'webhook'"), ==, 3);
}

static void
assert_signed (SoupMessageHeaders *headers,
               const char         *body)
{
  const char *timestamp = soup_message_headers_get_one (headers, "X-Rapport-Timestamp");
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) SECRET, strlen (SECRET));
  g_autofree char *expected = NULL;

  g_assert_nonnull (timestamp);
  g_assert_cmpint (ABS (g_ascii_strtoll (timestamp, NULL, 10) - g_get_real_time () / G_USEC_PER_SEC), <, 60);
  g_hmac_update (hmac, (const guchar *) timestamp, strlen (timestamp));
  g_hmac_update (hmac, (const guchar *) ".", 1);
  g_hmac_update (hmac, (const guchar *) body, strlen (body));
  expected = g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Rapport-Signature"), ==, expected);
}

/* a create of an account delivers one signed POST; a replay sends it again */
static void
test_signed_and_replayed (void)
{
  gint64 hook = subscribe ("/ok", "[\"account.created\"]");
  gint64 account = rapport_test_create_named (server, "Webhook Receiver Ltd");
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(SoupMessageHeaders) again_headers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *again_body = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(JsonObject) delivery = NULL;
  g_autoptr(RapportTestReply) replayed = NULL;
  g_autofree char *replay_path = NULL;
  g_autofree char *delivery_id = NULL;
  g_autofree char *delete_path = g_strdup_printf ("/api/v1/webhooks/%" G_GINT64_FORMAT, hook);
  g_autoptr(RapportTestReply) deleted = NULL;
  JsonObject *event;

  g_assert_cmpuint (receiver_wait ("/ok", 1, 20), ==, 1);
  receiver_get ("/ok", 0, &headers, &body);
  assert_signed (headers, body);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Rapport-Event"), ==, "account.created");
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  parsed = json_from_string (body, NULL);
  g_assert_nonnull (parsed);
  event = json_node_get_object (parsed);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "account.created");
  g_assert_cmpint (json_object_get_int_member (event, "id"), >, 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (event, "created_at"), "Z"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, account);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "entity"), ==, "account");

  delivery = wait_delivery (hook, 1, 20);
  g_assert_cmpstr (json_object_get_string_member (delivery, "state"), ==, "delivered");
  g_assert_cmpint (json_object_get_int_member (delivery, "attempts"), ==, 1);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (delivery, "log")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (delivery, "log"), 0),
                                                  "response"), ==, "thanks");
  delivery_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (delivery, "id"));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Rapport-Delivery"), ==, delivery_id);

  replay_path = g_strdup_printf ("/api/v1/webhook-deliveries/%s/replay", delivery_id);
  replayed = rapport_test_request (server, "POST", replay_path, server->admin_token, NULL);
  g_assert_cmpuint (replayed->status, ==, 200);
  g_assert_cmpuint (receiver_wait ("/ok", 2, 20), ==, 2);
  receiver_get ("/ok", 1, &again_headers, &again_body);
  g_assert_cmpstr (again_body, ==, body);
  g_assert_cmpstr (soup_message_headers_get_one (again_headers, "X-Rapport-Delivery"), ==, delivery_id);
  assert_signed (again_headers, again_body);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'webhook_delivery' "
                                         "AND action = 'replay' AND entity_id = %s", delivery_id), ==, 1);
  deleted = rapport_test_request (server, "DELETE", delete_path, server->admin_token, NULL);
  g_assert_cmpuint (deleted->status, ==, 200);
}

static void
run_jobs_in (guint seconds)
{
  g_autoptr(GDateTime) later = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + seconds);
  g_autofree char *at = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", at);
  g_autoptr(RapportTestReply) ran = rapport_test_request (server, "POST", path, server->admin_token, NULL);

  g_assert_cmpuint (ran->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (ran, "webhooks_due"), ==, 1);
}

/* 500, 500, then 200: three attempts, the second and third once the job
 * clock passes their backoff (10 s, then 1 min) */
static void
test_retried (void)
{
  gint64 hook = subscribe ("/flaky", "[\"contact.created\"]");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(GDateTime) tried = NULL;
  g_autoptr(GDateTime) next = NULL;
  JsonArray *log;

  g_autofree char *contact = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"Flaky Receiver\"}",
                                              rapport_test_create_named (server, "Flaky Receiver Ltd"));

  rapport_test_create (server, server->admin_token, "contacts", contact);
  first = wait_delivery (hook, 1, 20);
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (first, "last_status"), ==, 500);
  tried = g_date_time_new_from_iso8601 (json_object_get_string_member (json_array_get_object_element (
                                          json_object_get_array_member (first, "log"), 0), "at"), NULL);
  next = g_date_time_new_from_iso8601 (json_object_get_string_member (first, "next_attempt_at"), NULL);
  g_assert_cmpint (g_date_time_difference (next, tried) / G_USEC_PER_SEC, >=, 9);
  g_assert_cmpint (g_date_time_difference (next, tried) / G_USEC_PER_SEC, <=, 12);

  run_jobs_in (15);
  second = wait_delivery (hook, 2, 20);
  g_assert_cmpstr (json_object_get_string_member (second, "state"), ==, "pending");
  run_jobs_in (75);
  third = wait_delivery (hook, 3, 20);
  g_assert_cmpstr (json_object_get_string_member (third, "state"), ==, "delivered");
  g_assert_cmpint (json_object_get_int_member (third, "last_status"), ==, 200);
  log = json_object_get_array_member (third, "log");
  g_assert_cmpint (json_array_get_length (log), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (log, 0), "status"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (log, 1), "status"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (log, 2), "status"), ==, 200);
  g_assert_cmpuint (receiver_wait ("/flaky", 3, 1), ==, 3);
}

/* an import whose second row is bad keeps nothing: its first row's
 * delivery goes with it */
static void
test_rolled_back (void)
{
  gint64 hook = subscribe ("/rolled-back", "[\"account.created\"]");
  gint64 last_id = rapport_test_sql_int (server, "SELECT COALESCE(MAX(id), 0) FROM webhook_deliveries");
  static const char rows[] = "name,website\nRolled Back Ltd,\n,not a website\n";
  g_autoptr(GBytes) csv = g_bytes_new_static (rows, strlen (rows));
  g_autoptr(RapportTestReply) imported = rapport_test_request_full (server, "POST", "/api/v1/accounts/import.csv",
                                                                    server->admin_token, "text/csv", csv);
  g_autoptr(JsonObject) delivery = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *body = NULL;
  gint64 account;

  g_assert_cmpuint (imported->status / 100, ==, 4);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Rolled Back Ltd'"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT, hook), ==, 0);
  /* the next committed one is the first and only one told */
  account = rapport_test_create_named (server, "Committed Ltd");
  delivery = wait_delivery (hook, 1, 20);
  g_assert_cmpstr (json_object_get_string_member (delivery, "state"), ==, "delivered");
  g_assert_cmpuint (receiver_wait ("/rolled-back", 1, 1), ==, 1);
  receiver_get ("/rolled-back", 0, &headers, &body);
  g_assert_nonnull (strstr (body, "\"entity\":\"account\""));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT, hook), ==, 1);
  /* the first row's delivery was written, and rolled back: its id is spent */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT id FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT, hook), >=, last_id + 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT JSON_VALUE(body, '$.data.id') FROM webhook_deliveries "
                                         "WHERE subscription_id = %" G_GINT64_FORMAT, hook), ==, account);
}

/* an import's records are created together: each delivery names its own
 * record's event, as one made alone does */
static void
test_imported (void)
{
  gint64 hook = subscribe ("/imported", "[\"account.created\"]");
  static const char rows[] = "name\nImported One Ltd\nImported Two Ltd\nImported Three Ltd\n";
  g_autoptr(GBytes) csv = g_bytes_new_static (rows, strlen (rows));
  g_autoptr(RapportTestReply) imported = rapport_test_request_full (server, "POST", "/api/v1/accounts/import.csv",
                                                                    server->admin_token, "text/csv", csv);

  g_assert_cmpuint (imported->status / 100, ==, 2);
  g_assert_cmpuint (receiver_wait ("/imported", 3, 20), ==, 3);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(DISTINCT d.event_id) FROM webhook_deliveries d "
                                         "JOIN events e ON e.id = d.event_id AND e.entity = 'account' "
                                         "AND e.record_id = JSON_VALUE(d.body, '$.data.id') "
                                         "AND e.id = JSON_VALUE(d.body, '$.id') "
                                         "JOIN accounts a ON a.id = e.record_id AND a.name LIKE 'Imported %%' "
                                         "WHERE d.subscription_id = %" G_GINT64_FORMAT, hook), ==, 3);
}

/* a receiver that never answers holds neither another subscription's
 * deliveries nor the API */
static void
test_hanging_receiver (void)
{
  gint64 hang = subscribe ("/hang", "[\"account.archived\"]");
  gint64 fast = subscribe ("/fast", "[\"account.archived\"]");
  gint64 started;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Archived %u Ltd", i);
      g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, rapport_test_create_named (server, name));
      g_autoptr(RapportTestReply) archived = rapport_test_request (server, "DELETE", path, server->admin_token, NULL);

      g_assert_cmpuint (archived->status / 100, ==, 2);
    }
  started = g_get_monotonic_time ();
  g_assert_cmpuint (receiver_wait ("/fast", 3, 20), ==, 3);
  g_assert_cmpuint (receiver_wait ("/hang", 2, 20), ==, 2);
  /* the hanging receiver's timeout is 10 s: all this happens well before */
  for (guint i = 0; i < 5; i++)
    {
      gint64 asked = g_get_monotonic_time ();
      g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", "/api/v1/accounts?limit=5", server->admin_token, NULL);

      g_assert_cmpuint (list->status, ==, 200);
      g_assert_cmpint (g_get_monotonic_time () - asked, <, G_USEC_PER_SEC);
    }
  g_assert_cmpint (g_get_monotonic_time () - started, <, 8 * G_USEC_PER_SEC);
  /* two to one subscription at once: the third waits its turn */
  g_assert_cmpuint (receiver_wait ("/hang", 3, 0), ==, 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT " AND state = 'delivered'", fast), ==, 3);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT " AND state = 'sending'", hang), ==, 2);
}

/* a redirect is an answer like another: the signed body goes nowhere else */
static void
test_not_redirected (void)
{
  gint64 hook = subscribe ("/moved", "[\"account.updated\"]");
  gint64 account = rapport_test_create_named (server, "Moved Away Ltd");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, account);
  g_autoptr(RapportTestReply) renamed = rapport_test_request (server, "PATCH", path, server->admin_token,
                                                              "{\"version\":1,\"name\":\"Moved Again Ltd\"}");
  g_autoptr(JsonObject) delivery = NULL;

  g_assert_cmpuint (renamed->status, ==, 200);
  delivery = wait_delivery (hook, 1, 20);
  g_assert_cmpstr (json_object_get_string_member (delivery, "state"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (delivery, "last_status"), ==, 302);
  g_assert_cmpuint (receiver_wait ("/moved", 1, 0), ==, 1);
  g_assert_cmpuint (receiver_wait ("/moved-here", 1, 0), ==, 0);
}

static JsonObject *
post_as (const char *token,
         const char *method,
         const char *path,
         const char *body,
         guint       status)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, method, path, token, body);

  g_assert_cmpuint (reply->status, ==, status);
  return json_object_ref (rapport_test_reply_object (reply));
}

/* a business event: an order confirmed is told to who subscribed to
 * order.confirmed, and an edit that leaves its status is not; a status no
 * entity has is no event type */
static void
test_status_event (void)
{
  g_autofree char *seller = rapport_test_server_add_user (server, "hooks-seller", "sales");
  g_autoptr(RapportTestReply) unknown = rapport_test_request (server, "POST", "/api/v1/webhooks", server->admin_token,
                                                              "{\"url\":\"https://erp.example/\",\"events\":[\"order.shipped\"]}");
  g_autoptr(RapportTestReply) no_status = rapport_test_request (server, "POST", "/api/v1/webhooks", server->admin_token,
                                                                "{\"url\":\"https://erp.example/\",\"events\":[\"account.confirmed\"]}");
  gint64 confirmed_hook = subscribe ("/confirmed", "[\"order.confirmed\"]");
  gint64 both_hook = subscribe ("/both", "[\"order.updated\",\"order.confirmed\"]");
  gint64 account = rapport_test_create (server, seller, "accounts", "{\"name\":\"Status Event Ltd\"}");
  g_autofree char *quote_body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":"
                                                 "[{\"description\":\"Pump\",\"quantity\":\"1\",\"unit_price\":\"100\","
                                                 "\"tax_rate\":\"13\"}]}", account);
  gint64 quote = rapport_test_create (server, seller, "quotes", quote_body);
  g_autofree char *submit = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", quote);
  g_autofree char *to_order = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/order", quote);
  g_autoptr(JsonObject) submitted = post_as (seller, "POST", submit, NULL, 200);
  g_autoptr(JsonObject) order = post_as (seller, "POST", to_order, NULL, 201);
  gint64 order_id = json_object_get_int_member (order, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, order_id);
  g_autofree char *confirm = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/confirm", order_id);
  g_autofree char *edit = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"title\":\"Pumps for ward 3\"}",
                                           json_object_get_int_member (order, "version"));
  g_autoptr(JsonObject) edited = post_as (seller, "PATCH", path, edit, 200);
  g_autoptr(JsonObject) confirmed = NULL;
  g_autoptr(JsonObject) delivery = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  JsonObject *data;
  guint n_both;

  g_assert_cmpuint (unknown->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (unknown), ==, "events");
  g_assert_cmpuint (no_status->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_status), ==, "events");
  /* the OpenAPI document lists the types a subscription may name */
  {
    g_autoptr(RapportTestReply) openapi = rapport_test_request (server, "GET", "/api/v1/openapi.json", server->admin_token, NULL);

    g_assert_cmpuint (openapi->status, ==, 200);
    g_assert_nonnull (strstr (openapi->body, "\"order.confirmed\""));
    g_assert_nonnull (strstr (openapi->body, "\"case.closed\""));
    g_assert_null (strstr (openapi->body, "\"account.confirmed\""));
  }
  g_assert_cmpstr (json_object_get_string_member (submitted, "status"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (edited, "status"), ==, "draft");
  /* written with the change, or never: none for the order made nor for the edit */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT, confirmed_hook), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT, both_hook), ==, 1);

  confirmed = post_as (seller, "POST", confirm, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (confirmed, "status"), ==, "confirmed");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT, confirmed_hook), ==, 1);
  delivery = wait_delivery (confirmed_hook, 1, 20);
  g_assert_cmpstr (json_object_get_string_member (delivery, "state"), ==, "delivered");
  g_assert_cmpstr (json_object_get_string_member (delivery, "type"), ==, "order.confirmed");
  g_assert_cmpuint (receiver_wait ("/confirmed", 1, 20), ==, 1);
  receiver_get ("/confirmed", 0, &headers, &body);
  assert_signed (headers, body);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Rapport-Event"), ==, "order.confirmed");
  parsed = json_from_string (body, NULL);
  g_assert_nonnull (parsed);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (parsed), "type"), ==, "order.confirmed");
  data = json_object_get_object_member (json_node_get_object (parsed), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "entity"), ==, "order");
  g_assert_cmpint (json_object_get_int_member (data, "id"), ==, order_id);
  g_assert_cmpstr (json_object_get_string_member (data, "status"), ==, "confirmed");
  /* the version the confirmation made (its issue, after it, makes another) */
  g_assert_cmpint (json_object_get_int_member (data, "version"), ==, json_object_get_int_member (edited, "version") + 1);
  /* one event, told once as each type a subscription names */
  n_both = (guint) rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT, both_hook);
  g_assert_cmpuint (receiver_wait ("/both", n_both, 20), ==, n_both);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT " AND type = 'order.confirmed'", both_hook), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries c JOIN webhook_deliveries u "
                                         "ON u.event_id = c.event_id AND u.subscription_id = c.subscription_id "
                                         "AND u.type = 'order.updated' WHERE c.subscription_id = %" G_GINT64_FORMAT
                                         " AND c.type = 'order.confirmed'", both_hook), ==, 1);
  /* and nothing more for the subscription to order.confirmed alone */
  g_assert_cmpuint (receiver_wait ("/confirmed", 2, 0), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = %"
                                         G_GINT64_FORMAT, confirmed_hook), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  receiver_start ();
  server = rapport_test_server_start ();

  g_test_add_func ("/webhooks/admin-only", test_admin_only);
  g_test_add_func ("/webhooks/signed-and-replayed", test_signed_and_replayed);
  g_test_add_func ("/webhooks/retried", test_retried);
  g_test_add_func ("/webhooks/rolled-back", test_rolled_back);
  g_test_add_func ("/webhooks/not-redirected", test_not_redirected);
  g_test_add_func ("/webhooks/status-event", test_status_event);
  g_test_add_func ("/webhooks/imported", test_imported);
  g_test_add_func ("/webhooks/hanging-receiver", test_hanging_receiver);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
