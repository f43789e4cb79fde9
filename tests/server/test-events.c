/* test-events.c: the event WebSocket: changes reach who may see the record, and no one else */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

typedef struct
{
  SoupWebsocketConnection *connection;
  GPtrArray               *messages;
  gboolean                 closed;
  gushort                  close_code;
} Listener;

static void
on_message (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 data)
{
  Listener *listener = data;

  g_ptr_array_add (listener->messages, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 data)
{
  Listener *listener = data;

  listener->closed = TRUE;
  listener->close_code = soup_websocket_connection_get_close_code (connection);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Listener *listener = data;
  g_autoptr(GError) error = NULL;

  listener->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (listener->connection, "message", G_CALLBACK (on_message), listener);
  g_signal_connect (listener->connection, "closed", G_CALLBACK (on_closed), listener);
}

static Listener *
listen_as (const char *token)
{
  Listener *listener = g_new0 (Listener, 1);
  g_autofree char *url = g_strdup_printf ("ws%s/api/v1/events", server->base_url + strlen ("http"));
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  listener->messages = g_ptr_array_new_with_free_func (g_free);
  if (token)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  soup_session_websocket_connect_async (server->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_connected, listener);
  while (listener->connection == NULL)
    g_main_context_iteration (NULL, TRUE);
  return listener;
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
heard (Listener   *listener,
       const char *needle)
{
  for (guint i = 0; i < listener->messages->len; i++)
    if (strstr (listener->messages->pdata[i], needle))
      return TRUE;
  return FALSE;
}

static void
test_visibility (void)
{
  g_autofree char *alice = rapport_test_server_add_user (server, "ev-alice", "sales");
  g_autofree char *bob = rapport_test_server_add_user (server, "ev-bob", "sales");
  Listener *to_alice = listen_as (alice);
  Listener *to_bob = listen_as (bob);
  Listener *stranger = listen_as ("not-a-token");
  Listener *anonymous = listen_as (NULL);
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
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/events/visibility", test_visibility);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
