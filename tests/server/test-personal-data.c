/* test-personal-data.c: export (Art. 15/20), restriction (18), erasure by crypto-shredding (17), legal hold */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static gint64 contact;
static char *contact_path;

#define TOKEN (server->admin_token)

static char *
sub (const char *suffix)
{
  return g_strdup_printf ("%s/%s", contact_path, suffix);
}

static gint64
version (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", contact_path, TOKEN, NULL);

  return rapport_test_reply_int (reply, "version");
}

static void
test_sealed_in_the_trail (void)
{
  g_autofree char *patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"email\":\"new.address@example.cn\"}", version ());
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", contact_path, TOKEN, patch);
  g_autofree char *clear = NULL;
  g_autofree char *sealed = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  /* the trail holds no personal value in clear, only sealed ones */
  clear = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'contact' AND "
                                   "(after_json LIKE '%new.address%' OR after_json LIKE '%欧阳%' OR before_json LIKE '%mei.ouyang%')");
  g_assert_cmpint (g_ascii_strtoll (clear, NULL, 10), ==, 0);
  sealed = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'contact' AND after_json LIKE '%sealed:v1:%'");
  g_assert_cmpint (g_ascii_strtoll (sealed, NULL, 10), >=, 2);
}

static void
test_export (void)
{
  g_autofree char *path = sub ("personal-data");
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, TOKEN, NULL);
  g_autofree char *audited = NULL;
  JsonObject *subject;
  JsonArray *history;

  g_assert_cmpuint (reply->status, ==, 200);
  subject = json_object_get_object_member (rapport_test_reply_object (reply), "subject");
  g_assert_cmpstr (json_object_get_string_member (subject, "name"), ==, "欧阳美");
  history = json_object_get_array_member (rapport_test_reply_object (reply), "history");
  g_assert_cmpuint (json_array_get_length (history), >=, 2);
  /* the history, opened: the old address and the new */
  g_assert_nonnull (strstr (reply->body, "mei.ouyang@example.cn"));
  g_assert_nonnull (strstr (reply->body, "new.address@example.cn"));

  audited = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export_personal_data'");
  g_assert_cmpint (g_ascii_strtoll (audited, NULL, 10), ==, 1);
}

static void
test_history (void)
{
  g_autofree char *path = sub ("history");
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, TOKEN, NULL);
  JsonArray *items;
  JsonObject *update;
  JsonArray *changes;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "action"), ==, "create");
  update = json_array_get_object_element (items, 1);
  g_assert_cmpstr (json_object_get_string_member (update, "action"), ==, "update");
  g_assert_cmpstr (json_object_get_string_member (update, "actor"), ==, "Administrator");
  /* only what changed, opened */
  changes = json_object_get_array_member (update, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "field"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "before"), ==, "mei.ouyang@example.cn");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "after"), ==, "new.address@example.cn");
}

static guint
csv_lines_with (const char *needle)
{
  g_autoptr(RapportTestReply) reply = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  reply = rapport_test_request (server, "GET", "/api/v1/contacts/export.csv", TOKEN, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  lines = g_strsplit (reply->body, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "\"id\",\"version\""));
  for (guint i = 1; lines[i]; i++)
    if (strstr (lines[i], needle))
      n++;
  return n;
}

static void
test_csv_export (void)
{
  gint64 account = rapport_test_create_named (server, "Export Check Co");
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"=HYPERLINK(\\\"http://x\\\")\","
                                           "\"title\":\"Says \\\"hi\\\", twice\"}", account);
  g_autofree char *audited = NULL;

  rapport_test_create (server, TOKEN, "contacts", body);
  g_assert_cmpuint (csv_lines_with ("欧阳美"), ==, 1);
  /* quotes doubled, a formula defused */
  g_assert_cmpuint (csv_lines_with ("\"'=HYPERLINK(\"\"http://x\"\")\""), ==, 1);
  g_assert_cmpuint (csv_lines_with ("\"Says \"\"hi\"\", twice\""), ==, 1);
  audited = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity = 'contact'");
  g_assert_cmpint (g_ascii_strtoll (audited, NULL, 10), ==, 3);
}

static void
test_restriction (void)
{
  g_autofree char *path = sub ("restrict");
  g_autofree char *patch = NULL;
  g_autoptr(RapportTestReply) restricted = rapport_test_request (server, "POST", path, TOKEN, "{\"restricted\":true}");
  g_autoptr(RapportTestReply) refused = NULL;
  g_autoptr(RapportTestReply) lifted = NULL;
  g_autoptr(RapportTestReply) allowed = NULL;

  g_assert_cmpuint (restricted->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (restricted), "restricted"));
  patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"title\":\"CEO\"}", version ());
  refused = rapport_test_request (server, "PATCH", contact_path, TOKEN, patch);
  g_assert_cmpuint (refused->status, ==, 423);
  g_assert_cmpstr (rapport_test_reply_error_code (refused), ==, "locked");
  /* and kept out of exports */
  g_assert_cmpuint (csv_lines_with ("欧阳美"), ==, 0);

  lifted = rapport_test_request (server, "POST", path, TOKEN, "{\"restricted\":false}");
  g_assert_cmpuint (lifted->status, ==, 200);
  g_free (patch);
  patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"title\":\"CEO\"}", version ());
  allowed = rapport_test_request (server, "PATCH", contact_path, TOKEN, patch);
  g_assert_cmpuint (allowed->status, ==, 200);
}

static void
test_legal_hold_then_erasure (void)
{
  g_autofree char *hold = sub ("legal-hold");
  g_autofree char *erase = sub ("erase");
  g_autofree char *export = sub ("personal-data");
  g_autofree char *keys = NULL;
  g_autofree char *output = NULL;
  g_autoptr(RapportTestReply) no_reason = rapport_test_request (server, "POST", hold, TOKEN, "{\"hold\":true}");
  g_autoptr(RapportTestReply) held = rapport_test_request (server, "POST", hold, TOKEN,
                                                           "{\"hold\":true,\"reason\":\"Pharmacovigilance case 2026-17\"}");
  g_autoptr(RapportTestReply) blocked = rapport_test_request (server, "POST", erase, TOKEN, NULL);
  g_autoptr(RapportTestReply) released = NULL;
  g_autoptr(RapportTestReply) erased = NULL;
  g_autoptr(RapportTestReply) after = NULL;
  g_autoptr(RapportTestReply) history = NULL;

  g_assert_cmpuint (no_reason->status, ==, 422);
  g_assert_cmpuint (held->status, ==, 200);
  /* held: erasure refused, and says why */
  g_assert_cmpuint (blocked->status, ==, 409);
  g_assert_nonnull (strstr (blocked->body, "Pharmacovigilance case 2026-17"));

  released = rapport_test_request (server, "POST", hold, TOKEN, "{\"hold\":false}");
  g_assert_cmpuint (released->status, ==, 200);
  erased = rapport_test_request (server, "POST", erase, TOKEN, NULL);
  g_assert_cmpuint (erased->status, ==, 200);

  /* the live record keeps nothing personal */
  after = rapport_test_request (server, "GET", contact_path, TOKEN, NULL);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_null (strstr (after->body, "欧阳"));
  g_assert_null (strstr (after->body, "example.cn"));
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (after), "email"));
  g_assert_nonnull (rapport_test_reply_string (after, "erased_at"));

  /* the key is gone: the history can no longer be opened */
  {
    g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM person_keys WHERE entity = 'contact' "
                                              "AND record_id = %" G_GINT64_FORMAT, contact);
    keys = rapport_test_server_sql (server, query);
  }
  g_assert_cmpint (g_ascii_strtoll (keys, NULL, 10), ==, 0);
  history = rapport_test_request (server, "GET", export, TOKEN, NULL);
  g_assert_cmpuint (history->status, ==, 200);
  g_assert_null (strstr (history->body, "example.cn"));
  g_assert_null (strstr (history->body, "欧阳"));

  /* and the trail still proves itself intact */
  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);
}

static void
test_only_deciders (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "sam", "sales");
  g_autofree char *erase = sub ("erase");

  g_autoptr(RapportTestReply) by_sales = NULL;
  g_autoptr(RapportTestReply) not_people = NULL;

  g_assert_nonnull (token);
  /* erasure is a compliance decision, whatever the record */
  by_sales = rapport_test_request (server, "POST", erase, token, NULL);
  g_assert_cmpuint (by_sales->status, ==, 403);
  /* accounts are companies, not people */
  not_people = rapport_test_request (server, "POST", "/api/v1/accounts/1/erase", TOKEN, NULL);
  g_assert_cmpuint (not_people->status, ==, 404);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  gint64 account;
  g_autofree char *body = NULL;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  account = rapport_test_create_named (server, "Personal Data Pharma");
  body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"欧阳美\",\"email\":\"mei.ouyang@example.cn\","
                          "\"mobile\":\"+86 138 0000 0000\",\"birthday\":\"1985-03-08\"}", account);
  contact = rapport_test_create (server, TOKEN, "contacts", body);
  contact_path = g_strdup_printf ("/api/v1/contacts/%" G_GINT64_FORMAT, contact);

  g_test_add_func ("/personal-data/sealed-in-the-trail", test_sealed_in_the_trail);
  g_test_add_func ("/personal-data/export", test_export);
  g_test_add_func ("/personal-data/history", test_history);
  g_test_add_func ("/personal-data/csv-export", test_csv_export);
  g_test_add_func ("/personal-data/restriction", test_restriction);
  g_test_add_func ("/personal-data/legal-hold-then-erasure", test_legal_hold_then_erasure);
  g_test_add_func ("/personal-data/only-deciders", test_only_deciders);

  status = g_test_run ();
  g_free (contact_path);
  rapport_test_server_stop (server);
  return status;
}
