/* test-duplicates.c: possible duplicates on create and on demand, the block setting, against the real MariaDB */
#include "rapport-test-server.h"

#include <signal.h>
#include <string.h>

static RapportTestServer *server;
static char *alice;
static char *bob;

/* the reply's possible duplicates: of a created record, of GET …/duplicates, or of a 409 */
static JsonArray *
duplicates_of (RapportTestReply *reply)
{
  JsonObject *object = rapport_test_reply_object (reply);

  if (json_object_has_member (object, "error"))
    object = json_object_get_object_member (object, "error");
  g_assert_true (json_object_has_member (object, "possible_duplicates"));
  return json_object_get_array_member (object, "possible_duplicates");
}

/* the match for @entity @id, or NULL */
static JsonObject *
find_match (JsonArray  *matches,
            const char *entity,
            gint64      id)
{
  for (guint i = 0; i < json_array_get_length (matches); i++)
    {
      JsonObject *match = json_array_get_object_element (matches, i);

      if (g_str_equal (json_object_get_string_member (match, "entity"), entity) &&
          json_object_get_int_member (match, "id") == id)
        return match;
    }
  return NULL;
}

static RapportTestReply *
create (RapportTestServer *on,
        const char        *token,
        const char        *collection,
        const char        *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s", collection);
  RapportTestReply *reply = rapport_test_request (on, "POST", path, token, body);

  if (reply->status != 201)
    g_error ("creating %s: %u %s", body, reply->status, reply->body);
  return reply;
}

static RapportTestReply *
duplicates (const char *token,
            const char *collection,
            gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/duplicates", collection, id);
  RapportTestReply *reply = rapport_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return reply;
}

static void
assert_match (JsonArray  *matches,
              const char *entity,
              gint64      id,
              double      score,
              const char *rule)
{
  JsonObject *match = find_match (matches, entity, id);

  if (match == NULL)
    g_error ("no match %s %" G_GINT64_FORMAT, entity, id);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (match, "score"), score, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (match, "rule"), ==, rule);
}

/* 上海康泰医疗器械有限公司, "Kangtai Medical Devices Co., Ltd" and
 * 康泰医疗器械（上海）有限公司 with one mobile written three ways */
static void
test_three_spellings (void)
{
  g_autoptr(RapportTestReply) first = create (server, alice, "accounts",
                                              "{\"name\":\"上海康泰医疗器械有限公司\",\"phone\":\"13812345678\"}");
  gint64 shanghai = rapport_test_reply_int (first, "id");
  g_autoptr(RapportTestReply) english = create (server, alice, "accounts",
                                                "{\"name\":\"Kangtai Medical Devices Co., Ltd\"}");
  gint64 kangtai = rapport_test_reply_int (english, "id");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"李伟\",\"account_id\":%" G_GINT64_FORMAT ","
                                                   "\"mobile\":\"+86 138-1234-5678\"}", kangtai);
  g_autoptr(RapportTestReply) contact = create (server, alice, "contacts", contact_body);
  gint64 li = rapport_test_reply_int (contact, "id");
  g_autoptr(RapportTestReply) bracketed = create (server, alice, "accounts",
                                                  "{\"name\":\"康泰医疗器械（上海）有限公司\",\"phone\":\"138 1234 5678\"}");
  gint64 third = rapport_test_reply_int (bracketed, "id");
  g_autoptr(RapportTestReply) on_demand = duplicates (alice, "accounts", shanghai);
  JsonArray *matches;

  g_assert_cmpuint (json_array_get_length (duplicates_of (first)), ==, 0);
  /* a trade name alone is shared by too many companies */
  g_assert_null (find_match (duplicates_of (english), "account", shanghai));

  /* contact → account: its company's pinyin trade name and the mobile; not its own account */
  matches = duplicates_of (contact);
  assert_match (matches, "account", shanghai, 0.95, "similar_company+mobile");
  g_assert_null (find_match (matches, "account", kangtai));
  g_assert_cmpstr (json_object_get_string_member (find_match (matches, "account", shanghai), "name"), ==,
                   "上海康泰医疗器械有限公司");

  /* account → account and account → contact, best first */
  matches = duplicates_of (bracketed);
  g_assert_cmpuint (json_array_get_length (matches), >=, 2);
  assert_match (matches, "account", shanghai, 1.0, "company+mobile");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (matches, 0), "id"), ==, shanghai);
  assert_match (matches, "contact", li, 0.9, "mobile");
  /* the created record itself is there as usual */
  g_assert_cmpstr (rapport_test_reply_string (bracketed, "name"), ==, "康泰医疗器械（上海）有限公司");

  /* on demand, from the first record's side */
  matches = duplicates_of (on_demand);
  assert_match (matches, "account", third, 1.0, "company+mobile");
  assert_match (matches, "contact", li, 0.9, "mobile");
  g_assert_null (find_match (matches, "account", shanghai));
}

static void
test_other_company_and_email (void)
{
  g_autoptr(RapportTestReply) huamei = create (server, alice, "accounts",
                                               "{\"name\":\"上海华美医疗器械有限公司\",\"phone\":\"13900000001\"}");
  g_autoptr(RapportTestReply) account = create (server, alice, "accounts", "{\"name\":\"Email Test Works\"}");
  g_autofree char *first_body = g_strdup_printf ("{\"name\":\"王芳\",\"account_id\":%" G_GINT64_FORMAT ","
                                                 "\"email\":\"Wang.Fang@Example.CN\"}",
                                                 rapport_test_reply_int (account, "id"));
  g_autofree char *second_body = g_strdup_printf ("{\"name\":\"王芳 (2)\",\"account_id\":%" G_GINT64_FORMAT ","
                                                  "\"email\":\"WANG.FANG@example.cn\"}",
                                                  rapport_test_reply_int (account, "id"));
  g_autoptr(RapportTestReply) first = create (server, alice, "contacts", first_body);
  g_autoptr(RapportTestReply) second = create (server, alice, "contacts", second_body);
  JsonArray *matches = duplicates_of (huamei);

  /* 华美 is another company, whatever it shares with 康泰 */
  g_assert_cmpuint (json_array_get_length (matches), ==, 0);
  assert_match (duplicates_of (second), "contact", rapport_test_reply_int (first, "id"), 0.9, "email");
}

/* leads are checked and offered like accounts and contacts */
static void
test_leads (void)
{
  g_autoptr(RapportTestReply) account = create (server, alice, "accounts",
                                                "{\"name\":\"苏州恒瑞达精密机械有限公司\",\"phone\":\"13344445555\"}");
  g_autoptr(RapportTestReply) lead = create (server, alice, "leads",
                                             "{\"company\":\"恒瑞达精密机械（苏州）有限公司\",\"person\":\"陈静\","
                                             "\"mobile\":\"+86 133 4444 5555\",\"email\":\"chen.jing@hengruida.cn\"}");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"陈静\",\"account_id\":%" G_GINT64_FORMAT ","
                                                   "\"email\":\"Chen.Jing@HengRuiDa.cn\"}",
                                                   rapport_test_reply_int (account, "id"));
  g_autoptr(RapportTestReply) contact = create (server, alice, "contacts", contact_body);
  gint64 lead_id = rapport_test_reply_int (lead, "id");

  assert_match (duplicates_of (lead), "account", rapport_test_reply_int (account, "id"), 1.0, "company+mobile");
  /* the contact's account is its own, never offered; the lead shares its company and email */
  g_assert_null (find_match (duplicates_of (contact), "account", rapport_test_reply_int (account, "id")));
  assert_match (duplicates_of (contact), "lead", lead_id, 0.9, "email");
  g_assert_cmpstr (json_object_get_string_member (find_match (duplicates_of (contact), "lead", lead_id), "name"), ==,
                   "恒瑞达精密机械（苏州）有限公司");
}

/* a company key shared by very many rows does not crowd out a mobile match */
static void
test_common_key (void)
{
  g_autoptr(RapportTestReply) account = create (server, alice, "accounts", "{\"name\":\"宁波众合电器有限公司\"}");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"周涛\",\"account_id\":%" G_GINT64_FORMAT ","
                                                   "\"mobile\":\"13166667777\"}",
                                                   rapport_test_reply_int (account, "id"));
  g_autoptr(RapportTestReply) real = create (server, alice, "contacts", contact_body);
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) on_demand = NULL;
  g_autoptr(GString) insert = g_string_new ("INSERT INTO dedup_keys (entity, record_id, kind, dedup_key) VALUES ");
  g_autofree char *mobile_sql = NULL;
  g_autofree char *mobile_key = NULL;

  /* 1,500 other records (not there to read) whose company key is 华联电器 */
  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (insert, "%s('account', %u, 'company', '华联电器')", i ? ", " : "", 900000 + i);
  g_free (rapport_test_server_sql (server, insert->str));

  again = create (server, alice, "accounts", "{\"name\":\"华联电器有限公司\",\"phone\":\"131 6666 7777\"}");
  assert_match (duplicates_of (again), "contact", rapport_test_reply_int (real, "id"), 0.9, "mobile");

  /* 30 records that score higher (company and mobile) but are not there to
   * read come first: the names are read past them */
  mobile_sql = g_strdup_printf ("SELECT dedup_key FROM dedup_keys WHERE entity = 'contact' AND kind = 'mobile'"
                                " AND record_id = %" G_GINT64_FORMAT, rapport_test_reply_int (real, "id"));
  mobile_key = g_strstrip (rapport_test_server_sql (server, mobile_sql));
  g_string_assign (insert, "INSERT INTO dedup_keys (entity, record_id, kind, dedup_key) VALUES ");
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (insert, "%s('account', %u, 'mobile', '%s')", i ? ", " : "", 900000 + i, mobile_key);
  g_free (rapport_test_server_sql (server, insert->str));
  on_demand = duplicates (alice, "accounts", rapport_test_reply_int (again, "id"));
  assert_match (duplicates_of (on_demand), "contact", rapport_test_reply_int (real, "id"), 0.9, "mobile");
  g_assert_cmpuint (json_array_get_length (duplicates_of (on_demand)), ==, 1);
  g_free (rapport_test_server_sql (server, "DELETE FROM dedup_keys WHERE record_id >= 900000"));
}

/* a record the actor may not read is not revealed, not even by its score */
static void
test_unreadable_not_revealed (void)
{
  g_autoptr(RapportTestReply) hidden = create (server, alice, "accounts",
                                               "{\"name\":\"杭州远山生物科技有限公司\",\"phone\":\"13655550003\"}");
  g_autoptr(RapportTestReply) by_bob = create (server, bob, "accounts",
                                               "{\"name\":\"远山生物科技有限公司\",\"phone\":\"136 5555 0003\"}");
  g_autoptr(RapportTestReply) by_alice = create (server, alice, "accounts",
                                                 "{\"name\":\"远山生物科技（杭州）有限公司\",\"phone\":\"13655550003\"}");
  g_autoptr(RapportTestReply) bob_on_demand = duplicates (bob, "accounts", rapport_test_reply_int (by_bob, "id"));
  gint64 alices = rapport_test_reply_int (hidden, "id");

  g_assert_cmpuint (json_array_get_length (duplicates_of (by_bob)), ==, 0);
  g_assert_cmpuint (json_array_get_length (duplicates_of (bob_on_demand)), ==, 0);
  /* alice sees her own, and not bob's */
  assert_match (duplicates_of (by_alice), "account", alices, 1.0, "company+mobile");
  g_assert_null (find_match (duplicates_of (by_alice), "account", rapport_test_reply_int (by_bob, "id")));
}

static gint64
count_keys (gint64 account)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM dedup_keys WHERE entity = 'account' "
                                          "AND record_id = %" G_GINT64_FORMAT, account);
  g_autofree char *count = rapport_test_server_sql (server, sql);

  return g_ascii_strtoll (count, NULL, 10);
}

/* the keys follow a rename, and an archived record is offered to no one */
static void
test_rename_and_archive (void)
{
  g_autoptr(RapportTestReply) original = create (server, alice, "accounts", "{\"name\":\"深圳市明德科技有限公司\"}");
  gint64 id = rapport_test_reply_int (original, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autofree char *archive = g_strdup_printf ("%s?version=2", path);
  g_autofree char *restore = g_strdup_printf ("%s/restore?version=3", path);
  g_autoptr(RapportTestReply) same = create (server, alice, "accounts", "{\"name\":\"明德科技有限公司\"}");
  g_autoptr(RapportTestReply) rename = NULL;
  g_autoptr(RapportTestReply) old_name = NULL;
  g_autoptr(RapportTestReply) new_name = NULL;
  g_autoptr(RapportTestReply) archived = NULL;
  g_autoptr(RapportTestReply) after_archive = NULL;
  g_autoptr(RapportTestReply) restored = NULL;
  g_autoptr(RapportTestReply) after_restore = NULL;

  assert_match (duplicates_of (same), "account", id, 0.8, "company");

  rename = rapport_test_request (server, "PATCH", path, alice, "{\"version\":1,\"name\":\"深圳市长河科技有限公司\"}");
  g_assert_cmpuint (rename->status, ==, 200);
  old_name = duplicates (alice, "accounts", rapport_test_reply_int (same, "id"));
  g_assert_null (find_match (duplicates_of (old_name), "account", id));
  new_name = create (server, alice, "accounts", "{\"name\":\"长河科技(深圳)有限公司\"}");
  assert_match (duplicates_of (new_name), "account", id, 0.8, "company");

  archived = rapport_test_request (server, "DELETE", archive, alice, NULL);
  g_assert_cmpuint (archived->status, ==, 200);
  /* the archive takes the record's keys out of the index, the restore puts them back */
  g_assert_cmpint (count_keys (id), ==, 0);
  after_archive = duplicates (alice, "accounts", rapport_test_reply_int (new_name, "id"));
  g_assert_null (find_match (duplicates_of (after_archive), "account", id));

  restored = rapport_test_request (server, "POST", restore, alice, NULL);
  g_assert_cmpuint (restored->status, ==, 200);
  g_assert_cmpint (count_keys (id), >, 0);
  after_restore = duplicates (alice, "accounts", rapport_test_reply_int (new_name, "id"));
  assert_match (duplicates_of (after_restore), "account", id, 0.8, "company");
}

/* rows older than the index (or its rules) are keyed at start, a batch a transaction */
static void
test_backfill_at_start (void)
{
  g_autoptr(RapportTestReply) older = create (server, alice, "accounts",
                                              "{\"name\":\"北京青松环保设备有限公司\",\"phone\":\"13511112222\"}");
  g_autoptr(RapportTestReply) newer = NULL;
  g_autofree char *left = NULL;
  g_autofree char *back = NULL;
  g_autofree char *count_sql = g_strdup_printf ("SELECT COUNT(*) FROM dedup_keys WHERE entity = 'account' "
                                                "AND record_id = %" G_GINT64_FORMAT,
                                                rapport_test_reply_int (older, "id"));

  g_free (rapport_test_server_sql (server, "DELETE FROM dedup_keys"));
  g_free (rapport_test_server_sql (server, "DELETE FROM dedup_backfill"));
  left = rapport_test_server_sql (server, count_sql);
  g_assert_cmpint (g_ascii_strtoll (left, NULL, 10), ==, 0);

  /* sessions live in MariaDB: alice's survives the restart */
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  rapport_test_server_restart (server);
  back = rapport_test_server_sql (server, count_sql);
  /* company, pinyin, trade name, mobile */
  g_assert_cmpint (g_ascii_strtoll (back, NULL, 10), ==, 4);
  newer = create (server, alice, "accounts", "{\"name\":\"青松环保设备（北京）有限公司\",\"phone\":\"135 1111 2222\"}");
  assert_match (duplicates_of (newer), "account", rapport_test_reply_int (older, "id"), 1.0, "company+mobile");
}

static guint64
count_accounts (RapportTestServer *on)
{
  g_autofree char *count = rapport_test_server_sql (on, "SELECT COUNT(*) FROM accounts");

  return g_ascii_strtoull (count, NULL, 10);
}

/* [sales] duplicates=block: a likely duplicate is refused unless a reason is given, which is audited */
static void
test_block (void)
{
  RapportTestServer *strict = rapport_test_server_start_with_config ("[sales]\nduplicates=block\n");
  g_autofree char *carol = rapport_test_server_add_user (strict, "carol", "sales");
  g_autoptr(RapportTestReply) first = create (strict, carol, "accounts",
                                              "{\"name\":\"上海康泰医疗器械有限公司\",\"phone\":\"13812345678\"}");
  const char *again = "{\"name\":\"康泰医疗器械（上海）有限公司\",\"phone\":\"+86 138 1234 5678\"}";
  g_autoptr(RapportTestReply) refused = rapport_test_request (strict, "POST", "/api/v1/accounts", carol, again);
  g_autoptr(GBytes) body = g_bytes_new_static (again, strlen (again));
  g_autoptr(RapportTestReply) anyway = NULL;
  g_autoptr(RapportTestReply) weak = NULL;
  g_autofree char *reason_sql = NULL;
  g_autofree char *reason = NULL;
  guint64 before = count_accounts (strict);

  g_assert_cmpuint (refused->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_code (refused), ==, "duplicate");
  assert_match (duplicates_of (refused), "account", rapport_test_reply_int (first, "id"), 1.0, "company+mobile");
  g_assert_cmpuint (count_accounts (strict), ==, before);

  anyway = rapport_test_request_reason (strict, "POST", "/api/v1/accounts", carol, "application/json", body,
                                        "a second site of the same group");
  g_assert_cmpuint (anyway->status, ==, 201);
  assert_match (duplicates_of (anyway), "account", rapport_test_reply_int (first, "id"), 1.0, "company+mobile");
  g_assert_cmpuint (count_accounts (strict), ==, before + 1);
  reason_sql = g_strdup_printf ("SELECT reason FROM audit_log WHERE entity = 'account' AND action = 'create' "
                                "AND entity_id = %" G_GINT64_FORMAT, rapport_test_reply_int (anyway, "id"));
  reason = rapport_test_server_sql (strict, reason_sql);
  g_assert_cmpstr (g_strstrip (reason), ==, "a second site of the same group");

  /* below 0.9 a create is only warned of */
  weak = create (strict, carol, "accounts", "{\"name\":\"康泰医疗器械集团\"}");
  g_assert_cmpuint (json_array_get_length (duplicates_of (weak)), >=, 1);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (duplicates_of (weak), 0), "score"),
                     <, 0.9);

  rapport_test_server_stop (strict);
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

  g_test_add_func ("/duplicates/three-spellings", test_three_spellings);
  g_test_add_func ("/duplicates/other-company-and-email", test_other_company_and_email);
  g_test_add_func ("/duplicates/leads", test_leads);
  g_test_add_func ("/duplicates/common-key", test_common_key);
  g_test_add_func ("/duplicates/unreadable-not-revealed", test_unreadable_not_revealed);
  g_test_add_func ("/duplicates/rename-and-archive", test_rename_and_archive);
  g_test_add_func ("/duplicates/backfill-at-start", test_backfill_at_start);
  g_test_add_func ("/duplicates/block", test_block);
  status = g_test_run ();

  g_free (alice);
  g_free (bob);
  rapport_test_server_stop (server);
  return status;
}
