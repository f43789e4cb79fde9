/* test-export-selection.c: what GET /{collection}/export.csv takes out: columns=a,b,c in
 * their order (an unknown or repeated one is 400), the list's own filters and search,
 * archived=true|only|false, references=portable (an account by its code or its name, a
 * user by login); bad values are 400 naming the parameter and export nothing, and every
 * export is audited with its parameters */
#include "rapport-test-server.h"
#include "crm-csv.h"
#include "crm-xlsx.h"

#include <string.h>

static RapportTestServer *server;
static char *wei;
static gint64 wei_id;

static RapportTestReply *
export (const char *token,
        const char *collection,
        const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/export.csv%s", collection, query);

  return rapport_test_request (server, "GET", path, token, NULL);
}

/* the rows of a CSV export, its header first */
static GPtrArray *
csv_rows (RapportTestReply *reply)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  g_assert_cmpuint (reply->status, ==, 200);
  rows = crm_csv_parse (reply->body, strlen (reply->body), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, 1);
  return rows;
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

/* the row whose cell under @column is @value, or NULL */
static char **
row_where (GPtrArray  *rows,
           const char *column,
           const char *value)
{
  int at = column_of (rows, column);

  g_assert_cmpint (at, >=, 0);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = rows->pdata[r];

      if ((guint) at < g_strv_length (row) && g_strcmp0 (row[at], value) == 0)
        return row;
    }
  return NULL;
}

static void
assert_header (GPtrArray          *rows,
               const char * const *expected)
{
  g_assert_cmpstrv ((const char * const *) rows->pdata[0], expected);
  for (guint r = 1; r < rows->len; r++)
    g_assert_cmpuint (g_strv_length (rows->pdata[r]), ==, g_strv_length ((char **) expected));
}

static void
test_columns (void)
{
  g_autoptr(RapportTestReply) csv = export (server->admin_token, "accounts", "?columns=code,name,id");
  g_autoptr(GPtrArray) rows = csv_rows (csv);
  g_autoptr(RapportTestReply) xlsx = export (server->admin_token, "accounts", "?format=xlsx&columns=name,%20industry");
  g_autoptr(GPtrArray) sheet = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;
  char **row;

  assert_header (rows, (const char * const[]) { "code", "name", "id", NULL });
  row = row_where (rows, "code", "ALP-1");
  g_assert_nonnull (row);
  g_assert_cmpstr (row[1], ==, "Alpha Trading");
  g_assert_cmpint (g_ascii_strtoll (row[2], NULL, 10), ==,
                   rapport_test_sql_int (server, "SELECT id FROM accounts WHERE code = 'ALP-1'"));

  g_assert_cmpuint (xlsx->status, ==, 200);
  data = g_bytes_get_data (xlsx->bytes, &length);
  sheet = crm_xlsx_parse (data, length, NULL, &error);
  g_assert_no_error (error);
  assert_header (sheet, (const char * const[]) { "name", "industry", NULL });
  row = row_where (sheet, "name", "Alpha Trading");
  g_assert_nonnull (row);
  g_assert_cmpstr (row[1], ==, "manufacturing");
}

static void
assert_refused (const char *collection,
                const char *query,
                const char *field)
{
  g_autoptr(RapportTestReply) reply = export (server->admin_token, collection, query);

  g_test_message ("%s: %s", query, reply->body);
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, field);
}

/* each bad value is 400 naming its parameter, and nothing is exported or audited */
static void
test_refused (void)
{
  gint64 audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'");

  assert_refused ("accounts", "?columns=name,nope", "columns");
  assert_refused ("accounts", "?columns=name,name", "columns");
  assert_refused ("accounts", "?columns=", "columns");
  assert_refused ("accounts", "?columns=name,account_code&references=portable", "columns");
  assert_refused ("users", "?columns=login,password_hash", "columns");
  assert_refused ("accounts", "?format=xlsx&columns=nope", "columns");
  assert_refused ("accounts", "?archived=all", "archived");
  assert_refused ("accounts", "?references=ids", "references");
  assert_refused ("accounts", "?industry=moonshine", "industry");
  assert_refused ("accounts", "?colour=red", "colour");
  assert_refused ("accounts", "?sort=notes", "sort");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'"), ==, audited);
}

/* the list's search and filters, as GET /accounts takes them */
static void
test_filters (void)
{
  g_autoptr(RapportTestReply) searched = export (server->admin_token, "accounts", "?q=Alpha&columns=name");
  g_autoptr(RapportTestReply) by_code = export (server->admin_token, "accounts", "?code=ALP-1,GAM-9&columns=name");
  g_autofree char *owner_query = g_strdup_printf ("?owner_id=%" G_GINT64_FORMAT "&columns=name&sort=-name", wei_id);
  g_autoptr(RapportTestReply) owned = export (server->admin_token, "accounts", owner_query);
  g_autoptr(RapportTestReply) mine = export (wei, "accounts", "?owner_id=me&industry=manufacturing&columns=name");
  g_autoptr(GPtrArray) rows = csv_rows (searched);
  g_autoptr(GPtrArray) code_rows = csv_rows (by_code);
  g_autoptr(GPtrArray) owned_rows = csv_rows (owned);
  g_autoptr(GPtrArray) mine_rows = csv_rows (mine);

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((char **) rows->pdata[1])[0], ==, "Alpha Trading");
  /* an archived account stays out, as from the list */
  g_assert_cmpuint (code_rows->len, ==, 2);
  g_assert_cmpstr (((char **) code_rows->pdata[1])[0], ==, "Alpha Trading");
  /* wei's two live accounts, in the list's order */
  g_assert_cmpuint (owned_rows->len, ==, 3);
  g_assert_cmpstr (((char **) owned_rows->pdata[1])[0], ==, "Delta Foods");
  g_assert_cmpstr (((char **) owned_rows->pdata[2])[0], ==, "Alpha Trading");
  g_assert_cmpuint (mine_rows->len, ==, 2);
  g_assert_cmpstr (((char **) mine_rows->pdata[1])[0], ==, "Alpha Trading");
}

static void
test_archived (void)
{
  g_autoptr(RapportTestReply) live = export (server->admin_token, "accounts", "?columns=name");
  g_autoptr(RapportTestReply) also = export (server->admin_token, "accounts", "?archived=false&columns=name");
  g_autoptr(RapportTestReply) all = export (server->admin_token, "accounts", "?archived=true&columns=name,archived");
  g_autoptr(RapportTestReply) only = export (server->admin_token, "accounts", "?archived=only&format=xlsx&columns=name");
  g_autoptr(GPtrArray) live_rows = csv_rows (live);
  g_autoptr(GPtrArray) all_rows = csv_rows (all);
  g_autoptr(GPtrArray) only_rows = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  g_assert_nonnull (row_where (live_rows, "name", "Alpha Trading"));
  g_assert_null (row_where (live_rows, "name", "Archived Gamma"));
  g_assert_cmpstr (also->body, ==, live->body);
  g_assert_cmpuint (all_rows->len, ==, live_rows->len + 1);
  g_assert_cmpstr (row_where (all_rows, "name", "Archived Gamma")[1], ==, "true");
  g_assert_cmpstr (row_where (all_rows, "name", "Alpha Trading")[1], ==, "false");
  g_assert_cmpuint (only->status, ==, 200);
  data = g_bytes_get_data (only->bytes, &length);
  only_rows = crm_xlsx_parse (data, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (only_rows->len, ==, 2);
  g_assert_cmpstr (((char **) only_rows->pdata[1])[0], ==, "Archived Gamma");
}

/* references by what they import by: the account's code, or its name without one; the owner's login */
static void
test_portable (void)
{
  g_autoptr(RapportTestReply) whole = export (server->admin_token, "contacts", "?references=portable");
  g_autoptr(RapportTestReply) chosen = export (server->admin_token, "contacts",
                                               "?references=portable&columns=name,account_id,owner_login");
  g_autoptr(RapportTestReply) plain = export (server->admin_token, "contacts", "?columns=name,account_id,owner_id");
  g_autoptr(RapportTestReply) xlsx = export (server->admin_token, "contacts",
                                             "?format=xlsx&references=portable&columns=name,account_code");
  g_autoptr(GPtrArray) rows = csv_rows (whole);
  g_autoptr(GPtrArray) chosen_rows = csv_rows (chosen);
  g_autoptr(GPtrArray) plain_rows = csv_rows (plain);
  g_autoptr(GPtrArray) sheet = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *beta_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              rapport_test_sql_int (server, "SELECT id FROM accounts WHERE name = 'Beta 贸易'"));
  gsize length;
  const char *data;
  char **row;

  g_assert_cmpint (column_of (rows, "account_code"), >=, 0);
  g_assert_cmpint (column_of (rows, "owner_login"), >=, 0);
  g_assert_cmpint (column_of (rows, "created_by_login"), >=, 0);
  g_assert_cmpint (column_of (rows, "account_id"), <, 0);
  g_assert_cmpint (column_of (rows, "owner_id"), <, 0);
  row = row_where (rows, "name", "张伟");
  g_assert_nonnull (row);
  g_assert_cmpstr (row[column_of (rows, "account_code")], ==, "ALP-1");
  g_assert_cmpstr (row[column_of (rows, "owner_login")], ==, "wei");
  g_assert_cmpstr (row[column_of (rows, "created_by_login")], ==, "admin");
  row = row_where (rows, "name", "Li Na");
  g_assert_nonnull (row);
  g_assert_cmpstr (row[column_of (rows, "account_code")], ==, "Beta 贸易");
  g_assert_cmpstr (row[column_of (rows, "owner_login")], ==, "admin");

  assert_header (chosen_rows, (const char * const[]) { "name", "account_code", "owner_login", NULL });
  g_assert_cmpstr (row_where (chosen_rows, "name", "张伟")[1], ==, "ALP-1");
  /* without it, ids as before */
  assert_header (plain_rows, (const char * const[]) { "name", "account_id", "owner_id", NULL });
  g_assert_cmpstr (row_where (plain_rows, "name", "Li Na")[1], ==, beta_id);

  g_assert_cmpuint (xlsx->status, ==, 200);
  data = g_bytes_get_data (xlsx->bytes, &length);
  sheet = crm_xlsx_parse (data, length, NULL, &error);
  g_assert_no_error (error);
  assert_header (sheet, (const char * const[]) { "name", "account_code", NULL });
  g_assert_cmpstr (row_where (sheet, "name", "Li Na")[1], ==, "Beta 贸易");
}

/* the audit keeps each export's parameters */
static void
test_audited (void)
{
  gint64 audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'");
  g_autoptr(RapportTestReply) reply = export (wei, "accounts", "?q=Alpha&columns=name,code&archived=only&references=portable");

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'"), ==, audited + 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'"
                                         " AND actor_id = %" G_GINT64_FORMAT
                                         " AND after_json LIKE '%%\"columns\":\"name,code\"%%'"
                                         " AND after_json LIKE '%%\"archived\":\"only\"%%'"
                                         " AND after_json LIKE '%%\"references\":\"portable\"%%'"
                                         " AND after_json LIKE '%%\"q\":\"Alpha\"%%'", wei_id), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  gint64 alpha, beta, gamma;
  g_autofree char *alpha_json = NULL;
  g_autofree char *delta_json = NULL;
  g_autofree char *zhang = NULL;
  g_autofree char *li = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) archived = NULL;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  wei = rapport_test_server_add_user (server, "wei", "sales");
  wei_id = rapport_test_user_id (server, wei);
  alpha_json = g_strdup_printf ("{\"name\":\"Alpha Trading\",\"code\":\"ALP-1\",\"industry\":\"manufacturing\","
                                "\"owner_id\":%" G_GINT64_FORMAT "}", wei_id);
  delta_json = g_strdup_printf ("{\"name\":\"Delta Foods\",\"industry\":\"retail\",\"owner_id\":%" G_GINT64_FORMAT "}", wei_id);
  alpha = rapport_test_create (server, server->admin_token, "accounts", alpha_json);
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "accounts", delta_json), >, 0);
  beta = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Beta 贸易\",\"industry\":\"retail\"}");
  gamma = rapport_test_create (server, server->admin_token, "accounts",
                               "{\"name\":\"Archived Gamma\",\"code\":\"GAM-9\",\"industry\":\"manufacturing\"}");
  path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, gamma);
  archived = rapport_test_request (server, "DELETE", path, server->admin_token, NULL);
  g_assert_cmpuint (archived->status, ==, 200);
  zhang = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"张伟\",\"owner_id\":%" G_GINT64_FORMAT "}",
                           alpha, wei_id);
  li = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"Li Na\"}", beta);
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "contacts", zhang), >, 0);
  g_assert_cmpint (rapport_test_create (server, server->admin_token, "contacts", li), >, 0);

  g_test_add_func ("/export-selection/columns", test_columns);
  g_test_add_func ("/export-selection/refused", test_refused);
  g_test_add_func ("/export-selection/filters", test_filters);
  g_test_add_func ("/export-selection/archived", test_archived);
  g_test_add_func ("/export-selection/portable", test_portable);
  g_test_add_func ("/export-selection/audited", test_audited);

  status = g_test_run ();
  g_free (wei);
  rapport_test_server_stop (server);
  return status;
}
