/* test-server-threads.c: rapportd's HTTP threads: concurrent clients spread over them, kept-alive connections with their limits, events to every thread, a stop under load */
#include "rapport-test-server.h"
#include "rapport-test-raw.h"
#include "rapportd-request-head.h"

#include <signal.h>
#include <string.h>

#define THREADS_CONFIG "[server]\nhttp_threads=3\ndebug_thread_header=true\n"
#define CLIENTS 8
#define REQUESTS_PER_CLIENT 24
#define REQUESTS_PER_SESSION 4

/* Many clients at once, each on connections of its own, ask for accounts
 * by id: each gets its own account, and the answers come from more than
 * one HTTP thread. */
typedef struct
{
  RapportTestServer *server;
  GArray            *ids;
  guint              first;
  guint              answered;
  guint              wrong;
  /* bit N: HTTP thread N answered */
  gint               threads_seen;
} Client;

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", client->server->admin_token);

  g_main_context_push_thread_default (context);
  for (guint i = 0; i < REQUESTS_PER_CLIENT; i++)
    {
      guint n = (client->first + i) % client->ids->len;
      gint64 id = g_array_index (client->ids, gint64, n);
      g_autofree char *url = g_strdup_printf ("%s/api/v1/accounts/%" G_GINT64_FORMAT, client->server->base_url, id);
      g_autofree char *name = g_strdup_printf ("\"name\":\"Spread %u\"", n);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autofree char *text = NULL;
      const char *thread;

      /* a fresh session now and then: new connections, which the kernel spreads */
      if (i % REQUESTS_PER_SESSION == 0)
        {
          g_clear_object (&session);
          session = soup_session_new_with_options ("timeout", 20, NULL);
        }
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      if (body == NULL || soup_message_get_status (msg) != 200)
        {
          client->wrong++;
          continue;
        }
      text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      if (strstr (text, name) == NULL)
        client->wrong++;
      client->answered++;
      thread = soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Rapportd-Thread");
      if (thread != NULL)
        client->threads_seen |= 1 << MIN (g_ascii_strtoull (thread, NULL, 10), 30);
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_spread (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config (THREADS_CONFIG);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Client clients[CLIENTS] = { { 0 } };
  GThread *threads[CLIENTS];
  gint seen = 0;
  guint n_seen = 0;

  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *name = g_strdup_printf ("Spread %u", i);
      gint64 id = rapport_test_create_named (server, name);

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < CLIENTS; i++)
    {
      clients[i].server = server;
      clients[i].ids = ids;
      clients[i].first = i * 3;
      threads[i] = g_thread_new ("client", client_thread, &clients[i]);
    }
  for (guint i = 0; i < CLIENTS; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (clients[i].wrong, ==, 0);
      g_assert_cmpuint (clients[i].answered, ==, REQUESTS_PER_CLIENT);
      seen |= clients[i].threads_seen;
    }
  for (guint bit = 0; bit < 31; bit++)
    n_seen += (seen >> bit) & 1;
  g_test_message ("%u requests from %u clients answered by %u HTTP threads (mask %x)",
                  CLIENTS * REQUESTS_PER_CLIENT, CLIENTS, n_seen, seen);
  g_assert_cmpuint (n_seen, >=, 2);
  /* no thread past the configured number */
  g_assert_cmpint (seen & ~0x7, ==, 0);
  rapport_test_server_stop (server);
}

/* one connection carries requests one after another and pipelined, all on
 * the same thread, none told to close */
static void
test_keep_alive (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config (THREADS_CONFIG);
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autoptr(GString) pending = g_string_new (NULL);
  const char *request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  g_autofree char *pipelined = g_strconcat (request, request, request, NULL);
  g_autofree char *first_thread = NULL;

  g_socket_set_timeout (socket, 20);
  for (guint i = 0; i < 3; i++)
    {
      RapportTestAnswer answer = { 0 };
      g_autofree char *thread = NULL;

      rapport_test_send_all (socket, request);
      g_assert_true (rapport_test_read_answer (socket, pending, &answer));
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_nonnull (strstr (answer.body, "\"status\":\"ok\""));
      g_assert_null (strstr (answer.head, "Connection: close"));
      thread = rapport_test_header_value (answer.head, "X-Rapportd-Thread");
      g_assert_nonnull (thread);
      if (first_thread == NULL)
        first_thread = g_strdup (thread);
      g_assert_cmpstr (thread, ==, first_thread);
      rapport_test_answer_clear (&answer);
    }
  rapport_test_send_all (socket, pipelined);
  for (guint i = 0; i < 3; i++)
    {
      RapportTestAnswer answer = { 0 };

      g_assert_true (rapport_test_read_answer (socket, pending, &answer));
      g_assert_cmpuint (answer.status, ==, 200);
      rapport_test_answer_clear (&answer);
    }
  g_assert_cmpuint (pending->len, ==, 0);
  rapport_test_server_stop (server);
}

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              data)
{
  return TRUE;
}

/* over TLS too: one connection, one handshake, for several requests */
static void
test_keep_alive_tls (void)
{
  RapportTestServer *server = rapport_test_server_start_tls_with_config (THREADS_CONFIG);
  guint64 first = 0;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *url = g_strconcat (server->base_url, "/api/v1/health", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      guint64 id;

      g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
      body = soup_session_send_and_read (server->session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      id = soup_message_get_connection_id (msg);
      g_assert_cmpuint (id, !=, 0);
      if (first == 0)
        first = id;
      g_assert_cmpuint (id, ==, first);
    }
  rapport_test_server_stop (server);
}

/* A later request on a connection meets the limits the first meets: a head
 * too large is refused and the connection closed; and a connection carries
 * at most max_requests_per_connection requests, the last told so. */
static void
test_keep_alive_limits (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config ("[server]\nmax_requests_per_connection=3\n");
  const char *request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  g_autoptr(GString) huge = g_string_new ("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");

  /* a body sent with its head, then an oversized head */
  {
    g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
    g_autoptr(GString) pending = g_string_new (NULL);
    RapportTestAnswer answer = { 0 };

    g_socket_set_timeout (socket, 20);
    rapport_test_send_all (socket, "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Content-Length: 2\r\n\r\n{}");
    g_assert_true (rapport_test_read_answer (socket, pending, &answer));
    g_assert_cmpuint (answer.status, >=, 400);
    g_assert_cmpuint (answer.status, <, 500);
    g_assert_null (strstr (answer.head, "Connection: close"));
    rapport_test_answer_clear (&answer);

    while (huge->len < 70 * 1024)
      g_string_append (huge, "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    g_string_append (huge, "\r\n");
    rapport_test_send_all (socket, huge->str);
    g_assert_true (rapport_test_read_answer (socket, pending, &answer));
    g_assert_cmpuint (answer.status, ==, 431);
    g_assert_nonnull (strstr (answer.body, "headers_too_large"));
    rapport_test_answer_clear (&answer);
    g_assert_true (rapport_test_closed_within (socket, 10));
  }

  /* the third request is the last */
  {
    g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
    g_autoptr(GString) pending = g_string_new (NULL);

    g_socket_set_timeout (socket, 20);
    for (guint i = 1; i <= 3; i++)
      {
        RapportTestAnswer answer = { 0 };

        rapport_test_send_all (socket, request);
        g_assert_true (rapport_test_read_answer (socket, pending, &answer));
        g_assert_cmpuint (answer.status, ==, 200);
        if (i < 3)
          g_assert_null (strstr (answer.head, "Connection: close"));
        else
          g_assert_nonnull (strstr (answer.head, "Connection: close"));
        rapport_test_answer_clear (&answer);
      }
    g_assert_true (rapport_test_closed_within (socket, 10));
  }
  rapport_test_server_stop (server);
}

/* an idle kept-alive connection is closed once keepalive_timeout_seconds
 * pass without a request, and not before */
static void
test_idle_timeout (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config ("[server]\nkeepalive_timeout_seconds=2\n");
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autoptr(GString) pending = g_string_new (NULL);
  const char *request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  RapportTestAnswer answer = { 0 };
  gint64 answered;
  gint64 waited;

  g_socket_set_timeout (socket, 20);
  rapport_test_send_all (socket, request);
  g_assert_true (rapport_test_read_answer (socket, pending, &answer));
  g_assert_cmpuint (answer.status, ==, 200);
  rapport_test_answer_clear (&answer);
  answered = g_get_monotonic_time ();
  g_assert_true (rapport_test_closed_within (socket, 15));
  waited = g_get_monotonic_time () - answered;
  g_test_message ("closed %.1f s after the last answer", waited / (gdouble) G_USEC_PER_SEC);
  g_assert_cmpint (waited, >=, G_USEC_PER_SEC);
  g_assert_cmpint (waited, <, 10 * G_USEC_PER_SEC);
  rapport_test_server_stop (server);
}

typedef struct
{
  SoupWebsocketConnection *connection;
  char                    *thread;
  GPtrArray               *messages;
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
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Listener *listener = data;
  g_autoptr(GError) error = NULL;

  listener->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (listener->connection, "message", G_CALLBACK (on_message), listener);
}

static Listener *
listen_events (RapportTestServer *server,
               SoupSession       *session)
{
  Listener *listener = g_new0 (Listener, 1);
  g_autofree char *url = g_strdup_printf ("ws%s/api/v1/events", server->base_url + strlen ("http"));
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", server->admin_token);

  listener->messages = g_ptr_array_new_with_free_func (g_free);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_connected, listener);
  while (listener->connection == NULL)
    g_main_context_iteration (NULL, TRUE);
  listener->thread = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                             "X-Rapportd-Thread"));
  g_assert_nonnull (listener->thread);
  return listener;
}

static void
listener_free (Listener *listener)
{
  g_signal_handlers_disconnect_by_data (listener->connection, listener);
  if (soup_websocket_connection_get_state (listener->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (listener->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (listener->connection);
  g_ptr_array_unref (listener->messages);
  g_free (listener->thread);
  g_free (listener);
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

/* WebSockets on different HTTP threads all hear a change */
static void
test_events_every_thread (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config (THREADS_CONFIG);
  g_autoptr(GPtrArray) listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) listener_free);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *needle = NULL;
  gboolean apart = FALSE;
  gint64 id, deadline;

  /* a session each: each socket its own connection, spread by the kernel */
  for (guint i = 0; i < 24 && !apart; i++)
    {
      SoupSession *session = soup_session_new ();
      Listener *listener;

      g_ptr_array_add (sessions, session);
      listener = listen_events (server, session);
      g_ptr_array_add (listeners, listener);
      apart = g_strcmp0 (listener->thread, ((Listener *) listeners->pdata[0])->thread) != 0;
    }
  g_test_message ("%u WebSockets until two were on different HTTP threads", listeners->len);
  g_assert_true (apart);

  /* the hub has seen the sessions once it has polled */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  id = rapport_test_create_named (server, "Every Thread Co");
  needle = g_strdup_printf ("\"entity\":\"account\",\"id\":%" G_GINT64_FORMAT ",\"action\":\"create\"", id);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      guint count = 0;

      for (guint i = 0; i < listeners->len; i++)
        count += heard (listeners->pdata[i], needle);
      if (count == listeners->len || g_get_monotonic_time () > deadline)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  for (guint i = 0; i < listeners->len; i++)
    g_assert_true (heard (listeners->pdata[i], needle));
  g_ptr_array_set_size (listeners, 0);
  rapport_test_server_stop (server);
}

typedef struct
{
  RapportTestServer *server;
  gint               stop;
  gint               sent;
  gint               threads_seen;
} Load;

static gpointer
load_thread (gpointer data)
{
  Load *load = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = g_strconcat (load->server->base_url, "/api/v1/health", NULL);

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 5, NULL);
  while (!g_atomic_int_get (&load->stop))
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);
      const char *thread = soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Rapportd-Thread");

      g_atomic_int_inc (&load->sent);
      if (thread != NULL)
        g_atomic_int_or (&load->threads_seen, 1 << MIN (g_ascii_strtoull (thread, NULL, 10), 30));
      if (body == NULL)
        g_usleep (2000);
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

static guint
bits (gint mask)
{
  guint n = 0;

  for (guint bit = 0; bit < 31; bit++)
    n += (mask >> bit) & 1;
  return n;
}

/* SIGTERM while every HTTP thread has requests in flight and a WebSocket
 * open: rapportd exits 0, soon */
static void
test_stop_under_load (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config (THREADS_CONFIG);
  g_autoptr(GPtrArray) listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) listener_free);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  Load load = { server };
  GThread *threads[8];
  g_autoptr(GError) error = NULL;
  gint64 start, deadline;

  for (guint i = 0; i < 6; i++)
    {
      SoupSession *session = soup_session_new ();

      g_ptr_array_add (sessions, session);
      g_ptr_array_add (listeners, listen_events (server, session));
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("load", load_thread, &load);
  /* until the load reaches at least two threads */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((bits (g_atomic_int_get (&load.threads_seen)) < 2 || g_atomic_int_get (&load.sent) < 200) &&
         g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_cmpuint (bits (g_atomic_int_get (&load.threads_seen)), >=, 2);
  start = g_get_monotonic_time ();
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stopped in %.0f ms after %d calls on %u threads",
                  (g_get_monotonic_time () - start) / 1000.0, g_atomic_int_get (&load.sent),
                  bits (g_atomic_int_get (&load.threads_seen)));
  g_atomic_int_set (&load.stop, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  g_ptr_array_set_size (listeners, 0);
  rapport_test_server_stop (server);
}

/* where a request ends, and whether another may follow it on its connection */
static void
test_framing (void)
{
  static const struct
  {
    const char *request;
    gsize       head_length;
    gint64      body_length;
    gboolean    reusable;
  } cases[] = {
    { "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27, 0, TRUE },
    { "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n", 27, 0, TRUE },
    { "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 38, 5, TRUE },
    { "POST / HTTP/1.1\r\ncontent-length:  12 \r\n\r\n", 41, 12, TRUE },
    { "GET / HTTP/1.1\nHost: a\n\n", 24, 0, TRUE },
    { "GET / HTTP/1.0\r\nHost: a\r\n\r\n", 27, 0, FALSE },
    { "GET / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n", 49, 0, FALSE },
    { "GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", 59, -1, FALSE },
    { "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 47, -1, FALSE },
    { "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 57, -1, FALSE },
    { "POST / HTTP/1.1\r\nContent-Length: 5x\r\n\r\n", 39, -1, FALSE },
    { "GET / HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n", 30, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RapportdHeadFraming framing;

      g_test_message ("case %u", i);
      rapportd_request_head_framing ((const guint8 *) cases[i].request, strlen (cases[i].request), &framing);
      g_assert_cmpuint (framing.head_length, ==, cases[i].head_length);
      g_assert_cmpint (framing.body_length, ==, cases[i].body_length);
      g_assert_cmpint (framing.reusable, ==, cases[i].reusable);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/threads/framing", test_framing);
  g_test_add_func ("/threads/spread", test_spread);
  g_test_add_func ("/threads/keep-alive", test_keep_alive);
  g_test_add_func ("/threads/keep-alive-tls", test_keep_alive_tls);
  g_test_add_func ("/threads/keep-alive-limits", test_keep_alive_limits);
  g_test_add_func ("/threads/idle-timeout", test_idle_timeout);
  g_test_add_func ("/threads/events-every-thread", test_events_every_thread);
  g_test_add_func ("/threads/stop-under-load", test_stop_under_load);
  return g_test_run ();
}
