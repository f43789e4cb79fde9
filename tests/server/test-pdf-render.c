/* test-pdf-render.c: a PDF preview is drawn outside the database transaction, and audited at the version it shows */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *sales;
static gint64 account;

static char *
sql_value (const char *query)
{
  return g_strchomp (rapport_test_server_sql (server, query));
}

static gint64
create_quote (void)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\","
                                           "\"lines\":[{\"description\":\"ECG monitor\",\"quantity\":\"2\","
                                           "\"unit_price\":\"1999.9900\",\"tax_rate\":\"13\"}]}", account);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/quotes", sales, body);

  g_assert_cmpuint (reply->status, ==, 201);
  return rapport_test_reply_int (reply, "id");
}

/* what the audit trail recorded for the last print of quote @id */
static char *
last_print (gint64 id)
{
  g_autofree char *query = g_strdup_printf ("SELECT after_json FROM audit_log WHERE entity = 'quote' AND entity_id = %"
                                            G_GINT64_FORMAT " AND action = 'print' ORDER BY id DESC LIMIT 1", id);

  return sql_value (query);
}

static guint
count_prints (gint64 id)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'quote' AND entity_id = %"
                                            G_GINT64_FORMAT " AND action = 'print'", id);
  g_autofree char *count = sql_value (query);

  return (guint) g_ascii_strtoull (count, NULL, 10);
}

/* A change of the quote that a mariadb client holds uncommitted: its row
 * stays locked until commit_change() */
typedef struct
{
  GSubprocess      *process;
  GOutputStream    *input;
  GDataInputStream *output;
} HeldChange;

static void
hold_change (HeldChange *held,
             gint64      id)
{
  g_autofree char *socket = rapport_test_server_socket (server);
  g_autofree char *script = g_strdup_printf ("START TRANSACTION;\n"
                                             "UPDATE quotes SET version = version + 1 WHERE id = %" G_GINT64_FORMAT ";\n"
                                             "SELECT 'held';\n", id);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  held->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                    G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                                    "mariadb", "--socket", socket, "--user", "root", "--batch", "--unbuffered",
                                    "--skip-column-names", "rapport", NULL);
  g_assert_no_error (error);
  held->input = g_subprocess_get_stdin_pipe (held->process);
  held->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (held->process));
  g_assert_true (g_output_stream_write_all (held->input, script, strlen (script), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_flush (held->input, NULL, &error));
  g_assert_no_error (error);
  /* the client answers the SELECT only after the UPDATE holds the row */
  line = g_data_input_stream_read_line_utf8 (held->output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "held");
}

static void
commit_change (HeldChange *held)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (held->input, "COMMIT;\n", 8, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (held->input, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (held->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&held->output);
  g_clear_object (&held->process);
}

/* GET …/pdf on a thread of its own, with a session of its own */
typedef struct
{
  char        *path;
  guint        status;
  char        *code;
  gboolean     done;
} Preview;

static gpointer
run_preview (gpointer data)
{
  Preview *preview = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->base_url, preview->path, NULL);
  g_autofree char *header = g_strdup_printf ("Bearer %s", sales);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  preview->status = soup_message_get_status (msg);
  if (preview->status != 200)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *envelope;

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
      envelope = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "error");
      preview->code = g_strdup (json_object_get_string_member_with_default (envelope, "code", NULL));
    }
  g_atomic_int_set (&preview->done, TRUE);
  return NULL;
}

/* whether some statement waits for a row lock that another holds */
static gboolean
lock_awaited (void)
{
  /* InnoDB lists a wait only once it has begun; a share lock asked for while
   * the statement is still being optimised waits too, seen only in the
   * process list (the statement cannot end while the change is held) */
  g_autofree char *waits = sql_value ("SELECT (SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT') + "
                                      "(SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                                      " WHERE ID <> CONNECTION_ID() AND INFO LIKE '%LOCK IN SHARE MODE%')");

  return g_ascii_strtoull (waits, NULL, 10) > 0;
}

/* A preview of a quote that changes while it is drawn: the read takes no
 * lock, so the preview is drawn at the version before the change; the
 * audit then waits for the change, sees that the version moved, and
 * answers 409 with no audit row. Asked again, it shows and records the
 * new version. */
static void
test_changed_while_drawn (void)
{
  gint64 id = create_quote ();
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/pdf", id);
  g_autofree char *version_query = g_strdup_printf ("SELECT version FROM quotes WHERE id = %" G_GINT64_FORMAT, id);
  g_autofree char *before = sql_value (version_query);
  g_autofree char *after = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *expected = NULL;
  Preview preview = { path, 0, NULL, FALSE };
  HeldChange held = { NULL, };
  GThread *thread;
  guint prints;

  prints = count_prints (id);
  hold_change (&held, id);
  thread = g_thread_new ("preview", run_preview, &preview);
  /* the preview must come to wait for the change: it may not answer before */
  while (!g_atomic_int_get (&preview.done) && !lock_awaited ())
    g_usleep (G_USEC_PER_SEC / 100);
  g_assert_false (g_atomic_int_get (&preview.done));
  commit_change (&held);
  g_thread_join (thread);

  g_assert_cmpuint (preview.status, ==, 409);
  g_assert_cmpstr (preview.code, ==, "conflict");
  g_assert_cmpuint (count_prints (id), ==, prints);
  g_free (preview.code);

  after = sql_value (version_query);
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, g_ascii_strtoll (before, NULL, 10) + 1);
  {
    g_autoptr(RapportTestReply) again = rapport_test_request (server, "GET", path, sales, NULL);

    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpmem (g_bytes_get_data (again->bytes, NULL), 5, "%PDF-", 5);
  }
  g_assert_cmpuint (count_prints (id), ==, prints + 1);
  recorded = last_print (id);
  expected = g_strdup_printf ("\"version\":%s", after);
  g_assert_nonnull (strstr (recorded, expected));
  g_assert_nonnull (strstr (recorded, "\"archived\":false"));
}

/* Previews of one quote at the same time all succeed, each audited once:
 * none waits on another's render */
static void
test_previews_together (void)
{
  gint64 id = create_quote ();
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/pdf", id);
  Preview previews[4];
  GThread *threads[G_N_ELEMENTS (previews)];
  guint prints = count_prints (id);

  for (guint i = 0; i < G_N_ELEMENTS (previews); i++)
    {
      previews[i] = (Preview) { path, 0, NULL, FALSE };
      threads[i] = g_thread_new ("preview", run_preview, &previews[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (previews); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (previews[i].status, ==, 200);
    }
  g_assert_cmpuint (count_prints (id), ==, prints + G_N_ELEMENTS (previews));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  sales = rapport_test_server_add_user (server, "pdf-sales", "sales");
  account = rapport_test_create (server, sales, "accounts",
                                 "{\"name\":\"上海华东医疗器械有限公司\",\"address\":\"上海市浦东新区张江路 100 号\"}");

  g_test_add_func ("/pdf/changed-while-drawn", test_changed_while_drawn);
  g_test_add_func ("/pdf/previews-together", test_previews_together);
  status = g_test_run ();
  g_free (sales);
  rapport_test_server_stop (server);
  return status;
}
