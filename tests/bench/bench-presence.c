/* bench-presence.c: what presence costs: a heartbeat PUT, the time until another client hears that someone edits, and ending many at once */
#include "rapport-test-server.h"

#include <stdlib.h>
#include <string.h>

static RapportTestServer *server;

typedef struct
{
  SoupWebsocketConnection *connection;
  /* record id -> monotonic microseconds when heard editing */
  GHashTable              *started;
  guint                    stopped;
} Listener;

static void
on_message (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 data)
{
  Listener *listener = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object, *payload;
  gint64 *id;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (message, NULL), g_bytes_get_size (message), NULL))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "kind", NULL), "presence") != 0)
    return;
  payload = json_object_get_object_member (object, "data");
  if (!json_object_get_boolean_member_with_default (payload, "editing", FALSE))
    {
      listener->stopped++;
      return;
    }
  id = g_new (gint64, 1);
  *id = json_object_get_int_member_with_default (payload, "id", 0);
  g_hash_table_insert (listener->started, id, GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Listener *listener = data;
  g_autoptr(GError) error = NULL;

  listener->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (listener->connection == NULL)
    g_error ("WebSocket: %s", error->message);
  g_signal_connect (listener->connection, "message", G_CALLBACK (on_message), listener);
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return -1;
  g_array_sort (values, compare_int64);
  return g_array_index (values, gint64, MIN (values->len - 1, (guint) (p * values->len)));
}

static gint64
put (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/presence", id);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PUT", path, server->admin_token, NULL);

  if (reply->status != 200)
    g_error ("PUT presence answered %u: %s", reply->status, reply->body);
  return g_get_monotonic_time () - start;
}

int
main (int   argc,
      char *argv[])
{
  guint records = argc > 1 ? (guint) atoi (argv[1]) : 200;
  guint beats = argc > 2 ? (guint) atoi (argv[2]) : 3;
  Listener listener = { NULL, g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL), 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) answered = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) first_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) beat_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) heard_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *url = NULL;
  g_autofree char *header = NULL;
  g_autofree char *jobs = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  guint missed = 0;
  gint64 sweep_start, sweep_us;

  g_print ("bench-presence: %u records, each PUT once then %u heartbeats, one listener "
           "(usage: bench-presence [RECORDS [HEARTBEATS]])\n", records, beats);
  server = rapport_test_server_start ();
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PUT", "/api/v1/role-scopes", server->admin_token,
                                                              "{\"role\":\"admin\",\"entity\":\"account\",\"scope\":\"company\"}");
    if (reply->status >= 300)
      g_error ("role scopes: %u %s", reply->status, reply->body);
  }
  for (guint r = 0; r < records; r++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Bench Presence %u\"}", r);
      gint64 id = rapport_test_create (server, server->admin_token, "accounts", body);

      g_array_append_val (ids, id);
    }
  url = g_strdup_printf ("ws%s/api/v1/events", server->base_url + strlen ("http"));
  msg = soup_message_new ("GET", url);
  header = g_strdup_printf ("Bearer %s", server->admin_token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_session_websocket_connect_async (server->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_connected,
                                        &listener);
  while (listener.connection == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* the hub takes the session on its next poll */
  spin (1500);

  /* the first PUT writes the row and a presence event; a heartbeat renews the row only */
  for (guint r = 0; r < records; r++)
    {
      gint64 took = put (g_array_index (ids, gint64, r));
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (first_us, took);
      g_array_append_val (answered, now);
      spin (5);
    }
  for (guint b = 0; b < beats; b++)
    for (guint r = 0; r < records; r++)
      {
        gint64 took = put (g_array_index (ids, gint64, r));

        g_array_append_val (beat_us, took);
      }
  spin (2000);
  for (guint r = 0; r < records; r++)
    {
      gpointer when;

      if (!g_hash_table_lookup_extended (listener.started, &g_array_index (ids, gint64, r), NULL, &when))
        {
          missed++;
          continue;
        }
      {
        gint64 latency = (gint64) GPOINTER_TO_SIZE (when) - g_array_index (answered, gint64, r);

        g_array_append_val (heard_us, latency);
      }
    }

  /* every presence expired at once: one run of the periodic jobs, as of later, ends them all */
  {
    g_autoptr(GDateTime) later = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) when = g_date_time_add_seconds (later, 120);
    g_autofree char *text = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
    g_autoptr(RapportTestReply) reply = NULL;

    jobs = g_strdup_printf ("/api/v1/jobs/run?now=%s", text);
    sweep_start = g_get_monotonic_time ();
    reply = rapport_test_request (server, "POST", jobs, server->admin_token, NULL);
    sweep_us = g_get_monotonic_time () - sweep_start;
    if (reply->status != 200)
      g_error ("jobs: %u %s", reply->status, reply->body);
  }
  spin (2000);

  g_print ("RESULT name=presence-put-first n=%u p50_us=%" G_GINT64_FORMAT " p95_us=%" G_GINT64_FORMAT "\n",
           first_us->len, percentile (first_us, 0.5), percentile (first_us, 0.95));
  g_print ("RESULT name=presence-heartbeat n=%u p50_us=%" G_GINT64_FORMAT " p95_us=%" G_GINT64_FORMAT "\n",
           beat_us->len, percentile (beat_us, 0.5), percentile (beat_us, 0.95));
  g_print ("RESULT name=presence-heard missed=%u p50_us=%" G_GINT64_FORMAT " p95_us=%" G_GINT64_FORMAT
           " max_us=%" G_GINT64_FORMAT "\n", missed, percentile (heard_us, 0.5), percentile (heard_us, 0.95),
           percentile (heard_us, 1.0));
  g_print ("RESULT name=presence-expire-all rows=%u jobs_run_us=%" G_GINT64_FORMAT " stopped_heard=%u\n",
           records, sweep_us, listener.stopped);

  g_signal_handlers_disconnect_by_data (listener.connection, &listener);
  soup_websocket_connection_close (listener.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (listener.connection);
  g_hash_table_unref (listener.started);
  rapport_test_server_stop (server);
  return missed == 0 && listener.stopped == records ? 0 : 1;
}
