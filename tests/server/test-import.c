/* test-import.c: CSV import of the catalog and of accounts: all rows or none, dry runs, round trips */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *manager;

static RapportTestReply *
import (const char *collection,
        const char *query,
        const char *csv)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/import.csv%s", collection, query ? query : "");
  g_autoptr(GBytes) body = g_bytes_new (csv, strlen (csv));

  return rapport_test_request_full (server, "POST", path, manager, "text/csv", body);
}

static char *
count (const char *table)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);

  return g_strchomp (rapport_test_server_sql (server, query));
}

static void
test_products (void)
{
  const char *csv = "\xEF\xBB\xBF" "code,name,specification,unit,list_price,currency,tax_rate,category,active,description\r\n"
                    "P-1,心电监护仪,\"12 导联, 彩屏\",台,12800.00,CNY,13,Monitoring,true,\r\n"
                    "P-2,Infusion pump,Model B,pc,999.5,CNY,13,Infusion,yes,\"With stand,\nand \"\"quick\"\" clamp\"\r\n";
  g_autoptr(RapportTestReply) dry = import ("products", "?dry_run=true", csv);
  g_autofree char *after_dry = count ("products");
  g_autoptr(RapportTestReply) done = import ("products", NULL, csv);
  g_autoptr(RapportTestReply) listed = rapport_test_request (server, "GET", "/api/v1/products?q=P-1", manager, NULL);
  JsonObject *first;

  g_assert_cmpuint (dry->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (dry, "valid"), ==, 2);
  g_assert_cmpstr (after_dry, ==, "0");
  g_assert_cmpuint (done->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (done, "created"), ==, 2);
  first = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (listed), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "specification"), ==, "12 导联, 彩屏");
  g_assert_cmpstr (json_object_get_string_member (first, "list_price"), ==, "12800.0000");
}

/* one bad row, and nothing of the file is kept; the error names the row and field */
static void
test_all_or_nothing (void)
{
  g_autofree char *before = count ("products");
  g_autoptr(RapportTestReply) bad_price = import ("products", NULL,
                                                  "code,name,currency,list_price\nP-3,A,CNY,1\nP-4,B,CNY,cheap\n");
  g_autoptr(RapportTestReply) duplicate = import ("products", NULL, "code,name,currency\nP-5,C,CNY\nP-1,D,CNY\n");
  g_autoptr(RapportTestReply) unknown = import ("products", NULL, "code,colour\nP-6,red\n");
  g_autoptr(RapportTestReply) ragged = import ("products", NULL, "code,name\nP-7\n");
  g_autoptr(RapportTestReply) wrong_type = rapport_test_request (server, "POST", "/api/v1/products/import.csv", manager, "{}");
  g_autofree char *after = count ("products");

  g_assert_cmpuint (bad_price->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_price), ==, "list_price");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (bad_price), "error"), "message"), "Row 2: "));
  g_assert_cmpuint (duplicate->status, ==, 409);
  g_assert_cmpuint (unknown->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (unknown), ==, "colour");
  g_assert_cmpuint (ragged->status, ==, 422);
  g_assert_cmpuint (wrong_type->status, ==, 415);
  g_assert_cmpstr (before, ==, after);
}

/* what the export writes, the import reads back */
static void
test_round_trip (void)
{
  g_autoptr(RapportTestReply) exported = NULL;
  g_autoptr(RapportTestReply) imported = NULL;
  g_autoptr(RapportTestReply) listed = NULL;

  rapport_test_create (server, manager, "accounts",
                       "{\"name\":\"=HYPERLINK(\\\"x\\\")\",\"region\":\"Round trip\",\"tags\":[\"a\",\"b\"],\"notes\":\"line one\\nline two, with \\\"quotes\\\"\"}");
  exported = rapport_test_request (server, "GET", "/api/v1/accounts/export.csv?q=HYPERLINK", manager, NULL);
  g_assert_cmpuint (exported->status, ==, 200);
  imported = import ("accounts", NULL, exported->body);
  g_assert_cmpuint (imported->status, ==, 201);
  listed = rapport_test_request (server, "GET", "/api/v1/accounts?region=Round%20trip", manager, NULL);
  {
    JsonArray *items = json_object_get_array_member (rapport_test_reply_object (listed), "items");
    JsonObject *copy = json_array_get_object_element (items, 1);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (copy, "name"), ==, "=HYPERLINK(\"x\")");
    g_assert_cmpstr (json_object_get_string_member (copy, "notes"), ==, "line one\nline two, with \"quotes\"");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (copy, "tags")), ==, 2);
  }
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "import-manager", "manager");

  g_test_add_func ("/import/products", test_products);
  g_test_add_func ("/import/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/import/round-trip", test_round_trip);
  status = g_test_run ();
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
