/* test-import-batches.c: every import that writes is a batch, listed under /imports, and undone while its records are unchanged */
#include "rapport-test-locale.h"
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *importer;
static char *other;

static RapportTestReply *
import (const char *token,
        const char *query,
        const char *csv)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/import%s", query ? query : "");
  g_autoptr(GBytes) body = g_bytes_new (csv, strlen (csv));

  return rapport_test_request_full (server, "POST", path, token, "text/csv", body);
}

/* imports @n accounts coded PREFIX-1…; the batch's id */
static gint64
import_accounts (const char *token,
                 const char *prefix,
                 guint       n)
{
  g_autoptr(GString) csv = g_string_new ("Name,Code\r\n");
  g_autoptr(RapportTestReply) reply = NULL;

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (csv, "%s account %u,%s-%u\r\n", prefix, i, prefix, i);
  reply = import (token, NULL, csv->str);
  if (reply->status != 201)
    g_error ("import: %u %s", reply->status, reply->body);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, n);
  g_assert_cmpint (rapport_test_reply_int (reply, "batch_id"), >, 0);
  return rapport_test_reply_int (reply, "batch_id");
}

static gint64
count_sql (const char *format,
           const char *prefix)
{
  g_autofree char *query = g_strdup_printf (format, prefix);

  return rapport_test_sql_int (server, "%s", query);
}

static RapportTestReply *
undo (const char *token,
      gint64      batch)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT "/undo", batch);
  RapportTestReply *reply;

  /* asked in Chinese: the reason it writes to the audit trail is the same
   * English whoever reads it */
  g_object_set (server->session, "accept-language", "zh-CN", NULL);
  reply = rapport_test_request (server, "POST", path, token, NULL);
  g_object_set (server->session, "accept-language", NULL, NULL);
  return reply;
}

/* the batch is listed and read back with its counts; a dry run is no batch */
static void
test_listed (void)
{
  gint64 batch = import_accounts (importer, "LIST", 3);
  g_autofree char *path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, batch);
  g_autoptr(RapportTestReply) one = rapport_test_request (server, "GET", path, importer, NULL);
  g_autoptr(RapportTestReply) mine = rapport_test_request (server, "GET", "/api/v1/imports?collection=accounts", importer, NULL);
  g_autoptr(RapportTestReply) theirs = rapport_test_request (server, "GET", "/api/v1/imports", other, NULL);
  g_autoptr(RapportTestReply) all = rapport_test_request (server, "GET", "/api/v1/imports", server->admin_token, NULL);
  g_autoptr(RapportTestReply) forbidden = rapport_test_request (server, "GET", path, other, NULL);
  g_autoptr(RapportTestReply) bad = rapport_test_request (server, "GET", "/api/v1/imports?collection=nothing", importer, NULL);
  g_autoptr(RapportTestReply) dry = import (importer, "?dry_run=true", "Name,Code\r\nDry one,DRY-1\r\n");
  JsonObject *item;

  g_assert_cmpuint (one->status, ==, 200);
  item = rapport_test_reply_object (one);
  g_assert_cmpint (json_object_get_int_member (item, "id"), ==, batch);
  g_assert_cmpstr (json_object_get_string_member (item, "collection"), ==, "accounts");
  g_assert_cmpstr (json_object_get_string_member (item, "format"), ==, "csv");
  g_assert_cmpint (json_object_get_int_member (item, "created"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (item, "updated"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (item, "rejected"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (item, "created_by"), ==, rapport_test_user_id (server, importer));
  g_assert_nonnull (json_object_get_string_member (item, "created_at"));
  g_assert_true (json_object_get_null_member (item, "undone_at"));

  g_assert_cmpuint (mine->status, ==, 200);
  item = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (mine), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "id"), ==, batch);
  /* another user sees none of it; an administrator everyone's */
  g_assert_cmpuint (theirs->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (theirs), "items")), ==, 0);
  item = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (all), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "id"), ==, batch);
  g_assert_cmpuint (forbidden->status, ==, 403);
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "collection");
  g_assert_cmpuint (dry->status, ==, 200);
  g_assert_false (json_object_has_member (rapport_test_reply_object (dry), "batch_id"));
}

/* undone: every record archived, each audited with the reason; then 409 */
static void
test_undo (void)
{
  gint64 batch = import_accounts (importer, "UNDO", 4);
  g_autoptr(RapportTestReply) by_other = undo (other, batch);
  g_autoptr(RapportTestReply) done = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autofree char *reason = g_strdup_printf ("Import %" G_GINT64_FORMAT " undone", batch);
  g_autofree char *audited = g_strdup_printf ("SELECT COUNT(*) FROM audit_log a JOIN accounts c ON c.id = a.entity_id "
                                              "WHERE a.entity = 'account' AND a.action = 'archive' AND a.reason = '%s' "
                                              "AND c.code LIKE '%%s'", reason);
  g_autofree char *path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, batch);
  g_autoptr(RapportTestReply) read = NULL;

  g_assert_cmpuint (by_other->status, ==, 403);
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM accounts WHERE archived = 0 AND code LIKE '%s-%%'", "UNDO"), ==, 4);

  done = undo (importer, batch);
  if (done->status != 200)
    g_error ("undo: %u %s", done->status, done->body);
  g_assert_cmpint (rapport_test_reply_int (done, "undone"), ==, 4);
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM accounts WHERE archived = 0 AND code LIKE '%s-%%'", "UNDO"), ==, 0);
  g_assert_cmpint (count_sql (audited, "UNDO-%"), ==, 4);
  read = rapport_test_request (server, "GET", path, importer, NULL);
  g_assert_false (json_object_get_null_member (rapport_test_reply_object (read), "undone_at"));

  again = undo (importer, batch);
  g_assert_cmpuint (again->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_code (again), ==, "conflict");
}

/* one record changed since: 409 naming it, and nothing undone */
static void
test_changed (void)
{
  gint64 batch = import_accounts (importer, "CHG", 3);
  gint64 id = count_sql ("SELECT id FROM accounts WHERE code = '%s-2'", "CHG");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) patched = rapport_test_request (server, "PATCH", path, importer,
                                                             "{\"version\":1,\"name\":\"Changed since\"}");
  g_autoptr(RapportTestReply) refused = NULL;
  g_autoptr(RapportTestReply) by_admin = NULL;
  JsonArray *changed;
  JsonObject *item;

  if (patched->status != 200)
    g_error ("patch: %u %s", patched->status, patched->body);
  refused = undo (importer, batch);
  g_assert_cmpuint (refused->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_code (refused), ==, "conflict");
  changed = json_object_get_array_member (rapport_test_reply_object (refused), "changed");
  g_assert_cmpuint (json_array_get_length (changed), ==, 1);
  item = json_array_get_object_element (changed, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "entity"), ==, "account");
  g_assert_cmpint (json_object_get_int_member (item, "id"), ==, id);
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM accounts WHERE archived = 0 AND code LIKE '%s-%%'", "CHG"), ==, 3);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM import_batches WHERE undone_at IS NULL AND id = %"
                                        G_GINT64_FORMAT, batch), ==, 1);
  /* an administrator is refused the same way */
  by_admin = undo (server->admin_token, batch);
  g_assert_cmpuint (by_admin->status, ==, 409);
}

/* the bad rows of good_rows are counted, not kept; an unknown batch is 404; a bad progress token 400 */
static void
test_edges (void)
{
  g_autoptr(RapportTestReply) partial = import (importer, "?mode=good_rows", "Name,Code\r\nEdge one,EDGE-1\r\n,EDGE-2\r\n");
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) read = NULL;
  g_autoptr(RapportTestReply) missing = undo (importer, 999999);
  g_autoptr(RapportTestReply) bad_token = import (importer, "?progress=not%20a%20token", "Name\r\nNever\r\n");
  g_autoptr(RapportTestReply) long_token = NULL;
  g_autofree char *long_query = g_strdup_printf ("?progress=%065d", 1);

  g_assert_cmpuint (partial->status, ==, 201);
  path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, rapport_test_reply_int (partial, "batch_id"));
  read = rapport_test_request (server, "GET", path, importer, NULL);
  g_assert_cmpint (json_object_get_int_member (rapport_test_reply_object (read), "created"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (rapport_test_reply_object (read), "rejected"), ==, 1);
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpuint (bad_token->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_token), ==, "progress");
  long_token = import (importer, long_query, "Name\r\nNever\r\n");
  g_assert_cmpuint (long_token->status, ==, 400);
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM accounts WHERE name = '%s'", "Never"), ==, 0);
}

/* on_duplicate=update: undone, the record has its values before the import
 * again; on_duplicate=skip: counted */
static void
test_updated (void)
{
  gint64 id = rapport_test_create (server, importer, "accounts",
                                   "{\"name\":\"Updated one\",\"code\":\"UPD-1\",\"region\":\"North\"}");
  g_autoptr(RapportTestReply) updated = import (importer, "?on_duplicate=update", "Name,Code,Region\r\nUpdated one,UPD-1,South\r\n");
  g_autoptr(RapportTestReply) skipped = import (importer, "?on_duplicate=skip", "Name,Code,Region\r\nUpdated one,UPD-1,West\r\n");
  g_autofree char *path = NULL;
  g_autofree char *skipped_path = NULL;
  g_autoptr(RapportTestReply) read = NULL;
  g_autoptr(RapportTestReply) read_skipped = NULL;
  g_autoptr(RapportTestReply) done = NULL;
  g_autofree char *reason = NULL;

  if (updated->status != 201)
    g_error ("import: %u %s", updated->status, updated->body);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE id = %" G_GINT64_FORMAT
                                         " AND region = 'South'", id), ==, 1);
  path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, rapport_test_reply_int (updated, "batch_id"));
  read = rapport_test_request (server, "GET", path, importer, NULL);
  g_assert_cmpint (json_object_get_int_member (rapport_test_reply_object (read), "updated"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (rapport_test_reply_object (read), "created"), ==, 0);
  g_assert_cmpuint (skipped->status, ==, 201);
  skipped_path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, rapport_test_reply_int (skipped, "batch_id"));
  read_skipped = rapport_test_request (server, "GET", skipped_path, importer, NULL);
  g_assert_cmpint (json_object_get_int_member (rapport_test_reply_object (read_skipped), "skipped"), ==, 1);

  done = undo (importer, rapport_test_reply_int (updated, "batch_id"));
  if (done->status != 200)
    g_error ("undo: %u %s", done->status, done->body);
  g_assert_cmpint (rapport_test_reply_int (done, "undone"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE id = %" G_GINT64_FORMAT
                                         " AND region = 'North' AND archived = 0", id), ==, 1);
  reason = g_strdup_printf ("Import %" G_GINT64_FORMAT " undone", rapport_test_reply_int (updated, "batch_id"));
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND action = 'update' "
                              "AND reason = '%s'", reason), ==, 1);
}

/* the accounts create_missing=accounts made for the rows kept are in the
 * batch and undone with it; a row rejected takes back the account it made,
 * and a later row naming that company gets one that exists */
static void
test_made_accounts (void)
{
  const char *rows = "name,account\r\nAmy Made,Made Co One\r\n,Made Co Two\r\nBea Made,Made Co Two\r\n"
                     "Cy Made,made co one\r\n";
  g_autoptr(GBytes) csv = g_bytes_new_static (rows, strlen (rows));
  g_autoptr(RapportTestReply) reply = rapport_test_request_full (server, "POST",
                                                                 "/api/v1/contacts/import?mode=good_rows&create_missing=accounts",
                                                                 importer, "text/csv", csv);
  g_autoptr(RapportTestReply) done = NULL;
  g_autofree char *reason = NULL;
  gint64 batch;

  if (reply->status != 201)
    g_error ("import: %u %s", reply->status, reply->body);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, 3);
  g_assert_cmpint (rapport_test_reply_int (reply, "created_references"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "rejected")), ==, 1);
  /* the company of the rejected row is made once, for the row kept, and points at an account that exists */
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM accounts WHERE name = '%s'", "Made Co Two"), ==, 1);
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM contacts c JOIN accounts a ON a.id = c.account_id "
                              "WHERE c.name = 'Bea Made' AND a.name = '%s'", "Made Co Two"), ==, 1);
  g_assert_cmpint (count_sql ("SELECT COUNT(DISTINCT account_id) FROM contacts WHERE name IN ('Amy Made', '%s')", "Cy Made"), ==, 1);

  batch = rapport_test_reply_int (reply, "batch_id");
  done = undo (importer, batch);
  if (done->status != 200)
    g_error ("undo: %u %s", done->status, done->body);
  /* three contacts and the two accounts made for them */
  g_assert_cmpint (rapport_test_reply_int (done, "undone"), ==, 5);
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM accounts WHERE archived = 0 AND name LIKE '%s'", "Made Co %"), ==, 0);
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM contacts WHERE archived = 0 AND name LIKE '%s'", "% Made"), ==, 0);
  reason = g_strdup_printf ("Import %" G_GINT64_FORMAT " undone", batch);
  g_assert_cmpint (count_sql ("SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND action = 'archive' "
                              "AND reason = '%s'", reason), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  /* rapportd itself stays English (LANG=C.UTF-8): undo asks for Chinese */
  g_autofree char *locale = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  locale = rapport_test_locale_compile ("zh_CN");
  server = rapport_test_server_start ();
  importer = rapport_test_server_add_user (server, "importer", "sales");
  other = rapport_test_server_add_user (server, "bystander", "sales");
  g_test_add_func ("/import-batches/listed", test_listed);
  g_test_add_func ("/import-batches/undo", test_undo);
  g_test_add_func ("/import-batches/changed", test_changed);
  g_test_add_func ("/import-batches/edges", test_edges);
  g_test_add_func ("/import-batches/updated", test_updated);
  g_test_add_func ("/import-batches/made-accounts", test_made_accounts);
  result = g_test_run ();
  g_free (importer);
  g_free (other);
  rapport_test_server_stop (server);
  return result;
}
