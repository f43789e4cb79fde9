/* test-orders.c: from quote to order to contract; invoices, payments, prepayments, balances and aging */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *sales;
static gint64 account, other_account, order, product;

static RapportTestReply *
call (const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, sales, body);
}

static RapportTestReply *
post_verb (const char *collection,
           gint64      id,
           const char *verb)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/%s", collection, id, verb);

  return call ("POST", path, NULL);
}

static gint64
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

static gint64
new_quote (void)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"terms\":\"货到付款\","
                                           "\"lines\":[{\"product_id\":%" G_GINT64_FORMAT ",\"description\":\"输液泵\",\"quantity\":\"2\",\"unit_price\":\"1000\",\"tax_rate\":\"13\"}]}",
                                           account, product);
  g_autoptr(RapportTestReply) reply = call ("POST", "/api/v1/quotes", body);

  g_assert_cmpuint (reply->status, ==, 201);
  return rapport_test_reply_int (reply, "id");
}

static void
test_quote_to_order (void)
{
  gint64 draft = new_quote ();
  gint64 approved = new_quote ();
  g_autoptr(RapportTestReply) too_early = post_verb ("quotes", draft, "order");
  g_autoptr(RapportTestReply) created = NULL;
  g_autoptr(RapportTestReply) twice = NULL;
  g_autoptr(RapportTestReply) confirmed = NULL;
  g_autoptr(RapportTestReply) locked = NULL;
  g_autoptr(RapportTestReply) pdf = NULL;
  g_autofree char *number = g_strdup_printf ("SO-%" G_GINT64_FORMAT "-00001", current_year ());
  g_autofree char *path = NULL;
  JsonArray *lines;

  g_assert_cmpuint (too_early->status, ==, 409);
  rapport_test_reply_free (post_verb ("quotes", approved, "submit"));
  created = post_verb ("quotes", approved, "order");
  g_assert_cmpuint (created->status, ==, 201);
  order = rapport_test_reply_int (created, "id");
  g_assert_cmpstr (rapport_test_reply_string (created, "number"), ==, number);
  g_assert_cmpint (rapport_test_reply_int (created, "quote_id"), ==, approved);
  g_assert_cmpstr (rapport_test_reply_string (created, "status"), ==, "draft");
  g_assert_cmpstr (rapport_test_reply_string (created, "total"), ==, "2260.00");
  g_assert_cmpstr (rapport_test_reply_string (created, "terms"), ==, "货到付款");
  lines = json_object_get_array_member (rapport_test_reply_object (created), "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 1);
  /* unit price and the price with tax side by side */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0), "unit_price"), ==, "1000.0000");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0), "unit_price_gross"), ==, "1130.0000");

  /* one order per quote */
  twice = post_verb ("quotes", approved, "order");
  g_assert_cmpuint (twice->status, ==, 409);

  confirmed = post_verb ("orders", order, "confirm");
  g_assert_cmpuint (confirmed->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (confirmed, "status"), ==, "confirmed");
  g_assert_cmpuint (strlen (rapport_test_reply_string (confirmed, "issued_sha256")), ==, 64);
  /* what the account bought at, from its confirmed order */
  {
    g_autofree char *last = g_strdup_printf ("/api/v1/products/%" G_GINT64_FORMAT "/last-price?account_id=%" G_GINT64_FORMAT,
                                             product, account);
    g_autoptr(RapportTestReply) price = call ("GET", last, NULL);

    g_assert_cmpstr (rapport_test_reply_string (price, "unit_price"), ==, "1000.0000");
    g_assert_cmpstr (rapport_test_reply_string (price, "entity"), ==, "order");
    g_assert_cmpstr (rapport_test_reply_string (price, "number"), ==, number);
  }
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, order);
  locked = call ("PATCH", path, "{\"version\":3,\"title\":\"late change\"}");
  g_assert_cmpuint (locked->status, ==, 423);
  g_free (path);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/pdf", order);
  pdf = call ("GET", path, NULL);
  g_assert_cmpuint (pdf->status, ==, 200);
  {
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf->bytes);

    g_assert_cmpstr (sha, ==, rapport_test_reply_string (confirmed, "issued_sha256"));
  }
}

static RapportTestReply *
pay (const char *order_part,
     const char *amount,
     const char *currency,
     const char *rate)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",%s\"received_on\":\"2026-11-01\","
                                           "\"amount\":\"%s\",\"currency\":\"%s\"%s%s%s,\"method\":\"bank_transfer\"}",
                                           account, order_part, amount, currency,
                                           rate ? ",\"exchange_rate\":\"" : "", rate ? rate : "", rate ? "\"" : "");

  return call ("POST", "/api/v1/payments", body);
}

static const char *
member (RapportTestReply *reply,
        const char       *path_a,
        const char       *path_b)
{
  JsonObject *object = rapport_test_reply_object (reply);

  if (path_b != NULL)
    object = json_object_get_object_member (object, path_a);
  return json_object_get_string_member (object, path_b ? path_b : path_a);
}

static void
test_invoices_payments_balance (void)
{
  g_autofree char *on_order = g_strdup_printf ("\"order_id\":%" G_GINT64_FORMAT ",", order);
  g_autofree char *inv1 = g_strdup_printf ("{\"number\":\"INV-0001\",\"order_id\":%" G_GINT64_FORMAT ",\"account_id\":%" G_GINT64_FORMAT
                                           ",\"invoice_date\":\"2026-09-01\",\"due_date\":\"2026-10-01\",\"amount\":\"1000\",\"currency\":\"CNY\"}",
                                           order, account);
  g_autofree char *inv2 = g_strdup_printf ("{\"number\":\"INV-0002\",\"order_id\":%" G_GINT64_FORMAT ",\"account_id\":%" G_GINT64_FORMAT
                                           ",\"invoice_date\":\"2026-10-20\",\"due_date\":\"2026-11-20\",\"amount\":\"1260\",\"currency\":\"CNY\"}",
                                           order, account);
  g_autofree char *wrong = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"order_id\":%" G_GINT64_FORMAT
                                            ",\"received_on\":\"2026-11-01\",\"amount\":\"5\",\"currency\":\"CNY\"}", other_account, order);
  g_autofree char *order_balance = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/balance", order);
  g_autofree char *account_balance = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/balance?as_of=2026-11-27", account);
  g_autoptr(RapportTestReply) i1 = call ("POST", "/api/v1/invoices", inv1);
  g_autoptr(RapportTestReply) i2 = call ("POST", "/api/v1/invoices", inv2);
  g_autoptr(RapportTestReply) prepaid = pay ("", "500", "CNY", NULL);
  g_autoptr(RapportTestReply) paid_cny = pay (on_order, "800", "CNY", NULL);
  g_autoptr(RapportTestReply) paid_usd = pay (on_order, "100", "USD", "7.2");
  g_autoptr(RapportTestReply) zero = pay (on_order, "0", "CNY", NULL);
  g_autoptr(RapportTestReply) mismatch = call ("POST", "/api/v1/payments", wrong);
  g_autoptr(RapportTestReply) balance = NULL;
  g_autoptr(RapportTestReply) aging = NULL;
  g_autoptr(RapportTestReply) allocated = NULL;
  g_autoptr(RapportTestReply) after = NULL;
  g_autoptr(RapportTestReply) aging_after = NULL;
  g_autofree char *allocate_path = NULL;
  g_autofree char *allocate = NULL;

  g_assert_cmpuint (i1->status, ==, 201);
  g_assert_cmpuint (i2->status, ==, 201);
  g_assert_cmpuint (prepaid->status, ==, 201);
  g_assert_true (g_str_has_prefix (rapport_test_reply_string (prepaid, "number"), "R-"));
  g_assert_cmpuint (paid_cny->status, ==, 201);
  g_assert_cmpuint (paid_usd->status, ==, 201);
  /* another currency counts at the rate recorded on the payment */
  g_assert_cmpstr (rapport_test_reply_string (paid_usd, "amount_base"), ==, "720.00");
  g_assert_cmpuint (zero->status, ==, 422);
  g_assert_cmpuint (mismatch->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (mismatch), ==, "order_id");

  /* ordered 2260; paid 800 + 720; invoiced 1000 + 1260 */
  balance = call ("GET", order_balance, NULL);
  g_assert_cmpuint (balance->status, ==, 200);
  g_assert_cmpstr (member (balance, "ordered", NULL), ==, "2260.00");
  g_assert_cmpstr (member (balance, "invoiced", NULL), ==, "2260.00");
  g_assert_cmpstr (member (balance, "paid", NULL), ==, "1520.00");
  g_assert_cmpstr (member (balance, "balance_due", NULL), ==, "740.00");

  /* payments settle INV-0001 first; 740 of INV-0002 is 7 days overdue */
  aging = call ("GET", account_balance, NULL);
  g_assert_cmpuint (aging->status, ==, 200);
  g_assert_cmpstr (member (aging, "balance_due", NULL), ==, "740.00");
  g_assert_cmpstr (member (aging, "prepayments", NULL), ==, "500.00");
  g_assert_cmpstr (member (aging, "overdue", "days_1_30"), ==, "740.00");
  g_assert_cmpstr (member (aging, "overdue", "current"), ==, "0.00");
  g_assert_cmpstr (member (aging, "overdue", "days_over_90"), ==, "0.00");

  /* the prepayment held on the account is allocated to the order */
  allocate_path = g_strdup_printf ("/api/v1/payments/%" G_GINT64_FORMAT, rapport_test_reply_int (prepaid, "id"));
  allocate = g_strdup_printf ("{\"version\":1,\"order_id\":%" G_GINT64_FORMAT "}", order);
  allocated = call ("PATCH", allocate_path, allocate);
  g_assert_cmpuint (allocated->status, ==, 200);
  after = call ("GET", order_balance, NULL);
  g_assert_cmpstr (member (after, "balance_due", NULL), ==, "240.00");
  aging_after = call ("GET", account_balance, NULL);
  g_assert_cmpstr (member (aging_after, "prepayments", NULL), ==, "0.00");
  g_assert_cmpstr (member (aging_after, "overdue", "days_1_30"), ==, "240.00");
}

static void
test_order_to_contract (void)
{
  g_autoptr(RapportTestReply) contract = post_verb ("orders", order, "contract");
  g_autoptr(RapportTestReply) active = NULL;
  g_autoptr(RapportTestReply) ended = NULL;
  g_autofree char *number = g_strdup_printf ("C-%" G_GINT64_FORMAT "-00001", current_year ());
  gint64 id;

  g_assert_cmpuint (contract->status, ==, 201);
  id = rapport_test_reply_int (contract, "id");
  g_assert_cmpstr (rapport_test_reply_string (contract, "number"), ==, number);
  g_assert_cmpint (rapport_test_reply_int (contract, "order_id"), ==, order);
  g_assert_cmpstr (rapport_test_reply_string (contract, "total"), ==, "2260.00");
  active = post_verb ("contracts", id, "activate");
  g_assert_cmpuint (active->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (active, "status"), ==, "active");
  g_assert_nonnull (rapport_test_reply_string (active, "issued_sha256"));
  ended = post_verb ("contracts", id, "terminate");
  g_assert_cmpstr (rapport_test_reply_string (ended, "status"), ==, "terminated");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

/* Amounts in another currency than the base carry their rate, and the
 * approval thresholds (a contract of 1,000,000 or more in the base
 * currency) are compared with the amount converted at it. */
static void
test_foreign_currency (void)
{
  g_autofree char *quote_json = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"USD\",\"exchange_rate\":\"7.2\","
                                                 "\"lines\":[{\"product_id\":%" G_GINT64_FORMAT ",\"description\":\"Ventilator\","
                                                 "\"quantity\":\"10\",\"unit_price\":\"15000\"}]}", account, product);
  g_autofree char *invoice_json = g_strdup_printf ("{\"number\":\"INV-ZZZ\",\"order_id\":%" G_GINT64_FORMAT ",\"account_id\":%" G_GINT64_FORMAT
                                                   ",\"invoice_date\":\"2026-09-01\",\"amount\":\"1\",\"currency\":\"ZZZ\"}",
                                                   order, account);
  g_autoptr(RapportTestReply) no_rate = pay ("", "100", "USD", NULL);
  g_autoptr(RapportTestReply) zero_rate = pay ("", "100", "USD", "0");
  g_autoptr(RapportTestReply) base_rate = pay ("", "100", "CNY", "7.2");
  g_autoptr(RapportTestReply) unknown = pay ("", "100", "ZZZ", "7.2");
  g_autoptr(RapportTestReply) invoice = call ("POST", "/api/v1/invoices", invoice_json);
  g_autoptr(RapportTestReply) quote = call ("POST", "/api/v1/quotes", quote_json);
  g_autoptr(RapportTestReply) order_reply = NULL;
  g_autoptr(RapportTestReply) contract = NULL;
  g_autoptr(RapportTestReply) activated = NULL;
  gint64 quote_id;

  g_assert_cmpuint (no_rate->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_rate), ==, "exchange_rate");
  g_assert_cmpuint (zero_rate->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (zero_rate), ==, "exchange_rate");
  g_assert_cmpuint (base_rate->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (base_rate), ==, "exchange_rate");
  g_assert_cmpuint (unknown->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (unknown), ==, "currency");
  g_assert_cmpuint (invoice->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (invoice), ==, "currency");

  /* 10 × 15,000 USD = 150,000.00 USD = 1,080,000.00 CNY at 7.2 */
  g_assert_cmpuint (quote->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (quote, "total"), ==, "150000.00");
  g_assert_cmpstr (rapport_test_reply_string (quote, "total_base"), ==, "1080000.00");
  quote_id = rapport_test_reply_int (quote, "id");
  rapport_test_reply_free (post_verb ("quotes", quote_id, "submit"));
  order_reply = post_verb ("quotes", quote_id, "order");
  g_assert_cmpuint (order_reply->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (order_reply, "exchange_rate"), ==, "7.20000000");
  g_assert_cmpstr (rapport_test_reply_string (order_reply, "total_base"), ==, "1080000.00");
  rapport_test_reply_free (post_verb ("orders", rapport_test_reply_int (order_reply, "id"), "confirm"));
  contract = post_verb ("orders", rapport_test_reply_int (order_reply, "id"), "contract");
  g_assert_cmpuint (contract->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (contract, "total_base"), ==, "1080000.00");
  /* above the large-contract threshold in the base currency: a director and finance sign first */
  activated = post_verb ("contracts", rapport_test_reply_int (contract, "id"), "activate");
  g_assert_cmpuint (activated->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (activated, "status"), ==, "pending_approval");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  sales = rapport_test_server_add_user (server, "order-sales", "sales");
  account = rapport_test_create (server, sales, "accounts", "{\"name\":\"北京协和医疗器械有限公司\"}");
  other_account = rapport_test_create (server, sales, "accounts", "{\"name\":\"Other Co\"}");
  product = rapport_test_create (server, server->admin_token, "products", "{\"code\":\"INF-1\",\"name\":\"输液泵\",\"currency\":\"CNY\"}");
  /* who countersigns a large contract */
  g_free (rapport_test_server_add_user (server, "order-director", "director"));
  g_free (rapport_test_server_add_user (server, "order-finance", "finance"));

  g_test_add_func ("/orders/quote-to-order", test_quote_to_order);
  g_test_add_func ("/orders/invoices-payments-balance", test_invoices_payments_balance);
  g_test_add_func ("/orders/order-to-contract", test_order_to_contract);
  g_test_add_func ("/orders/foreign-currency", test_foreign_currency);
  status = g_test_run ();
  g_free (sales);
  rapport_test_server_stop (server);
  return status;
}
