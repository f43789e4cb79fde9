/* test-auto-reminders.c: automatic reminders: contracts ending, quotes expiring, idle customers, birthdays, told once, their settings */
#include "rapport-test-peer.h"
#include "rapport-test-events.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* sales */
static char *bob;     /* sales, who turns reminders off for himself */
static gint64 alice_id;
static gint64 bob_id;
static gint64 account_id;

static void
sql (const char *statement)
{
  g_free (rapport_test_server_sql (server, statement));
}

/* the automatic reminders one run of the periodic job told, as of @now */
static gint64
run_jobs (const char *now)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", now);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, server->admin_token, NULL);

  if (reply->status != 200)
    g_test_message ("%s", reply->body);
  g_assert_cmpuint (reply->status, ==, 200);
  return rapport_test_reply_int (reply, "auto_reminded");
}

static gint64
told (const char *entity,
      gint64      id)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE kind = 'record.reminder' AND entity = '%s' "
                                            "AND record_id = %" G_GINT64_FORMAT, entity, id);

  return rapport_test_sql_int (server, "%s", query);
}

/* PATCH the company's setting of @kind as @token; the answer's status */
static guint
set_setting_as (const char *token,
                const char *kind,
                const char *changes)
{
  g_autofree char *list_path = g_strdup_printf ("/api/v1/reminder-settings?kind=%s", kind);
  g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", list_path, server->admin_token, NULL);
  g_autoptr(RapportTestReply) patched = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  JsonArray *items;
  JsonObject *setting;

  g_assert_cmpuint (list->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  setting = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (setting, "kind"), ==, kind);
  path = g_strdup_printf ("/api/v1/reminder-settings/%" G_GINT64_FORMAT, json_object_get_int_member (setting, "id"));
  body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",%s}", json_object_get_int_member (setting, "version"), changes);
  patched = rapport_test_request (server, "PATCH", path, token, body);
  if (patched->status == 422)
    g_test_message ("%s", patched->body);
  return patched->status;
}

static void
set_setting (const char *kind,
             gboolean    enabled,
             gint64      days)
{
  g_autofree char *changes = g_strdup_printf ("\"enabled\":%s,\"days\":%" G_GINT64_FORMAT, enabled ? "true" : "false", days);

  g_assert_cmpuint (set_setting_as (server->admin_token, kind, changes), ==, 200);
}

static gint64
insert_contract (gint64      owner,
                 const char *number,
                 const char *end_date)
{
  g_autofree char *insert = g_strdup_printf ("INSERT INTO contracts (created_at, updated_at, number, title, account_id, owner_id, "
                                             "status, currency, end_date) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), '%s', "
                                             "'Service %s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'active', 'CNY', '%s'); "
                                             "SELECT LAST_INSERT_ID()", number, number, account_id, owner, end_date);

  return rapport_test_sql_int (server, "%s", insert);
}

/* a contract in force ending within the days set is told to its owner once,
 * over the event WebSocket; not while the company's setting is off, nor to
 * an owner who turned it off */
static void
test_contract_end (void)
{
  g_autoptr(RapportTestEvents) listener = rapport_test_events_listen (server->session, server->base_url, alice, NULL);
  gint64 first = insert_contract (alice_id, "C-AR-1", "2031-05-20");
  gint64 bobs = insert_contract (bob_id, "C-AR-2", "2031-05-20");
  g_autoptr(RapportTestReply) off = NULL;
  g_autofree char *needle = g_strdup_printf ("\"kind\":\"record.reminder\",\"data\":{\"entity\":\"contract\",\"id\":%"
                                             G_GINT64_FORMAT ",\"subject\":\"Service C-AR-1\",\"reminder\":\"contract_end\","
                                             "\"date\":\"2031-05-20\"", first);
  gboolean heard = FALSE;
  gint64 until;

  /* the company's setting is off at first */
  g_assert_cmpint (run_jobs ("2031-05-10T04:00:00Z"), ==, 0);
  g_assert_cmpint (told ("contract", first), ==, 0);

  off = rapport_test_request (server, "PATCH", "/api/v1/reminder-preferences", bob, "{\"contract_end\":false}");
  g_assert_cmpuint (off->status, ==, 200);
  set_setting ("contract_end", TRUE, 14);
  /* 19 days ahead: not yet */
  g_assert_cmpint (run_jobs ("2031-05-01T04:00:00Z"), ==, 0);
  g_assert_cmpint (told ("contract", first), ==, 0);
  /* 10 days ahead: told, once */
  g_assert_cmpint (run_jobs ("2031-05-10T04:00:00Z"), ==, 1);
  g_assert_cmpint (told ("contract", first), ==, 1);
  g_assert_cmpint (run_jobs ("2031-05-11T04:00:00Z"), ==, 0);
  g_assert_cmpint (run_jobs ("2031-05-19T04:00:00Z"), ==, 0);
  g_assert_cmpint (told ("contract", first), ==, 1);
  /* bob turned it off for himself */
  g_assert_cmpint (told ("contract", bobs), ==, 0);
  {
    g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'contract' AND entity_id = %"
                                              G_GINT64_FORMAT " AND action = 'remind' AND actor_id IS NULL", first);

    g_assert_cmpint (rapport_test_sql_int (server, "%s", query), ==, 1);
  }

  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!heard && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < listener->messages->len && !heard; i++)
        heard = strstr (g_ptr_array_index (listener->messages, i), needle) != NULL;
    }
  g_assert_true (heard);

  /* the company turns it off: a new contract is not told */
  set_setting ("contract_end", FALSE, 14);
  {
    gint64 later = insert_contract (alice_id, "C-AR-3", "2031-05-21");

    g_assert_cmpint (run_jobs ("2031-05-12T04:00:00Z"), ==, 0);
    g_assert_cmpint (told ("contract", later), ==, 0);
  }
  sql ("UPDATE contracts SET archived = 1 WHERE number LIKE 'C-AR-%'");
}

/* a sent quote whose validity ends within the days set is told once */
static void
test_quote_expiry (void)
{
  g_autofree char *insert = g_strdup_printf ("INSERT INTO quotes (created_at, updated_at, number, title, account_id, owner_id, "
                                             "status, currency, valid_until) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), "
                                             "'Q-AR-1', 'Boilers', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'sent', 'CNY', "
                                             "'2031-07-03'); SELECT LAST_INSERT_ID()", account_id, alice_id);
  gint64 quote = rapport_test_sql_int (server, "%s", insert);

  set_setting ("quote_expiry", TRUE, 3);
  g_assert_cmpint (run_jobs ("2031-06-29T04:00:00Z"), ==, 0);
  g_assert_cmpint (run_jobs ("2031-06-30T04:00:00Z"), ==, 1);
  g_assert_cmpint (told ("quote", quote), ==, 1);
  g_assert_cmpint (run_jobs ("2031-07-02T04:00:00Z"), ==, 0);
  g_assert_cmpint (told ("quote", quote), ==, 1);
  set_setting ("quote_expiry", FALSE, 3);
  sql ("UPDATE quotes SET archived = 1 WHERE number = 'Q-AR-1'");
}

static char *
iso (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* a customer without activity for the days set is told once; a new
 * activity starts the count again */
static void
test_no_activity (void)
{
  gint64 idle = rapport_test_create (server, alice, "accounts", "{\"name\":\"Idle Industries\"}");
  gint64 now = g_get_real_time ();
  g_autofree char *eleven_days_ago = NULL;
  g_autofree char *at_now = iso (now + 60 * G_USEC_PER_SEC);
  g_autofree char *in_an_hour = iso (now + G_TIME_SPAN_HOUR);
  g_autofree char *in_ten_days = iso (now + 10 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
  g_autofree char *activity = NULL;

  {
    g_autoptr(GDateTime) then = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC - 11 * 86400);

    eleven_days_ago = g_date_time_format (then, "%Y-%m-%d %H:%M:%S");
  }
  {
    g_autofree char *update = g_strdup_printf ("UPDATE accounts SET created_at = '%s', last_activity_at = NULL WHERE id = %"
                                               G_GINT64_FORMAT, eleven_days_ago, idle);

    sql (update);
  }
  g_assert_cmpuint (set_setting_as (server->admin_token, "no_activity", "\"enabled\":true,\"days\":10"), ==, 200);
  g_assert_cmpint (run_jobs (at_now), >=, 1);
  g_assert_cmpint (told ("account", idle), ==, 1);
  g_assert_cmpint (run_jobs (in_an_hour), ==, 0);
  g_assert_cmpint (told ("account", idle), ==, 1);

  /* a call today: no longer idle, until ten days have passed again */
  activity = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Checked in\",\"account_id\":%" G_GINT64_FORMAT "}", idle);
  g_assert_cmpint (rapport_test_create (server, alice, "activities", activity), >, 0);
  g_assert_cmpint (run_jobs (in_an_hour), ==, 0);
  g_assert_cmpint (told ("account", idle), ==, 1);
  g_assert_cmpint (run_jobs (in_ten_days), >=, 1);
  g_assert_cmpint (told ("account", idle), ==, 2);
  set_setting ("no_activity", FALSE, 10);
}

static gint64
insert_contact (const char *name,
                const char *birthday)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"account_id\":%" G_GINT64_FORMAT ",\"birthday\":\"%s\"}",
                                           name, account_id, birthday);

  return rapport_test_create (server, alice, "contacts", body);
}

/* a birthday is told once a year, the days set ahead; 29 February on
 * 28 February in other years */
static void
test_birthday (void)
{
  gint64 leap = insert_contact ("李明", "1988-02-29");
  gint64 june = insert_contact ("王芳", "1985-06-15");

  set_setting ("birthday", TRUE, 0);
  g_assert_cmpint (run_jobs ("2031-02-27T04:00:00Z"), ==, 0);
  g_assert_cmpint (run_jobs ("2031-02-28T04:00:00Z"), ==, 1);
  g_assert_cmpint (told ("contact", leap), ==, 1);
  g_assert_cmpint (run_jobs ("2031-02-28T05:00:00Z"), ==, 0);
  g_assert_cmpint (run_jobs ("2031-03-01T04:00:00Z"), ==, 0);
  /* a leap year: on the day itself, not the day before */
  g_assert_cmpint (run_jobs ("2032-02-28T04:00:00Z"), ==, 0);
  g_assert_cmpint (run_jobs ("2032-02-29T04:00:00Z"), ==, 1);
  g_assert_cmpint (told ("contact", leap), ==, 2);

  set_setting ("birthday", TRUE, 3);
  g_assert_cmpint (run_jobs ("2031-06-11T04:00:00Z"), ==, 0);
  g_assert_cmpint (run_jobs ("2031-06-12T04:00:00Z"), ==, 1);
  g_assert_cmpint (run_jobs ("2031-06-15T04:00:00Z"), ==, 0);
  g_assert_cmpint (told ("contact", june), ==, 1);
  g_assert_cmpint (run_jobs ("2032-06-13T04:00:00Z"), ==, 1);
  g_assert_cmpint (told ("contact", june), ==, 2);
  set_setting ("birthday", FALSE, 0);
  {
    g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'contact' AND entity_id = %"
                                              G_GINT64_FORMAT " AND action = 'remind' AND after_json LIKE '%%\"2032\"%%'", june);

    g_assert_cmpint (rapport_test_sql_int (server, "%s", query), ==, 1);
  }
}

/* bad settings answer 422 naming the field; only administrators change them */
static void
test_bad_settings (void)
{
  g_autoptr(RapportTestReply) prefs = NULL;
  g_autoptr(RapportTestReply) bad_kind = NULL;
  g_autoptr(RapportTestReply) bad_value = NULL;
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'reminder_setting'");

  g_assert_cmpuint (set_setting_as (server->admin_token, "contract_end", "\"days\":-1"), ==, 422);
  g_assert_cmpuint (set_setting_as (server->admin_token, "contract_end", "\"days\":366"), ==, 422);
  g_assert_cmpuint (set_setting_as (server->admin_token, "contract_end", "\"days\":null"), ==, 422);
  g_assert_cmpuint (set_setting_as (server->admin_token, "no_activity", "\"days\":0"), ==, 422);
  g_assert_cmpuint (set_setting_as (server->admin_token, "birthday", "\"days\":32"), ==, 422);
  g_assert_cmpuint (set_setting_as (server->admin_token, "birthday", "\"enabled\":\"yes\""), ==, 422);
  g_assert_cmpuint (set_setting_as (alice, "birthday", "\"enabled\":true"), ==, 403);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'reminder_setting'"), ==, before);
  g_assert_cmpuint (set_setting_as (server->admin_token, "birthday", "\"days\":31"), ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'reminder_setting'"), ==, before + 1);
  g_assert_cmpuint (set_setting_as (server->admin_token, "birthday", "\"days\":0"), ==, 200);

  /* the field named: a PATCH answers through the fixture's helper, so ask again */
  {
    g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", "/api/v1/reminder-settings?kind=no_activity",
                                                             server->admin_token, NULL);
    JsonObject *setting = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (list), "items"), 0);
    g_autofree char *path = g_strdup_printf ("/api/v1/reminder-settings/%" G_GINT64_FORMAT, json_object_get_int_member (setting, "id"));
    g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"days\":0}", json_object_get_int_member (setting, "version"));
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, server->admin_token, body);

    g_assert_cmpuint (reply->status, ==, 422);
    g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "days");
  }

  /* one's own choices: a kind that is none, a value that is not true or false */
  bad_kind = rapport_test_request (server, "PATCH", "/api/v1/reminder-preferences", alice, "{\"holidays\":true}");
  g_assert_cmpuint (bad_kind->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_kind), ==, "holidays");
  bad_value = rapport_test_request (server, "PATCH", "/api/v1/reminder-preferences", alice, "{\"birthday\":\"no\"}");
  g_assert_cmpuint (bad_value->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_value), ==, "birthday");
  prefs = rapport_test_request (server, "GET", "/api/v1/reminder-preferences", bob, NULL);
  g_assert_cmpuint (prefs->status, ==, 200);
  {
    JsonArray *items = json_object_get_array_member (rapport_test_reply_object (prefs), "items");
    JsonObject *first = json_array_get_object_element (items, 0);

    g_assert_cmpuint (json_array_get_length (items), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "contract_end");
    g_assert_false (json_object_get_boolean_member (first, "enabled"));
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 1), "enabled"));
  }
  {
    g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND entity_id = %"
                                              G_GINT64_FORMAT " AND action = 'reminder_preferences'", bob_id);

    g_assert_cmpint (rapport_test_sql_int (server, "%s", query), ==, 1);
  }
}

/* Two rapportd on one database run the job at the same instant: each
 * contract ending is told exactly once between them. */
static void
test_two_servers (void)
{
  RapportTestPeer *peer = rapport_test_peer_start (server);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO contracts (created_at, updated_at, number, account_id, owner_id, "
                                             "status, currency, end_date) SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), "
                                             "CONCAT('C-TWO-', seq), %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'active', "
                                             "'CNY', '2033-09-05' FROM seq_1_to_400", account_id, alice_id);
  RapportTestReply *replies[2];
  gint64 told[2];

  sql (insert);
  set_setting ("contract_end", TRUE, 7);
  rapport_test_request_both (server, peer, "POST", "/api/v1/jobs/run?now=2033-09-01T04:00:00Z", replies);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (replies[i]->status, ==, 200);
      told[i] = rapport_test_reply_int (replies[i], "auto_reminded");
      rapport_test_reply_free (replies[i]);
    }
  g_test_message ("the first rapportd told %" G_GINT64_FORMAT ", the second %" G_GINT64_FORMAT, told[0], told[1]);
  g_assert_cmpint (told[0] + told[1], ==, 400);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM (SELECT e.record_id FROM events e JOIN contracts c ON c.id = e.record_id "
                            "WHERE e.kind = 'record.reminder' AND e.entity = 'contract' AND c.number LIKE 'C-TWO-%%' "
                            "GROUP BY e.record_id HAVING COUNT(*) > 1) twice"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM contracts c WHERE c.number LIKE 'C-TWO-%%' AND NOT EXISTS "
                            "(SELECT 1 FROM events e WHERE e.kind = 'record.reminder' AND e.entity = 'contract' "
                            "AND e.record_id = c.id)"), ==, 0);
  set_setting ("contract_end", FALSE, 7);
  sql ("UPDATE contracts SET archived = 1 WHERE number LIKE 'C-TWO-%'");
  rapport_test_peer_stop (peer);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  alice = rapport_test_server_add_user (server, "alice", "sales");
  bob = rapport_test_server_add_user (server, "bob", "sales");
  alice_id = rapport_test_user_id (server, alice);
  bob_id = rapport_test_user_id (server, bob);
  account_id = rapport_test_create (server, alice, "accounts", "{\"name\":\"Harbin Boilers\"}");

  g_test_add_func ("/auto-reminders/contract-end", test_contract_end);
  g_test_add_func ("/auto-reminders/quote-expiry", test_quote_expiry);
  g_test_add_func ("/auto-reminders/no-activity", test_no_activity);
  g_test_add_func ("/auto-reminders/birthday", test_birthday);
  g_test_add_func ("/auto-reminders/bad-settings", test_bad_settings);
  g_test_add_func ("/auto-reminders/two-servers-once", test_two_servers);

  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  rapport_test_server_stop (server);
  return status;
}
