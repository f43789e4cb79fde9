/* test-import-good-rows.c: mode=good_rows keeps the good rows, lists the bad ones
 * with their row, field, value and reason, and gives them back as a CSV to fix */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *manager;

/* five accounts, the second without its (required) name, the fourth of an industry there is not */
static const char *five =
  "name,code,industry,region\r\n"
  "Good One,GR-1,pharma,North\r\n"
  ",GR-2,banking,South\r\n"
  "Good Three,GR-3,retail,East\r\n"
  "Bad Four,GR-4,spaceflight,=West\r\n"
  "Good Five,GR-5,,West\r\n";

static RapportTestReply *
import (const char *route,
        const char *query,
        const char *csv)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%s%s", route, query ? query : "");
  g_autoptr(GBytes) body = g_bytes_new (csv, strlen (csv));

  return rapport_test_request_full (server, "POST", path, manager, "text/csv", body);
}

static gint64
count_codes (const char *like)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM accounts WHERE code LIKE '%s'", like);

  return rapport_test_sql_int (server, "%s", query);
}

static gint64
count_audited (const char *like)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM audit_log a JOIN accounts c ON c.id = a.entity_id "
                                            "WHERE a.entity = 'account' AND a.action = 'create' AND c.code LIKE '%s'",
                                            like);

  return rapport_test_sql_int (server, "%s", query);
}

/* the rejections: rows 2 and 4, with their fields and values */
static void
assert_rejected (RapportTestReply *reply)
{
  JsonArray *rejected = json_object_get_array_member (rapport_test_reply_object (reply), "rejected");
  JsonObject *second;
  JsonObject *fourth;

  g_assert_nonnull (rejected);
  g_assert_cmpuint (json_array_get_length (rejected), ==, 2);
  second = json_array_get_object_element (rejected, 0);
  fourth = json_array_get_object_element (rejected, 1);
  g_assert_cmpint (json_object_get_int_member (second, "row"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (second, "field"), ==, "name");
  g_assert_cmpstr (json_object_get_string_member (second, "value"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (second, "reason"), !=, "");
  g_assert_false (g_str_has_prefix (json_object_get_string_member (second, "reason"), "Row "));
  g_assert_cmpint (json_object_get_int_member (fourth, "row"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (fourth, "field"), ==, "industry");
  g_assert_cmpstr (json_object_get_string_member (fourth, "value"), ==, "spaceflight");
  g_assert_cmpstr (json_object_get_string_member (fourth, "reason"), !=, "");
}

/* the header and the two bad rows as they came in, a reason last; a leading = defused */
static void
assert_rejected_csv (const char *csv,
                     const char *code)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_autofree char *second = g_strdup_printf ("\"\",\"%s-2\",\"banking\",\"South\",\"", code);
  g_autofree char *fourth = g_strdup_printf ("\"Bad Four\",\"%s-4\",\"spaceflight\",\"'=West\",\"", code);

  g_test_message ("rejected CSV:\n%s", csv);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "\"name\",\"code\",\"industry\",\"region\",\"reason\"");
  g_assert_true (g_str_has_prefix (lines[1], second));
  g_assert_true (g_str_has_prefix (lines[2], fourth));
  /* a reason, not empty */
  g_assert_cmpuint (strlen (lines[1]), >, strlen (second) + 1);
  g_assert_cmpstr (lines[3], ==, "");
}

/* the rejected CSV, fixed, without its reason column: the row without a
 * name gets one, the unknown industry becomes a known one */
static char *
fix (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  GString *fixed = g_string_new (NULL);

  for (guint i = 0; lines[i] && *lines[i]; i++)
    {
      char *reason = g_strrstr (lines[i], ",\"");
      g_auto(GStrv) parts = NULL;
      g_autofree char *known = NULL;

      g_assert_nonnull (reason);
      *reason = '\0';
      parts = g_strsplit (lines[i], "\"spaceflight\"", -1);
      known = g_strjoinv ("\"other\"", parts);
      if (g_str_has_prefix (known, "\"\","))
        g_string_append_printf (fixed, "\"Fixed Two\"%s\r\n", known + 2);
      else
        g_string_append_printf (fixed, "%s\r\n", known);
    }
  return g_string_free (fixed, FALSE);
}

static void
test_good_rows (void)
{
  gint64 audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account'");
  g_autoptr(RapportTestReply) reply = import ("import.csv", "?mode=good_rows", five);
  g_autoptr(RapportTestReply) again = NULL;
  g_autofree char *fixed = NULL;
  const char *csv;

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, 3);
  g_assert_cmpint (count_codes ("GR-%"), ==, 3);
  g_assert_cmpint (count_codes ("GR-2"), ==, 0);
  g_assert_cmpint (count_codes ("GR-4"), ==, 0);
  /* created rows are audited as any create; the rejected ones leave no trace */
  g_assert_cmpint (count_audited ("GR-%"), ==, 3);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account'"), ==, audited + 3);
  assert_rejected (reply);
  csv = rapport_test_reply_string (reply, "rejected_csv");
  g_assert_nonnull (csv);
  assert_rejected_csv (csv, "GR");

  /* fixed and sent back without the reason column, the two are created */
  fixed = fix (csv);
  again = import ("import.csv", "?mode=good_rows", fixed);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (again, "created"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (again), "rejected")), ==, 0);
  g_assert_cmpint (count_codes ("GR-%"), ==, 5);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE code = 'GR-4' AND region = '=West'"), ==, 1);
}

/* the same file on the file route: the same rows rejected, the reason column ignored on the way back */
static void
test_good_rows_file (void)
{
  g_autofree char *renamed = NULL;
  g_autoptr(RapportTestReply) reply = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_auto(GStrv) parts = g_strsplit (five, "GR-", -1);

  renamed = g_strjoinv ("GF-", parts);
  reply = import ("import", "?mode=good_rows", renamed);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, 3);
  g_assert_cmpint (count_codes ("GF-%"), ==, 3);
  assert_rejected (reply);
  g_assert_true (g_str_has_prefix (rapport_test_reply_string (reply, "rejected_csv"),
                                   "\"name\",\"code\",\"industry\",\"region\",\"reason\"\r\n"));
  /* sent back as it is, the reason column is ignored and the same two are rejected again */
  again = import ("import", "?mode=good_rows", rapport_test_reply_string (reply, "rejected_csv"));
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (again, "created"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (again), "rejected")), ==, 2);
  g_assert_cmpint (count_codes ("GF-%"), ==, 3);
}

/* mode=all (and no mode) keep nothing of the file; another mode is 400 */
static void
test_all_and_bogus (void)
{
  g_auto(GStrv) parts = g_strsplit (five, "GR-", -1);
  g_autofree char *renamed = g_strjoinv ("GA-", parts);
  g_autoptr(RapportTestReply) all = import ("import.csv", "?mode=all", renamed);
  g_autoptr(RapportTestReply) plain = import ("import.csv", NULL, renamed);
  g_autoptr(RapportTestReply) all_file = import ("import", "?mode=all", renamed);
  g_autoptr(RapportTestReply) bogus = import ("import.csv", "?mode=bogus", renamed);
  g_autoptr(RapportTestReply) bogus_file = import ("import", "?mode=good", renamed);

  g_assert_cmpuint (all->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (all), ==, "name");
  g_assert_false (json_object_has_member (rapport_test_reply_object (all), "rejected"));
  g_assert_cmpuint (plain->status, ==, 422);
  g_assert_cmpuint (all_file->status, ==, 422);
  g_assert_cmpuint (bogus->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (bogus), ==, "mode");
  g_assert_cmpuint (bogus_file->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (bogus_file), ==, "mode");
  g_assert_cmpint (count_codes ("GA-%"), ==, 0);
}

/* a dry run in good_rows mode keeps nothing and reports the same rejections */
static void
test_dry_run (void)
{
  g_auto(GStrv) parts = g_strsplit (five, "GR-", -1);
  g_autofree char *renamed = g_strjoinv ("GD-", parts);
  g_autoptr(RapportTestReply) dry = import ("import.csv", "?mode=good_rows&dry_run=true", renamed);
  g_autoptr(RapportTestReply) dry_file = import ("import", "?mode=good_rows&dry_run=true", renamed);

  g_assert_cmpuint (dry->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (dry, "valid"), ==, 3);
  assert_rejected (dry);
  assert_rejected_csv (rapport_test_reply_string (dry, "rejected_csv"), "GD");
  g_assert_cmpuint (dry_file->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (dry_file, "valid"), ==, 3);
  assert_rejected (dry_file);
  g_assert_cmpint (count_codes ("GD-%"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "good-rows-manager", "manager");

  g_test_add_func ("/import-good-rows/import-csv", test_good_rows);
  g_test_add_func ("/import-good-rows/import-file", test_good_rows_file);
  g_test_add_func ("/import-good-rows/all-and-bogus", test_all_and_bogus);
  g_test_add_func ("/import-good-rows/dry-run", test_dry_run);
  status = g_test_run ();
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
