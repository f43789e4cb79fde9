/* test-merge.c: merging accounts, contacts and leads, its refusals and its race, and the import's duplicate checks, against the real MariaDB */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;
static char *bob;
static char *audrey;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

static gint64
create (const char *collection,
        const char *body)
{
  return rapport_test_create (server, alice, collection, body);
}

static RapportTestReply *
merge (const char *token,
       const char *collection,
       gint64      into,
       const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/merge", collection, into);

  return call (token, "POST", path, body);
}

static RapportTestReply *
get (const char *collection,
     gint64      id,
     const char *tail)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "%s", collection, id, tail ? tail : "");
  RapportTestReply *reply = call (alice, "GET", path, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return reply;
}

static void
assert_audit_intact (void)
{
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

/* the entries of a record's history */
static guint
history_length (const char *collection,
                gint64      id)
{
  g_autoptr(RapportTestReply) history = get (collection, id, "/history");
  JsonObject *object = rapport_test_reply_object (history);

  return json_array_get_length (json_object_get_array_member (object, "items"));
}

static gint64
quote_for (gint64 account,
           gint64 contact)
{
  g_autofree char *contact_member = contact > 0 ? g_strdup_printf ("\"contact_id\":%" G_GINT64_FORMAT ",", contact)
                                                : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",%s\"currency\":\"CNY\","
                                           "\"lines\":[{\"description\":\"Installation\",\"quantity\":\"1\","
                                           "\"unit_price\":\"100.0000\",\"tax_rate\":\"6\"}]}",
                                           account, contact_member);

  return create ("quotes", body);
}

/* two accounts with contacts and quotes: all on the survivor, the other
 * archived pointing at it, both histories readable, the chain intact */
static void
test_accounts (void)
{
  gint64 into = create ("accounts", "{\"name\":\"上海康泰医疗器械有限公司\",\"region\":\"华东\"}");
  gint64 from = create ("accounts", "{\"name\":\"康泰医疗器械（上海）有限公司\",\"phone\":\"13812340001\","
                                    "\"region\":\"上海\",\"website\":\"https://kangtai.example\"}");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"李伟\",\"account_id\":%" G_GINT64_FORMAT "}", from);
  g_autofree char *other_body = g_strdup_printf ("{\"name\":\"王芳\",\"account_id\":%" G_GINT64_FORMAT "}", from);
  gint64 li = create ("contacts", contact_body);
  gint64 wang = create ("contacts", other_body);
  gint64 quote = quote_for (from, li);
  guint from_history = history_length ("accounts", from);
  g_autofree char *body = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT ",\"version\":1,\"from_version\":1,"
                                           "\"fields\":{\"region\":\"from\"}}", from);
  g_autoptr(RapportTestReply) merged = merge (alice, "accounts", into, body);
  g_autoptr(RapportTestReply) survivor = NULL;
  g_autoptr(RapportTestReply) other = NULL;
  g_autoptr(RapportTestReply) contacts = NULL;
  g_autoptr(RapportTestReply) quote_now = NULL;
  g_autoptr(RapportTestReply) contact_history = NULL;
  JsonObject *moved;

  if (merged->status != 200)
    g_error ("merge: %u %s", merged->status, merged->body);
  moved = json_object_get_object_member (rapport_test_reply_object (merged), "moved");
  g_assert_cmpint (json_object_get_int_member (moved, "contact"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (moved, "quote"), ==, 1);

  /* the survivor: its name kept, the region chosen from the other, the empty phone and website filled */
  survivor = get ("accounts", into, NULL);
  g_assert_cmpstr (rapport_test_reply_string (survivor, "name"), ==, "上海康泰医疗器械有限公司");
  g_assert_cmpstr (rapport_test_reply_string (survivor, "region"), ==, "上海");
  g_assert_cmpstr (rapport_test_reply_string (survivor, "phone"), ==, "13812340001");
  g_assert_cmpstr (rapport_test_reply_string (survivor, "website"), ==, "https://kangtai.example");

  /* the other: archived, pointing at the survivor, its values as they were */
  other = get ("accounts", from, NULL);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (other), "archived"));
  g_assert_cmpint (rapport_test_reply_int (other, "merged_into_id"), ==, into);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (merged), "merged"),
                                                  "merged_into_name"), ==, "上海康泰医疗器械有限公司");
  g_assert_cmpstr (rapport_test_reply_string (other, "name"), ==, "康泰医疗器械（上海）有限公司");
  /* a reference to its own table is named on a record's read too */
  g_assert_cmpstr (rapport_test_reply_string (other, "merged_into_name"), ==, "上海康泰医疗器械有限公司");

  /* every child on the survivor */
  contacts = get ("accounts", into, "/contacts");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (contacts), "items")), ==, 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts WHERE account_id = %" G_GINT64_FORMAT, from), ==, 0);
  quote_now = get ("quotes", quote, NULL);
  g_assert_cmpint (rapport_test_reply_int (quote_now, "account_id"), ==, into);

  /* both histories: the other's grew by its pointer and its archive; each child's change says why */
  g_assert_cmpuint (history_length ("accounts", from), ==, from_history + 2);
  g_assert_cmpuint (history_length ("accounts", into), >=, 2);
  contact_history = get ("contacts", wang, "/history");
  g_assert_nonnull (strstr (contact_history->body, "Merged account"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'contact' AND entity_id = %" G_GINT64_FORMAT
                            " AND action = 'update'", li), ==, 1);

  /* the other's duplicate keys are gone; the survivor is found by the mobile it took */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM dedup_keys WHERE entity = 'account' AND record_id = %" G_GINT64_FORMAT, from), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM dedup_keys WHERE entity = 'account' AND kind = 'mobile' "
                            "AND dedup_key = '13812340001' AND record_id = %" G_GINT64_FORMAT, into), ==, 1);
  assert_audit_intact ();
}

static void
test_contacts (void)
{
  gint64 account = create ("accounts", "{\"name\":\"杭州远山生物科技有限公司\"}");
  gint64 elsewhere = create ("accounts", "{\"name\":\"苏州恒瑞达精密机械有限公司\"}");
  g_autofree char *into_body = g_strdup_printf ("{\"name\":\"陈静\",\"account_id\":%" G_GINT64_FORMAT ","
                                                "\"mobile\":\"13344445555\"}", account);
  g_autofree char *from_body = g_strdup_printf ("{\"name\":\"陈 静\",\"account_id\":%" G_GINT64_FORMAT ","
                                                "\"email\":\"chen.jing@yuanshan.cn\"}", account);
  g_autofree char *far_body = g_strdup_printf ("{\"name\":\"陈静\",\"account_id\":%" G_GINT64_FORMAT "}", elsewhere);
  gint64 into = create ("contacts", into_body);
  gint64 from = create ("contacts", from_body);
  gint64 far = create ("contacts", far_body);
  gint64 quote = quote_for (account, from);
  g_autofree char *body = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", from);
  g_autofree char *far_merge = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", far);
  g_autoptr(RapportTestReply) across = merge (alice, "contacts", into, far_merge);
  g_autoptr(RapportTestReply) merged = merge (alice, "contacts", into, body);
  g_autoptr(RapportTestReply) quote_now = NULL;
  g_autoptr(RapportTestReply) survivor = NULL;

  /* contacts of two accounts: a quote cannot belong to both */
  g_assert_cmpuint (across->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (across), ==, "from_id");

  g_assert_cmpuint (merged->status, ==, 200);
  quote_now = get ("quotes", quote, NULL);
  g_assert_cmpint (rapport_test_reply_int (quote_now, "contact_id"), ==, into);
  survivor = get ("contacts", into, NULL);
  g_assert_cmpstr (rapport_test_reply_string (survivor, "email"), ==, "chen.jing@yuanshan.cn");
  g_assert_cmpstr (rapport_test_reply_string (survivor, "name"), ==, "陈静");
  assert_audit_intact ();
}

/* a lead merged into another; one merged earlier into the merged lead now points at the survivor */
static void
test_leads (void)
{
  gint64 into = create ("leads", "{\"company\":\"北京青松环保设备有限公司\",\"person\":\"周涛\",\"mobile\":\"13511112222\"}");
  gint64 from = create ("leads", "{\"company\":\"青松环保设备(北京)有限公司\",\"person\":\"周 涛\","
                                 "\"email\":\"zhou@qingsong.cn\",\"source\":\"exhibition\"}");
  gint64 older = create ("leads", "{\"company\":\"青松环保\",\"person\":\"周涛\"}");
  g_autofree char *first = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT ",\"fields\":{\"person\":\"into\"}}", older);
  g_autofree char *second = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT ",\"fields\":{\"person\":\"from\"}}", from);
  g_autoptr(RapportTestReply) chained = merge (alice, "leads", from, first);
  g_autoptr(RapportTestReply) merged = merge (alice, "leads", into, second);
  g_autoptr(RapportTestReply) survivor = get ("leads", into, NULL);
  g_autoptr(RapportTestReply) oldest = get ("leads", older, NULL);

  g_assert_cmpuint (chained->status, ==, 200);
  g_assert_cmpuint (merged->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (survivor, "person"), ==, "周 涛");
  g_assert_cmpstr (rapport_test_reply_string (survivor, "email"), ==, "zhou@qingsong.cn");
  g_assert_cmpstr (rapport_test_reply_string (survivor, "source"), ==, "exhibition");
  g_assert_cmpstr (rapport_test_reply_string (survivor, "mobile"), ==, "13511112222");
  g_assert_cmpint (rapport_test_reply_int (oldest, "merged_into_id"), ==, into);
  assert_audit_intact ();
}

static void
assert_refused (RapportTestReply *reply,
                guint             status,
                const char       *field)
{
  if (reply->status != status)
    g_error ("expected %u, got %u %s", status, reply->status, reply->body);
  if (field != NULL)
    g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, field);
}

static void
test_refusals (void)
{
  gint64 into = create ("accounts", "{\"name\":\"Refusal Survivor Ltd\"}");
  gint64 from = create ("accounts", "{\"name\":\"Refusal Other Ltd\"}");
  gint64 gone = create ("accounts", "{\"name\":\"Refusal Archived Ltd\"}");
  gint64 bobs = rapport_test_create (server, bob, "accounts", "{\"name\":\"Bob's Own Ltd\"}");
  g_autofree char *archive_path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, gone);
  g_autoptr(RapportTestReply) archived = call (alice, "DELETE", archive_path, NULL);
  g_autofree char *self = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", into);
  g_autofree char *from_gone = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", gone);
  g_autofree char *from_other = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", from);
  g_autofree char *from_bobs = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", bobs);
  g_autofree char *stale = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT ",\"version\":7}", from);
  g_autofree char *stale_from = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT ",\"from_version\":7}", from);
  g_autofree char *bad_field = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT ",\"fields\":{\"id\":\"from\"}}", from);
  g_autofree char *bad_choice = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT ",\"fields\":{\"phone\":\"both\"}}", from);
  g_autoptr(RapportTestReply) r1 = merge (alice, "accounts", into, self);
  g_autoptr(RapportTestReply) r2 = merge (alice, "accounts", into, from_gone);
  g_autoptr(RapportTestReply) r3 = merge (alice, "accounts", gone, from_other);
  g_autoptr(RapportTestReply) r4 = merge (alice, "accounts", into, from_bobs);
  g_autoptr(RapportTestReply) r5 = merge (audrey, "accounts", into, from_other);
  g_autoptr(RapportTestReply) r6 = merge (alice, "accounts", into, stale);
  g_autoptr(RapportTestReply) r7 = merge (alice, "accounts", into, stale_from);
  g_autoptr(RapportTestReply) r8 = merge (alice, "accounts", into, bad_field);
  g_autoptr(RapportTestReply) r9 = merge (alice, "accounts", into, bad_choice);
  g_autoptr(RapportTestReply) r10 = merge (alice, "quotes", into, from_other);
  g_autoptr(RapportTestReply) r11 = merge (alice, "accounts", into, "{}");
  g_autoptr(RapportTestReply) done = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) into_merged = NULL;
  g_autoptr(RapportTestReply) restored = NULL;
  g_autofree char *restore_path = NULL;
  g_autofree char *back = NULL;

  g_assert_cmpuint (archived->status, ==, 200);
  assert_refused (r1, 422, "from_id");
  assert_refused (r2, 422, "from_id");
  assert_refused (r3, 422, "id");
  /* bob's record: not there, for alice */
  assert_refused (r4, 404, NULL);
  /* an auditor reads and changes nothing */
  assert_refused (r5, 403, NULL);
  assert_refused (r6, 409, "version");
  assert_refused (r7, 409, "from_version");
  assert_refused (r8, 422, "fields.id");
  assert_refused (r9, 422, "fields.phone");
  assert_refused (r10, 404, NULL);
  assert_refused (r11, 422, "from_id");
  /* nothing of the refused merges was kept */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT version FROM accounts WHERE id = %" G_GINT64_FORMAT, into), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT archived FROM accounts WHERE id = %" G_GINT64_FORMAT, from), ==, 0);

  done = merge (alice, "accounts", into, from_other);
  g_assert_cmpuint (done->status, ==, 200);
  /* merged once is merged; and nothing merges into a merged record */
  again = merge (alice, "accounts", into, from_other);
  assert_refused (again, 422, "from_id");
  back = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", into);
  into_merged = merge (alice, "accounts", from, back);
  assert_refused (into_merged, 422, "id");
  /* the merged record lives on in the survivor: it is not restored */
  restore_path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/restore", from);
  restored = call (alice, "POST", restore_path, NULL);
  assert_refused (restored, 422, "merged_into_id");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT archived FROM accounts WHERE id = %" G_GINT64_FORMAT, from), ==, 1);
  assert_audit_intact ();
}

typedef struct
{
  RapportTestServer  clone;
  const char        *method;
  char              *path;
  char              *body;
  guint              status;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *racer = data;
  g_autoptr(RapportTestReply) reply = rapport_test_request (&racer->clone, racer->method, racer->path, alice, racer->body);

  racer->status = reply->status;
  return NULL;
}

/* a change to the merged record while it is merged: exactly one of the two wins, the other is 409 */
static void
test_concurrent_patch (void)
{
  guint merges_won = 0;

  for (guint round = 0; round < 6; round++)
    {
      gint64 into = create ("accounts", "{\"name\":\"Race Survivor\"}");
      gint64 from = create ("accounts", "{\"name\":\"Race Other\"}");
      Racer racers[2] = {
        { .method = "POST", .path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/merge", into),
          .body = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT ",\"from_version\":1}", from) },
        { .method = "PATCH", .path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, from),
          .body = g_strdup ("{\"version\":1,\"phone\":\"021 5555 0000\"}") },
      };
      GThread *threads[2];

      for (guint i = 0; i < 2; i++)
        {
          /* one HTTP session each, so the requests really run at once */
          racers[i].clone = *server;
          racers[i].clone.session = soup_session_new ();
        }
      /* the later one starts first every other round */
      for (guint i = 0; i < 2; i++)
        threads[(i + round) % 2] = g_thread_new ("racer", race, &racers[(i + round) % 2]);
      for (guint i = 0; i < 2; i++)
        {
          g_thread_join (threads[i]);
          g_object_unref (racers[i].clone.session);
        }

      g_assert_true ((racers[0].status == 200 && racers[1].status == 409) ||
                     (racers[0].status == 409 && racers[1].status == 200));
      if (racers[0].status == 200)
        {
          merges_won++;
          g_assert_cmpint (rapport_test_sql_int (server, "SELECT merged_into_id FROM accounts WHERE id = %" G_GINT64_FORMAT, from), ==, into);
        }
      else
        g_assert_cmpint (rapport_test_sql_int (server, "SELECT archived FROM accounts WHERE id = %" G_GINT64_FORMAT, from), ==, 0);
      for (guint i = 0; i < 2; i++)
        {
          g_free (racers[i].path);
          g_free (racers[i].body);
        }
    }
  g_test_message ("the merge won %u of 6 races", merges_won);
  assert_audit_intact ();
}

static RapportTestReply *
import_csv (RapportTestServer *on,
            const char        *token,
            const char        *csv,
            const char        *reason)
{
  g_autoptr(GBytes) body = g_bytes_new (csv, strlen (csv));

  return rapport_test_request_reason (on, "POST", "/api/v1/accounts/import.csv", token, "text/csv", body, reason);
}

/* the duplicates of one row of an import's answer, or NULL */
static JsonArray *
row_matches (RapportTestReply *reply,
             guint             row)
{
  JsonArray *rows = json_object_get_array_member (rapport_test_reply_object (reply), "duplicates");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *entry = json_array_get_object_element (rows, i);

      if (json_object_get_int_member (entry, "row") == row)
        return json_object_get_array_member (entry, "possible_duplicates");
    }
  return NULL;
}

/* each row is checked against the database and the file's earlier rows, and its matches are listed by row */
static void
test_import_reports_rows (void)
{
  gint64 existing = create ("accounts", "{\"name\":\"宁波众合电器有限公司\",\"phone\":\"13166660001\"}");
  const char *csv = "name,phone\r\n"
                    "众合电器（宁波）有限公司,131 6666 0001\r\n"
                    "Import Fresh Works,13166660002\r\n"
                    "Import Fresh Works Co. Ltd,+86 131 6666 0002\r\n"
                    "Nothing Alike GmbH,\r\n";
  g_autoptr(GBytes) csv_bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(RapportTestReply) dry = NULL;
  g_autoptr(RapportTestReply) reply = NULL;
  JsonArray *matches;
  JsonObject *match;

  dry = rapport_test_request_full (server, "POST", "/api/v1/accounts/import.csv?dry_run=true", alice, "text/csv",
                                   csv_bytes);
  g_assert_cmpuint (dry->status, ==, 200);
  g_assert_nonnull (row_matches (dry, 3));

  reply = import_csv (server, alice, csv, NULL);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (reply, "created"), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "duplicates")), ==, 2);

  /* row 1: the account in the database */
  matches = row_matches (reply, 1);
  g_assert_nonnull (matches);
  match = json_array_get_object_element (matches, 0);
  g_assert_cmpint (json_object_get_int_member (match, "id"), ==, existing);
  g_assert_cmpstr (json_object_get_string_member (match, "rule"), ==, "company+mobile");
  g_assert_false (json_object_has_member (match, "row"));
  /* row 3: row 2 of the same file, named by its row */
  matches = row_matches (reply, 3);
  g_assert_nonnull (matches);
  match = json_array_get_object_element (matches, 0);
  g_assert_cmpint (json_object_get_int_member (match, "row"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (match, "score"), 1.0, 1e-9);
  g_assert_null (row_matches (reply, 2));
  g_assert_null (row_matches (reply, 4));
}

/* [sales] duplicates=block: a likely duplicate row stops the import, naming
 * the row, unless a reason is given, which each created row's audit keeps */
static void
test_import_block (void)
{
  RapportTestServer *strict = rapport_test_server_start_with_config ("[sales]\nduplicates=block\n");
  g_autofree char *carol = rapport_test_server_add_user (strict, "carol", "sales");
  gint64 existing = rapport_test_create (strict, carol, "accounts", "{\"name\":\"北京青松环保设备有限公司\",\"phone\":\"13511112222\"}");
  const char *csv = "name,phone\r\n"
                    "Blocked Import Clean Ltd,\r\n"
                    "青松环保设备（北京）有限公司,135 1111 2222\r\n";
  g_autoptr(RapportTestReply) refused = import_csv (strict, carol, csv, NULL);
  g_autoptr(RapportTestReply) anyway = NULL;
  g_autofree char *count = NULL;
  g_autofree char *reason = NULL;
  JsonObject *error_object;

  g_assert_cmpuint (refused->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_code (refused), ==, "duplicate");
  error_object = json_object_get_object_member (rapport_test_reply_object (refused), "error");
  g_assert_cmpint (json_object_get_int_member (error_object, "row"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (error_object, "possible_duplicates"), 0), "id"), ==, existing);
  /* all or nothing: the clean first row is not kept either */
  count = rapport_test_server_sql (strict, "SELECT COUNT(*) FROM accounts WHERE name = 'Blocked Import Clean Ltd'");
  g_assert_cmpint (g_ascii_strtoll (count, NULL, 10), ==, 0);

  anyway = import_csv (strict, carol, csv, "the Beijing branch, kept apart");
  g_assert_cmpuint (anyway->status, ==, 201);
  g_assert_nonnull (row_matches (anyway, 2));
  reason = rapport_test_server_sql (strict, "SELECT reason FROM audit_log WHERE entity = 'account' AND action = 'create' "
                                            "AND after_json LIKE '%青松环保设备（北京）%'");
  g_assert_cmpstr (g_strstrip (reason), ==, "the Beijing branch, kept apart");
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
  audrey = rapport_test_server_add_user (server, "audrey", "auditor");

  g_test_add_func ("/merge/accounts", test_accounts);
  g_test_add_func ("/merge/contacts", test_contacts);
  g_test_add_func ("/merge/leads", test_leads);
  g_test_add_func ("/merge/refusals", test_refusals);
  g_test_add_func ("/merge/concurrent-patch", test_concurrent_patch);
  g_test_add_func ("/merge/import-reports-rows", test_import_reports_rows);
  g_test_add_func ("/merge/import-block", test_import_block);
  status = g_test_run ();

  g_free (alice);
  g_free (bob);
  g_free (audrey);
  rapport_test_server_stop (server);
  return status;
}
