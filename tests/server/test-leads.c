/* test-leads.c: leads through the generic API, their status rules and their conversion */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;
static char *bob;

static char *
lead_path (gint64      id,
           const char *verb)
{
  if (verb != NULL)
    return g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/%s", id, verb);
  return g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT, id);
}

static RapportTestReply *
get_lead (const char *token,
          gint64      id)
{
  g_autofree char *path = lead_path (id, NULL);

  return rapport_test_request (server, "GET", path, token, NULL);
}

static RapportTestReply *
set_status (gint64      id,
            const char *status,
            const char *extra)
{
  g_autoptr(RapportTestReply) current = get_lead (alice, id);
  g_autofree char *path = lead_path (id, NULL);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"%s\"%s}",
                                           rapport_test_reply_int (current, "version"), status,
                                           extra ? extra : "");

  return rapport_test_request (server, "PATCH", path, alice, body);
}

static void
test_crud (void)
{
  g_autoptr(RapportTestReply) created = rapport_test_request (server, "POST", "/api/v1/leads", alice,
                                                              "{\"company\":\"上海康泰医疗器械有限公司\",\"person\":\"王芳\","
                                                              "\"mobile\":\"138 0013 8000\",\"email\":\"wang@kangtai.example\","
                                                              "\"industry\":\"medical_devices\",\"source\":\"exhibition\","
                                                              "\"source_detail\":\"CMEF 2026\",\"score\":70}");
  g_autoptr(RapportTestReply) bad_score = rapport_test_request (server, "POST", "/api/v1/leads", alice,
                                                                "{\"company\":\"Too Keen Ltd\",\"score\":101}");
  g_autoptr(RapportTestReply) bad_source = rapport_test_request (server, "POST", "/api/v1/leads", alice,
                                                                 "{\"company\":\"Nowhere Ltd\",\"source\":\"billboard\"}");
  g_autoptr(RapportTestReply) no_company = rapport_test_request (server, "POST", "/api/v1/leads", alice,
                                                                 "{\"person\":\"Nobody\"}");
  g_autoptr(RapportTestReply) found = NULL;
  g_autoptr(RapportTestReply) by_pinyin = NULL;
  g_autoptr(RapportTestReply) by_phone = NULL;
  g_autoptr(RapportTestReply) filtered = NULL;
  g_autoptr(RapportTestReply) patched = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");
  g_assert_cmpstr (rapport_test_reply_string (created, "status"), ==, "new");
  g_assert_cmpint (rapport_test_reply_int (created, "score"), ==, 70);
  g_assert_cmpstr (rapport_test_reply_string (created, "owner_name"), !=, NULL);
  g_assert_cmpuint (bad_score->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_score), ==, "score");
  g_assert_cmpuint (bad_source->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_source), ==, "source");
  g_assert_cmpuint (no_company->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_company), ==, "company");

  /* the searchable fields are indexed like any other entity's: Chinese, pinyin, digits of a phone */
  found = rapport_test_request (server, "GET", "/api/v1/leads?q=康泰", alice, NULL);
  by_pinyin = rapport_test_request (server, "GET", "/api/v1/leads?q=kangtai", alice, NULL);
  by_phone = rapport_test_request (server, "GET", "/api/v1/leads?q=13800138000", alice, NULL);
  filtered = rapport_test_request (server, "GET", "/api/v1/leads?status=new&source=exhibition", alice, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (found), "items")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (by_pinyin), "items")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (by_phone), "items")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (filtered), "items")), >=, 1);

  path = lead_path (id, NULL);
  patched = rapport_test_request (server, "PATCH", path, alice, "{\"version\":1,\"score\":85,\"region\":\"华东\"}");
  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (patched, "score"), ==, 85);
  g_assert_cmpint (rapport_test_reply_int (patched, "version"), ==, 2);
}

static void
test_read_only_fields (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Planted Account\"}");
  g_autofree char *body = g_strdup_printf ("{\"company\":\"Planting Ltd\",\"converted_account_id\":%" G_GINT64_FORMAT
                                           ",\"last_activity_at\":\"2020-01-01T00:00:00Z\"}", account);
  g_autoptr(RapportTestReply) created = rapport_test_request (server, "POST", "/api/v1/leads", alice, body);
  g_autoptr(RapportTestReply) as_converted = rapport_test_request (server, "POST", "/api/v1/leads", alice,
                                                                   "{\"company\":\"Born Converted Ltd\",\"status\":\"converted\"}");

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (created), "converted_account_id")));
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (created), "last_activity_at")));
  /* a lead starts new */
  g_assert_cmpuint (as_converted->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (as_converted), ==, "status");
}

static void
test_transitions (void)
{
  gint64 id = rapport_test_create (server, alice, "leads", "{\"company\":\"Stepwise Trading\"}");
  g_autoptr(RapportTestReply) skip = set_status (id, "qualified", NULL);
  g_autoptr(RapportTestReply) convert = set_status (id, "converted", NULL);
  g_autoptr(RapportTestReply) working = set_status (id, "working", NULL);
  g_autoptr(RapportTestReply) back = set_status (id, "new", NULL);
  g_autoptr(RapportTestReply) qualified = set_status (id, "qualified", NULL);
  g_autoptr(RapportTestReply) no_reason = set_status (id, "disqualified", NULL);
  g_autoptr(RapportTestReply) blank_reason = set_status (id, "disqualified", ",\"disqualify_reason\":\"   \"");
  g_autoptr(RapportTestReply) disqualified = set_status (id, "disqualified", ",\"disqualify_reason\":\"No budget this year\"");
  g_autoptr(RapportTestReply) to_qualified = set_status (id, "qualified", NULL);
  g_autoptr(RapportTestReply) reopened = set_status (id, "working", NULL);
  g_autoptr(RapportTestReply) unknown = set_status (id, "sleeping", NULL);
  g_autoptr(RapportTestReply) stored = get_lead (alice, id);

  g_assert_cmpuint (skip->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (skip), ==, "status");
  g_assert_cmpuint (convert->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (convert), ==, "status");
  g_assert_cmpuint (working->status, ==, 200);
  g_assert_cmpuint (back->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (back), ==, "status");
  g_assert_cmpuint (qualified->status, ==, 200);
  g_assert_cmpuint (no_reason->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_reason), ==, "disqualify_reason");
  g_assert_cmpuint (blank_reason->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (blank_reason), ==, "disqualify_reason");
  g_assert_cmpuint (disqualified->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (disqualified, "disqualify_reason"), ==, "No budget this year");
  g_assert_cmpuint (to_qualified->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (to_qualified), ==, "status");
  g_assert_cmpuint (reopened->status, ==, 200);
  g_assert_cmpuint (unknown->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (unknown), ==, "status");
  g_assert_cmpstr (rapport_test_reply_string (stored, "status"), ==, "working");
}

static void
test_convert (void)
{
  gint64 id = rapport_test_create (server, alice, "leads",
                                   "{\"company\":\"杭州云帆科技有限公司\",\"person\":\"李雷\",\"title\":\"采购经理\","
                                   "\"mobile\":\"13912345678\",\"email\":\"lilei@yunfan.example\",\"phone\":\"0571-88886666\","
                                   "\"region\":\"华东\",\"industry\":\"technology\",\"source\":\"exhibition\"}");
  g_autofree char *path = lead_path (id, "convert");
  g_autoptr(RapportTestReply) converted = rapport_test_request (server, "POST", path, alice, NULL);
  g_autoptr(RapportTestReply) twice = NULL;
  g_autoptr(RapportTestReply) patch_after = NULL;
  g_autoptr(RapportTestReply) lead = NULL;
  g_autofree char *lead_only = lead_path (id, NULL);
  g_autofree char *patch_body = NULL;
  g_autofree char *audited = NULL;
  JsonObject *answer, *account, *contact, *stored;
  gint64 account_id, contact_id;

  g_assert_cmpuint (converted->status, ==, 200);
  answer = rapport_test_reply_object (converted);
  account = json_object_get_object_member (answer, "account");
  contact = json_object_get_object_member (answer, "contact");
  stored = json_object_get_object_member (answer, "lead");
  account_id = json_object_get_int_member (account, "id");
  contact_id = json_object_get_int_member (contact, "id");
  g_assert_cmpstr (json_object_get_string_member (account, "name"), ==, "杭州云帆科技有限公司");
  g_assert_cmpstr (json_object_get_string_member (account, "phone"), ==, "0571-88886666");
  g_assert_cmpstr (json_object_get_string_member (account, "region"), ==, "华东");
  g_assert_cmpstr (json_object_get_string_member (account, "industry"), ==, "technology");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "trade_show");
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "李雷");
  g_assert_cmpstr (json_object_get_string_member (contact, "title"), ==, "采购经理");
  g_assert_cmpstr (json_object_get_string_member (contact, "mobile"), ==, "13912345678");
  g_assert_cmpint (json_object_get_int_member (contact, "account_id"), ==, account_id);
  g_assert_cmpint (json_object_get_int_member (account, "owner_id"), ==, json_object_get_int_member (stored, "owner_id"));
  g_assert_cmpstr (json_object_get_string_member (stored, "status"), ==, "converted");
  g_assert_cmpint (json_object_get_int_member (stored, "converted_account_id"), ==, account_id);
  g_assert_cmpint (json_object_get_int_member (stored, "converted_contact_id"), ==, contact_id);
  g_assert_false (json_node_is_null (json_object_get_member (stored, "last_activity_at")));

  /* every record's write is in the audit trail */
  audited = g_strdup_printf ("SELECT CONCAT(entity, ':', action) FROM audit_log WHERE "
                             "(entity = 'account' AND entity_id = %" G_GINT64_FORMAT ") OR "
                             "(entity = 'contact' AND entity_id = %" G_GINT64_FORMAT ") OR "
                             "(entity = 'lead' AND entity_id = %" G_GINT64_FORMAT ") ORDER BY id",
                             account_id, contact_id, id);
  {
    g_autofree char *trail = rapport_test_server_sql (server, audited);

    g_assert_cmpstr (g_strchomp (trail), ==, "lead:create\naccount:create\ncontact:create\nlead:update");
  }

  twice = rapport_test_request (server, "POST", path, alice, NULL);
  g_assert_cmpuint (twice->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_code (twice), ==, "conflict");

  /* a converted lead stays as it was converted */
  patch_body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"notes\":\"later\"}",
                                json_object_get_int_member (stored, "version"));
  patch_after = rapport_test_request (server, "PATCH", lead_only, alice, patch_body);
  g_assert_cmpuint (patch_after->status, ==, 423);
  lead = get_lead (alice, id);
  g_assert_cmpstr (rapport_test_reply_string (lead, "status"), ==, "converted");
}

static void
test_convert_all_or_nothing (void)
{
  /* a lead's title may be longer than a contact's: the contact is refused after the account was made */
  g_autofree char *long_title = g_strnfill (150, 'T');
  g_autofree char *body = g_strdup_printf ("{\"company\":\"Atomic Rollback Instruments\",\"person\":\"Ada Roll\",\"title\":\"%s\"}",
                                           long_title);
  gint64 id = rapport_test_create (server, alice, "leads", body);
  g_autofree char *path = lead_path (id, "convert");
  gint64 accounts_before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts");
  gint64 audit_before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log");
  g_autoptr(RapportTestReply) failed = rapport_test_request (server, "POST", path, alice, NULL);
  g_autoptr(RapportTestReply) lead = get_lead (alice, id);
  g_autoptr(RapportTestReply) without_person = NULL;
  g_autoptr(RapportTestReply) without_contact = NULL;
  gint64 bare;
  g_autofree char *bare_path = NULL;

  g_assert_cmpuint (failed->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (failed), ==, "title");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts"), ==, accounts_before);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Atomic Rollback Instruments'"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log"), ==, audit_before);
  g_assert_cmpstr (rapport_test_reply_string (lead, "status"), ==, "new");
  g_assert_cmpint (rapport_test_reply_int (lead, "version"), ==, 1);
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (lead), "converted_account_id")));

  /* a lead without a person converts only without a contact */
  bare = rapport_test_create (server, alice, "leads", "{\"company\":\"Faceless Holdings\"}");
  bare_path = lead_path (bare, "convert");
  without_person = rapport_test_request (server, "POST", bare_path, alice, "{}");
  g_assert_cmpuint (without_person->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (without_person), ==, "person");
  without_contact = rapport_test_request (server, "POST", bare_path, alice, "{\"create_contact\":false}");
  g_assert_cmpuint (without_contact->status, ==, 200);
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (without_contact), "contact")));
}

static void
test_convert_to_existing_account (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Existing Customer Co\"}");
  gint64 bobs_account = rapport_test_create (server, bob, "accounts", "{\"name\":\"Bob Only Co\"}");
  gint64 id = rapport_test_create (server, alice, "leads", "{\"company\":\"Existing Customer\",\"person\":\"New Face\"}");
  g_autofree char *path = lead_path (id, "convert");
  g_autofree char *hidden = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT "}", bobs_account);
  g_autofree char *link = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 accounts_before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts");
  g_autoptr(RapportTestReply) not_visible = rapport_test_request (server, "POST", path, alice, hidden);
  g_autoptr(RapportTestReply) bad_type = rapport_test_request (server, "POST", path, alice, "{\"account_id\":\"1\"}");
  g_autoptr(RapportTestReply) unknown = rapport_test_request (server, "POST", path, alice, "{\"opportunity\":true}");
  g_autoptr(RapportTestReply) linked = rapport_test_request (server, "POST", path, alice, link);
  JsonObject *answer;

  g_assert_cmpuint (not_visible->status, ==, 404);
  g_assert_cmpstr (rapport_test_reply_error_field (not_visible), ==, "account_id");
  g_assert_cmpuint (bad_type->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_type), ==, "account_id");
  g_assert_cmpuint (unknown->status, ==, 422);
  g_assert_cmpuint (linked->status, ==, 200);
  answer = rapport_test_reply_object (linked);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (answer, "account"), "id"), ==, account);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (answer, "contact"), "account_id"), ==, account);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts"), ==, accounts_before);
}

static void
test_disqualified_not_converted (void)
{
  gint64 id = rapport_test_create (server, alice, "leads", "{\"company\":\"Dead End Ltd\",\"person\":\"Nemo\"}");
  g_autoptr(RapportTestReply) disqualified = set_status (id, "disqualified", ",\"disqualify_reason\":\"Competitor\"");
  g_autofree char *path = lead_path (id, "convert");
  g_autoptr(RapportTestReply) converted = rapport_test_request (server, "POST", path, alice, NULL);

  g_assert_cmpuint (disqualified->status, ==, 200);
  g_assert_cmpuint (converted->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (converted), ==, "status");
}

static void
test_scopes (void)
{
  gint64 id = rapport_test_create (server, alice, "leads", "{\"company\":\"Alice Private Lead\",\"person\":\"Secret\"}");
  g_autoptr(RapportTestReply) bob_reads = get_lead (bob, id);
  g_autofree char *path = lead_path (id, "convert");
  g_autoptr(RapportTestReply) bob_converts = rapport_test_request (server, "POST", path, bob, NULL);
  g_autoptr(RapportTestReply) bob_lists = rapport_test_request (server, "GET", "/api/v1/leads?q=Alice%20Private", bob, NULL);
  g_autofree char *auditor = rapport_test_server_add_user (server, "audrey", "auditor");
  g_autoptr(RapportTestReply) auditor_reads = get_lead (auditor, id);
  g_autoptr(RapportTestReply) auditor_creates = rapport_test_request (server, "POST", "/api/v1/leads", auditor,
                                                                      "{\"company\":\"Auditor Lead\"}");

  g_assert_cmpuint (bob_reads->status, ==, 404);
  g_assert_cmpuint (bob_converts->status, ==, 404);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (bob_lists), "items")), ==, 0);
  /* an auditor reads every lead and changes none */
  g_assert_cmpuint (auditor_reads->status, ==, 200);
  g_assert_cmpuint (auditor_creates->status, ==, 403);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM role_scopes WHERE entity = 'lead'"), ==,
                   rapport_test_sql_int (server, "SELECT COUNT(*) FROM role_scopes WHERE entity = 'account'"));
}

static void
test_import_and_global_search (void)
{
  const char *csv = "company,person,mobile,source,score\r\n"
                    "宁波海曙光学仪器有限公司,陈静,13600001111,web_form,40\r\n"
                    "Harbour Optics Ltd,Jing Chen,,partner,55\r\n";
  g_autoptr(GBytes) body = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(RapportTestReply) bad_status = NULL;
  g_autoptr(RapportTestReply) imported = rapport_test_request_full (server, "POST", "/api/v1/leads/import.csv", alice,
                                                                    "text/csv", body);
  g_autoptr(RapportTestReply) listed = rapport_test_request (server, "GET", "/api/v1/leads?q=海曙光学", alice, NULL);
  g_autoptr(RapportTestReply) found = rapport_test_request (server, "GET", "/api/v1/search?q=海曙光学", alice, NULL);
  const char *bad_csv = "company,status\r\nSkipping Ltd,qualified\r\n";
  g_autoptr(GBytes) bad_body = g_bytes_new_static (bad_csv, strlen (bad_csv));
  JsonArray *groups;
  gboolean leads_found = FALSE;
  JsonObject *row;

  g_assert_cmpuint (imported->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (imported, "created"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (listed), "items")), ==, 1);
  row = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (listed), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (row, "source"), ==, "web_form");

  /* the global search finds leads under their company's name */
  g_assert_cmpuint (found->status, ==, 200);
  groups = json_object_get_array_member (rapport_test_reply_object (found), "groups");
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *group = json_array_get_object_element (groups, i);
      JsonArray *items = json_object_get_array_member (group, "items");

      if (g_str_equal (json_object_get_string_member (group, "entity"), "leads"))
        {
          leads_found = TRUE;
          g_assert_cmpuint (json_array_get_length (items), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "title"), ==,
                           "宁波海曙光学仪器有限公司");
        }
    }
  g_assert_true (leads_found);

  /* an import starts each lead where a create does */
  bad_status = rapport_test_request_full (server, "POST", "/api/v1/leads/import.csv", alice, "text/csv", bad_body);
  g_assert_cmpuint (bad_status->status, ==, 422);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company = 'Skipping Ltd'"), ==, 0);
}

static void
test_pool_lead (void)
{
  g_autofree char *director = rapport_test_server_add_user (server, "dina", "director");
  g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", director, NULL);
  gint64 id = rapport_test_create (server, director, "leads", "{\"company\":\"Pool Side Trading\",\"person\":\"Pat Pool\"}");
  g_autofree char *path = lead_path (id, NULL);
  g_autofree char *convert = lead_path (id, "convert");
  g_autoptr(RapportTestReply) pooled = rapport_test_request (server, "PATCH", path, director, "{\"version\":1,\"owner_id\":null}");
  g_autoptr(RapportTestReply) rep_reads = get_lead (alice, id);
  g_autoptr(RapportTestReply) converted = NULL;
  JsonObject *account;

  /* a lead without an owner is in the pool: only a company scope sees it */
  g_assert_cmpuint (pooled->status, ==, 200);
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (pooled), "owner_id")));
  g_assert_cmpuint (rep_reads->status, ==, 404);

  /* converted, its account and contact are owned by whoever converted it */
  converted = rapport_test_request (server, "POST", convert, director, NULL);
  g_assert_cmpuint (converted->status, ==, 200);
  account = json_object_get_object_member (rapport_test_reply_object (converted), "account");
  g_assert_cmpint (json_object_get_int_member (account, "owner_id"), ==, rapport_test_reply_int (me, "id"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (rapport_test_reply_object (converted), "contact"),
                                              "owner_id"), ==, rapport_test_reply_int (me, "id"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  alice = rapport_test_server_add_user (server, "alice", "sales");
  bob = rapport_test_server_add_user (server, "bob", "sales");

  g_test_add_func ("/leads/crud", test_crud);
  g_test_add_func ("/leads/read-only-fields", test_read_only_fields);
  g_test_add_func ("/leads/transitions", test_transitions);
  g_test_add_func ("/leads/convert", test_convert);
  g_test_add_func ("/leads/convert-all-or-nothing", test_convert_all_or_nothing);
  g_test_add_func ("/leads/convert-to-existing-account", test_convert_to_existing_account);
  g_test_add_func ("/leads/disqualified-not-converted", test_disqualified_not_converted);
  g_test_add_func ("/leads/scopes", test_scopes);
  g_test_add_func ("/leads/import-and-global-search", test_import_and_global_search);
  g_test_add_func ("/leads/pool-lead", test_pool_lead);

  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  rapport_test_server_stop (server);
  return status;
}
