/* test-events.c: the event WebSocket: changes reach who may see the record, and no one else; a client that comes back, or opens after signing in, hears what it missed, within bounds */
#include "rapport-test-server.h"
#include "rapport-test-events.h"

#include <signal.h>
#include <string.h>

static RapportTestServer *server;

static RapportTestEvents *
listen_after (const char *token,
              const char *after)
{
  return rapport_test_events_listen (server->session, server->base_url, token, after);
}

static RapportTestEvents *
listen_as (const char *token)
{
  return listen_after (token, NULL);
}

/* lets the hub poll a few times */
static void
wait_a_little (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
}

static gboolean
heard (RapportTestEvents *listener,
       const char        *needle)
{
  for (guint i = 0; i < listener->messages->len; i++)
    if (strstr (listener->messages->pdata[i], needle))
      return TRUE;
  return FALSE;
}

static void
test_visibility ( void)
{
  g_autofree char *alice = rapport_test_server_add_user (server, "ev-alice", "sales");
  g_autofree char *bob = rapport_test_server_add_user (server, "ev-bob", "sales");
  RapportTestEvents *to_alice = listen_as (alice);
  RapportTestEvents *to_bob = listen_as (bob);
  RapportTestEvents *stranger = listen_as ("not-a-token");
  RapportTestEvents *anonymous = listen_as (NULL);
  gint64 id;
  g_autofree char *needle = NULL;

  /* connected, and the hub has seen the sessions */
  wait_a_little (1200);
  id = rapport_test_create (server, alice, "accounts", "{\"name\":\"Event Co\"}");
  needle = g_strdup_printf ("\"entity\":\"account\",\"id\":%" G_GINT64_FORMAT ",\"action\":\"create\"", id);
  wait_a_little (1500);

  g_assert_true (heard (to_alice, needle));
  /* bob may not see alice's account, so he does not hear of it */
  g_assert_false (heard (to_bob, needle));
  /* without a valid session the socket is closed */
  g_assert_true (stranger->closed);
  g_assert_cmpuint (stranger->close_code, ==, 4401);
  g_assert_true (anonymous->closed);
  rapport_test_events_free (to_alice);
  rapport_test_events_free (to_bob);
  rapport_test_events_free (stranger);
  rapport_test_events_free (anonymous);
}

/* messages are {"id","kind","data"}: the ids heard, in order */
static GArray *
ids_heard (RapportTestEvents *listener,
           const char        *kind)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < listener->messages->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      gint64 id;

      json_parser_load_from_data (parser, listener->messages->pdata[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "kind", NULL), kind) != 0)
        continue;
      id = json_object_get_int_member_with_default (object, "id", -1);
      g_array_append_val (ids, id);
    }
  return ids;
}

/* the id of the n-th (from 1) of the events written for the user */
static gint64
nth_event (gint64 user_id,
           guint  n)
{
  g_autofree char *statement = g_strdup_printf ("SELECT id FROM events WHERE user_id = %" G_GINT64_FORMAT
                                                " ORDER BY id LIMIT 1 OFFSET %u", user_id, n - 1);

  return rapport_test_sql_int (server, "%s", statement);
}

/* the messages heard other than markers */
static guint
n_heard_but_markers (RapportTestEvents *listener)
{
  guint n = 0;

  for (guint i = 0; i < listener->messages->len; i++)
    n += strstr (listener->messages->pdata[i], "\"kind\":\"marker\"") == NULL;
  return n;
}

/* Writes marker events for the user until @listener hears one more than it
 * had: whatever the hub had to tell it before (a replay, a reload, events
 * written before the marker) has been told. */
static void
sync_with_hub (RapportTestEvents *listener,
               gint64             user_id)
{
  g_autofree char *insert = g_strdup_printf ("INSERT INTO events (created_at, user_id, kind, payload) "
                                             "VALUES (UTC_TIMESTAMP(6), %" G_GINT64_FORMAT ", 'marker', '{}')", user_id);
  g_autoptr(GArray) before = ids_heard (listener, "marker");

  for (guint attempt = 0; attempt < 40; attempt++)
    {
      gint64 until = g_get_monotonic_time () + 500 * 1000;
      g_autoptr(GArray) markers = NULL;

      g_free (rapport_test_server_sql (server, insert));
      while (g_get_monotonic_time () < until)
        {
          g_clear_pointer (&markers, g_array_unref);
          markers = ids_heard (listener, "marker");
          if (markers->len > before->len)
            return;
          g_main_context_iteration (NULL, FALSE);
          g_usleep (10000);
        }
    }
  g_error ("the hub never told a marker event");
}

#define N_WRITTEN 1200

/* @n events for the user alone, of kind "note", in one statement */
static void
write_notes (gint64 user_id,
             guint  n)
{
  g_autofree char *insert = g_strdup_printf ("INSERT INTO events (created_at, user_id, kind, payload) "
                                             "SELECT UTC_TIMESTAMP(6), %" G_GINT64_FORMAT ", 'note', "
                                             "CONCAT('{\"n\":', seq, '}') FROM seq_1_to_%u", user_id, n);

  g_free (rapport_test_server_sql (server, insert));
}

static void
test_replay (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "ev-replay", "sales");
  gint64 user_id = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'ev-replay'");
  g_autofree char *near = NULL;
  g_autofree char *far = NULL;
  g_autofree char *aged = NULL;
  g_autofree char *age_it = NULL;
  g_autoptr(RapportTestEvents) fresh = NULL;
  g_autoptr(RapportTestEvents) behind = NULL;
  g_autoptr(RapportTestEvents) too_far = NULL;
  g_autoptr(RapportTestEvents) too_old = NULL;
  g_autoptr(RapportTestEvents) stranger = NULL;
  g_autoptr(GArray) heard_fresh = NULL;
  g_autoptr(GArray) heard_behind = NULL;
  g_autoptr(GArray) reloads = NULL;

  /* nobody listens while the events are written: the hub reads past
   * them with nobody to tell, a batch a tick */
  wait_a_little (1200);
  write_notes (user_id, N_WRITTEN);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM events WHERE kind = 'note'"), ==, N_WRITTEN);
  wait_a_little (3000);

  /* a client with no last seen event has just loaded: nothing is replayed */
  fresh = listen_as (token);
  sync_with_hub (fresh, user_id);
  heard_fresh = ids_heard (fresh, "note");
  g_assert_cmpuint (heard_fresh->len, ==, 0);
  g_assert_cmpuint (n_heard_but_markers (fresh), ==, 0);

  /* one that saw the 1,150th hears exactly the 50 after it, in order */
  near = g_strdup_printf ("%" G_GINT64_FORMAT, nth_event (user_id, N_WRITTEN - 50));
  behind = listen_after (token, near);
  sync_with_hub (behind, user_id);
  heard_behind = ids_heard (behind, "note");
  g_assert_cmpuint (heard_behind->len, ==, 50);
  for (guint i = 0; i < heard_behind->len; i++)
    g_assert_cmpint (g_array_index (heard_behind, gint64, i), ==, nth_event (user_id, N_WRITTEN - 50 + 1 + i));
  g_assert_cmpuint (n_heard_but_markers (behind), ==, 50);

  /* 1,100 events behind is past the bound of 1,000: one reload message, nothing replayed */
  far = g_strdup_printf ("%" G_GINT64_FORMAT, nth_event (user_id, 100));
  too_far = listen_after (token, far);
  sync_with_hub (too_far, user_id);
  reloads = ids_heard (too_far, "reload");
  g_assert_cmpuint (reloads->len, ==, 1);
  g_assert_cmpint (g_array_index (reloads, gint64, 0), >=, nth_event (user_id, N_WRITTEN));
  g_assert_cmpuint (n_heard_but_markers (too_far), ==, 1);

  /* a last seen event older than a day is too old, however few followed */
  aged = g_strdup_printf ("%" G_GINT64_FORMAT, nth_event (user_id, N_WRITTEN - 5));
  age_it = g_strdup_printf ("UPDATE events SET created_at = created_at - INTERVAL 25 HOUR WHERE id = %s", aged);
  g_free (rapport_test_server_sql (server, age_it));
  too_old = listen_after (token, aged);
  /* an id this database never wrote is not a place to resume from */
  stranger = listen_after (token, "99999999");
  sync_with_hub (too_old, user_id);
  sync_with_hub (stranger, user_id);
  g_array_unref (reloads);
  reloads = ids_heard (too_old, "reload");
  g_assert_cmpuint (reloads->len, ==, 1);
  g_assert_cmpuint (n_heard_but_markers (too_old), ==, 1);
  g_array_unref (reloads);
  reloads = ids_heard (stranger, "reload");
  g_assert_cmpuint (reloads->len, ==, 1);
  g_assert_cmpuint (n_heard_but_markers (stranger), ==, 1);
}

/* A client loads its pages after signing in and opens its socket later: it
 * names the event the sign-in answered (events_after), and hears what was
 * written in between; a socket that names none would not. */
static void
test_from_sign_in (void)
{
  g_autofree char *first = rapport_test_server_add_user (server, "ev-signin", "sales");
  gint64 user_id = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'ev-signin'");
  g_autoptr(RapportTestReply) reply = NULL;
  g_autoptr(RapportTestEvents) named = NULL;
  g_autoptr(RapportTestEvents) unnamed = NULL;
  g_autoptr(RapportTestEvents) watcher = NULL;
  g_autoptr(GArray) heard_watcher = NULL;
  g_autoptr(GArray) heard_named = NULL;
  g_autoptr(GArray) heard_unnamed = NULL;
  g_autofree char *after = NULL;
  gint64 before = rapport_test_sql_int (server, "SELECT COALESCE(MAX(id), 0) FROM events");
  gint64 events_after;
  const char *token;

  reply = rapport_test_request (server, "POST", "/api/v1/session", NULL,
                                "{\"login\":\"ev-signin\",\"password\":\"correct horse battery\"}");
  g_assert_cmpuint (reply->status, ==, 201);
  token = rapport_test_reply_string (reply, "token");
  events_after = rapport_test_reply_int (reply, "events_after");
  g_assert_cmpint (events_after, >=, before);
  g_assert_cmpint (events_after, <=, rapport_test_sql_int (server, "SELECT COALESCE(MAX(id), 0) FROM events"));

  /* written after the sign-in's answer, before either socket opens; once
   * a socket open all along hears a marker written after them, the hub has
   * read past them */
  watcher = listen_as (token);
  sync_with_hub (watcher, user_id);
  write_notes (user_id, 3);
  sync_with_hub (watcher, user_id);
  heard_watcher = ids_heard (watcher, "note");
  g_assert_cmpuint (heard_watcher->len, ==, 3);
  after = g_strdup_printf ("%" G_GINT64_FORMAT, events_after);
  named = listen_after (token, after);
  unnamed = listen_as (token);
  sync_with_hub (named, user_id);
  sync_with_hub (unnamed, user_id);

  heard_named = ids_heard (named, "note");
  g_assert_cmpuint (heard_named->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (g_array_index (heard_named, gint64, i), ==, g_array_index (heard_watcher, gint64, i));
  g_assert_cmpint (g_array_index (heard_named, gint64, 0), >, events_after);
  heard_unnamed = ids_heard (unnamed, "note");
  g_assert_cmpuint (heard_unnamed->len, ==, 0);
}

static guint
health_status (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/health", NULL, NULL);

  return reply->status;
}

/* waits, listening, until the health check answers @healthy or not */
static void
wait_health (gboolean healthy)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while ((health_status () == 200) != healthy)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the health check never became %s", healthy ? "healthy" : "unhealthy");
      wait_a_little (100);
    }
}

/* while the database restarts, a connected client is not told to sign in again */
static void
test_database_away ( void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "ev-away", "sales");
  gint64 user_id = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'ev-away'");
  g_autofree char *pid_path = g_build_filename (server->data_dir, "db", "mariadb.pid", NULL);
  g_autofree char *pid_text = NULL;
  g_autoptr(RapportTestEvents) listener = listen_as (token);

  sync_with_hub (listener, user_id);
  g_assert_true (g_file_get_contents (pid_path, &pid_text, NULL, NULL));
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (pid_text, NULL, 10), SIGKILL), ==, 0);
  /* the hub polls every half second, and finds the database away */
  wait_health (FALSE);
  wait_a_little (1500);
  wait_health (TRUE);

  g_assert_false (listener->closed);
  /* and it goes on hearing what happens */
  sync_with_hub (listener, user_id);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/events/visibility", test_visibility);
  g_test_add_func ("/events/replay", test_replay);
  g_test_add_func ("/events/from-sign-in", test_from_sign_in);
  g_test_add_func ("/events/database-away", test_database_away);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
