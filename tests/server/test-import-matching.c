/* test-import-matching.c: an import's references by meaning (an account by code or name, an owner by
 * login, "公司" as a contact's account; none found or two found reject the row; create_missing=accounts),
 * and what a row that matches a record does: on_duplicate=skip, update by code or by id, create; and
 * export.csv → a value changed → import.csv?on_duplicate=update changes it and duplicates nothing */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *manager;

static RapportTestReply *
import (const char *route,
        const char *query,
        const char *csv)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s%s", route, query ? query : "");
  g_autoptr(GBytes) body = g_bytes_new (csv, strlen (csv));

  return rapport_test_request_full (server, "POST", path, manager, "text/csv", body);
}

static gint64
create_account (const char *name,
                const char *code)
{
  g_autofree char *body = code ? g_strdup_printf ("{\"name\":\"%s\",\"code\":\"%s\",\"region\":\"East\"}", name, code)
                               : g_strdup_printf ("{\"name\":\"%s\",\"region\":\"East\"}", name);

  return rapport_test_create (server, manager, "accounts", body);
}

static JsonObject *
rejected_row (JsonObject *answer,
              guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (answer, "rejected"), index);
}

static gint64
contact_account (const char *name)
{
  return rapport_test_sql_int (server, "SELECT COALESCE(MAX(account_id), 0) FROM contacts WHERE name = '%s'", name);
}

/* by code, by name in any case, by id, the owner by login; none and two found are rejected, naming the field */
static void
test_references (void)
{
  gint64 alpha = create_account ("Ref Alpha", "RA-1");
  gint64 beta = create_account ("Ref Beta", NULL);
  gint64 me = rapport_test_user_id (server, manager);
  g_autofree char *csv = NULL;
  g_autoptr(RapportTestReply) reply = NULL;
  g_autoptr(RapportTestReply) chinese = NULL;
  JsonObject *answer;

  create_account ("Ref Twin", NULL);
  create_account ("Ref Twin", NULL);
  csv = g_strdup_printf ("name,account,owner_login\r\n"
                         "Ann Ref,RA-1,match-manager\r\n"
                         "Bob Ref,ref beta,\r\n"
                         "Cat Ref,No Such Company,\r\n"
                         "Dan Ref,Ref Twin,\r\n"
                         "Eve Ref,%" G_GINT64_FORMAT ",\r\n"
                         "Fay Ref,Ref Alpha,nobody-here\r\n", alpha);
  reply = import ("contacts/import", "?mode=good_rows", csv);
  g_assert_cmpuint (reply->status, ==, 201);
  answer = rapport_test_reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer, "columns"), "account"), ==, "account_id");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer, "columns"), "owner_login"), ==, "owner_id");
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 3);
  g_assert_cmpint (contact_account ("Ann Ref"), ==, alpha);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT owner_id FROM contacts WHERE name = 'Ann Ref'"), ==, me);
  g_assert_cmpint (contact_account ("Bob Ref"), ==, beta);
  g_assert_cmpint (contact_account ("Eve Ref"), ==, alpha);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "rejected")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (rejected_row (answer, 0), "row"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (rejected_row (answer, 0), "field"), ==, "account_id");
  g_assert_cmpstr (json_object_get_string_member (rejected_row (answer, 0), "value"), ==, "No Such Company");
  g_assert_nonnull (strstr (json_object_get_string_member (rejected_row (answer, 0), "reason"), "No account named “No Such Company”"));
  /* two accounts of that name: which one is not guessed */
  g_assert_cmpint (json_object_get_int_member (rejected_row (answer, 1), "row"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (rejected_row (answer, 1), "field"), ==, "account_id");
  g_assert_nonnull (strstr (json_object_get_string_member (rejected_row (answer, 1), "reason"), "Ref Twin"));
  g_assert_cmpint (json_object_get_int_member (rejected_row (answer, 2), "row"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (rejected_row (answer, 2), "field"), ==, "owner_id");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts WHERE name IN ('Cat Ref', 'Dan Ref', 'Fay Ref')"), ==, 0);

  /* a Chinese sheet: 公司 is the contact's account, 负责人 its owner */
  chinese = import ("contacts/import", NULL, "姓名,公司,负责人\r\n张三,Ref Alpha,match-manager\r\n");
  g_assert_cmpuint (chinese->status, ==, 201);
  g_assert_cmpint (contact_account ("张三"), ==, alpha);
}

/* create_missing=accounts makes the account a row names, the importer's, audited */
static void
test_create_missing (void)
{
  gint64 audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account'");
  g_autoptr(RapportTestReply) refused = import ("contacts/import", "?create_missing=everything", "name,account\r\nGus New,Brand New Co\r\n");
  g_autoptr(RapportTestReply) reply = import ("contacts/import", "?create_missing=accounts",
                                              "name,account\r\nGus New,Brand New Co\r\nHal New,brand new co\r\n");
  JsonObject *answer;

  g_assert_cmpuint (refused->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "create_missing");
  g_assert_cmpuint (reply->status, ==, 201);
  answer = rapport_test_reply_object (reply);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 2);
  /* the second row finds the account the first made */
  g_assert_cmpint (json_object_get_int_member (answer, "created_references"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Brand New Co'"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT owner_id FROM accounts WHERE name = 'Brand New Co'"), ==,
                   rapport_test_user_id (server, manager));
  g_assert_cmpint (contact_account ("Gus New"), ==, contact_account ("Hal New"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account'"), ==, audited + 1);

  /* a row refused takes back the account it made, and its count */
  {
    g_autoptr(RapportTestReply) partly = import ("contacts/import", "?create_missing=accounts&mode=good_rows",
                                                 "name,account,email\r\nIvy New,Doomed Co,not an email\r\n");

    g_assert_cmpuint (partly->status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (rapport_test_reply_object (partly), "created"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (rapport_test_reply_object (partly), "created_references"), ==, 0);
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Doomed Co'"), ==, 0);
  }
}

static gint64
matched_id (JsonObject *answer,
            const char *member,
            guint       index,
            guint       row)
{
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (answer, member), index);

  g_assert_cmpint (json_object_get_int_member (item, "row"), ==, row);
  return json_object_get_int_member (item, "id");
}

static char *
region_of (gint64 id)
{
  g_autofree char *query = g_strdup_printf ("SELECT region FROM accounts WHERE id = %" G_GINT64_FORMAT, id);
  char *region = rapport_test_server_sql (server, query);

  return g_strstrip (region);
}

/* skip leaves a matching row out; update by code or by id changes the record, audited; create ignores the id */
static void
test_policies (void)
{
  gint64 one = create_account ("Policy One", "POL-1");
  gint64 two = create_account ("Policy Two", "POL-2");
  gint64 version = rapport_test_sql_int (server, "SELECT version FROM accounts WHERE id = %" G_GINT64_FORMAT, one);
  gint64 audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND entity_id = %"
                                         G_GINT64_FORMAT, one);
  g_autofree char *by_id = g_strdup_printf ("id,region\r\n%" G_GINT64_FORMAT ",South\r\n", two);
  g_autofree char *copy = g_strdup_printf ("id,name\r\n%" G_GINT64_FORMAT ",Policy One Copy\r\n", one);
  g_autoptr(RapportTestReply) bad = import ("accounts/import", "?on_duplicate=merge", "name\r\nX\r\n");
  g_autoptr(RapportTestReply) skipped = import ("accounts/import", "?on_duplicate=skip",
                                                "name,code,region\r\nPolicy One Changed,POL-1,West\r\nPolicy Three,POL-3,North\r\n");
  g_autoptr(RapportTestReply) updated = NULL;
  g_autoptr(RapportTestReply) updated_by_id = NULL;
  g_autoptr(RapportTestReply) created = NULL;
  g_autofree char *region = NULL;
  JsonObject *answer;

  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "on_duplicate");

  g_assert_cmpuint (skipped->status, ==, 201);
  answer = rapport_test_reply_object (skipped);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "skipped")), ==, 1);
  g_assert_cmpint (matched_id (answer, "skipped", 0, 1), ==, one);
  region = region_of (one);
  g_assert_cmpstr (region, ==, "East");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE code = 'POL-3'"), ==, 1);

  /* by code: only the row's cells that have a value change the record */
  updated = import ("accounts/import", "?on_duplicate=update", "name,code,region\r\n,POL-1,West\r\n");
  g_assert_cmpuint (updated->status, ==, 201);
  answer = rapport_test_reply_object (updated);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 0);
  g_assert_cmpint (matched_id (answer, "updated", 0, 1), ==, one);
  g_free (region);
  region = region_of (one);
  g_assert_cmpstr (region, ==, "West");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Policy One'"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT version FROM accounts WHERE id = %" G_GINT64_FORMAT, one), ==, version + 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND entity_id = %"
                                         G_GINT64_FORMAT, one), ==, audited + 1);

  /* by id, through import.csv too */
  updated_by_id = import ("accounts/import.csv", "?on_duplicate=update", by_id);
  g_assert_cmpuint (updated_by_id->status, ==, 201);
  g_assert_cmpint (matched_id (rapport_test_reply_object (updated_by_id), "updated", 0, 1), ==, two);
  g_free (region);
  region = region_of (two);
  g_assert_cmpstr (region, ==, "South");

  /* create, the default, makes a new record whatever id the row carries */
  created = import ("accounts/import", NULL, copy);
  g_assert_cmpuint (created->status, ==, 201);
  answer = rapport_test_reply_object (created);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 1);
  g_assert_false (json_object_has_member (answer, "updated"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Policy One Copy' AND id <> %"
                                         G_GINT64_FORMAT, one), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE id = %" G_GINT64_FORMAT
                                         " AND name = 'Policy One'", one), ==, 1);
}

/* a row without id or code matches by the duplicate checks, where the best scores 0.9 or more */
static void
test_close_match (void)
{
  gint64 id = rapport_test_create (server, manager, "accounts", "{\"name\":\"Close Match Trading\",\"phone\":\"021 5555 0101\"}");
  g_autoptr(RapportTestReply) reply = import ("accounts/import", "?on_duplicate=skip",
                                              "name,phone\r\nClose Match Trading,021 5555 0101\r\nFar Away Holdings,021 5555 0199\r\n");
  JsonObject *answer;

  g_assert_cmpuint (reply->status, ==, 201);
  answer = rapport_test_reply_object (reply);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 1);
  g_assert_cmpint (matched_id (answer, "skipped", 0, 1), ==, id);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Close Match Trading'"), ==, 1);
}

/* export.csv, a value changed, import.csv?on_duplicate=update: changed, nothing duplicated */
static void
test_round_trip (void)
{
  gint64 id = rapport_test_create (server, manager, "accounts",
                                   "{\"name\":\"Trip Co\",\"code\":\"TRIP-1\",\"region\":\"Old Region\",\"tags\":[\"a\"]}");
  g_autoptr(RapportTestReply) exported = rapport_test_request (server, "GET", "/api/v1/accounts/export.csv?q=Trip%20Co", manager, NULL);
  g_autoptr(RapportTestReply) imported = NULL;
  g_autoptr(GString) changed = NULL;
  g_autofree char *region = NULL;
  JsonObject *answer;

  g_assert_cmpuint (exported->status, ==, 200);
  changed = g_string_new (exported->body);
  g_assert_cmpuint (g_string_replace (changed, "Old Region", "New Region", 0), ==, 1);
  imported = import ("accounts/import.csv", "?on_duplicate=update", changed->str);
  g_assert_cmpuint (imported->status, ==, 201);
  answer = rapport_test_reply_object (imported);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 0);
  g_assert_cmpint (matched_id (answer, "updated", 0, 1), ==, id);
  region = region_of (id);
  g_assert_cmpstr (region, ==, "New Region");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Trip Co'"), ==, 1);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "match-manager", "manager");

  g_test_add_func ("/import-matching/references", test_references);
  g_test_add_func ("/import-matching/create-missing", test_create_missing);
  g_test_add_func ("/import-matching/policies", test_policies);
  g_test_add_func ("/import-matching/close-match", test_close_match);
  g_test_add_func ("/import-matching/round-trip", test_round_trip);
  status = g_test_run ();
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
