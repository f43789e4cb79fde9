/* test-import-progress.c: an import with progress=TOKEN tells its user's event WebSockets how far it is, live, as it runs; the last message says all rows are done */
#include "rapport-test-server.h"
#include "rapport-test-events.h"

#include <string.h>

#define ROWS 5000
#define TOKEN "run-42_a"

static RapportTestServer *server;

typedef struct
{
  RapportTestEvents *events;
  gboolean           answered;
  guint              status;
  /* the progress messages heard when the answer came */
  guint              heard_before_answer;
} Import;

/* the import.progress messages @events has heard, parsed */
static GPtrArray *
progress_of (RapportTestEvents *events)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint m = 0; m < events->messages->len; m++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, events->messages->pdata[m], -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL), "import.progress") == 0)
        g_ptr_array_add (found, json_object_ref (object));
    }
  return found;
}

/* waits until @events has heard at least @n messages */
static void
wait_messages (RapportTestEvents *events,
               guint              n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (events->messages->len < n)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("only %u messages heard, waiting for %u", events->messages->len, n);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* a record of its own told to each listener: the hub has checked their sessions */
static void
wait_signed_in (RapportTestEvents *events,
                const char        *token,
                const char        *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);
  guint before = events->messages->len;

  rapport_test_create (server, token, "accounts", body);
  wait_messages (events, before + 1);
}

/* the import.progress messages @events has heard, once the last of them
 * says all @total rows are done: it goes out as the import ends, on
 * another connection than the answer's, and may come after it */
static GPtrArray *
progress_to_the_end (RapportTestEvents *events,
                     gint64             total)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      GPtrArray *progress = progress_of (events);

      if (progress->len > 0 &&
          json_object_get_int_member (progress->pdata[progress->len - 1], "rows_done") == total)
        return progress;
      g_ptr_array_unref (progress);
      if (g_get_monotonic_time () > deadline)
        g_error ("no progress message with rows_done %" G_GINT64_FORMAT, total);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Import *import = data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_autoptr(GPtrArray) heard = progress_of (import->events);

  g_assert_nonnull (bytes);
  import->heard_before_answer = heard->len;
  import->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  import->answered = TRUE;
}

static void
test_progress (void)
{
  g_autofree char *importer = rapport_test_server_add_user (server, "importer", "sales");
  g_autofree char *bystander = rapport_test_server_add_user (server, "bystander", "sales");
  g_autoptr(RapportTestEvents) mine = rapport_test_events_listen (server->session, server->base_url, importer, NULL);
  g_autoptr(RapportTestEvents) theirs = rapport_test_events_listen (server->session, server->base_url, bystander, NULL);
  g_autoptr(GString) csv = g_string_new ("Name,Code\r\n");
  g_autofree char *url = g_strdup_printf ("%s/api/v1/accounts/import?progress=" TOKEN, server->base_url);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", importer);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(GPtrArray) overheard = NULL;
  Import import = { mine };
  gint64 started, deadline;
  gint64 previous = -1;

  wait_signed_in (mine, importer, "Importer's own");
  wait_signed_in (theirs, bystander, "Bystander's own");
  for (guint i = 1; i <= ROWS; i++)
    g_string_append_printf (csv, "Progress account %u,PRG-%u\r\n", i, i);
  body = g_bytes_new (csv->str, csv->len);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (msg, "text/csv", body);

  started = g_get_monotonic_time ();
  soup_session_send_and_read_async (server->session, msg, G_PRIORITY_DEFAULT, NULL, on_answer, &import);
  deadline = started + 280 * G_USEC_PER_SEC;
  while (!import.answered)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the import did not answer");
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (import.status, ==, 201);

  progress = progress_to_the_end (mine, ROWS);
  g_test_message ("%u progress messages over %.1f s, %u before the answer", progress->len,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, import.heard_before_answer);
  /* live: heard while the import ran, not only once it was done */
  g_assert_cmpuint (import.heard_before_answer, >=, 1);
  g_assert_cmpuint (progress->len, >=, 3);
  for (guint p = 0; p < progress->len; p++)
    {
      JsonObject *one = progress->pdata[p];
      gint64 done = json_object_get_int_member (one, "rows_done");

      g_assert_cmpstr (json_object_get_string_member (one, "token"), ==, TOKEN);
      g_assert_cmpint (json_object_get_int_member (one, "rows_total"), ==, ROWS);
      g_assert_cmpint (done, >, previous);
      g_assert_cmpint (done, <=, ROWS);
      previous = done;
    }
  g_assert_cmpint (previous, ==, ROWS);
  /* at most every 250 ms, and once at the end */
  g_assert_cmpuint (progress->len, <=, (g_get_monotonic_time () - started) / 250000 + 2);
  /* another user's WebSocket hears nothing of it */
  overheard = progress_of (theirs);
  g_assert_cmpuint (overheard->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/import-progress/live", test_progress);
  result = g_test_run ();
  rapport_test_server_stop (server);
  return result;
}
