/* test-backup-restore.c: an online backup under a stream of creates restores into a new data directory that rapportd starts on, with every acknowledged create, an intact audit chain and byte-identical attachments; a damaged archive is detected */
/* memmem () */
#define _GNU_SOURCE
#include "rapport-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

typedef struct
{
  char        *base_url;
  char        *token;
  GMutex       lock;
  /* the names created, each with the monotonic time its 201 came back */
  GPtrArray   *names;
  GArray      *acked_at;
  gint         stop;
  guint        failures;
} Writer;

static gpointer
write_stream (gpointer data)
{
  Writer *w = data;
  /* a session of this thread's own */
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", w->token);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/accounts", w->base_url);

  for (guint i = 0; !g_atomic_int_get (&w->stop); i++)
    {
      g_autofree char *name = g_strdup_printf ("Stream-%05u-流", i);
      g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) content = g_bytes_new (body, strlen (body));
      g_autoptr(GBytes) reply = NULL;
      gint64 now;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", content);
      reply = soup_session_send_and_read (session, msg, NULL, NULL);
      now = g_get_monotonic_time ();
      g_mutex_lock (&w->lock);
      if (reply != NULL && soup_message_get_status (msg) == 201)
        {
          g_ptr_array_add (w->names, g_steal_pointer (&name));
          g_array_append_val (w->acked_at, now);
        }
      else
        w->failures++;
      g_mutex_unlock (&w->lock);
    }
  return NULL;
}

static guint
acked_count (Writer *w)
{
  guint n;

  g_mutex_lock (&w->lock);
  n = w->names->len;
  g_mutex_unlock (&w->lock);
  return n;
}

/* waits until the writer has had @n creates acknowledged */
static void
wait_for_acks (Writer *w,
               guint   n)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (acked_count (w) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* an attachment on a new account: its id */
static gint64
attach (RapportTestServer *server,
        GBytes            *content)
{
  gint64 account = rapport_test_create_named (server, "Backed-up account");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/attachments?name=contract.pdf",
                                           account);
  g_autoptr(RapportTestReply) reply = rapport_test_request_full (server, "POST", path, server->admin_token,
                                                                 "application/pdf", content);

  g_assert_cmpuint (reply->status, ==, 201);
  return rapport_test_reply_int (reply, "id");
}

static GBytes *
sample_pdf (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  g_byte_array_append (data, (const guint8 *) "%PDF-1.7\n", 9);
  for (guint i = 0; i < 300 * 1024; i++)
    {
      guint8 b = (guint8) (i * 31 + i / 251);

      g_byte_array_append (data, &b, 1);
    }
  g_byte_array_append (data, (const guint8 *) "\n%%EOF\n", 7);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* a copy of @archive with one byte flipped in its middle */
static char *
damaged_copy (const char *archive)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *copy = g_strconcat (archive, ".damaged", NULL);
  gsize length = 0;

  g_assert_true (g_file_get_contents (archive, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1024);
  contents[length / 2] ^= 0x01;
  g_file_set_contents (copy, contents, length, &error);
  g_assert_no_error (error);
  return copy;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "rm", "-rf", "--", dir, NULL);

  g_assert_no_error (error);
  g_subprocess_wait (rm, NULL, NULL);
}

/* the names acknowledged before @moment */
static GPtrArray *
acked_before (Writer *w,
              gint64  moment)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&w->lock);
  for (guint i = 0; i < w->names->len; i++)
    if (g_array_index (w->acked_at, gint64, i) < moment)
      g_ptr_array_add (names, g_strdup (w->names->pdata[i]));
  g_mutex_unlock (&w->lock);
  return names;
}

static guint
present (RapportTestServer *server,
         GPtrArray         *names)
{
  g_autoptr(GString) sql = g_string_new ("SELECT COUNT(DISTINCT name) FROM accounts WHERE name IN (");

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (sql, "%s'%s'", i ? "," : "", (const char *) names->pdata[i]);
  g_string_append (sql, ")");
  return rapport_test_sql_int (server, "%s", sql->str);
}

/* the archive is encrypted: no account name in it is readable */
static void
assert_sealed (const char *archive,
               GPtrArray  *names)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (archive, &contents, &length, NULL));
  for (guint i = 0; i < names->len; i++)
    g_assert_null (memmem (contents, length, names->pdata[i], strlen (names->pdata[i])));
  g_assert_null (memmem (contents, length, "Backed-up account", strlen ("Backed-up account")));
}

/* the backup is made while the stream goes on, and is verified */
static char *
back_up_under_load (RapportTestServer  *server,
                    const char         *work,
                    const char         *key,
                    GPtrArray         **before)
{
  Writer w = { server->base_url, server->admin_token };
  g_autofree char *output = NULL;
  char *archive = g_build_filename (work, "rapport.backup", NULL);
  GThread *thread;
  gint64 began, ended;
  guint during;

  g_mutex_init (&w.lock);
  w.names = g_ptr_array_new_with_free_func (g_free);
  w.acked_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  thread = g_thread_new ("writer", write_stream, &w);
  wait_for_acks (&w, 20);

  began = g_get_monotonic_time ();
  g_assert_cmpint (rapport_test_server_admin (server, &output, "backup", "--out", archive, "--key-file", key, NULL), ==, 0);
  ended = g_get_monotonic_time ();
  g_test_message ("%s(%.1f s under load)", output, (ended - began) / 1e6);
  *before = acked_before (&w, began);
  during = acked_count (&w) - (*before)->len;
  /* the writes went on while the backup ran: it was online */
  wait_for_acks (&w, acked_count (&w) + 5);
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);
  g_test_message ("%u creates acknowledged before the backup began, %u during it; %u failed",
                  (*before)->len, during, w.failures);
  g_assert_cmpuint (during, >, 0);
  g_assert_cmpuint (w.failures, ==, 0);
  g_ptr_array_unref (w.names);
  g_array_unref (w.acked_at);
  g_mutex_clear (&w.lock);
  return archive;
}

static void
test_backup_restore (void)
{
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("rapport-backup-XXXXXX", &error);
  g_autofree char *key = g_build_filename (work, "backup.key", NULL);
  g_autofree char *restored = g_build_filename (work, "restored", NULL);
  g_autofree char *old_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *download = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GBytes) pdf = sample_pdf ();
  g_autoptr(RapportTestReply) got = NULL;
  gint64 attachment, started;

  g_assert_no_error (error);
  attachment = attach (server, pdf);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "backup-key", "new", "--out", key, NULL), ==, 0);
  archive = back_up_under_load (server, work, key, &before);
  assert_sealed (archive, before);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, NULL));

  /* intact, and one flipped byte is found */
  g_assert_cmpint (rapport_test_server_admin (server, &output, "backup", "verify", archive, "--key-file", key, NULL), ==, 0);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "intact"));
  damaged = damaged_copy (archive);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "backup", "verify", damaged, "--key-file", key, NULL), ==, 1);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "BROKEN"));

  /* restored into a new directory, never over one in use */
  g_assert_cmpint (rapport_test_server_admin (server, &output, "restore", "--from", archive, "--data-dir", server->data_dir,
                                              "--key-file", key, NULL), ==, 1);
  started = g_get_monotonic_time ();
  g_assert_cmpint (rapport_test_server_admin (server, &output, "restore", "--from", archive, "--data-dir", restored,
                                              "--key-file", key, NULL), ==, 0);
  g_test_message ("%s(%.1f s)", output, (g_get_monotonic_time () - started) / 1e6);

  /* rapportd starts on it */
  old_dir = server->data_dir;
  server->data_dir = g_strdup (restored);
  g_free (server->config_path);
  server->config_path = g_build_filename (restored, "rapportd.conf", NULL);
  g_file_set_contents (server->config_path, "[server]\n", -1, &error);
  g_assert_no_error (error);
  rapport_test_server_restart (server);
  g_free (server->admin_token);
  server->admin_token = rapport_test_login (server, "admin", server->admin_password);
  g_assert_nonnull (server->admin_token);

  g_assert_cmpuint (present (server, before), ==, before->len);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "intact"));
  download = g_strdup_printf ("/api/v1/attachments/%" G_GINT64_FORMAT, attachment);
  got = rapport_test_request (server, "GET", download, server->admin_token, NULL);
  g_assert_cmpuint (got->status, ==, 200);
  g_assert_true (g_bytes_equal (got->bytes, pdf));

  rapport_test_server_stop (server);
  remove_dir (old_dir);
  remove_dir (work);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup-restore/online-backup-restores", test_backup_restore);
  return g_test_run ();
}
