/* test-pdf-draft.c: the PDF of a draft says DRAFT / 草稿 across its pages; the PDF that issues a document never does */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *sales;
static gint64 account;

static RapportTestReply *
call (const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, sales, body);
}

static char *
pdf_text (GBytes *pdf)
{
  g_autofree char *path = g_build_filename (server->data_dir, "draft.pdf", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "pdftotext", "-enc", "UTF-8", path, "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return text;
}

/* the text of the PDF GET /collection/id/pdf serves */
static char *
served_text (const char *collection,
             gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/pdf", collection, id);
  g_autoptr(RapportTestReply) pdf = call ("GET", path, NULL);

  g_assert_cmpuint (pdf->status, ==, 200);
  g_assert_true (g_str_has_prefix (pdf->body, "%PDF-"));
  return pdf_text (pdf->bytes);
}

static RapportTestReply *
step (const char *collection,
      gint64      id,
      const char *verb)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/%s", collection, id, verb);
  RapportTestReply *reply = call ("POST", path, "{}");

  g_assert_cmpuint (reply->status, ==, 200);
  return reply;
}

static gint64
create (const char *collection,
        const char *template)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"template\":\"%s\","
                                           "\"title\":\"Ward monitors\",\"lines\":[{\"description\":\"ECG monitor\","
                                           "\"quantity\":\"2\",\"unit_price\":\"1999.9900\",\"discount\":\"5\","
                                           "\"tax_rate\":\"13\"}]}", account, template);

  return rapport_test_create (server, sales, collection, body);
}

/* A quote prints DRAFT while a draft, with its subject and line discount;
 * approved it does not, nor once sent (issued) */
static void
test_quote (void)
{
  gint64 id = create ("quotes", "en");
  g_autofree char *text = served_text ("quotes", id);
  g_autoptr(RapportTestReply) submitted = NULL;
  g_autoptr(RapportTestReply) sent = NULL;

  g_assert_nonnull (strstr (text, "DRAFT"));
  g_assert_nonnull (strstr (text, "Subject: Ward monitors"));
  g_assert_nonnull (strstr (text, "5%"));

  submitted = step ("quotes", id, "submit");
  g_assert_cmpstr (rapport_test_reply_string (submitted, "status"), ==, "approved");
  g_free (text);
  text = served_text ("quotes", id);
  g_assert_null (strstr (text, "DRAFT"));

  sent = step ("quotes", id, "send");
  g_assert_cmpuint (strlen (rapport_test_reply_string (sent, "issued_sha256")), ==, 64);
  g_free (text);
  text = served_text ("quotes", id);
  g_assert_null (strstr (text, "DRAFT"));
  g_assert_nonnull (strstr (text, "Subject: Ward monitors"));
}

/* An order is issued by the step that confirms it from draft: the PDF it
 * archives is no draft */
static void
test_order_issued_from_draft (void)
{
  gint64 id = create ("orders", "zh_CN");
  g_autofree char *text = served_text ("orders", id);
  g_autoptr(RapportTestReply) confirmed = NULL;

  g_assert_nonnull (strstr (text, "草稿"));
  confirmed = step ("orders", id, "confirm");
  g_assert_cmpstr (rapport_test_reply_string (confirmed, "status"), ==, "confirmed");
  g_free (text);
  text = served_text ("orders", id);
  g_assert_null (strstr (text, "草稿"));
  g_assert_nonnull (strstr (text, "主题：Ward monitors"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  sales = rapport_test_server_add_user (server, "draft-sales", "sales");
  account = rapport_test_create (server, sales, "accounts", "{\"name\":\"Draft Test Hospital\"}");

  g_test_add_func ("/pdf-draft/quote", test_quote);
  g_test_add_func ("/pdf-draft/order-issued-from-draft", test_order_issued_from_draft);
  status = g_test_run ();
  g_free (sales);
  rapport_test_server_stop (server);
  return status;
}
