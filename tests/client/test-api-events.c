/* test-api-events.c: the client's event WebSocket opens after the event its sign-in named, names the last event it heard when it opens again, and passes "reload" on */
#include "rapport-api.h"

#include <libsoup/soup.h>
#include <string.h>

typedef struct
{
  SoupServer              *server;
  char                    *base_url;
  RapportApi              *api;
  /* the query of each WebSocket opened, "" for none */
  GPtrArray               *queries;
  SoupWebsocketConnection *connection;
  GPtrArray               *kinds;
  /* sign-ins answered */
  guint                    sign_ins;
  /* answer them as a server that does not name the last event */
  gboolean                 no_events_after;
} Fixture;

static void
handle_session (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *fixture = user_data;
  /* the last event written before each sign-in: 17, then 34 */
  g_autofree char *events_after = g_strdup_printf ("\"events_after\":%u,", 17 * ++fixture->sign_ins);
  g_autofree char *answer = g_strdup_printf ("{\"token\":\"t0ken\",%s\"user\":{\"id\":1,\"login\":\"admin\",\"role\":\"admin\"}}",
                                             fixture->no_events_after ? "" : events_after);

  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Fixture *fixture = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  g_ptr_array_add (fixture->queries, g_strdup (query ? query : ""));
  g_clear_object (&fixture->connection);
  fixture->connection = g_object_ref (connection);
}

static void
on_event (RapportApi *api,
          const char *kind,
          JsonObject *data,
          gpointer    user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->kinds, g_strdup (kind));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *uri = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, "/api/v1/session", handle_session, fixture, NULL);
  soup_server_add_websocket_handler (fixture->server, "/api/v1/events", NULL, NULL, on_websocket, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  uri = g_uri_to_string (uris->data);
  /* the client adds /api/v1/… itself */
  if (g_str_has_suffix (uri, "/"))
    uri[strlen (uri) - 1] = '\0';
  fixture->base_url = g_strdup (uri);
  fixture->queries = g_ptr_array_new_with_free_func (g_free);
  fixture->kinds = g_ptr_array_new_with_free_func (g_free);
  fixture->api = rapport_api_new (fixture->base_url);
  g_signal_connect (fixture->api, "event", G_CALLBACK (on_event), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rapport_api_disconnect_events (fixture->api);
  g_clear_object (&fixture->api);
  g_clear_object (&fixture->connection);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_ptr_array_unref (fixture->queries);
  g_ptr_array_unref (fixture->kinds);
  g_free (fixture->base_url);
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_api_sign_in_finish (RAPPORT_API (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
sign_in (Fixture *fixture)
{
  gboolean done = FALSE;

  rapport_api_sign_in_async (fixture->api, "admin", "secret", NULL, signed_in, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* runs the loop until @count reaches @n, or fails after 30 s */
static void
wait_for (GPtrArray  *array,
          guint       n,
          const char *what)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (array->len < n)
    {
      if (g_get_monotonic_time () > until)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
wait_connected (Fixture *fixture)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!rapport_api_get_events_connected (fixture->api))
    {
      if (g_get_monotonic_time () > until)
        g_error ("timed out waiting for the event WebSocket");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
drop_connection (Fixture *fixture)
{
  soup_websocket_connection_close (fixture->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  while (rapport_api_get_events_connected (fixture->api))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  /* the first socket after signing in asks for what was written since the
   * sign-in's answer: the pages loaded after it, the socket opens later */
  sign_in (fixture);
  rapport_api_connect_events (fixture->api);
  wait_for (fixture->queries, 1, "the first WebSocket");
  wait_connected (fixture);
  g_assert_cmpstr (fixture->queries->pdata[0], ==, "after=17");

  soup_websocket_connection_send_text (fixture->connection, "{\"id\":41,\"kind\":\"change\",\"data\":{}}");
  soup_websocket_connection_send_text (fixture->connection, "{\"id\":42,\"kind\":\"approval\",\"data\":{}}");
  wait_for (fixture->kinds, 2, "two events");

  /* it comes back asking for what followed the last event it heard */
  drop_connection (fixture);
  wait_for (fixture->queries, 2, "the WebSocket to open again");
  wait_connected (fixture);
  g_assert_cmpstr (fixture->queries->pdata[1], ==, "after=42");

  /* too far behind: "reload" reaches the pages, and its id is where to resume */
  soup_websocket_connection_send_text (fixture->connection, "{\"id\":1500,\"kind\":\"reload\",\"data\":{}}");
  wait_for (fixture->kinds, 3, "the reload event");
  g_assert_cmpstr (fixture->kinds->pdata[2], ==, "reload");
  drop_connection (fixture);
  wait_for (fixture->queries, 3, "the WebSocket to open a third time");
  g_assert_cmpstr (fixture->queries->pdata[2], ==, "after=1500");

  /* signing in again starts from that sign-in's event */
  rapport_api_disconnect_events (fixture->api);
  sign_in (fixture);
  rapport_api_connect_events (fixture->api);
  wait_for (fixture->queries, 4, "a new WebSocket");
  g_assert_cmpstr (fixture->queries->pdata[3], ==, "after=34");
}

/* a server that does not name the sign-in's event: the socket names none */
static void
test_unnamed (Fixture       *fixture,
              gconstpointer  data)
{
  fixture->no_events_after = TRUE;
  sign_in (fixture);
  rapport_api_connect_events (fixture->api);
  wait_for (fixture->queries, 1, "the first WebSocket");
  g_assert_cmpstr (fixture->queries->pdata[0], ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/api-events/resume", Fixture, NULL, fixture_set_up, test_resume, fixture_tear_down);
  g_test_add ("/api-events/unnamed", Fixture, NULL, fixture_set_up, test_unnamed, fixture_tear_down);
  return g_test_run ();
}
