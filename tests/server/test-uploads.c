/* test-uploads.c: imports and attachments larger than max_body_bytes: spooled to a file, not held in memory, and refused past max_upload_bytes */
#include "rapport-test-server.h"

#include <string.h>

/* this server's [server] max_upload_bytes; max_body_bytes is the default, 1 MiB */
#define MAX_UPLOAD (24 * 1024 * 1024)
#define MAX_BODY   (1024 * 1024)

static RapportTestServer *server;

/* rapportd's memory, read every millisecond while a request runs: its
 * heap (anonymous memory), and the files it maps (the spooled body, on
 * tmpfs in the tests, counts as shared memory) */
typedef struct
{
  gint    stop;
  guint64 anon_peak;
  guint64 rss_peak;
  guint64 mapped_peak;
} Sampler;

static guint64
mapped_kb (void)
{
  return rapport_test_server_status_value (server, "RssFile") + rapport_test_server_status_value (server, "RssShmem");
}

static gpointer
sample (gpointer data)
{
  Sampler *sampler = data;

  while (!g_atomic_int_get (&sampler->stop))
    {
      sampler->anon_peak = MAX (sampler->anon_peak, rapport_test_server_status_value (server, "RssAnon"));
      sampler->rss_peak = MAX (sampler->rss_peak, rapport_test_server_status_value (server, "VmRSS"));
      sampler->mapped_peak = MAX (sampler->mapped_peak, mapped_kb ());
      g_usleep (1000);
    }
  return NULL;
}

typedef struct
{
  guint64 anon_before;
  guint64 rss_before;
  guint64 mapped_before;
  Sampler sampler;
  GThread *thread;
} Watch;

static void
watch_start (Watch *watch)
{
  memset (watch, 0, sizeof *watch);
  watch->anon_before = rapport_test_server_status_value (server, "RssAnon");
  watch->rss_before = rapport_test_server_status_value (server, "VmRSS");
  watch->mapped_before = mapped_kb ();
  watch->thread = g_thread_new ("sampler", sample, &watch->sampler);
}

/* rapportd's heap grew by less than @limit; not checked under the
 * sanitizers (make check-sanitize), whose quarantine keeps 256 MB of freed
 * memory on the heap */
static void
assert_heap_below (guint64 growth,
                   guint64 limit)
{
  if (g_getenv ("RAPPORT_SANITIZER_LOG_DIR") == NULL)
    g_assert_cmpuint (growth, <, limit);
}

/* the growth of rapportd's heap at its highest, in bytes */
static guint64
watch_stop (Watch      *watch,
            const char *what,
            gsize       body)
{
  guint64 mapped_after;
  guint64 anon_growth;

  g_atomic_int_set (&watch->sampler.stop, TRUE);
  g_thread_join (watch->thread);
  /* the body's mapping goes with the request, a moment after its answer */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       (mapped_after = mapped_kb ()) >= watch->mapped_before + body / 1024 / 8 && g_get_monotonic_time () < deadline;)
    g_usleep (10 * 1000);
  anon_growth = watch->sampler.anon_peak > watch->anon_before ? watch->sampler.anon_peak - watch->anon_before : 0;
  g_test_message ("%s, %zu kB: rapportd's heap (RssAnon) %" G_GUINT64_FORMAT " kB before, at most +%" G_GUINT64_FORMAT
                  " kB during; VmRSS %" G_GUINT64_FORMAT " kB before, at most %" G_GUINT64_FORMAT " kB during, %"
                  G_GUINT64_FORMAT " kB after; mapped files %" G_GUINT64_FORMAT " kB before, %" G_GUINT64_FORMAT
                  " kB after",
                  what, body / 1024, watch->anon_before, anon_growth, watch->rss_before, watch->sampler.rss_peak,
                  rapport_test_server_status_value (server, "VmRSS"), watch->mapped_before, mapped_after);
  g_assert_cmpuint (mapped_after, <, watch->mapped_before + body / 1024 / 8);
  return anon_growth * 1024;
}

/* @size bytes that read as a PDF: its signature, then noise */
static GBytes *
pdf_of_size (gsize size)
{
  guint32 *words = g_malloc (size + sizeof (guint32));
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);

  for (gsize i = 0; i < size / sizeof (guint32) + 1; i++)
    words[i] = g_rand_int (rand);
  memcpy (words, "%PDF-1.4\n", 9);
  return g_bytes_new_take (words, size);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
assert_downloads_as (gint64  attachment,
                     GBytes *content)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/attachments/%" G_GINT64_FORMAT, attachment);
  g_autoptr(RapportTestReply) back = rapport_test_request_full (server, "GET", path, server->admin_token, NULL, NULL);
  g_autofree char *sent = sha256_of (content);
  g_autofree char *got = NULL;

  g_assert_cmpuint (back->status, ==, 200);
  got = sha256_of (back->bytes);
  g_assert_cmpstr (got, ==, sent);
}

static gint64
new_account (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);

  return rapport_test_create (server, server->admin_token, "accounts", body);
}

/* 20 MiB, twenty times max_body_bytes: filed whole, the heap does not follow */
static void
test_attachment (void)
{
  gsize size = 20 * 1024 * 1024;
  g_autoptr(GBytes) content = pdf_of_size (size);
  gint64 account = new_account ("Large scans");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/attachments?name=scan.pdf", account);
  g_autoptr(RapportTestReply) reply = NULL;
  Watch watch;
  guint64 growth;

  watch_start (&watch);
  reply = rapport_test_request_full (server, "POST", path, server->admin_token, "application/pdf", content);
  growth = watch_stop (&watch, "attachment", size);
  if (reply->status != 201)
    g_error ("upload: %u %s", reply->status, reply->body);
  g_assert_cmpint (rapport_test_reply_int (reply, "size"), ==, (gint64) size);
  assert_heap_below (growth, size / 4);
  assert_downloads_as (rapport_test_reply_int (reply, "id"), content);
}

/* 5 MiB of CSV, 520 accounts with long notes, through POST /accounts/import */
static void
test_import (void)
{
  g_autoptr(GString) csv = g_string_new ("name,notes\r\n");
  g_autofree char *notes = g_strnfill (10 * 1024, 'n');
  g_autoptr(GBytes) body = NULL;
  g_autoptr(RapportTestReply) reply = NULL;
  g_autofree char *count = NULL;
  Watch watch;
  guint64 growth;
  gsize size;

  for (guint i = 0; i < 520; i++)
    g_string_append_printf (csv, "Spooled account %u,%s\r\n", i, notes);
  size = csv->len;
  g_assert_cmpuint (size, >, 5 * MAX_BODY);
  body = g_string_free_to_bytes (g_steal_pointer (&csv));
  watch_start (&watch);
  reply = rapport_test_request_full (server, "POST", "/api/v1/accounts/import", server->admin_token, "text/csv", body);
  growth = watch_stop (&watch, "CSV import", size);
  if (reply->status != 201)
    g_error ("import: %u %.500s", reply->status, reply->body);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, 520);
  count = g_strchomp (rapport_test_server_sql (server, "SELECT COUNT(*) FROM accounts WHERE name LIKE 'Spooled account %' "
                                                       "AND CHAR_LENGTH(notes) = 10240"));
  g_assert_cmpstr (count, ==, "520");
  /* the body is read where it was spooled, from the mapped file: at least
   * half of it is in rapportd's mapped pages at a time */
  g_assert_cmpuint (watch.sampler.mapped_peak, >=, watch.mapped_before + size / 1024 / 2);
  /* the heap holds what the rows parsed cost, about twice the body
   * (measured: +10.2 to +10.5 MB for 5.2 MB); the body held on the heap
   * as well would make it three times */
  assert_heap_below (growth, 5 * size / 2);
}

static char *
request_head (const char *path,
              const char *framing)
{
  return g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                          "Content-Type: %s\r\n%s\r\n\r\n",
                          path, server->admin_token,
                          strstr (path, "import") ? "text/csv" : "application/pdf", framing);
}

static void
assert_too_large (guint       status,
                  const char *text)
{
  g_assert_cmpuint (status, ==, 413);
  g_assert_nonnull (strstr (text, "\"code\":\"too_large\""));
}

/* a Content-Length past the route's limit: answered before a byte of the body */
static void
assert_refused_unread (const char *path,
                       gsize       length)
{
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autofree char *framing = g_strdup_printf ("Content-Length: %zu", length);
  g_autofree char *head = request_head (path, framing);
  g_autofree char *text = NULL;
  guint status;

  g_socket_set_timeout (socket, 20);
  g_assert_cmpint (g_socket_send (socket, head, strlen (head), NULL, NULL), ==, (gssize) strlen (head));
  status = rapport_test_read_raw_answer (socket, &text);
  assert_too_large (status, text);
}

static gboolean
send_all (GSocket    *socket,
          const char *data,
          gsize       length)
{
  gsize sent = 0;

  while (sent < length)
    {
      gssize n = g_socket_send (socket, data + sent, length - sent, NULL, NULL);

      if (n <= 0)
        return FALSE;
      sent += n;
    }
  return TRUE;
}

/* sends @content in chunks, until the server answers; returns how much
 * of it was sent */
static gsize
send_chunked (GSocket    *socket,
              const char *path,
              GBytes     *content)
{
  g_autofree char *head = request_head (path, "Transfer-Encoding: chunked");
  gsize size = 0;
  const char *data = g_bytes_get_data (content, &size);
  gsize sent = 0;

  g_socket_set_timeout (socket, 30);
  g_assert_cmpint (g_socket_send (socket, head, strlen (head), NULL, NULL), ==, (gssize) strlen (head));
  while (sent < size)
    {
      gsize n = MIN (size - sent, (gsize) 64 * 1024);
      g_autofree char *line = g_strdup_printf ("%zx\r\n", n);

      if (g_socket_condition_check (socket, G_IO_IN) & G_IO_IN)
        return sent;
      if (!send_all (socket, line, strlen (line)) || !send_all (socket, data + sent, n) ||
          !send_all (socket, "\r\n", 2))
        return sent;
      sent += n;
    }
  send_all (socket, "0\r\n\r\n", 5);
  return sent;
}

/* past max_upload_bytes, with a Content-Length and in chunks, and past
 * max_body_bytes on a route that takes no upload */
static void
test_limits (void)
{
  gint64 account = new_account ("Limits");
  g_autofree char *attachments = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/attachments?name=big.pdf",
                                                  account);
  g_autoptr(GBytes) over = pdf_of_size (2 * MAX_UPLOAD);
  const char *routes[] = { attachments, "/api/v1/accounts/import", "/api/v1/accounts/import.csv" };
  g_autofree char *count_before = g_strchomp (rapport_test_server_sql (server, "SELECT COUNT(*) FROM attachments"));
  g_autofree char *count_after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
      g_autofree char *text = NULL;
      guint status;
      gsize sent;

      assert_refused_unread (routes[i], MAX_UPLOAD + 1);
      sent = send_chunked (socket, routes[i], over);
      status = rapport_test_read_raw_answer (socket, &text);
      assert_too_large (status, text);
      g_test_message ("%s: refused in chunks after %zu kB", routes[i], sent / 1024);
      /* what the server drops while it closes, and the sockets' buffers */
      g_assert_cmpuint (sent, <, MAX_UPLOAD + 8 * MAX_BODY);
    }
  /* a body of the upload's size elsewhere: max_body_bytes still holds */
  assert_refused_unread ("/api/v1/accounts", 2 * MAX_BODY);
  {
    g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
    g_autoptr(GBytes) two = pdf_of_size (2 * MAX_BODY + 1);
    g_autofree char *text = NULL;
    guint status;

    send_chunked (socket, "/api/v1/accounts", two);
    status = rapport_test_read_raw_answer (socket, &text);
    assert_too_large (status, text);
  }
  count_after = g_strchomp (rapport_test_server_sql (server, "SELECT COUNT(*) FROM attachments"));
  g_assert_cmpstr (count_after, ==, count_before);
}

/* a chunked upload within the limit is spooled by the HTTP server's path */
static void
test_chunked_upload (void)
{
  gsize size = 3 * MAX_BODY + 17;
  g_autoptr(GBytes) content = pdf_of_size (size);
  gint64 account = new_account ("Chunked scans");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/attachments?name=chunked.pdf",
                                           account);
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *body;
  Watch watch;
  guint status;

  watch_start (&watch);
  g_assert_cmpuint (send_chunked (socket, path, content), ==, size);
  status = rapport_test_read_raw_answer (socket, &text);
  assert_heap_below (watch_stop (&watch, "chunked attachment", size), size / 4);
  g_assert_cmpuint (status, ==, 201);
  body = strstr (text, "\r\n\r\n") + 4;
  node = json_from_string (body, NULL);
  g_assert_nonnull (node);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "size"), ==, (gint64) size);
  assert_downloads_as (json_object_get_int_member (json_node_get_object (node), "id"), content);
}

/* an upload from no one is refused before it is read, in both framings */
static void
test_anonymous (void)
{
  const char *paths[] = { "/api/v1/accounts/import", "/api/v1/accounts/import.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint chunked = 0; chunked < 2; chunked++)
      {
        g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
        g_autofree char *head = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n%s\r\n\r\n",
                                                 paths[i], chunked ? "Transfer-Encoding: chunked"
                                                                   : "Content-Length: 3145728");
        g_autofree char *text = NULL;
        guint status;

        g_socket_set_timeout (socket, 20);
        g_assert_true (send_all (socket, head, strlen (head)));
        status = rapport_test_read_raw_answer (socket, &text);
        if (status != 401)
          g_error ("%s, %s: %u %s", paths[i], chunked ? "chunked" : "with a length", status, text);
        g_assert_nonnull (strstr (text, "\"code\":\"unauthorized\""));
      }
}

/* a head the listener hands to the HTTP server (HTTP/1.0): the upload is
 * spooled there too, and refused there past the limit */
static void
test_http_1_0 (void)
{
  gsize size = 2 * MAX_BODY + 5;
  g_autoptr(GBytes) content = pdf_of_size (size);
  gint64 account = new_account ("HTTP/1.0 scans");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/attachments?name=old.pdf", account);
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autoptr(GSocket) over = rapport_test_server_connect_raw (server);
  g_autofree char *head = g_strdup_printf ("POST %s HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                                           "Content-Type: application/pdf\r\nContent-Length: %zu\r\n\r\n",
                                           path, server->admin_token, size);
  g_autofree char *too_large = g_strdup_printf ("POST %s HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                                                "Content-Type: application/pdf\r\nContent-Length: %d\r\n\r\n",
                                                path, server->admin_token, MAX_UPLOAD + 1);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  char buffer[4096];
  gssize n;
  Watch watch;

  g_socket_set_timeout (socket, 30);
  watch_start (&watch);
  g_assert_true (send_all (socket, head, strlen (head)));
  g_assert_true (send_all (socket, g_bytes_get_data (content, NULL), size));
  /* HTTP/1.0: the answer ends with the connection */
  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);
  assert_heap_below (watch_stop (&watch, "HTTP/1.0 attachment", size), size / 4);
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.0 201 ") || g_str_has_prefix (answer->str, "HTTP/1.1 201 "));
  node = json_from_string (strstr (answer->str, "\r\n\r\n") + 4, NULL);
  g_assert_nonnull (node);
  assert_downloads_as (json_object_get_int_member (json_node_get_object (node), "id"), content);

  g_string_truncate (answer, 0);
  g_socket_set_timeout (over, 20);
  g_assert_true (send_all (over, too_large, strlen (too_large)));
  while ((n = g_socket_receive (over, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);
  if (strstr (answer->str, " 413 ") == NULL)
    g_error ("HTTP/1.0, too large: %s", answer->str);
  g_assert_nonnull (strstr (answer->str, "\"code\":\"too_large\""));
}

/* the real free space of the disk the test data directories are on */
static guint64
free_on_disk (void)
{
  g_autoptr(GFile) dir = g_file_new_for_path (g_get_tmp_dir ());
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);

  g_assert_nonnull (info);
  return g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
}

/* a rapportd that takes uploads up to @max_upload, on a disk played with
 * @free_bytes free (0: the real one) */
static RapportTestServer *
start_with_max_upload (guint64 max_upload,
                       guint64 free_bytes)
{
  g_autofree char *config = g_strdup_printf ("[server]\nmax_upload_bytes=%" G_GUINT64_FORMAT "\n", max_upload);
  g_autofree char *played = g_strdup_printf ("RAPPORTD_SPOOL_FREE_BYTES=%" G_GUINT64_FORMAT, free_bytes);
  const char *environment[] = { played, NULL };

  return rapport_test_server_start_with_environment (config, free_bytes > 0 ? environment : NULL);
}

static char *
upload_head (RapportTestServer *to,
             const char        *framing)
{
  return g_strdup_printf ("POST /api/v1/accounts/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                          "Content-Type: text/csv\r\nExpect: 100-continue\r\n%s\r\n\r\n", to->admin_token, framing);
}

/* sends an upload's head; returns the status of the first answer: 100
 * when the server waits for the body (its room on disk is held) */
static guint
send_upload_head (GSocket           *socket,
                  RapportTestServer *to,
                  const char        *framing,
                  char             **text)
{
  g_autofree char *head = upload_head (to, framing);
  g_autoptr(GString) got = g_string_new (NULL);
  const char *end, *length;
  char buffer[4096];
  gssize n;

  g_socket_set_timeout (socket, 20);
  g_assert_true (send_all (socket, head, strlen (head)));
  /* a head, and a body as long as it says */
  while ((end = strstr (got->str, "\r\n\r\n")) == NULL ||
         (!g_str_has_prefix (got->str, "HTTP/1.1 100 ") &&
          ((length = strstr (got->str, "Content-Length: ")) == NULL ||
           got->len < (gsize) (end + 4 - got->str) + g_ascii_strtoull (length + 16, NULL, 10))))
    {
      if ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) <= 0)
        break;
      g_string_append_len (got, buffer, n);
    }
  if (text != NULL)
    *text = g_strdup (got->str);
  return g_str_has_prefix (got->str, "HTTP/1.1 ") ? g_ascii_strtoull (got->str + 9, NULL, 10) : 0;
}

/* a body that would not leave room on the data directory's real disk
 * (twice what it has free, which what other tests write or remove
 * meanwhile does not make fit): 507 before a byte of it is read. A disk
 * with more free than half of the largest max_upload_bytes (64 GiB) is
 * played with 16 GiB. */
static void
test_disk_full (void)
{
  guint64 most = G_GUINT64_CONSTANT (64) << 30;
  guint64 free_bytes = free_on_disk ();
  guint64 upload = MIN (2 * free_bytes, most);
  guint64 played = upload == most ? most / 4 : 0;
  RapportTestServer *full = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *framing = g_strdup_printf ("Content-Length: %" G_GUINT64_FORMAT, upload);
  g_autofree char *text = NULL;
  guint status;

  if (played > 0)
    g_test_message ("%" G_GUINT64_FORMAT " MiB free: a disk with %" G_GUINT64_FORMAT " MiB free is played",
                    free_bytes >> 20, played >> 20);
  full = start_with_max_upload (upload, played);
  socket = rapport_test_server_connect_raw (full);
  status = send_upload_head (socket, full, framing, &text);
  if (status != 507)
    g_error ("a body past the free space: %u %s", status, text);
  g_assert_nonnull (strstr (text, "\"code\":\"insufficient_storage\""));
  rapport_test_server_stop (full);
}

/* uploads still coming hold their room on disk: two that each fit, but
 * not together, and the second is refused (chunked, it holds
 * max_upload_bytes); the room comes back when an upload ends, however.
 * On a disk played with 10 GiB free, of which 256 MiB stay spare, and
 * uploads of 6 GiB: only their heads are sent, none is written. */
static void
test_uploads_in_flight (void)
{
  guint64 upload = G_GUINT64_CONSTANT (6) << 30;
  RapportTestServer *tight = start_with_max_upload (upload, G_GUINT64_CONSTANT (10) << 30);
  g_autofree char *length = g_strdup_printf ("Content-Length: %" G_GUINT64_FORMAT, upload);
  g_autoptr(GSocket) first = NULL;
  g_autoptr(GSocket) second = NULL;
  g_autoptr(GSocket) after = NULL;
  g_autoptr(GSocket) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *done = NULL;
  /* "name\r\nOne\n" in a chunk, and the end */
  const char *chunks = "a\r\nname\r\nOne\n\r\n0\r\n\r\n";
  gint64 deadline;
  guint status;

  first = rapport_test_server_connect_raw (tight);
  second = rapport_test_server_connect_raw (tight);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  g_assert_cmpuint (send_upload_head (first, tight, length, NULL), ==, 100);
  status = send_upload_head (second, tight, "Transfer-Encoding: chunked", &text);
  if (status != 507)
    g_error ("a second upload past the room left: %u %s", status, text);
  g_assert_nonnull (strstr (text, "\"code\":\"insufficient_storage\""));

  /* the first given up: its room is free once rapportd sees it go */
  g_socket_close (first, NULL);
  for (;;)
    {
      g_clear_object (&after);
      g_clear_pointer (&text, g_free);
      after = rapport_test_server_connect_raw (tight);
      status = send_upload_head (after, tight, "Transfer-Encoding: chunked", &text);
      if (status != 507 || g_get_monotonic_time () > deadline)
        break;
      g_usleep (20 * 1000);
    }
  if (status != 100)
    g_error ("an upload once the first is gone: %u %s", status, text);
  g_assert_true (send_all (after, chunks, strlen (chunks)));
  status = rapport_test_read_raw_answer (after, &done);
  if (status != 201)
    g_error ("a chunked import in the room given back: %u %s", status, done);

  /* that one finished: what it held is free too */
  again = rapport_test_server_connect_raw (tight);
  g_assert_cmpuint (send_upload_head (again, tight, length, NULL), ==, 100);
  g_socket_close (again, NULL);
  rapport_test_server_stop (tight);
}

/* sends @length bytes of @data in @pieces, spread evenly over @seconds: a
 * client on a slow link; returns whether all went */
static gboolean
send_slowly (GSocket    *socket,
             const char *data,
             gsize       length,
             guint       pieces,
             double      seconds)
{
  for (guint i = 0; i < pieces; i++)
    {
      gsize from = length * i / pieces;
      gsize to = length * (i + 1) / pieces;

      if (!send_all (socket, data + from, to - from))
        return FALSE;
      g_usleep ((gulong) (seconds * G_USEC_PER_SEC / pieces));
    }
  return TRUE;
}

/* the body deadline grows with an upload's length: 3 MiB over 4 seconds
 * is taken with a 2-second deadline, a small body as slow is cut */
static void
test_deadline (void)
{
  RapportTestServer *slow = rapport_test_server_start_with_config ("[server]\nbody_timeout_seconds=2\n");
  gint64 account = rapport_test_create (slow, slow->admin_token, "accounts", "{\"name\":\"Branch office\"}");
  gsize size = 3 * MAX_BODY;
  g_autoptr(GBytes) content = pdf_of_size (size);
  g_autofree char *head = g_strdup_printf ("POST /api/v1/accounts/%" G_GINT64_FORMAT "/attachments?name=slow.pdf HTTP/1.1\r\n"
                                           "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                                           "Content-Type: application/pdf\r\nContent-Length: %zu\r\n\r\n",
                                           account, slow->admin_token, size);
  g_autofree char *small = g_strdup_printf ("POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                            "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                            "Content-Length: 200000\r\n\r\n", slow->admin_token);
  g_autofree char *padding = g_strnfill (200000, ' ');
  g_autofree char *text = NULL;
  g_autofree char *cut = NULL;

  {
    g_autoptr(GSocket) socket = rapport_test_server_connect_raw (slow);

    g_socket_set_timeout (socket, 30);
    g_assert_true (send_all (socket, head, strlen (head)));
    g_assert_true (send_slowly (socket, g_bytes_get_data (content, NULL), size, 40, 4.0));
    g_assert_cmpuint (rapport_test_read_raw_answer (socket, &text), ==, 201);
  }
  {
    g_autoptr(GSocket) socket = rapport_test_server_connect_raw (slow);

    g_socket_set_timeout (socket, 30);
    g_assert_true (send_all (socket, small, strlen (small)));
    send_slowly (socket, padding, 200000, 40, 4.0);
    /* cut at the body deadline: no answer */
    g_assert_cmpuint (rapport_test_read_raw_answer (socket, &cut), ==, 0);
  }
  rapport_test_server_stop (slow);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_strdup_printf ("[server]\nmax_upload_bytes=%d\n", MAX_UPLOAD);
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config (config);

  g_test_add_func ("/uploads/attachment", test_attachment);
  g_test_add_func ("/uploads/import", test_import);
  g_test_add_func ("/uploads/limits", test_limits);
  g_test_add_func ("/uploads/chunked-upload", test_chunked_upload);
  g_test_add_func ("/uploads/anonymous", test_anonymous);
  g_test_add_func ("/uploads/http-1.0", test_http_1_0);
  g_test_add_func ("/uploads/disk-full", test_disk_full);
  g_test_add_func ("/uploads/in-flight", test_uploads_in_flight);
  g_test_add_func ("/uploads/deadline", test_deadline);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
