/* test-import-values.c: imported cells are stored as their fields take them: dates in the common
 * layouts and empty-date markers, choices by label, phones with tel: and spaces, money with
 * currency signs and thousands separators, exactly; a cell that cannot be read is a 422 naming its field */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *manager;

static RapportTestReply *
import (const char *path,
        const char *content_type,
        const char *csv)
{
  g_autoptr(GBytes) body = g_bytes_new (csv, strlen (csv));
  RapportTestReply *reply = rapport_test_request_full (server, "POST", path, manager, content_type, body);

  g_test_message ("%s: %u %s", path, reply->status, reply->body);
  return reply;
}

/* the answer's conversions: as many as @n, the @index-th being (row, field, value, converted) */
static void
assert_conversion (RapportTestReply *reply,
                   guint             n,
                   guint             index,
                   gint64            row,
                   const char       *field,
                   const char       *value,
                   const char       *converted)
{
  JsonObject *answer = rapport_test_reply_object (reply);
  JsonArray *list = json_object_get_array_member (answer, "conversions");
  JsonObject *item;
  g_autofree char *explanation = g_strdup_printf ("%s read as %s", value, converted);

  g_assert_cmpuint (json_array_get_length (list), ==, n);
  g_assert_cmpint (json_object_get_int_member (answer, "conversions_total"), ==, n);
  item = json_array_get_object_element (list, index);
  g_assert_cmpint (json_object_get_int_member (item, "row"), ==, row);
  g_assert_cmpstr (json_object_get_string_member (item, "field"), ==, field);
  g_assert_cmpstr (json_object_get_string_member (item, "value"), ==, value);
  g_assert_cmpstr (json_object_get_string_member (item, "converted"), ==, converted);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (item, "explanation"), explanation));
}

static char *
sql (const char *statement)
{
  return g_strchomp (rapport_test_server_sql (server, statement));
}

/* POST /contacts/import.csv: dates, phones and choices */
static void
test_contacts (void)
{
  gint64 account = rapport_test_create (server, manager, "accounts", "{\"name\":\"Import values account\"}");
  g_autofree char *csv = g_strdup_printf ("account_id,name,mobile,birthday,decision_role\r\n"
                                          "%" G_GINT64_FORMAT ",Value One,tel:+86 138 0013 8000,1/22/80,Decision maker\r\n"
                                          "%" G_GINT64_FORMAT ",Value Two,+86 139-0013-9000,1980年1月1日,CHAMPION\r\n"
                                          "%" G_GINT64_FORMAT ",Value Three,(010) 1234 5678,0000-00-00,influencer\r\n"
                                          "%" G_GINT64_FORMAT ",Value Four,13700137000,19991231,\r\n",
                                          account, account, account, account);
  g_autoptr(RapportTestReply) reply = import ("/api/v1/contacts/import.csv", "text/csv", csv);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *three = NULL;
  g_autofree char *four = NULL;

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, 4);
  /* each change explained: three cells of rows 1 and 2, two of row 3, one of row 4 */
  assert_conversion (reply, 9, 0, 1, "mobile", "tel:+86 138 0013 8000", "+8613800138000");
  assert_conversion (reply, 9, 1, 1, "birthday", "1/22/80", "1980-01-22");
  assert_conversion (reply, 9, 2, 1, "decision_role", "Decision maker", "decision_maker");
  assert_conversion (reply, 9, 5, 2, "decision_role", "CHAMPION", "champion");
  assert_conversion (reply, 9, 8, 4, "birthday", "19991231", "1999-12-31");

  one = sql ("SELECT CONCAT_WS('|', mobile, birthday, decision_role) FROM contacts WHERE name = 'Value One'");
  two = sql ("SELECT CONCAT_WS('|', mobile, birthday, decision_role) FROM contacts WHERE name = 'Value Two'");
  three = sql ("SELECT CONCAT_WS('|', mobile, IFNULL(birthday, 'none'), decision_role) FROM contacts WHERE name = 'Value Three'");
  four = sql ("SELECT CONCAT_WS('|', mobile, birthday, IFNULL(decision_role, 'none')) FROM contacts WHERE name = 'Value Four'");
  g_assert_cmpstr (one, ==, "+8613800138000|1980-01-22|decision_maker");
  g_assert_cmpstr (two, ==, "+8613900139000|1980-01-01|champion");
  g_assert_cmpstr (three, ==, "01012345678|none|influencer");
  g_assert_cmpstr (four, ==, "13700137000|1999-12-31|none");
}

/* POST /products/import: money, exactly, whatever its currency sign and separators */
static void
test_products (void)
{
  static const char csv[] = "code,name,currency,list_price\r\n"
                            "IV-1,Price one,CNY,\"¥1,234.50\"\r\n"
                            "IV-2,Price two,EUR,\"1 234,50 €\"\r\n"
                            "IV-3,Price three,USD,\"$1,234.5\"\r\n"
                            "IV-4,Price four,CNY,RMB 1234\r\n"
                            "IV-5,Price five,CNY,\"12,345,678.9876\"\r\n";
  g_autoptr(RapportTestReply) reply = import ("/api/v1/products/import", "text/csv; charset=utf-8", csv);
  g_autofree char *prices = NULL;

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, 5);
  assert_conversion (reply, 5, 1, 2, "list_price", "1 234,50 €", "1234.50");
  assert_conversion (reply, 5, 4, 5, "list_price", "12,345,678.9876", "12345678.9876");
  prices = sql ("SELECT GROUP_CONCAT(list_price ORDER BY code SEPARATOR '|') FROM products WHERE code LIKE 'IV-%'");
  g_assert_cmpstr (prices, ==, "1234.5000|1234.5000|1234.5000|1234.0000|12345678.9876");
}

/* a value that is none of the field's is refused with its field named, and nothing is kept */
static void
test_refused (void)
{
  static const char *const bad[][2] = {
    { "code,name,currency,list_price\r\nIV-9,Bad price,CNY,12 apples\r\n", "list_price" },
    { "code,name,currency,list_price\r\nIV-9,Bad price,CNY,\"1,23,456\"\r\n", "list_price" },
  };
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM products");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(RapportTestReply) reply = import ("/api/v1/products/import.csv", "text/csv", bad[i][0]);

      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, bad[i][1]);
    }
  {
    gint64 account = rapport_test_create (server, manager, "accounts", "{\"name\":\"Import values refused\"}");
    g_autofree char *csv = g_strdup_printf ("account_id,name,birthday\r\n%" G_GINT64_FORMAT ",Bad Date,13/13/80\r\n", account);
    g_autoptr(RapportTestReply) reply = import ("/api/v1/contacts/import.csv", "text/csv", csv);

    g_assert_cmpuint (reply->status, ==, 422);
    g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "birthday");
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts WHERE name = 'Bad Date'"), ==, 0);
  }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM products"), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "import-values-manager", "manager");

  g_test_add_func ("/import-values/contacts", test_contacts);
  g_test_add_func ("/import-values/products", test_products);
  g_test_add_func ("/import-values/refused", test_refused);
  status = g_test_run ();
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
