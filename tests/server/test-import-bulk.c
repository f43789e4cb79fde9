/* test-import-bulk.c: a large import is written in chunks, in a few statements each, and keeps every promise of one-by-one creates: the file's own duplicates named by row, each record audited (the chain verifies), sealed, told, indexed for search; a row that fails a chunk is rejected exactly as before */
#include "rapport-test-server.h"

#include <string.h>

#define ROWS 1205

static RapportTestServer *server;
static char *manager;
static gint64 account;

static RapportTestReply *
import_contacts (const char *query,
                 const char *csv)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/contacts/import%s", query ? query : "");
  g_autoptr(GBytes) body = g_bytes_new (csv, strlen (csv));

  return rapport_test_request_full (server, "POST", path, manager, "text/csv", body);
}

static gint64
executed_statements (void)
{
  return rapport_test_sql_int (server, "%s", "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                                             "WHERE VARIABLE_NAME = 'COM_STMT_EXECUTE'");
}

/* the possible duplicates the answer lists for @row: the row they name, or 0 */
static gint64
duplicate_row_of (JsonObject *answer,
                  gint64      row)
{
  JsonArray *duplicates = json_object_get_array_member (answer, "duplicates");

  for (guint i = 0; duplicates != NULL && i < json_array_get_length (duplicates); i++)
    {
      JsonObject *one = json_array_get_object_element (duplicates, i);
      JsonArray *matches = json_object_get_array_member (one, "possible_duplicates");

      if (json_object_get_int_member (one, "row") != row)
        continue;
      for (guint m = 0; m < json_array_get_length (matches); m++)
        {
          JsonObject *match = json_array_get_object_element (matches, m);

          if (json_object_has_member (match, "row"))
            return json_object_get_int_member (match, "row");
        }
    }
  return 0;
}

static void
test_chunks (void)
{
  g_autoptr(GString) csv = g_string_new ("姓名,手机,邮箱,account_id\r\n");
  g_autoptr(RapportTestReply) reply = NULL;
  g_autoptr(RapportTestReply) found = NULL;
  JsonObject *answer;
  gint64 before, statements;

  for (guint i = 1; i <= ROWS; i++)
    {
      /* row 40 has row 10's mobile (one chunk), row 700 row 3's (the next) */
      guint mobile = i == 40 ? 10 : i == 700 ? 3 : i;

      g_string_append_printf (csv, "批量联系人%u,1370000%04u,bulk.%u@example.cn,%" G_GINT64_FORMAT "\r\n",
                              i, mobile, i, account);
    }
  before = executed_statements ();
  reply = import_contacts (NULL, csv->str);
  statements = executed_statements () - before;
  g_assert_cmpuint (reply->status, ==, 201);
  answer = rapport_test_reply_object (reply);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, ROWS);
  g_test_message ("%" G_GINT64_FORMAT " statements for %d rows", statements, ROWS);
  /* written in chunks: one by one, each row took sixteen */
  g_assert_cmpint (statements, <, ROWS / 2);

  /* the file's own duplicates, in its chunk and across chunks, named by row */
  g_assert_cmpint (duplicate_row_of (answer, 40), ==, 10);
  g_assert_cmpint (duplicate_row_of (answer, 700), ==, 3);
  g_assert_cmpint (duplicate_row_of (answer, 41), ==, 0);

  /* each record audited, its personal values sealed under its own key, told */
  g_assert_cmpint (rapport_test_sql_int (server, "%s", "SELECT COUNT(*) FROM audit_log a JOIN contacts c ON c.id = a.entity_id "
                                                       "WHERE a.entity = 'contact' AND a.action = 'create' AND c.name LIKE '批量联系人%'"),
                   ==, ROWS);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", "SELECT COUNT(*) FROM audit_log WHERE entity = 'contact' "
                                                       "AND after_json LIKE '%bulk.%@example.cn%'"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", "SELECT COUNT(*) FROM person_keys p JOIN contacts c ON c.id = p.record_id "
                                                       "WHERE p.entity = 'contact' AND c.name LIKE '批量联系人%'"), ==, ROWS);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", "SELECT COUNT(*) FROM events e JOIN contacts c ON c.id = e.record_id "
                                                       "WHERE e.entity = 'contact' AND e.kind = 'change' AND c.name LIKE '批量联系人%'"),
                   ==, ROWS);
  /* the chain the rows were hashed into here verifies as every other */
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);

  /* found by search, by a part of its name */
  found = rapport_test_request (server, "GET", "/api/v1/contacts?q=%E8%81%94%E7%B3%BB%E4%BA%BA1204", manager, NULL);
  g_assert_cmpuint (found->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (found), "items")), ==, 1);
}

/* twenty rows, the seventeenth pointing at no account */
static char *
with_bad_row (const char *prefix)
{
  GString *csv = g_string_new ("name,email,account_id\r\n");

  for (guint i = 1; i <= 20; i++)
    g_string_append_printf (csv, "%s %u,%s.%u@example.org,%" G_GINT64_FORMAT "\r\n", prefix, i, prefix, i,
                            i == 17 ? (gint64) 999999 : account);
  return g_string_free (csv, FALSE);
}

/* a row that fails its chunk: the others kept, it rejected as one by one would */
static void
test_fallback_good_rows (void)
{
  g_autofree char *csv = with_bad_row ("Fallback");
  g_autoptr(RapportTestReply) reply = import_contacts ("?mode=good_rows", csv);
  JsonArray *rejected;
  JsonObject *one;

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, 19);
  rejected = json_object_get_array_member (rapport_test_reply_object (reply), "rejected");
  g_assert_cmpuint (json_array_get_length (rejected), ==, 1);
  one = json_array_get_object_element (rejected, 0);
  g_assert_cmpint (json_object_get_int_member (one, "row"), ==, 17);
  g_assert_cmpstr (json_object_get_string_member (one, "field"), ==, "account_id");
  g_assert_cmpstr (json_object_get_string_member (one, "value"), ==, "999999");
  g_assert_cmpint (rapport_test_sql_int (server, "%s", "SELECT COUNT(*) FROM contacts WHERE name LIKE 'Fallback %'"), ==, 19);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", "SELECT COUNT(*) FROM audit_log a JOIN contacts c ON c.id = a.entity_id "
                                                       "WHERE a.entity = 'contact' AND c.name LIKE 'Fallback %'"), ==, 19);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

/* mode=all: the same row stops the import, naming it, and nothing is kept */
static void
test_fallback_all (void)
{
  g_autofree char *csv = with_bad_row ("Stopped");
  g_autoptr(RapportTestReply) reply = import_contacts (NULL, csv);

  g_assert_cmpuint (reply->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "account_id");
  g_assert_true (strstr (json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (reply),
                                                                                         "error"), "message"),
                         "17") != NULL);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", "SELECT COUNT(*) FROM contacts WHERE name LIKE 'Stopped %'"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "bulk-manager", "manager");
  account = rapport_test_create (server, manager, "accounts", "{\"name\":\"批量导入客户有限公司\"}");
  g_test_add_func ("/import-bulk/chunks", test_chunks);
  g_test_add_func ("/import-bulk/fallback-good-rows", test_fallback_good_rows);
  g_test_add_func ("/import-bulk/fallback-all", test_fallback_all);
  result = g_test_run ();
  g_free (manager);
  rapport_test_server_stop (server);
  return result;
}
