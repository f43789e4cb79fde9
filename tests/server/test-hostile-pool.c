/* test-hostile-pool.c: the worker queue is bounded, work of clients that left is dropped,
 * and rapportd stops cleanly under load */
#include <signal.h>
#include <string.h>

#include "rapport-test-lock.h"

#define BURST 12

static const char *config =
  "[server]\n"
  "workers=1\n"
  "max_queued_requests=3\n"
  "session_cache_seconds=0\n";

/* until @least sign-ins run their read of the user's row, which the held
 * lock keeps waiting: seen in the process list, as a wait may start while
 * the optimizer reads the row by its unique key ("Statistics"), before
 * InnoDB lists the transaction as waiting */
static void
wait_for_sign_ins (RapportTestServer *server,
                   guint64            least)
{
  rapport_test_wait_for_count (server, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() "
                                       "AND INFO LIKE 'SELECT id, password_hash, %FROM users WHERE login = ? FOR UPDATE'", least);
}

/* holds the user's row as an administrator's long transaction would, until
 * released; the one worker that signs them in waits for it */
static GSubprocess *
lock_user_row (RapportTestServer *server,
               const char        *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s' FOR UPDATE", login);

  return rapport_test_lock_hold (server, sql);
}

/* iterates the main context until @pending falls to @until or @seconds pass */
static void
iterate_until (guint *pending,
               guint  until,
               guint  seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (*pending > until && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef struct
{
  guint   status;
  gint64  answered_at;
  char   *retry_after;
  guint  *pending;
} Answer;

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Answer *answer = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  GBytes *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  /* read to its end, not needed */
  g_clear_pointer (&body, g_bytes_unref);
  answer->status = soup_message_get_status (msg);
  answer->retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                "Retry-After"));
  answer->answered_at = g_get_monotonic_time ();
  (*answer->pending)--;
}

static SoupMessage *
sign_in_message (RapportTestServer *server,
                 const char        *login)
{
  g_autofree char *url = g_strconcat (server->base_url, "/api/v1/session", NULL);
  g_autofree char *json = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"correct horse battery\"}", login);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  SoupMessage *msg = soup_message_new ("POST", url);

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

/* with the one worker busy and the queue full, more calls get 503 and
 * Retry-After at once; the queued ones are answered once the worker frees */
static void
test_queue_bound (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config (config);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", BURST + 2,
                                                                   "max-conns", BURST + 2, NULL);
  g_autofree char *token = rapport_test_server_add_user (server, "waiting", "sales");
  g_autoptr(GSubprocess) lock = NULL;
  Answer answers[BURST] = { 0 };
  guint pending = BURST;
  guint refused = 0, served = 0;
  gint64 released_at;

  g_assert_nonnull (token);
  lock = lock_user_row (server, "waiting");
  for (guint i = 0; i < BURST; i++)
    {
      g_autoptr(SoupMessage) msg = sign_in_message (server, "waiting");

      answers[i].pending = &pending;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_answer, &answers[i]);
    }
  /* the refused ones are answered while the worker is held */
  iterate_until (&pending, 4, 60);
  released_at = rapport_test_lock_release (server, lock);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < BURST; i++)
    {
      g_test_message ("call %u: %u (Retry-After %s)", i, answers[i].status,
                      answers[i].retry_after ? answers[i].retry_after : "-");
      if (answers[i].status == 503)
        {
          refused++;
          g_assert_cmpstr (answers[i].retry_after, ==, "1");
          /* refused while the worker was still held, not after */
          g_assert_cmpint (answers[i].answered_at, <, released_at);
        }
      else
        {
          g_assert_cmpuint (answers[i].status, ==, 201);
          served++;
        }
      g_free (answers[i].retry_after);
    }
  /* one running, at most three waiting (periodic work may take a place) */
  g_assert_cmpuint (served, >=, 1);
  g_assert_cmpuint (served, <=, 4);
  g_assert_cmpuint (refused, >=, BURST - 4);
  rapport_test_server_stop (server);
}

/* a client that sends a write and leaves before a worker is free: the
 * write never runs */
static void
test_client_left (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config (config);
  g_autofree char *token = rapport_test_server_add_user (server, "holder", "sales");
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSubprocess) lock = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) blocked = NULL;
  g_autoptr(RapportTestReply) found = NULL;
  g_autofree char *request = NULL;
  const char *json = "{\"name\":\"Left before its turn\"}";
  Answer answer = { 0 };
  guint pending = 1;

  lock = lock_user_row (server, "holder");
  /* the worker is taken by a sign-in that waits for the lock */
  blocked = sign_in_message (server, "holder");
  answer.pending = &pending;
  soup_session_send_and_read_async (session, blocked, G_PRIORITY_DEFAULT, NULL, on_answer, &answer);
  wait_for_sign_ins (server, 1);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                             "Content-Length: %zu\r\n\r\n%s", token, strlen (json), json);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  g_usleep (300 * 1000);
  g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);

  rapport_test_lock_release (server, lock);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (answer.status, ==, 201);
  g_usleep (500 * 1000);

  /* the same write from a client that waits is made */
  g_assert_cmpint (rapport_test_create (server, token, "accounts", "{\"name\":\"Left before, then stayed\"}"), >, 0);
  found = rapport_test_request (server, "GET", "/api/v1/accounts?q=Left%20before", token, NULL);
  g_assert_cmpuint (found->status, ==, 200);
  g_assert_nonnull (strstr (found->body, "Left before, then stayed"));
  g_assert_null (strstr (found->body, "Left before its turn"));
  rapport_test_server_stop (server);
}

/* Sign-ins of one user queue on its row only for their bookkeeping, not
 * for the Argon2id check: held back by a lock and then let go together,
 * they finish within about one check of each other, where checking under
 * the lock spreads them over one check each */
static void
test_hash_outside_lock (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config ("[server]\nworkers=4\n");
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
  g_autofree char *token = rapport_test_server_add_user (server, "crowded", "sales");
  g_autoptr(GSubprocess) lock = NULL;
  Answer answers[4] = { 0 };
  Answer alone = { 0 };
  guint pending = 1;
  gint64 started, single, first = G_MAXINT64, last = 0;

  g_assert_nonnull (token);
  /* one sign-in alone: what a check and its bookkeeping cost here */
  {
    g_autoptr(SoupMessage) msg = sign_in_message (server, "crowded");

    alone.pending = &pending;
    started = g_get_monotonic_time ();
    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_answer, &alone);
    while (pending > 0)
      g_main_context_iteration (NULL, TRUE);
    single = alone.answered_at - started;
    g_free (alone.retry_after);
  }

  lock = lock_user_row (server, "crowded");
  pending = G_N_ELEMENTS (answers);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(SoupMessage) msg = sign_in_message (server, "crowded");

      answers[i].pending = &pending;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_answer, &answers[i]);
    }
  /* all four checked and waiting for the row */
  wait_for_sign_ins (server, G_N_ELEMENTS (answers));
  rapport_test_lock_release (server, lock);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_assert_cmpuint (answers[i].status, ==, 201);
      first = MIN (first, answers[i].answered_at);
      last = MAX (last, answers[i].answered_at);
      g_free (answers[i].retry_after);
    }
  g_test_message ("one sign-in alone: %.1f ms; four let go together finished within %.1f ms",
                  single / 1000.0, (last - first) / 1000.0);
  g_assert_cmpint (last - first, <, 2 * single);
  rapport_test_server_stop (server);
}

/* With its one worker held by a sign-in that waits for a lock, a read of a
 * record by id is answered by the HTTP thread that read it while the lock is
 * still held; with reads_on_http_threads=false it waits for the worker like
 * any call, and is answered only after the lock is let go. */
static void
reads_beside_busy_worker (gconstpointer data)
{
  gboolean on = GPOINTER_TO_INT (data);
  g_autofree char *with = g_strdup_printf ("%sreads_on_http_threads=%s\n", config, on ? "true" : "false");
  RapportTestServer *server = rapport_test_server_start_with_config (with);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 4, NULL);
  g_autofree char *token = rapport_test_server_add_user (server, "held", "sales");
  gint64 id = rapport_test_create_named (server, "Read beside a busy worker");
  g_autofree char *url = g_strdup_printf ("%s/api/v1/accounts/%" G_GINT64_FORMAT, server->base_url, id);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", server->admin_token);
  g_autoptr(SoupMessage) sign_in = sign_in_message (server, "held");
  g_autoptr(SoupMessage) read = soup_message_new ("GET", url);
  g_autoptr(GSubprocess) lock = NULL;
  Answer signed_in = { 0 }, got = { 0 };
  guint pending = 2;
  gint64 released_at;

  g_assert_nonnull (token);
  lock = lock_user_row (server, "held");
  signed_in.pending = &pending;
  got.pending = &pending;
  soup_session_send_and_read_async (session, sign_in, G_PRIORITY_DEFAULT, NULL, on_answer, &signed_in);
  /* the sign-in has the worker, waiting for the lock */
  wait_for_sign_ins (server, 1);
  soup_message_headers_replace (soup_message_get_request_headers (read), "Authorization", bearer);
  soup_session_send_and_read_async (session, read, G_PRIORITY_DEFAULT, NULL, on_answer, &got);
  /* on, until the read is answered; off, two seconds in which it must not be */
  iterate_until (&pending, 1, on ? 60 : 2);
  released_at = rapport_test_lock_release (server, lock);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("reads on HTTP threads %s: the read answered %.0f ms %s the lock was let go",
                  on ? "on" : "off", ABS (released_at - got.answered_at) / 1000.0,
                  got.answered_at < released_at ? "before" : "after");
  g_assert_cmpuint (signed_in.status, ==, 201);
  g_assert_cmpuint (got.status, ==, 200);
  g_assert_cmpint (signed_in.answered_at, >, released_at);
  if (on)
    g_assert_cmpint (got.answered_at, <, released_at);
  else
    g_assert_cmpint (got.answered_at, >, released_at);
  g_free (signed_in.retry_after);
  g_free (got.retry_after);
  rapport_test_server_stop (server);
}

typedef struct
{
  RapportTestServer *server;
  gint               stop;
  guint              sent;
  /* bit N: HTTP thread N answered */
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

      if (thread != NULL)
        g_atomic_int_or (&load->threads_seen, 1 << MIN (g_ascii_strtoull (thread, NULL, 10), 30));
      load->sent++;
      if (body == NULL)
        g_usleep (2000);
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* SIGTERM while calls keep coming on several HTTP threads: rapportd stops
 * accepting, finishes what it holds and exits 0, quickly. A call that
 * arrives while it stops once reached a freed worker pool, which only the
 * sanitizers see, and not every time: it is tried a few times. */
static void
stop_under_load (void)
{
  RapportTestServer *server = rapport_test_server_start_with_config ("[server]\nhttp_threads=3\ndebug_thread_header=true\n");
  Load load = { server, 0, 0 };
  GThread *threads[6];
  g_autoptr(GError) error = NULL;
  gint64 start, deadline;
  guint n_threads = 0;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("load", load_thread, &load);
  /* a second at least, and until two HTTP threads have answered */
  g_usleep (G_USEC_PER_SEC);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((g_atomic_int_get (&load.threads_seen) & (g_atomic_int_get (&load.threads_seen) - 1)) == 0 &&
         g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  for (guint bit = 0; bit < 31; bit++)
    n_threads += (g_atomic_int_get (&load.threads_seen) >> bit) & 1;
  g_assert_cmpuint (n_threads, >=, 2);
  start = g_get_monotonic_time ();
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stopped in %.0f ms after %u calls on %u HTTP threads",
                  (g_get_monotonic_time () - start) / 1000.0, load.sent, n_threads);
  g_atomic_int_set (&load.stop, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  rapport_test_server_stop (server);
}

static void
test_stop_under_load (void)
{
  for (guint round = 0; round < 3; round++)
    stop_under_load ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pool/queue-bound", test_queue_bound);
  g_test_add_func ("/pool/client-left", test_client_left);
  g_test_add_func ("/pool/stop-under-load", test_stop_under_load);
  g_test_add_func ("/pool/hash-outside-lock", test_hash_outside_lock);
  g_test_add_data_func ("/pool/reads-beside-busy-worker", GINT_TO_POINTER (TRUE), reads_beside_busy_worker);
  g_test_add_data_func ("/pool/reads-wait-without-http-thread-reads", GINT_TO_POINTER (FALSE),
                        reads_beside_busy_worker);
  return g_test_run ();
}
