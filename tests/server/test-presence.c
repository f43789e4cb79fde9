/* test-presence.c: who has unsaved edits in a record: PUT/GET/DELETE /{collection}/:id/presence, its expiry and its events */
#include "rapport-test-peer.h"
#include "rapport-test-events.h"

#include <string.h>

#define WAIT_US (20 * G_USEC_PER_SEC)
#define PASSWORD "correct horse battery"

static RapportTestServer *server;
/* a sales rep who edits, with a name; another who may not read their records */
static char *editor, *outsider;
static gint64 editor_id;

static RapportTestEvents *
listen_at (const char *base_url,
           const char *token)
{
  return rapport_test_events_listen (server->session, base_url, token, NULL);
}

static RapportTestEvents *
listen_as (const char *token)
{
  return listen_at (server->base_url, token);
}

/* how many events of @kind about @entity @id were heard, the "data" of
 * the last one in @last (if asked for) */
static guint
heard (RapportTestEvents  *listener,
       const char         *kind,
       const char         *entity,
       gint64              id,
       JsonObject        **last)
{
  guint n = 0;

  for (guint i = 0; i < listener->messages->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      JsonObject *data;

      if (!json_parser_load_from_data (parser, listener->messages->pdata[i], -1, NULL))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "kind", NULL), kind) != 0 ||
          !json_object_has_member (object, "data"))
        continue;
      data = json_object_get_object_member (object, "data");
      if (g_strcmp0 (json_object_get_string_member_with_default (data, "entity", NULL), entity) != 0 ||
          json_object_get_int_member_with_default (data, "id", 0) != id)
        continue;
      n++;
      if (last)
        {
          g_clear_pointer (last, json_object_unref);
          *last = json_object_ref (data);
        }
    }
  return n;
}

/* runs the main loop until @listener has heard @n events of @kind about the record, or gives up */
static JsonObject *
wait_for (RapportTestEvents *listener,
          const char        *kind,
          const char        *entity,
          gint64             id,
          guint              n)
{
  gint64 until = g_get_monotonic_time () + WAIT_US;
  JsonObject *data = NULL;

  while (heard (listener, kind, entity, id, NULL) < n && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  heard (listener, kind, entity, id, &data);
  return data;
}

/* The hub tells what is committed after its last look: @writer creates
 * records until @listener hears of one, so that what the test asserts
 * starts from a known point. */
static void
sync_with_hub (RapportTestEvents *listener,
               const char        *writer)
{
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      gint64 id = rapport_test_create (server, writer, "accounts", "{\"name\":\"Presence Sync Co\"}");
      gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

      while (heard (listener, "change", "account", id, NULL) == 0 && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE), g_usleep (10000);
      if (heard (listener, "change", "account", id, NULL) > 0)
        return;
    }
  g_error ("the event hub never told a change");
}

static char *
add_named_user (const char *login,
                const char *name,
                const char *role)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (password_path, PASSWORD, -1, &error);
  g_assert_no_error (error);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--name", name,
                                 "--password-file", password_path, NULL) != 0)
    g_error ("user add failed: %s", output);
  return rapport_test_login (server, login, PASSWORD);
}

static RapportTestReply *
presence (const char *method,
          gint64      id,
          const char *token)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/presence", id);

  return rapport_test_request (server, method, path, token, NULL);
}

/* the users listed as editing the account, as "id:name" joined by "," */
static char *
editors_of (gint64      id,
            const char *token)
{
  g_autoptr(RapportTestReply) reply = presence ("GET", id, token);
  g_autoptr(GString) out = g_string_new ("");
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_string_append_printf (out, "%s%" G_GINT64_FORMAT ":%s", i ? "," : "",
                              json_object_get_int_member_with_default (item, "user_id", 0),
                              json_object_get_string_member_with_default (item, "user_name", ""));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
since_of (gint64 id)
{
  g_autoptr(RapportTestReply) reply = presence ("GET", id, server->admin_token);
  JsonArray *items = json_object_get_array_member (rapport_test_reply_object (reply), "items");

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return g_strdup (json_object_get_string_member_with_default (json_array_get_object_element (items, 0), "since", ""));
}

static gint64
count_of (const char *statement)
{
  g_autofree char *output = rapport_test_server_sql (server, statement);

  return g_ascii_strtoll (g_strstrip (output), NULL, 10);
}

/* PUT says "I am editing", again as a heartbeat; whoever may read the
 * record reads it with GET; DELETE ends it. The record and its audit
 * trail do not change. */
static void
test_put_get_delete (void)
{
  gint64 id = rapport_test_create (server, editor, "accounts", "{\"name\":\"Presence Co\"}");
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT ":李娜 Li Na", editor_id);
  g_autofree char *audit_count = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'account' "
                                                  "AND entity_id = %" G_GINT64_FORMAT, id);
  g_autofree char *since = NULL;
  g_autofree char *since_again = NULL;
  gint64 audited = count_of (audit_count);

  {
    g_autofree char *none = editors_of (id, server->admin_token);
    g_assert_cmpstr (none, ==, "");
  }
  {
    g_autoptr(RapportTestReply) reply = presence ("PUT", id, editor);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_true (json_object_get_boolean_member_with_default (rapport_test_reply_object (reply), "editing", FALSE));
    g_assert_cmpint (rapport_test_reply_int (reply, "ttl_seconds"), ==, 60);
  }
  {
    g_autofree char *listed = editors_of (id, server->admin_token);
    g_autofree char *own = editors_of (id, editor);

    g_assert_cmpstr (listed, ==, expected);
    g_assert_cmpstr (own, ==, expected);
  }
  since = since_of (id);
  g_assert_true (g_str_has_suffix (since, "Z"));
  /* a heartbeat renews it: still one entry, since the first PUT */
  g_usleep (G_USEC_PER_SEC / 10);
  {
    g_autoptr(RapportTestReply) reply = presence ("PUT", id, editor);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  since_again = since_of (id);
  g_assert_cmpstr (since_again, ==, since);
  {
    g_autoptr(RapportTestReply) reply = presence ("DELETE", id, editor);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_false (json_object_get_boolean_member_with_default (rapport_test_reply_object (reply), "editing", TRUE));
  }
  {
    g_autofree char *none = editors_of (id, server->admin_token);
    g_assert_cmpstr (none, ==, "");
  }
  /* stopping twice is no error */
  {
    g_autoptr(RapportTestReply) reply = presence ("DELETE", id, editor);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  /* the record and its trail are as they were */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
    g_autoptr(RapportTestReply) record = rapport_test_request (server, "GET", path, editor, NULL);

    g_assert_cmpint (rapport_test_reply_int (record, "version"), ==, 1);
  }
  g_assert_cmpint (count_of (audit_count), ==, audited);
}

/* A record the user may not read is answered 404 whatever the verb, and
 * nothing is written; a role that changes nothing, or a kind the role may
 * not change, may read presence only. */
static void
test_unreadable (void)
{
  gint64 id = rapport_test_create (server, editor, "accounts", "{\"name\":\"Presence Private Co\"}");
  g_autofree char *auditor = add_named_user ("pr-auditor", "Auditor", "auditor");
  const char *methods[] = { "GET", "PUT", "DELETE" };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autoptr(RapportTestReply) reply = presence (methods[m], id, outsider);
      g_autoptr(RapportTestReply) missing = presence (methods[m], id + 100000, editor);

      g_assert_cmpuint (reply->status, ==, 404);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "not_found");
      g_assert_cmpuint (missing->status, ==, 404);
    }
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PUT", "/api/v1/nonsense/1/presence", editor, NULL);
    g_assert_cmpuint (reply->status, ==, 404);
  }
  {
    g_autofree char *none = editors_of (id, server->admin_token);
    g_assert_cmpstr (none, ==, "");
  }
  {
    g_autoptr(RapportTestReply) read = presence ("GET", id, auditor);
    g_autoptr(RapportTestReply) write = presence ("PUT", id, auditor);

    g_assert_cmpuint (read->status, ==, 200);
    g_assert_cmpuint (write->status, ==, 403);
  }
  {
    g_autoptr(RapportTestReply) anonymous = presence ("PUT", id, NULL);
    g_assert_cmpuint (anonymous->status, ==, 401);
  }
  /* a kind of record the role may read but not change: nobody edits one there */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/presence", editor_id);
    g_autoptr(RapportTestReply) read = rapport_test_request (server, "GET", path, editor, NULL);
    g_autoptr(RapportTestReply) write = rapport_test_request (server, "PUT", path, editor, NULL);

    g_assert_cmpuint (read->status, ==, 200);
    g_assert_cmpuint (write->status, ==, 403);
  }
}

static RapportTestReply *
put_body (gint64      id,
          const char *content_type,
          const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/presence", id);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return rapport_test_request_full (server, "PUT", path, editor, content_type, bytes);
}

/* A presence carries no values: junk, or any member, is refused and writes nothing */
static void
test_junk (void)
{
  gint64 id = rapport_test_create (server, editor, "accounts", "{\"name\":\"Presence Junk Co\"}");

  {
    g_autoptr(RapportTestReply) reply = put_body (id, "application/json", "{\"editing\":");
    g_assert_cmpuint (reply->status, ==, 400);
  }
  {
    g_autoptr(RapportTestReply) reply = put_body (id, "application/json", "[true]");
    g_assert_cmpuint (reply->status, ==, 400);
  }
  {
    g_autoptr(RapportTestReply) reply = put_body (id, "application/json", "{\"name\":\"Typed but not saved\"}");

    g_assert_cmpuint (reply->status, ==, 422);
    g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "name");
  }
  {
    g_autoptr(RapportTestReply) reply = put_body (id, "text/plain", "editing");
    g_assert_cmpuint (reply->status, ==, 415);
  }
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PUT", "/api/v1/accounts/abc/presence", editor, NULL);
    g_assert_cmpuint (reply->status, ==, 404);
  }
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/accounts/1/presence", editor, "{}");
    g_assert_cmpuint (reply->status, ==, 405);
  }
  {
    g_autofree char *none = editors_of (id, server->admin_token);
    g_assert_cmpstr (none, ==, "");
  }
  /* an empty object is a presence like no body */
  {
    g_autoptr(RapportTestReply) reply = put_body (id, "application/json", "{}");
    g_autofree char *one = NULL;
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT ":李娜 Li Na", editor_id);

    g_assert_cmpuint (reply->status, ==, 200);
    one = editors_of (id, server->admin_token);
    g_assert_cmpstr (one, ==, expected);
  }
  {
    g_autoptr(RapportTestReply) reply = presence ("DELETE", id, editor);
    g_assert_cmpuint (reply->status, ==, 200);
  }
}

static void
run_jobs_at (gint64 usec)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", text);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, server->admin_token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

/* who else may read the record hears when someone starts and stops
 * editing it: who, and nothing of the record's values; a heartbeat tells
 * nothing new; one who may not read it hears nothing */
static void
test_events ( void)
{
  g_autoptr(RapportTestEvents) reader = listen_as (server->admin_token);
  g_autoptr(RapportTestEvents) other = listen_as (outsider);
  gint64 id;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) stopped = NULL;

  sync_with_hub (reader, editor);
  sync_with_hub (other, outsider);
  id = rapport_test_create (server, editor, "accounts", "{\"name\":\"Presence Events Co\"}");
  {
    g_autoptr(RapportTestReply) first = presence ("PUT", id, editor);
    g_autoptr(RapportTestReply) heartbeat = presence ("PUT", id, editor);

    g_assert_cmpuint (first->status, ==, 200);
    g_assert_cmpuint (heartbeat->status, ==, 200);
  }
  started = wait_for (reader, "presence", "account", id, 1);
  g_assert_nonnull (started);
  g_assert_cmpint (json_object_get_int_member_with_default (started, "user_id", 0), ==, editor_id);
  g_assert_cmpstr (json_object_get_string_member_with_default (started, "user_name", NULL), ==, "李娜 Li Na");
  g_assert_true (json_object_get_boolean_member_with_default (started, "editing", FALSE));
  /* who and whether, never a value of the record */
  g_assert_cmpuint (json_object_get_size (started), ==, 5);

  {
    g_autoptr(RapportTestReply) reply = presence ("DELETE", id, editor);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  stopped = wait_for (reader, "presence", "account", id, 2);
  g_assert_nonnull (stopped);
  g_assert_false (json_object_get_boolean_member_with_default (stopped, "editing", TRUE));
  /* the heartbeat told nothing: one start, one stop */
  sync_with_hub (reader, editor);
  g_assert_cmpuint (heard (reader, "presence", "account", id, NULL), ==, 2);

  /* the outsider has heard of its own writes since, and never of this record */
  sync_with_hub (other, outsider);
  g_assert_cmpuint (heard (other, "presence", "account", id, NULL), ==, 0);
}

/* A presence not renewed ends TTL seconds after the last PUT: the
 * periodic jobs, run as of a later time, end it and tell it. */
static void
test_expiry ( void)
{
  g_autoptr(RapportTestEvents) reader = listen_as (server->admin_token);
  gint64 id = rapport_test_create (server, editor, "accounts", "{\"name\":\"Presence Crash Co\"}");
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT ":李娜 Li Na", editor_id);
  g_autoptr(JsonObject) ended = NULL;
  gint64 put_at;

  sync_with_hub (reader, editor);
  put_at = g_get_real_time ();
  {
    g_autoptr(RapportTestReply) reply = presence ("PUT", id, editor);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  /* before the TTL it stays */
  run_jobs_at (put_at + 30 * G_USEC_PER_SEC);
  {
    g_autofree char *listed = editors_of (id, server->admin_token);
    g_assert_cmpstr (listed, ==, expected);
  }
  /* past it, it ends, and that is told */
  run_jobs_at (put_at + 62 * G_USEC_PER_SEC);
  {
    g_autofree char *none = editors_of (id, server->admin_token);
    g_assert_cmpstr (none, ==, "");
  }
  g_assert_cmpint (count_of ("SELECT COUNT(*) FROM record_presence"), ==, 0);
  ended = wait_for (reader, "presence", "account", id, 2);
  g_assert_nonnull (ended);
  g_assert_false (json_object_get_boolean_member_with_default (ended, "editing", TRUE));
  g_assert_cmpint (json_object_get_int_member_with_default (ended, "user_id", 0), ==, editor_id);
}

/* A session that signs out leaves no presence behind: GET no longer
 * lists it at once, and the event hub's sweep tells it within seconds. */
static void
test_signed_out ( void)
{
  g_autoptr(RapportTestEvents) reader = listen_as (server->admin_token);
  g_autofree char *second = rapport_test_login (server, "pr-editor", PASSWORD);
  gint64 id = rapport_test_create (server, editor, "accounts", "{\"name\":\"Presence Sign-out Co\"}");
  g_autoptr(JsonObject) ended = NULL;

  sync_with_hub (reader, editor);
  {
    g_autoptr(RapportTestReply) reply = presence ("PUT", id, second);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "DELETE", "/api/v1/session", second, NULL);
    g_assert_cmpuint (reply->status, <, 300);
  }
  {
    g_autofree char *none = editors_of (id, server->admin_token);
    g_assert_cmpstr (none, ==, "");
  }
  ended = wait_for (reader, "presence", "account", id, 2);
  g_assert_nonnull (ended);
  g_assert_false (json_object_get_boolean_member_with_default (ended, "editing", TRUE));
  g_assert_cmpint (count_of ("SELECT COUNT(*) FROM record_presence"), ==, 0);
}

/* Presence lives in the database: one said through one rapportd is read,
 * and heard, through another that serves the same database. */
static void
test_two_servers (void)
{
  RapportTestPeer *peer = rapport_test_peer_start (server);
  g_autoptr(RapportTestEvents) reader = listen_at (peer->base_url, server->admin_token);
  gint64 id = rapport_test_create (server, editor, "accounts", "{\"name\":\"Presence Two Servers Co\"}");
  g_autofree char *path = g_strdup_printf ("%s/api/v1/accounts/%" G_GINT64_FORMAT "/presence", peer->base_url, id);
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) stopped = NULL;

  sync_with_hub (reader, editor);
  {
    g_autoptr(RapportTestReply) reply = presence ("PUT", id, editor);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  started = wait_for (reader, "presence", "account", id, 1);
  g_assert_nonnull (started);
  g_assert_true (json_object_get_boolean_member_with_default (started, "editing", FALSE));
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", path);
    g_autofree char *header = g_strdup_printf ("Bearer %s", server->admin_token);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    body = soup_session_send_and_read (server->session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "李娜 Li Na"));
  }
  {
    g_autoptr(RapportTestReply) reply = presence ("DELETE", id, editor);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  stopped = wait_for (reader, "presence", "account", id, 2);
  g_assert_nonnull (stopped);
  g_assert_false (json_object_get_boolean_member_with_default (stopped, "editing", TRUE));

  g_clear_pointer (&reader, rapport_test_events_free);
  rapport_test_peer_stop (peer);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  editor = add_named_user ("pr-editor", "李娜 Li Na", "sales");
  outsider = add_named_user ("pr-outsider", "Outsider", "sales");
  {
    g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", editor, NULL);
    editor_id = rapport_test_reply_int (me, "id");
  }

  g_test_add_func ("/presence/put-get-delete", test_put_get_delete);
  g_test_add_func ("/presence/unreadable", test_unreadable);
  g_test_add_func ("/presence/junk", test_junk);
  g_test_add_func ("/presence/events", test_events);
  g_test_add_func ("/presence/expiry", test_expiry);
  g_test_add_func ("/presence/signed-out", test_signed_out);
  g_test_add_func ("/presence/two-servers", test_two_servers);
  status = g_test_run ();
  g_free (editor);
  g_free (outsider);
  rapport_test_server_stop (server);
  return status;
}
