/* bench-events.c: how long after a write's answer the event WebSocket tells it, to several listeners at once */
#include "rapport-test-server.h"

#include <stdlib.h>
#include <string.h>

static RapportTestServer *server;

typedef struct
{
  SoupWebsocketConnection *connection;
  /* record id -> monotonic time heard */
  GHashTable              *heard;
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
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "kind", NULL), "change") != 0)
    return;
  payload = json_object_get_object_member (object, "data");
  if (g_strcmp0 (json_object_get_string_member_with_default (payload, "action", NULL), "update") != 0)
    return;
  id = g_new (gint64, 1);
  *id = json_object_get_int_member_with_default (payload, "version", 0);
  /* by version: each update makes the next; milliseconds since boot fit a pointer */
  g_hash_table_insert (listener->heard, id, (gpointer) (gintptr) (g_get_monotonic_time () / 1000));
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

static Listener *
listen_as (const char *token)
{
  Listener *listener = g_new0 (Listener, 1);
  g_autofree char *url = g_strdup_printf ("ws%s/api/v1/events", server->base_url + strlen ("http"));
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *header = g_strdup_printf ("Bearer %s", token);

  listener->heard = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_session_websocket_connect_async (server->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_connected, listener);
  while (listener->connection == NULL)
    g_main_context_iteration (NULL, TRUE);
  return listener;
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

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
percentile (GArray *sorted,
            double  p)
{
  guint index;

  if (sorted->len == 0)
    return -1;
  index = MIN (sorted->len - 1, (guint) (p * sorted->len));
  return g_array_index (sorted, gint64, index);
}

int
main (int   argc,
      char *argv[])
{
  guint writes = argc > 1 ? (guint) atoi (argv[1]) : 60;
  guint n_listeners = argc > 2 ? (guint) atoi (argv[2]) : 8;
  guint pace_ms = argc > 3 ? (guint) atoi (argv[3]) : 200;
  g_autoptr(GPtrArray) listeners = g_ptr_array_new ();
  g_autoptr(GArray) answered = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *path = NULL;
  guint missed = 0;
  gint64 id;

  g_print ("bench-events: %u updates of one account, one every %u ms, %u listeners (usage: bench-events [WRITES [LISTENERS [PACE_MS]]])\n",
           writes, pace_ms, n_listeners);
  server = rapport_test_server_start ();
  id = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Bench Events Co\"}");
  path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  for (guint l = 0; l < n_listeners; l++)
    g_ptr_array_add (listeners, listen_as (server->admin_token));
  /* the hub takes the sessions on its next poll */
  spin (1500);

  for (guint w = 0; w < writes; w++)
    {
      g_autofree char *body = g_strdup_printf ("{\"version\":%u,\"name\":\"Bench Events Co %u\"}", w + 1, w);
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, server->admin_token, body);
      gint64 now = g_get_monotonic_time () / 1000;

      if (reply->status != 200)
        g_error ("PATCH answered %u: %s", reply->status, reply->body);
      g_array_append_val (answered, now);
      spin (pace_ms);
    }
  spin (2000);

  for (guint w = 0; w < writes; w++)
    for (guint l = 0; l < n_listeners; l++)
      {
        Listener *listener = listeners->pdata[l];
        gint64 version = w + 2;
        gpointer heard;

        if (!g_hash_table_lookup_extended (listener->heard, &version, NULL, &heard))
          {
            missed++;
            continue;
          }
        {
          gint64 latency = ((gint64) (gintptr) heard - g_array_index (answered, gint64, w)) * 1000;

          g_array_append_val (latencies, latency);
        }
      }
  g_array_sort (latencies, compare_int64);
  g_print ("RESULT name=event-latency listeners=%u writes=%u missed=%u p50_us=%" G_GINT64_FORMAT
           " p95_us=%" G_GINT64_FORMAT " p99_us=%" G_GINT64_FORMAT " max_us=%" G_GINT64_FORMAT "\n",
           n_listeners, writes, missed, percentile (latencies, 0.50), percentile (latencies, 0.95),
           percentile (latencies, 0.99), percentile (latencies, 1.0));
  rapport_test_server_stop (server);
  return missed == 0 ? 0 : 1;
}
