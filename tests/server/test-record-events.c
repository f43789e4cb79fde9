/* test-record-events.c: every generic write tells who may read the record which record, its version, what was done and by whom, once committed */
#include "rapport-test-server.h"
#include "rapport-test-events.h"

#include <string.h>

#define WAIT_US (20 * G_USEC_PER_SEC)

static RapportTestServer *server;

static RapportTestEvents *
listen_as (const char *token)
{
  return rapport_test_events_listen (server->session, server->base_url, token, NULL);
}

/* the "data" of the first change event heard about @entity @id with @action, or NULL */
static JsonObject *
change_heard (RapportTestEvents *listener,
              const char        *entity,
              gint64             id,
              const char        *action)
{
  for (guint i = 0; i < listener->messages->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      JsonObject *data;

      if (!json_parser_load_from_data (parser, listener->messages->pdata[i], -1, NULL))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "kind", NULL), "change") != 0 ||
          !json_object_has_member (object, "data"))
        continue;
      data = json_object_get_object_member (object, "data");
      if (g_strcmp0 (json_object_get_string_member_with_default (data, "entity", NULL), entity) == 0 &&
          json_object_get_int_member_with_default (data, "id", 0) == id &&
          g_strcmp0 (json_object_get_string_member_with_default (data, "action", NULL), action) == 0)
        return json_object_ref (data);
    }
  return NULL;
}

/* runs the main loop until @listener hears of the change, or gives up */
static JsonObject *
wait_for_change (RapportTestEvents *listener,
                 const char        *entity,
                 gint64             id,
                 const char        *action)
{
  gint64 until = g_get_monotonic_time () + WAIT_US;
  JsonObject *data;

  while ((data = change_heard (listener, entity, id, action)) == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  return data;
}

/* A client hears what happens from the hub's last look before it
 * connected on: @writer creates records until @listener hears of one,
 * so that what the test asserts starts from a known point. */
static void
sync_with_hub (RapportTestEvents *listener,
               const char        *writer)
{
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      gint64 id = rapport_test_create (server, writer, "accounts", "{\"name\":\"Hub Sync Co\"}");
      gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;
      JsonObject *data;

      while ((data = change_heard (listener, "account", id, "create")) == NULL && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE), g_usleep (10000);
      if (data != NULL)
        {
          json_object_unref (data);
          return;
        }
    }
  g_error ("the event hub never told a change");
}

/* a new user with a full name, signed in */
static char *
add_named_user (const char *login,
                const char *name,
                const char *role)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (password_path, "correct horse battery", -1, &error);
  g_assert_no_error (error);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--name", name,
                                 "--password-file", password_path, NULL) != 0)
    g_error ("user add failed: %s", output);
  return rapport_test_login (server, login, "correct horse battery");
}

static gint64
user_id_of (const char *token)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return rapport_test_reply_int (reply, "id");
}

static void
assert_change (JsonObject *data,
               gint64      version,
               gint64      actor_id,
               const char *actor_name)
{
  g_assert_nonnull (data);
  g_assert_cmpint (json_object_get_int_member_with_default (data, "version", -1), ==, version);
  g_assert_cmpint (json_object_get_int_member_with_default (data, "actor_id", -1), ==, actor_id);
  g_assert_cmpstr (json_object_get_string_member_with_default (data, "actor_name", NULL), ==, actor_name);
  /* ids only: the reader fetches the record with its own rights */
  g_assert_false (json_object_has_member (data, "name"));
}

/* The writer's own record is read by an administrator with a company
 * scope, and by no other sales rep. */
static void
test_who_and_what ( void)
{
  g_autofree char *writer = add_named_user ("re-writer", "王芳 Wang Fang", "sales");
  g_autofree char *outsider = add_named_user ("re-outsider", "Outsider", "sales");
  g_autoptr(RapportTestEvents) reader = listen_as (server->admin_token);
  g_autoptr(RapportTestEvents) other = listen_as (outsider);
  gint64 writer_id = user_id_of (writer);
  gint64 id, own;
  g_autofree char *path = NULL;
  g_autofree char *version_path = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) archived = NULL;
  g_autoptr(JsonObject) restored = NULL;
  g_autoptr(JsonObject) own_created = NULL;

  sync_with_hub (reader, writer);
  sync_with_hub (other, outsider);

  id = rapport_test_create (server, writer, "accounts", "{\"name\":\"Record Events Co\"}");
  path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  created = wait_for_change (reader, "account", id, "create");
  assert_change (created, 1, writer_id, "王芳 Wang Fang");
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, writer,
                                                              "{\"version\":1,\"name\":\"Record Events Ltd\"}");
    g_assert_cmpuint (reply->status, ==, 200);
  }
  updated = wait_for_change (reader, "account", id, "update");
  assert_change (updated, 2, writer_id, "王芳 Wang Fang");
  version_path = g_strdup_printf ("%s?version=2", path);
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "DELETE", version_path, writer, NULL);
    g_assert_cmpuint (reply->status, <, 300);
  }
  archived = wait_for_change (reader, "account", id, "archive");
  assert_change (archived, 3, writer_id, "王芳 Wang Fang");
  {
    g_autofree char *restore = g_strdup_printf ("%s/restore", path);
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", restore, writer, "{}");
    g_assert_cmpuint (reply->status, <, 300);
  }
  restored = wait_for_change (reader, "account", id, "restore");
  assert_change (restored, 4, writer_id, "王芳 Wang Fang");

  /* the outsider hears of its own record, told after the others: of
   * the writer's record it heard nothing */
  own = rapport_test_create (server, outsider, "accounts", "{\"name\":\"Outsider Co\"}");
  own_created = wait_for_change (other, "account", own, "create");
  g_assert_nonnull (own_created);
  {
    const char *actions[] = { "create", "update", "archive", "restore" };

    for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
      {
        g_autoptr(JsonObject) heard = change_heard (other, "account", id, actions[a]);

        g_assert_null (heard);
      }
  }
}

/* An owner who transfers a record away (or has it transferred) may not
 * read it any more, and still hears of it: their lists drop it. */
static void
test_transferred_away ( void)
{
  g_autofree char *owner = add_named_user ("re-giver", "Giver", "sales");
  g_autofree char *taker = add_named_user ("re-taker", "Taker", "sales");
  g_autofree char *outsider = add_named_user ("re-bystander", "Bystander", "sales");
  g_autoptr(RapportTestEvents) to_owner = listen_as (owner);
  g_autoptr(RapportTestEvents) to_bystander = listen_as (outsider);
  gint64 taker_id = user_id_of (taker);
  gint64 id, own;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) heard = NULL;
  g_autoptr(JsonObject) bystander_own = NULL;

  sync_with_hub (to_owner, owner);
  sync_with_hub (to_bystander, outsider);
  id = rapport_test_create (server, owner, "accounts", "{\"name\":\"Given Away Co\"}");
  body = g_strdup_printf ("{\"ids\":[%" G_GINT64_FORMAT "],\"owner_id\":%" G_GINT64_FORMAT ",\"reason\":\"Territory\"}",
                          id, taker_id);
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/accounts/transfer",
                                                              server->admin_token, body);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, owner, NULL);
    g_assert_cmpuint (reply->status, ==, 404);
  }
  heard = wait_for_change (to_owner, "account", id, "update");
  g_assert_nonnull (heard);
  g_assert_cmpint (json_object_get_int_member_with_default (heard, "version", 0), ==, 2);

  /* one who never saw it hears nothing of it */
  own = rapport_test_create (server, outsider, "accounts", "{\"name\":\"Bystander Co\"}");
  bystander_own = wait_for_change (to_bystander, "account", own, "create");
  g_assert_nonnull (bystander_own);
  g_assert_null (change_heard (to_bystander, "account", id, "update"));
}

/* a transaction of its own, held open on the database */
typedef struct
{
  GSubprocess      *process;
  GOutputStream    *input;
  GDataInputStream *output;
} Held;

static void
held_send (Held       *held,
           const char *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (held->input, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (held->input, NULL, &error);
  g_assert_no_error (error);
}

/* what the client printed next */
static char *
held_read_line (Held *held)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (held->output, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

/* An event whose transaction took its id first and commits last, after
 * a later one has been told: it is told once committed, not before. */
static void
test_late_commit ( void)
{
  g_autofree char *writer = add_named_user ("re-late", "Late Writer", "sales");
  g_autoptr(RapportTestEvents) reader = listen_as (server->admin_token);
  g_autofree char *socket = rapport_test_server_socket (server);
  g_autoptr(GError) error = NULL;
  Held held = { 0 };
  gint64 slow, quick;
  g_autofree char *statement = NULL;
  g_autofree char *ready = NULL;
  g_autoptr(JsonObject) quick_heard = NULL;
  g_autoptr(JsonObject) slow_heard = NULL;

  sync_with_hub (reader, writer);
  slow = rapport_test_create (server, writer, "accounts", "{\"name\":\"Slow Co\"}");
  quick = rapport_test_create (server, writer, "accounts", "{\"name\":\"Quick Co\"}");

  held.process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                   G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                                   "mariadb", "--socket", socket, "--user", "root", "--batch", "--unbuffered",
                                   "--skip-column-names", "rapport", NULL);
  g_assert_no_error (error);
  held.input = g_subprocess_get_stdin_pipe (held.process);
  held.output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (held.process));
  /* the slow writer's event takes its id now, and is not committed */
  statement = g_strdup_printf ("BEGIN;\n"
                               "INSERT INTO events (created_at, user_id, kind, entity, record_id, payload) "
                               "VALUES (UTC_TIMESTAMP(6), NULL, 'change', 'account', %" G_GINT64_FORMAT ", "
                               "'{\"entity\":\"account\",\"id\":%" G_GINT64_FORMAT ",\"action\":\"update\","
                               "\"version\":2,\"actor_id\":0,\"actor_name\":\"Slow\"}');\n"
                               "SELECT 'held';\n", slow, slow);
  held_send (&held, statement);
  ready = held_read_line (&held);
  g_assert_cmpstr (ready, ==, "held");

  /* a quick writer commits a later event, which is told */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, quick);
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, writer,
                                                              "{\"version\":1,\"name\":\"Quicker Co\"}");
    g_assert_cmpuint (reply->status, ==, 200);
  }
  quick_heard = wait_for_change (reader, "account", quick, "update");
  g_assert_nonnull (quick_heard);
  /* not before its commit */
  g_assert_null (change_heard (reader, "account", slow, "update"));

  held_send (&held, "COMMIT;\n");
  g_output_stream_close (held.input, NULL, NULL);
  g_subprocess_wait_check (held.process, NULL, &error);
  g_assert_no_error (error);
  slow_heard = wait_for_change (reader, "account", slow, "update");
  g_assert_nonnull (slow_heard);
  g_assert_cmpstr (json_object_get_string_member_with_default (slow_heard, "actor_name", NULL), ==, "Slow");

  g_object_unref (held.output);
  g_object_unref (held.process);
}

/* A client hears every change committed after it connected, even when
 * nobody listened before it came: the hub follows the log all along */
static void
test_heard_from_connection ( void)
{
  g_autoptr(RapportTestEvents) listener = NULL;
  g_autoptr(JsonObject) created = NULL;
  gint64 id;

  /* nobody listens for a few of the hub's ticks */
  g_usleep (1200 * 1000);
  listener = listen_as (server->admin_token);
  id = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Heard At Once Co\"}");
  created = wait_for_change (listener, "account", id, "create");
  g_assert_nonnull (created);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/record-events/who-and-what", test_who_and_what);
  g_test_add_func ("/record-events/transferred-away", test_transferred_away);
  g_test_add_func ("/record-events/late-commit", test_late_commit);
  g_test_add_func ("/record-events/heard-from-connection", test_heard_from_connection);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
