/* test-search.c: the search index finds exactly what LIKE finds, plus pinyin; counts say whether they are exact */
#include "rapport-test-server.h"
#include "crm-search-text.h"

#include <signal.h>
#include <string.h>

static RapportTestServer *server;

#define TOKEN (server->admin_token)

static gint64
create_account (const char *token,
                const char *body)
{
  return rapport_test_create (server, token, "accounts", body);
}

/* every id the API lists for @q, all pages walked */
static char *
api_ids (const char *token,
         const char *collection,
         const char *q,
         const char *extra)
{
  g_autofree char *escaped = g_uri_escape_string (q, NULL, FALSE);
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *after = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));

  do
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/%s?q=%s&limit=7%s%s%s", collection, escaped,
                                               extra ? extra : "", after ? "&after=" : "", after ? after : "");
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, token, NULL);
      JsonObject *object;
      JsonArray *items;

      g_assert_cmpuint (reply->status, ==, 200);
      object = rapport_test_reply_object (reply);
      items = json_object_get_array_member (object, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");
          g_array_append_val (found, id);
        }
      g_clear_pointer (&after, g_free);
      if (!json_object_get_null_member (object, "next"))
        after = g_strdup (json_object_get_string_member (object, "next"));
    }
  while (after != NULL);

  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? " " : "", g_array_index (found, gint64, i));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* the ids the plain LIKE search over the searchable columns finds, by hand,
 * for a phone number those whose phone or mobile has its digits, and, for a
 * term of letters, those whose stored pinyin keys hold it */
static char *
like_ids (const char *collection,
          const char *columns,
          const char *q,
          const char *archived)
{
  g_auto(GStrv) names = g_strsplit (columns, ",", -1);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *normalized = crm_search_text_normalize (q);
  g_autofree char *phone = crm_search_text_phone_term (q);
  gboolean letters = normalized[0] != '\0';

  for (const char *p = normalized; *p; p++)
    letters &= g_ascii_isalpha (*p);
  g_assert_null (strpbrk (q, "'\\%_"));
  g_string_printf (sql, "SELECT id FROM %s WHERE archived %s AND (FALSE", collection, archived);
  for (guint i = 0; names[i]; i++)
    {
      g_string_append_printf (sql, " OR %s LIKE '%%%s%%'", names[i], q);
      if (phone != NULL && (g_str_equal (names[i], "phone") || g_str_equal (names[i], "mobile")))
        g_string_append_printf (sql, " OR REGEXP_REPLACE(%s, '[^0-9xX]', '') LIKE '%%%s%%'", names[i], phone);
    }
  if (letters)
    g_string_append_printf (sql, " OR id IN (SELECT sp.record_id FROM search_pinyin sp JOIN search_entities se "
                            "ON se.id = sp.entity WHERE se.name = '%.*s' AND sp.pinyin LIKE '%%%s%%')",
                            (int) strlen (collection) - 1, collection, normalized);
  g_string_append (sql, ") ORDER BY id");
  output = rapport_test_server_sql (server, sql->str);
  lines = g_strsplit (g_strstrip (output), "\n", -1);
  for (guint i = 0; lines[i] && lines[i][0]; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "", lines[i]);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define ACCOUNT_COLUMNS "name,code,region,phone,tax_id"

static void
assert_like_accounts (const char *q)
{
  g_autofree char *expected = like_ids ("accounts", ACCOUNT_COLUMNS, q, "= 0");
  g_autofree char *found = api_ids (TOKEN, "accounts", q, NULL);

  if (g_strcmp0 (found, expected) != 0)
    g_printerr ("search for “%s”\n", q);
  g_assert_cmpstr (found, ==, expected);
}

static void
test_same_as_like (void)
{
  static const char * const bodies[] = {
    "{\"name\":\"上海康泰医疗器械有限公司\",\"code\":\"SR-0001\",\"region\":\"华东\",\"phone\":\"021-5888 1234\"}",
    "{\"name\":\"北京瑞达制药有限公司\",\"region\":\"华北\",\"phone\":\"+86 138 0013 8000\",\"tax_id\":\"91110000MA01ABCD2X\"}",
    "{\"name\":\"Alder Medical Co., Ltd.\",\"code\":\"SR-0002\",\"region\":\"DACH\",\"phone\":\"(030) 555-0199\"}",
    "{\"name\":\"Café Crème Médical\",\"code\":\"SR-0003\",\"region\":\"Île-de-France\"}",
    "{\"name\":\"ＡＢＣ全角贸易\",\"code\":\"SR-0004\",\"tax_id\":\"ＴＸ１３９００１３９０００\"}",
    "{\"name\":\"3M中国有限公司\",\"code\":\"SR-0005\",\"tax_id\":\"3M-CN-0042\"}",
    "{\"name\":\"Médical Supplies A1\",\"code\":\"SR-0006\"}",
    "{\"name\":\"Zeta MEDICAL\",\"code\":\"SR-0007\",\"region\":\"Nord\"}",
  };
  static const char * const terms[] = {
    "康泰", "康", "医疗器械", "有限公司", "深圳", "华", "Medical", "medical", "MEDI", "ＭＥＤ",
    "Co., Ltd", "o., L", "Ltd.", "cafe", "Crème", "138", "13800138000", "0013 8000", "555-01", "SR-000",
    "A1", "a", "3", "3M", "m中", "全角", "ABC", "abc全", "９０００", "MA01", "zz-none", "Île", "ile-de", "de",
    /* two ASCII characters inside a run (held by the triples they begin), at its end, in pinyin keys */
    "ed", "al", "td", "13", "00", "kt", "ng", "sh", "zq",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    g_assert_cmpint (create_account (TOKEN, bodies[i]), >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    assert_like_accounts (terms[i]);
  /* a term without grams ("a", "3") took its place among the probes as nothing */
  rapport_test_server_assert_no_criticals (server);
}

static void
test_after_changes (void)
{
  gint64 id = create_account (TOKEN, "{\"name\":\"变更前贸易 Before Trading\",\"phone\":\"0755-8888 0001\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autofree char *restore = g_strdup_printf ("%s/restore", path);
  g_autofree char *one = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  assert_like_accounts ("变更前");
  {
    g_autoptr(RapportTestReply) patched = rapport_test_request (server, "PATCH", path, TOKEN,
                                                                "{\"version\":1,\"name\":\"变更后商贸 After Trade\",\"phone\":\"0755-7777 0002\"}");
    g_assert_cmpuint (patched->status, ==, 200);
  }
  assert_like_accounts ("变更前");
  assert_like_accounts ("Before");
  assert_like_accounts ("88880001");
  assert_like_accounts ("变更后");
  assert_like_accounts ("After Trade");
  assert_like_accounts ("7777 0002");
  {
    g_autofree char *found = api_ids (TOKEN, "accounts", "变更后", NULL);
    g_assert_cmpstr (found, ==, one);
  }

  {
    g_autoptr(RapportTestReply) archived = rapport_test_request (server, "DELETE", path, TOKEN, NULL);
    g_assert_cmpuint (archived->status, ==, 200);
  }
  assert_like_accounts ("变更后");
  {
    g_autofree char *found = api_ids (TOKEN, "accounts", "变更后", "&archived=true");
    g_autofree char *expected = like_ids ("accounts", ACCOUNT_COLUMNS, "变更后", "= 1");
    g_assert_cmpstr (found, ==, expected);
    g_assert_cmpstr (found, ==, one);
  }
  {
    g_autoptr(RapportTestReply) restored = rapport_test_request (server, "POST", restore, TOKEN, NULL);
    g_assert_cmpuint (restored->status, ==, 200);
  }
  assert_like_accounts ("变更后");
}

static void
test_after_erasure (void)
{
  gint64 account = create_account (TOKEN, "{\"name\":\"Erasure Holding\"}");
  g_autofree char *body = g_strdup_printf ("{\"name\":\"欧阳擦除 Eraseme Person\",\"mobile\":\"139 1234 5678\","
                                           "\"email\":\"eraseme@example.com\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 id = rapport_test_create (server, TOKEN, "contacts", body);
  g_autofree char *erase = g_strdup_printf ("/api/v1/contacts/%" G_GINT64_FORMAT "/erase", id);
  g_autofree char *one = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  static const char * const terms[] = { "欧阳擦除", "Eraseme", "1234 5678", "eraseme@example" };

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      g_autofree char *found = api_ids (TOKEN, "contacts", terms[i], "&archived=all");
      g_assert_cmpstr (found, ==, one);
    }
  {
    g_autoptr(RapportTestReply) erased = rapport_test_request (server, "POST", erase, TOKEN, NULL);
    g_assert_cmpuint (erased->status, ==, 200);
  }
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      g_autofree char *found = api_ids (TOKEN, "contacts", terms[i], "&archived=all");
      g_autofree char *expected = like_ids ("contacts", "name,title,mobile,email", terms[i], "IN (0, 1)");
      g_assert_cmpstr (found, ==, expected);
      g_assert_cmpstr (found, ==, "");
    }
  /* nor are its pinyin keys left */
  {
    g_autofree char *found = api_ids (TOKEN, "contacts", "ouyangcachu", "&archived=all");
    g_assert_cmpstr (found, ==, "");
  }
}

static void
test_pinyin (void)
{
  gint64 id = create_account (TOKEN, "{\"name\":\"上海康泰拼音测试有限公司\",\"code\":\"PY-1\"}");
  g_autofree char *one = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  static const char * const terms[] = { "kangtaipinyin", "KangTai", "ktpy", "shktpycs", "pinyinceshi", "pycs" };

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      g_autofree char *found = api_ids (TOKEN, "accounts", terms[i], "&code=PY-1");
      g_assert_cmpstr (found, ==, one);
    }
  /* initials alone, over every account: this one among them */
  {
    g_autofree char *found = api_ids (TOKEN, "accounts", "kt", NULL);
    g_auto(GStrv) ids = g_strsplit (found, " ", -1);
    g_assert_true (g_strv_contains ((const char * const *) ids, one));
  }
  {
    g_autofree char *found = api_ids (TOKEN, "accounts", "beijingkangtai", "&code=PY-1");
    g_assert_cmpstr (found, ==, "");
  }
}

static void
test_permission_scope (void)
{
  g_autofree char *sales = rapport_test_server_add_user (server, "search.sales", "sales");
  gint64 own = create_account (sales, "{\"name\":\"范围测试 Scope Probe Own\"}");
  g_autofree char *one = g_strdup_printf ("%" G_GINT64_FORMAT, own);

  create_account (TOKEN, "{\"name\":\"范围测试 Scope Probe Other\"}");
  {
    g_autofree char *found = api_ids (sales, "accounts", "范围测试", NULL);
    g_assert_cmpstr (found, ==, one);
  }
  {
    g_autofree char *found = api_ids (sales, "accounts", "fanweiceshi", NULL);
    g_assert_cmpstr (found, ==, one);
  }
  {
    g_autofree char *found = api_ids (TOKEN, "accounts", "Scope Probe", NULL);
    g_auto(GStrv) ids = g_strsplit (found, " ", -1);
    g_assert_cmpuint (g_strv_length (ids), ==, 2);
  }
}

static JsonObject *
list_object (const char       *path,
             RapportTestReply **reply)
{
  *reply = rapport_test_request (server, "GET", path, TOKEN, NULL);
  g_assert_cmpuint ((*reply)->status, ==, 200);
  return rapport_test_reply_object (*reply);
}

/* rows written behind rapportd's back are indexed by the backfill that runs at start */
static void
test_backfill_and_counts (void)
{
  g_autoptr(RapportTestReply) small = NULL;
  g_autoptr(RapportTestReply) cheap = NULL;
  g_autoptr(RapportTestReply) exact = NULL;
  g_autoptr(RapportTestReply) searched = NULL;
  g_autoptr(RapportTestReply) searched_exact = NULL;
  g_autoptr(RapportTestReply) rare = NULL;
  JsonObject *object;
  gint64 active;
  g_autofree char *rebuilt = NULL;

  object = list_object ("/api/v1/accounts?q=%E5%BA%B7%E6%B3%B0&count=true", &small);
  g_assert_true (json_object_get_boolean_member (object, "total_exact"));
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==,
                   rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE archived = 0 AND name LIKE '%%康泰%%'"));

  g_free (rapport_test_server_sql (server,
                                   "INSERT INTO accounts (version, created_at, updated_at, archived, name, owner_id, phone) "
                                   "SELECT 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 0, CONCAT('回填', seq), 1, "
                                   "CONCAT('+86 186 ', LPAD(seq, 8, '0')) FROM seq_1_to_12000"));
  active = rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE archived = 0");
  {
    /* not indexed yet: the index knows nothing of them */
    g_autofree char *found = api_ids (TOKEN, "accounts", "回填11999", NULL);
    g_assert_cmpstr (found, ==, "");
  }
  /* stopped halfway through the first batch, the backfill goes on from there */
  g_free (rapport_test_server_sql (server, "UPDATE search_backfill SET done = 0, last_id = "
                                           "(SELECT MIN(id) + 100 FROM accounts WHERE name LIKE '回填%') WHERE entity = 'account'"));
  {
    g_autoptr(GError) error = NULL;

    g_subprocess_send_signal (server->process, SIGTERM);
    g_subprocess_wait (server->process, NULL, &error);
    g_assert_no_error (error);
    rapport_test_server_restart (server);
  }
  {
    g_autofree char *found = api_ids (TOKEN, "accounts", "回填11999", NULL);
    g_autofree char *expected = like_ids ("accounts", ACCOUNT_COLUMNS, "回填11999", "= 0");
    g_assert_cmpstr (found, ==, expected);
    g_assert_cmpstr (found, !=, "");
  }
  {
    /* the rows before where it resumed were not indexed: a rebuild does them too */
    g_autofree char *found = api_ids (TOKEN, "accounts", "回填5", NULL);
    g_autofree char *expected = like_ids ("accounts", ACCOUNT_COLUMNS, "回填5", "= 0");
    g_assert_cmpstr (found, !=, expected);
    g_assert_cmpint (rapport_test_server_admin (server, &rebuilt, "search", "rebuild", NULL), ==, 0);
    g_clear_pointer (&found, g_free);
    found = api_ids (TOKEN, "accounts", "回填5", NULL);
    g_assert_cmpstr (found, ==, expected);
  }

  /* past the cap: an estimate, said to be one; exact on request */
  object = list_object ("/api/v1/accounts?count=true&limit=1", &cheap);
  g_assert_false (json_object_get_boolean_member (object, "total_exact"));
  g_assert_cmpint (json_object_get_int_member (object, "total"), >, 10000);
  object = list_object ("/api/v1/accounts?count=exact&limit=1", &exact);
  g_assert_true (json_object_get_boolean_member (object, "total_exact"));
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, active);

  object = list_object ("/api/v1/accounts?q=%E5%9B%9E%E5%A1%AB&count=true&limit=1", &searched);
  g_assert_false (json_object_get_boolean_member (object, "total_exact"));
  /* the optimiser's statistics, not a count: near enough */
  g_assert_cmpint (json_object_get_int_member (object, "total"), >, 6000);
  g_assert_cmpint (json_object_get_int_member (object, "total"), <, 24000);
  object = list_object ("/api/v1/accounts?q=%E5%9B%9E%E5%A1%AB&count=exact&limit=1", &searched_exact);
  g_assert_true (json_object_get_boolean_member (object, "total_exact"));
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 12000);
  /* a rare term is counted exactly through the index */
  object = list_object ("/api/v1/accounts?q=%E5%9B%9E%E5%A1%AB1199&count=true", &rare);
  g_assert_true (json_object_get_boolean_member (object, "total_exact"));
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 11);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "items")), ==, 11);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/search/same-as-like", test_same_as_like);
  g_test_add_func ("/search/after-changes", test_after_changes);
  g_test_add_func ("/search/after-erasure", test_after_erasure);
  g_test_add_func ("/search/pinyin", test_pinyin);
  g_test_add_func ("/search/permission-scope", test_permission_scope);
  g_test_add_func ("/search/backfill-and-counts", test_backfill_and_counts);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
