/* test-export-formats.c: GET /{collection}/export.csv?format=csv|xlsx|vcard: CSV with the
 * UTF-8 byte order mark or in GB18030, an Excel workbook read back by the import's reader,
 * contacts as vCards that POST /leads/import reads back; other formats and options are
 * 400; a sales rep's export holds their rows alone, in every format; every export is audited */
#include "rapport-test-server.h"
#include "crm-xlsx.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static RapportTestServer *server;
static char *rep;

static RapportTestReply *
export (const char *token,
        const char *collection,
        const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/export.csv%s", collection, query);

  return rapport_test_request (server, "GET", path, token, NULL);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle,
               gsize       needle_length)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (data + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* the row whose cell under @column is @value, or NULL */
static char **
row_where (GPtrArray  *rows,
           const char *column,
           const char *value)
{
  char **header = rows->pdata[0];
  int at = -1;

  for (guint c = 0; header[c]; c++)
    if (g_str_equal (header[c], column))
      at = c;
  g_assert_cmpint (at, >=, 0);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = rows->pdata[r];

      if ((guint) at < g_strv_length (row) && g_strcmp0 (row[at], value) == 0)
        return row;
    }
  return NULL;
}

static int
column_of (GPtrArray  *rows,
           const char *column)
{
  char **header = rows->pdata[0];

  for (guint c = 0; header[c]; c++)
    if (g_str_equal (header[c], column))
      return c;
  return -1;
}

static void
test_bom (void)
{
  g_autoptr(RapportTestReply) plain = export (server->admin_token, "contacts", "");
  g_autoptr(RapportTestReply) marked = export (server->admin_token, "contacts", "?format=csv&bom=true");
  gsize length;
  const char *data = g_bytes_get_data (marked->bytes, &length);

  g_assert_cmpuint (plain->status, ==, 200);
  g_assert_cmpuint (marked->status, ==, 200);
  /* the default is as before: no mark */
  g_assert_false (g_str_has_prefix (plain->body, "\xEF\xBB\xBF"));
  g_assert_cmpuint (length, ==, strlen (plain->body) + 3);
  g_assert_cmpmem (data, 3, "\xEF\xBB\xBF", 3);
  g_assert_cmpmem (data + 3, length - 3, plain->body, strlen (plain->body));
  g_assert_true (g_utf8_validate (data + 3, length - 3, NULL));
  g_assert_nonnull (strstr (plain->body, "\"王小明\""));
}

static void
test_gb18030 (void)
{
  g_autoptr(RapportTestReply) plain = export (server->admin_token, "contacts", "");
  g_autoptr(RapportTestReply) gb = export (server->admin_token, "contacts", "?charset=gb18030");
  g_autoptr(GError) error = NULL;
  gsize name_length = 0, all_length = 0, length;
  g_autofree char *name = g_convert ("王小明", -1, "GB18030", "UTF-8", NULL, &name_length, &error);
  g_autofree char *all = NULL;
  const char *data;

  g_assert_no_error (error);
  all = g_convert (plain->body, -1, "GB18030", "UTF-8", NULL, &all_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb->status, ==, 200);
  data = g_bytes_get_data (gb->bytes, &length);
  g_assert_cmpuint (name_length, ==, 6);
  g_assert_true (bytes_contain (gb->bytes, name, name_length));
  g_assert_false (bytes_contain (gb->bytes, "王小明", strlen ("王小明")));
  g_assert_cmpmem (data, length, all, all_length);
}

/* a CSV with the mark and one in GB18030 import again with their Chinese intact */
static void
test_csv_round_trip (void)
{
  gint64 before = rapport_test_sql_int (server, "SELECT COALESCE(MAX(id), 0) FROM accounts");
  g_autoptr(RapportTestReply) marked = export (rep, "accounts", "?bom=true&q=%E4%B8%BD%E5%A1%94");
  g_autoptr(RapportTestReply) gb = export (rep, "accounts", "?charset=gb18030&q=%E4%B8%BD%E5%A1%94");
  g_autoptr(RapportTestReply) from_marked = NULL;
  g_autoptr(RapportTestReply) from_gb = NULL;

  g_assert_cmpuint (marked->status, ==, 200);
  g_assert_cmpuint (gb->status, ==, 200);
  from_marked = rapport_test_request_full (server, "POST", "/api/v1/accounts/import", rep, "text/csv", marked->bytes);
  g_test_message ("%s", from_marked->body);
  g_assert_cmpuint (from_marked->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (from_marked, "created"), ==, 1);
  from_gb = rapport_test_request_full (server, "POST", "/api/v1/accounts/import?charset=gb18030", rep, "text/csv", gb->bytes);
  g_test_message ("%s", from_gb->body);
  g_assert_cmpuint (from_gb->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (from_gb, "created"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE id > %" G_GINT64_FORMAT
                                         " AND name = '丽塔贸易'", before), ==, 2);
}

static void
test_xlsx (void)
{
  g_autoptr(RapportTestReply) reply = export (server->admin_token, "contacts", "?format=xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *strings = NULL;
  const char *argv_sheet[] = { "unzip", "-p", NULL, "xl/worksheets/sheet1.xml", NULL };
  const char *argv_strings[] = { "unzip", "-p", NULL, "xl/sharedStrings.xml", NULL };
  gsize length;
  const char *data;
  int status = -1;
  char **row;
  int fd;

  g_assert_cmpuint (reply->status, ==, 200);
  data = g_bytes_get_data (reply->bytes, &length);
  g_assert_cmpmem (data, 2, "PK", 2);

  /* a valid zip: unzip reads its sheet and strings */
  fd = g_file_open_tmp ("export-XXXXXX.xlsx", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, data, length, &error));
  argv_sheet[2] = path;
  argv_strings[2] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv_sheet, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &sheet, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv_strings, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &strings, NULL, &status, &error));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);
  g_assert_nonnull (strstr (sheet, "<sheetData>"));
  g_assert_nonnull (strstr (strings, "王小明"));
  g_assert_nonnull (strstr (strings, "李雷"));

  /* the import's reader reads it back: keys as the header, the values as written */
  rows = crm_xlsx_parse (data, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1 + rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts"));
  g_assert_cmpint (column_of (rows, "name"), >=, 0);
  g_assert_cmpint (column_of (rows, "account_id"), >=, 0);
  row = row_where (rows, "name", "王小明");
  g_assert_nonnull (row);
  g_assert_cmpstr (row[column_of (rows, "mobile")], ==, "13800138000");
  g_assert_cmpstr (row[column_of (rows, "email")], ==, "wang@example.cn");
  /* a date is a date, read back as one */
  g_assert_cmpstr (row[column_of (rows, "birthday")], ==, "1980-01-22");
  /* an id is a number: its cell has no type (a string's is t="s") */
  {
    const char *cell = strstr (sheet, "<c r=\"A2\"");
    g_autofree char *tag = NULL;

    g_assert_nonnull (cell);
    tag = g_strndup (cell, strchr (cell, '>') - cell);
    g_assert_null (strstr (tag, "t="));
  }
}

static void
test_xlsx_numbers (void)
{
  g_autoptr(RapportTestReply) reply = export (server->admin_token, "products", "?format=xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gsize length;
  const char *data;
  char **row;

  g_assert_cmpuint (reply->status, ==, 200);
  data = g_bytes_get_data (reply->bytes, &length);
  rows = crm_xlsx_parse (data, length, NULL, &error);
  g_assert_no_error (error);
  row = row_where (rows, "code", "EXP-1");
  g_assert_nonnull (row);
  /* money as a number the reader gives back exactly */
  g_assert_cmpstr (row[column_of (rows, "list_price")], ==, "1234.5678");
}

static void
test_vcard (void)
{
  g_autoptr(RapportTestReply) reply = export (rep, "contacts", "?format=vcard");
  g_autoptr(RapportTestReply) imported = NULL;
  gint64 before = rapport_test_sql_int (server, "SELECT COALESCE(MAX(id), 0) FROM leads");

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (g_str_has_prefix (reply->body, "BEGIN:VCARD\r\nVERSION:3.0\r\n"));
  g_assert_nonnull (strstr (reply->body, "FN:王小明\r\n"));
  g_assert_nonnull (strstr (reply->body, "TEL;TYPE=CELL:13800138000\r\n"));
  g_assert_nonnull (strstr (reply->body, "EMAIL;TYPE=INTERNET:wang@example.cn\r\n"));
  g_assert_nonnull (strstr (reply->body, "ORG:丽塔贸易;销售部\r\n"));
  g_assert_nonnull (strstr (reply->body, "NOTE:第一行\\n第二行\\; 逗号\\, 完\r\n"));

  /* the two cards import again through the import's vCard reader, with the same names,
   * phones and emails; as leads, where the account's name is the company (a contact's
   * account is its id, which a vCard does not carry) */
  imported = rapport_test_request_full (server, "POST", "/api/v1/leads/import", rep, "text/vcard",
                                        reply->bytes);
  g_test_message ("%s", imported->body);
  g_assert_cmpuint (imported->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (imported, "created"), ==, 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE id > %" G_GINT64_FORMAT
                                         " AND person = '王小明' AND company = '丽塔贸易' AND mobile = '13800138000'"
                                         " AND email = 'wang@example.cn' AND title = '经理'"
                                         " AND notes = '第一行\n第二行; 逗号, 完'", before), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE id > %" G_GINT64_FORMAT
                                         " AND person = 'Rita Rowe' AND company = '丽塔贸易' AND phone = '+862012345678'"
                                         " AND email = 'rita.rowe@example.com'", before), ==, 1);
}

static void
test_refused (void)
{
  g_autoptr(RapportTestReply) pdf = export (server->admin_token, "contacts", "?format=pdf");
  g_autoptr(RapportTestReply) vcard_accounts = export (server->admin_token, "accounts", "?format=vcard");
  g_autoptr(RapportTestReply) bom = export (server->admin_token, "contacts", "?bom=yes");
  g_autoptr(RapportTestReply) charset = export (server->admin_token, "contacts", "?charset=big5");
  g_autoptr(RapportTestReply) xlsx_bom = export (server->admin_token, "contacts", "?format=xlsx&bom=true");

  g_assert_cmpuint (pdf->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (pdf), ==, "format");
  g_assert_cmpuint (vcard_accounts->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (vcard_accounts), ==, "format");
  g_assert_cmpuint (bom->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (bom), ==, "bom");
  g_assert_cmpuint (charset->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (charset), ==, "charset");
  g_assert_cmpuint (xlsx_bom->status, ==, 400);
}

/* a rep's export holds their own rows alone, in every format, and each is audited */
static void
test_rep_rows (void)
{
  gint64 audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'");
  g_autoptr(RapportTestReply) csv = export (rep, "contacts", "?bom=true");
  g_autoptr(RapportTestReply) xlsx = export (rep, "contacts", "?format=xlsx");
  g_autoptr(RapportTestReply) vcard = export (rep, "contacts", "?format=vcard");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *data;
  gsize length;

  g_assert_cmpuint (csv->status, ==, 200);
  g_assert_true (bytes_contain (csv->bytes, "王小明", strlen ("王小明")));
  g_assert_false (bytes_contain (csv->bytes, "李雷", strlen ("李雷")));
  g_assert_cmpuint (xlsx->status, ==, 200);
  data = g_bytes_get_data (xlsx->bytes, &length);
  rows = crm_xlsx_parse (data, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (row_where (rows, "name", "王小明"));
  g_assert_null (row_where (rows, "name", "李雷"));
  g_assert_cmpuint (vcard->status, ==, 200);
  g_assert_nonnull (strstr (vcard->body, "FN:王小明"));
  g_assert_null (strstr (vcard->body, "李雷"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'"), ==, audited + 3);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND after_json LIKE '%%\"format\":\"vcard\"%%'"),
                   >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  gint64 rita_account;
  gint64 admin_account;
  g_autofree char *wang = NULL;
  g_autofree char *rita = NULL;
  g_autofree char *li = NULL;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "rita", "sales");
  rita_account = rapport_test_create (server, rep, "accounts", "{\"name\":\"丽塔贸易\"}");
  admin_account = rapport_test_create_named (server, "Admin Holdings");
  wang = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"王小明\",\"mobile\":\"13800138000\","
                          "\"email\":\"wang@example.cn\",\"title\":\"经理\",\"department\":\"销售部\","
                          "\"birthday\":\"1980-01-22\",\"notes\":\"第一行\\n第二行; 逗号, 完\"}", rita_account);
  rita = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"Rita Rowe\",\"phone\":\"+862012345678\","
                          "\"email\":\"rita.rowe@example.com\"}", rita_account);
  li = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"李雷\",\"mobile\":\"13900139000\"}", admin_account);
  g_assert_cmpint (rapport_test_create (server, rep, "contacts", wang), >, 0);
  g_assert_cmpint (rapport_test_create (server, rep, "contacts", rita), >, 0);
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "contacts", li), >, 0);
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "products",
                                        "{\"code\":\"EXP-1\",\"name\":\"Export probe\",\"list_price\":\"1234.5678\",\"currency\":\"CNY\"}"), >, 0);

  g_test_add_func ("/export/csv-bom", test_bom);
  g_test_add_func ("/export/csv-gb18030", test_gb18030);
  g_test_add_func ("/export/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/export/xlsx", test_xlsx);
  g_test_add_func ("/export/xlsx-numbers", test_xlsx_numbers);
  g_test_add_func ("/export/refused", test_refused);
  g_test_add_func ("/export/rep-rows", test_rep_rows);
  g_test_add_func ("/export/vcard-round-trip", test_vcard);

  status = g_test_run ();
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
