/* test-quotes.c: the catalog, quotes with exact money, numbering, the quote's life and its issued PDF */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *manager, *sales;
static gint64 account, product;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

static JsonObject *
line_of (RapportTestReply *reply,
         guint             index)
{
  return json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (reply), "lines"), index);
}

static char *
sql_value (const char *query)
{
  return g_strchomp (rapport_test_server_sql (server, query));
}

static void
test_products (void)
{
  g_autoptr(RapportTestReply) created = NULL;
  g_autoptr(RapportTestReply) duplicate = NULL;
  g_autoptr(RapportTestReply) refused = NULL;
  g_autoptr(RapportTestReply) other_spec = NULL;

  created = call (manager, "POST", "/api/v1/products",
                  "{\"code\":\"ECG-100\",\"name\":\"心电监护仪\",\"specification\":\"12 导联\",\"unit\":\"台\","
                  "\"list_price\":\"12800.0000\",\"currency\":\"CNY\",\"tax_rate\":\"13\",\"category\":\"Monitoring\"}");
  g_assert_cmpuint (created->status, ==, 201);
  product = rapport_test_reply_int (created, "id");
  g_assert_cmpstr (rapport_test_reply_string (created, "list_price"), ==, "12800.0000");

  /* the same name and specification is one product, whatever the code */
  duplicate = call (manager, "POST", "/api/v1/products",
                    "{\"code\":\"ECG-101\",\"name\":\"心电监护仪\",\"specification\":\"12 导联\",\"currency\":\"CNY\"}");
  g_assert_cmpuint (duplicate->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_field (duplicate), ==, "specification");
  other_spec = call (manager, "POST", "/api/v1/products",
                     "{\"code\":\"ECG-101\",\"name\":\"心电监护仪\",\"specification\":\"3 导联\",\"currency\":\"CNY\"}");
  g_assert_cmpuint (other_spec->status, ==, 201);

  /* sales people read the catalog; those who set prices keep it */
  refused = call (sales, "POST", "/api/v1/products", "{\"code\":\"X-1\",\"name\":\"X\",\"currency\":\"CNY\"}");
  g_assert_cmpuint (refused->status, ==, 403);
  {
    g_autoptr(RapportTestReply) listed = call (sales, "GET", "/api/v1/products?q=监护", NULL);

    g_assert_cmpuint (listed->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (listed), "items")), ==, 2);
  }
}

static char *
quote_body (const char *extra)
{
  return g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"USD\",\"exchange_rate\":\"7.1234\","
                          "\"pricing\":\"exclusive\",\"header_discount\":\"5\",%s"
                          "\"lines\":[{\"product_id\":%" G_GINT64_FORMAT ",\"description\":\"ECG monitor\","
                          "\"quantity\":\"3\",\"unit_price\":\"1999.9900\",\"discount\":\"10\",\"tax_rate\":\"13\"},"
                          "{\"description\":\"Installation\",\"quantity\":\"1.5\",\"unit_price\":\"333.3333\",\"tax_rate\":\"6\"}]}",
                          account, extra ? extra : "", product);
}

static gint64
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

/* quantity × price × (1 − d) × (1 − header d), rounded once; tax on the rounded net */
static void
test_create_exact (void)
{
  g_autofree char *body = quote_body (NULL);
  g_autoptr(RapportTestReply) reply = call (sales, "POST", "/api/v1/quotes", body);
  g_autofree char *number = g_strdup_printf ("Q-%" G_GINT64_FORMAT "-00001", current_year ());

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (reply, "number"), ==, number);
  g_assert_cmpstr (rapport_test_reply_string (reply, "status"), ==, "draft");
  /* 3 × 1999.99 × 0.9 × 0.95 = 5129.97435 → 5129.97; tax 13 % = 666.8961 → 666.90 */
  g_assert_cmpstr (json_object_get_string_member (line_of (reply, 0), "net"), ==, "5129.97");
  g_assert_cmpstr (json_object_get_string_member (line_of (reply, 0), "tax"), ==, "666.90");
  /* 1.5 × 333.3333 × 0.95 = 474.9999525 → 475.00; tax 6 % = 28.50 */
  g_assert_cmpstr (json_object_get_string_member (line_of (reply, 1), "net"), ==, "475.00");
  g_assert_cmpstr (json_object_get_string_member (line_of (reply, 1), "tax"), ==, "28.50");
  g_assert_cmpstr (rapport_test_reply_string (reply, "net_total"), ==, "5604.97");
  g_assert_cmpstr (rapport_test_reply_string (reply, "tax_total"), ==, "695.40");
  g_assert_cmpstr (rapport_test_reply_string (reply, "total"), ==, "6300.37");
  /* 6300.37 × 7.1234 = 44880.055658 → 44880.06 */
  g_assert_cmpstr (rapport_test_reply_string (reply, "total_base"), ==, "44880.06");
  g_assert_cmpstr (rapport_test_reply_string (reply, "max_line_discount"), ==, "10.0000");
}

static void
test_bad_input_changes_nothing (void)
{
  g_autofree char *count_before = sql_value ("SELECT COUNT(*) FROM quotes");
  g_autofree char *floats = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\","
                                             "\"lines\":[{\"quantity\":1,\"unit_price\":2.5}]}", account);
  g_autofree char *discount = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\","
                                               "\"lines\":[{\"quantity\":\"1\",\"unit_price\":\"2\"},"
                                               "{\"quantity\":\"1\",\"unit_price\":\"2\",\"discount\":\"101\"}]}", account);
  g_autoptr(RapportTestReply) float_reply = call (sales, "POST", "/api/v1/quotes", floats);
  g_autoptr(RapportTestReply) discount_reply = call (sales, "POST", "/api/v1/quotes", discount);
  g_autoptr(RapportTestReply) unknown = call (sales, "POST", "/api/v1/quotes", "{\"currency\":\"CNY\",\"lines\":[{\"colour\":\"red\"}]}");
  g_autofree char *count_after = sql_value ("SELECT COUNT(*) FROM quotes");

  /* money travels as decimal strings, never JSON numbers */
  g_assert_cmpuint (float_reply->status, ==, 422);
  g_assert_cmpuint (discount_reply->status, ==, 422);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (discount_reply), "error"), "message"), "Line 2"));
  g_assert_cmpuint (unknown->status, ==, 422);
  g_assert_cmpstr (count_before, ==, count_after);
}

static RapportTestReply *
post_quote (const char *currency_and_rate)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",%s"
                                           "\"lines\":[{\"description\":\"ECG monitor\",\"quantity\":\"2\","
                                           "\"unit_price\":\"1000\",\"tax_rate\":\"13\"}]}",
                                           account, currency_and_rate);

  return call (sales, "POST", "/api/v1/quotes", body);
}

/* Currencies are ISO 4217 codes; one other than the base (CNY here) is
 * priced only at an explicit rate, which total_base, and so every approval
 * threshold, is computed with; the base currency's rate is 1. */
static void
test_currency (void)
{
  static const struct { const char *json; const char *field; } refused[] = {
    { "\"currency\":\"USD\",", "exchange_rate" },
    { "\"currency\":\"USD\",\"exchange_rate\":null,", "exchange_rate" },
    { "\"currency\":\"USD\",\"exchange_rate\":\"0\",", "exchange_rate" },
    { "\"currency\":\"USD\",\"exchange_rate\":\"-7\",", "exchange_rate" },
    { "\"currency\":\"CNY\",\"exchange_rate\":\"7.1\",", "exchange_rate" },
    { "\"currency\":\"ZZZ\",\"exchange_rate\":\"7.1\",", "currency" },
    { "\"currency\":\"ZZZ\",", "currency" },
    { "\"currency\":\"usd\",\"exchange_rate\":\"7.1\",", "currency" },
    { "\"currency\":\"XXX\",\"exchange_rate\":\"7.1\",", "currency" },
  };
  g_autofree char *count_before = sql_value ("SELECT COUNT(*) FROM quotes");
  g_autofree char *count_after = NULL;
  g_autoptr(RapportTestReply) base = NULL;
  g_autoptr(RapportTestReply) base_at_1 = NULL;
  g_autoptr(RapportTestReply) euro = NULL;
  g_autoptr(RapportTestReply) no_rate = NULL;
  g_autoptr(RapportTestReply) to_dollar = NULL;
  g_autoptr(RapportTestReply) product = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(RapportTestReply) reply = post_quote (refused[i].json);

      g_test_message ("%s", refused[i].json);
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "validation");
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, refused[i].field);
    }
  count_after = sql_value ("SELECT COUNT(*) FROM quotes");
  g_assert_cmpstr (count_before, ==, count_after);

  base = post_quote ("\"currency\":\"CNY\",");
  base_at_1 = post_quote ("\"currency\":\"CNY\",\"exchange_rate\":\"1\",");
  euro = post_quote ("\"currency\":\"EUR\",\"exchange_rate\":\"7.8\",");
  /* 2 × 1000 + 13 % = 2260.00 */
  g_assert_cmpuint (base->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (base, "total_base"), ==, "2260.00");
  g_assert_cmpuint (base_at_1->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (base_at_1, "total_base"), ==, "2260.00");
  /* 2260.00 × 7.8 = 17628.00 */
  g_assert_cmpuint (euro->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (euro, "total"), ==, "2260.00");
  g_assert_cmpstr (rapport_test_reply_string (euro, "total_base"), ==, "17628.00");

  /* a change of currency needs the rate as well */
  path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, rapport_test_reply_int (base, "id"));
  no_rate = call (sales, "PATCH", path, "{\"version\":1,\"currency\":\"USD\"}");
  g_assert_cmpuint (no_rate->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_rate), ==, "exchange_rate");
  to_dollar = call (sales, "PATCH", path, "{\"version\":1,\"currency\":\"USD\",\"exchange_rate\":\"7.1\"}");
  g_assert_cmpuint (to_dollar->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (to_dollar, "total_base"), ==, "16046.00");

  /* the catalog's prices are in ISO 4217 currencies too */
  product = call (manager, "POST", "/api/v1/products", "{\"code\":\"ZZ-1\",\"name\":\"Z\",\"currency\":\"ZZZ\"}");
  g_assert_cmpuint (product->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (product), ==, "currency");
}

/* at most CRM_DOCUMENT_MAX_LINES (1,000) lines on a document */
static void
test_max_lines (void)
{
  g_autofree char *count_before = sql_value ("SELECT COUNT(*) FROM quotes");
  g_autofree char *count_after = NULL;
  static const struct { guint n_lines; guint status; } cases[] = {
    { 10000, 422 },
    { 1001, 422 },
    { 1000, 201 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autoptr(RapportTestReply) reply = NULL;

      g_string_append_printf (body, "{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":[", account);
      for (guint i = 0; i < cases[c].n_lines; i++)
        g_string_append_printf (body, "%s{\"description\":\"Line %u\",\"quantity\":\"1\",\"unit_price\":\"1\"}",
                                i > 0 ? "," : "", i + 1);
      g_string_append (body, "]}");
      reply = call (sales, "POST", "/api/v1/quotes", body->str);
      g_test_message ("%u lines: %u", cases[c].n_lines, reply->status);
      g_assert_cmpuint (reply->status, ==, cases[c].status);
      if (cases[c].status == 422)
        g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "lines");
      else
        {
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "lines")), ==, 1000);
          g_assert_cmpstr (rapport_test_reply_string (reply, "total"), ==, "1000.00");
        }
    }
  count_after = sql_value ("SELECT COUNT(*) FROM quotes");
  g_assert_cmpint (g_ascii_strtoll (count_after, NULL, 10), ==, g_ascii_strtoll (count_before, NULL, 10) + 1);
}

static gint64
create_quote (const char *token)
{
  g_autofree char *body = quote_body (NULL);
  g_autoptr(RapportTestReply) reply = call (token, "POST", "/api/v1/quotes", body);

  g_assert_cmpuint (reply->status, ==, 201);
  return rapport_test_reply_int (reply, "id");
}

static RapportTestReply *
step (gint64      id,
      const char *verb)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/%s", id, verb);

  return call (sales, "POST", path, NULL);
}

/* the PDF reads as the quote: number, customer, total */
static void
assert_pdf_text (GBytes     *pdf,
                 const char *number)
{
  g_autofree char *path = g_build_filename (server->data_dir, "quote.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "pdftotext", "-layout", path, "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "上海华东医疗器械有限公司"));
  g_assert_nonnull (strstr (text, "214.70"));
  /* the code column shows the product's code */
  g_assert_nonnull (strstr (text, "ECG-100"));
}

static void
test_life (void)
{
  gint64 id = create_quote (sales);
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, id);
  g_autofree char *pdf_path = g_strdup_printf ("%s/pdf", path);
  g_autofree char *last_price = g_strdup_printf ("/api/v1/products/%" G_GINT64_FORMAT "/last-price?account_id=%" G_GINT64_FORMAT,
                                                 product, account);
  g_autoptr(RapportTestReply) patched = NULL;
  g_autoptr(RapportTestReply) locked = NULL;
  g_autoptr(RapportTestReply) early = NULL;
  g_autoptr(RapportTestReply) sent = NULL;
  g_autoptr(RapportTestReply) pdf = NULL;
  g_autoptr(RapportTestReply) pdf_again = NULL;
  g_autoptr(RapportTestReply) price = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *prints = NULL;

  /* in draft, lines are replaced and the totals follow */
  g_autofree char *patch = g_strdup_printf ("{\"version\":1,\"lines\":[{\"product_id\":%" G_GINT64_FORMAT ","
                                            "\"quantity\":\"2\",\"unit_price\":\"100\",\"tax_rate\":\"13\"}]}", product);

  patched = call (sales, "PATCH", path, patch);
  g_assert_cmpuint (patched->status, ==, 200);
  /* 2 × 100 × 0.95 = 190.00; tax 24.70 */
  g_assert_cmpstr (rapport_test_reply_string (patched, "total"), ==, "214.70");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (patched), "lines")), ==, 1);

  early = step (id, "send");
  g_assert_cmpuint (early->status, ==, 409);
  g_clear_pointer (&early, rapport_test_reply_free);
  early = step (id, "submit");
  g_assert_cmpstr (rapport_test_reply_string (early, "status"), ==, "approved");

  /* approved, the quote is what was approved */
  locked = call (sales, "PATCH", path, "{\"version\":3,\"title\":\"changed\"}");
  g_assert_cmpuint (locked->status, ==, 423);

  sent = step (id, "send");
  g_assert_cmpuint (sent->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (sent, "status"), ==, "sent");
  g_assert_cmpuint (strlen (rapport_test_reply_string (sent, "issued_sha256")), ==, 64);

  pdf = call (sales, "GET", pdf_path, NULL);
  g_assert_cmpuint (pdf->status, ==, 200);
  g_assert_true (g_str_has_prefix (pdf->body, "%PDF-"));
  /* what is served again is what was issued, byte for byte, and each read is audited */
  pdf_again = call (sales, "GET", pdf_path, NULL);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf_again->bytes);
  g_assert_cmpstr (sha, ==, rapport_test_reply_string (sent, "issued_sha256"));
  g_assert_true (g_bytes_equal (pdf->bytes, pdf_again->bytes));
  prints = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE action = 'print' AND entity_id = %" G_GINT64_FORMAT, id);
  g_free (sha);
  sha = sql_value (prints);
  g_assert_cmpstr (sha, ==, "2");
  /* a print made on a client is audited the same way */
  {
    g_autofree char *printed = g_strdup_printf ("%s/printed", path);
    g_autoptr(RapportTestReply) told = call (sales, "POST", printed, "{\"copies\":2,\"pages\":1}");

    g_assert_cmpuint (told->status, ==, 200);
    g_free (sha);
    sha = sql_value (prints);
    g_assert_cmpstr (sha, ==, "3");
  }
  assert_pdf_text (pdf->bytes, rapport_test_reply_string (sent, "number"));

  g_clear_pointer (&early, rapport_test_reply_free);
  early = step (id, "accept");
  g_assert_cmpstr (rapport_test_reply_string (early, "status"), ==, "accepted");
  price = call (sales, "GET", last_price, NULL);
  g_assert_cmpuint (price->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (price, "unit_price"), ==, "100.0000");
}

static char *pdf_text (GBytes *pdf);

static void
test_revise_and_copy (void)
{
  gint64 id = create_quote (sales);
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) revised = NULL;
  g_autoptr(RapportTestReply) old = NULL;
  g_autoptr(RapportTestReply) copy = NULL;
  g_autoptr(RapportTestReply) again = NULL;

  g_clear_pointer (&revised, rapport_test_reply_free);
  revised = step (id, "revise");
  g_assert_cmpuint (revised->status, ==, 409);
  rapport_test_reply_free (step (id, "submit"));
  rapport_test_reply_free (step (id, "send"));
  /* a sent quote is not changed: it is revised */
  {
    g_autoptr(RapportTestReply) sent = call (sales, "GET", path, NULL);
    g_autofree char *patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"terms\":\"changed after sending\"}",
                                              rapport_test_reply_int (sent, "version"));
    g_autoptr(RapportTestReply) refused = call (sales, "PATCH", path, patch);

    g_assert_cmpuint (refused->status, ==, 423);
  }
  g_clear_pointer (&revised, rapport_test_reply_free);
  revised = step (id, "revise");
  g_assert_cmpuint (revised->status, ==, 201);
  old = call (sales, "GET", path, NULL);
  g_assert_cmpstr (rapport_test_reply_string (old, "status"), ==, "superseded");
  g_assert_cmpstr (rapport_test_reply_string (revised, "number"), ==, rapport_test_reply_string (old, "number"));
  g_assert_cmpint (rapport_test_reply_int (revised, "revision"), ==, 2);
  g_assert_cmpint (rapport_test_reply_int (revised, "supersedes_id"), ==, id);
  g_assert_cmpstr (rapport_test_reply_string (revised, "status"), ==, "draft");
  g_assert_cmpstr (rapport_test_reply_string (revised, "total"), ==, rapport_test_reply_string (old, "total"));
  /* the superseded one stays as it was issued, and is not sent again */
  again = step (id, "send");
  g_assert_cmpuint (again->status, ==, 409);
  {
    g_autofree char *pdf_path = g_strdup_printf ("%s/pdf", path);
    g_autofree char *archived_path = g_strdup_printf ("%s/pdf?archived=true", path);
    g_autoptr(RapportTestReply) reprint = call (sales, "GET", pdf_path, NULL);
    g_autoptr(RapportTestReply) archived = call (sales, "GET", archived_path, NULL);
    g_autofree char *reprint_text = pdf_text (reprint->bytes);
    g_autofree char *archived_text = pdf_text (archived->bytes);
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, archived->bytes);

    /* a reprint of the old revision says so; the archived original is unchanged */
    g_assert_nonnull (strstr (reprint_text, "重印件"));
    g_assert_null (strstr (archived_text, "重印件"));
    g_assert_cmpstr (sha, ==, rapport_test_reply_string (old, "issued_sha256"));
  }

  copy = step (id, "copy");
  g_assert_cmpuint (copy->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (copy, "number"), !=, rapport_test_reply_string (old, "number"));
  g_assert_cmpint (rapport_test_reply_int (copy, "revision"), ==, 1);
  g_assert_cmpstr (rapport_test_reply_string (copy, "status"), ==, "draft");
}

static char *
pdf_text (GBytes *pdf)
{
  g_autofree char *path = g_build_filename (server->data_dir, "template.pdf", NULL);
  g_autoptr(GSubprocess) process = NULL;
  char *text = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, "pdftotext", path, "-", NULL);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &text, NULL, NULL));
  return text;
}

/* administrators keep print templates; a document names one, and the issue records which version */
static void
test_templates (void)
{
  const char *content = "{\\\"version\\\":1,\\\"language\\\":\\\"en\\\",\\\"company\\\":{\\\"name\\\":\\\"Acme Medical Ltd\\\"},"
                        "\\\"columns\\\":[\\\"description\\\",\\\"quantity\\\",\\\"unit_price\\\",\\\"net\\\"]}";
  g_autofree char *body = g_strdup_printf ("{\"name\":\"english\",\"content\":\"%s\"}", content);
  g_autoptr(RapportTestReply) by_sales = call (sales, "POST", "/api/v1/templates", body);
  g_autoptr(RapportTestReply) bad = call (server->admin_token, "POST", "/api/v1/templates",
                                          "{\"name\":\"broken\",\"content\":\"{\\\"version\\\":1}\"}");
  g_autoptr(RapportTestReply) stored = call (server->admin_token, "POST", "/api/v1/templates", body);
  g_autofree char *quote = quote_body ("\"template\":\"english\",");
  g_autoptr(RapportTestReply) created = call (sales, "POST", "/api/v1/quotes", quote);
  gint64 id = rapport_test_reply_int (created, "id");
  g_autoptr(RapportTestReply) sent = NULL;
  g_autoptr(RapportTestReply) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *query = g_strdup_printf ("SELECT CONCAT(template_name, ' ', template_version) FROM issued_documents "
                                            "WHERE entity = 'quote' AND record_id = %" G_GINT64_FORMAT, id);
  g_autofree char *pdf_path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/pdf", id);

  g_assert_cmpuint (by_sales->status, ==, 403);
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "content");
  g_assert_cmpuint (stored->status, ==, 201);
  rapport_test_reply_free (step (id, "submit"));
  sent = step (id, "send");
  g_assert_cmpuint (sent->status, ==, 200);
  pdf = call (sales, "GET", pdf_path, NULL);
  text = pdf_text (pdf->bytes);
  g_assert_nonnull (strstr (text, "Acme Medical Ltd"));
  g_assert_nonnull (strstr (text, "Quote"));
  recorded = sql_value (query);
  g_assert_cmpstr (recorded, ==, "english 1");
}

/* a sent quote past its valid-until date expires when the periodic jobs run */
static void
test_expiry (void)
{
  g_autofree char *body = quote_body ("\"valid_until\":\"2027-01-31\",");
  g_autoptr(RapportTestReply) created = call (sales, "POST", "/api/v1/quotes", body);
  gint64 id = rapport_test_reply_int (created, "id");
  g_autoptr(RapportTestReply) early = NULL;
  g_autoptr(RapportTestReply) late = NULL;
  g_autoptr(RapportTestReply) by_sales = NULL;
  g_autoptr(RapportTestReply) expired = NULL;
  g_autoptr(RapportTestReply) revised = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, id);

  rapport_test_reply_free (step (id, "submit"));
  rapport_test_reply_free (step (id, "send"));
  early = call (server->admin_token, "POST", "/api/v1/jobs/run?now=2027-01-31T12:00:00Z", NULL);
  g_assert_cmpuint (early->status, ==, 200);
  expired = call (sales, "GET", path, NULL);
  g_assert_cmpstr (rapport_test_reply_string (expired, "status"), ==, "sent");
  by_sales = call (sales, "POST", "/api/v1/jobs/run", NULL);
  g_assert_cmpuint (by_sales->status, ==, 403);
  late = call (server->admin_token, "POST", "/api/v1/jobs/run?now=2027-02-01T12:00:00Z", NULL);
  g_assert_cmpint (rapport_test_reply_int (late, "expired"), >=, 1);
  g_clear_pointer (&expired, rapport_test_reply_free);
  expired = call (sales, "GET", path, NULL);
  g_assert_cmpstr (rapport_test_reply_string (expired, "status"), ==, "expired");
  /* an expired quote is revised into a new draft */
  revised = step (id, "revise");
  g_assert_cmpuint (revised->status, ==, 201);
}

/* eight creators at once: distinct numbers, and no gaps */
static void
test_concurrent_numbers (void)
{
  g_autofree char *body = quote_body (NULL);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/quotes", server->base_url);
  g_autofree char *header = g_strdup_printf ("Authorization: Bearer %s", sales);
  g_autofree char *before = sql_value ("SELECT last FROM document_sequences WHERE prefix = 'Q'");
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *numbers = NULL;
  g_auto(GStrv) rows = NULL;
  gint64 first = g_ascii_strtoll (before, NULL, 10) + 1;

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(GError) error = NULL;
      GSubprocess *curl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "curl", "-sk", "-o", "/dev/null",
                                            "-H", header, "-H", "Content-Type: application/json",
                                            "--data-binary", body, url, NULL);

      g_assert_no_error (error);
      g_ptr_array_add (processes, curl);
    }
  for (guint i = 0; i < processes->len; i++)
    g_assert_true (g_subprocess_wait_check (processes->pdata[i], NULL, NULL));

  numbers = sql_value ("SELECT number FROM quotes WHERE revision = 1 ORDER BY number");
  rows = g_strsplit (numbers, "\n", -1);
  for (gint64 n = first; n < first + 8; n++)
    {
      g_autofree char *expected = g_strdup_printf ("Q-%" G_GINT64_FORMAT "-%05" G_GINT64_FORMAT, current_year (), n);

      g_assert_true (g_strv_contains ((const char * const *) rows, expected));
    }
  /* every number from 1 to the last is taken exactly once */
  g_assert_cmpuint (g_strv_length (rows), ==, first + 7);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "quote-manager", "manager");
  sales = rapport_test_server_add_user (server, "quote-sales", "sales");
  account = rapport_test_create (server, sales, "accounts",
                                 "{\"name\":\"上海华东医疗器械有限公司\",\"address\":\"上海市浦东新区张江路 100 号\",\"tax_id\":\"91310000MA1K000000\"}");

  g_test_add_func ("/quotes/products", test_products);
  g_test_add_func ("/quotes/create-exact", test_create_exact);
  g_test_add_func ("/quotes/bad-input-changes-nothing", test_bad_input_changes_nothing);
  g_test_add_func ("/quotes/currency", test_currency);
  g_test_add_func ("/quotes/max-lines", test_max_lines);
  g_test_add_func ("/quotes/life", test_life);
  g_test_add_func ("/quotes/revise-and-copy", test_revise_and_copy);
  g_test_add_func ("/quotes/templates", test_templates);
  g_test_add_func ("/quotes/expiry", test_expiry);
  g_test_add_func ("/quotes/concurrent-numbers", test_concurrent_numbers);
  status = g_test_run ();
  g_free (manager);
  g_free (sales);
  rapport_test_server_stop (server);
  return status;
}
