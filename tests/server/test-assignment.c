/* test-assignment.c: assignment rules: conditions, round-robin, caps, fewest open, inactive members, concurrency, the re-run */
#include "rapport-test-lock.h"

#include <signal.h>
#include <string.h>

#define THREADS 8
#define PER_THREAD 25

static RapportTestServer *server;
static char *maker;
static char *intake_key;

static void
sql_do (const char *statement)
{
  g_free (rapport_test_server_sql (server, statement));
}

static gint64
user_id (const char *login)
{
  return rapport_test_sql_int (server, "SELECT id FROM users WHERE login = '%s'", login);
}

/* a team whose members are the users named */
static gint64
make_team (const char         *name,
           const char * const *logins)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);
  gint64 team = rapport_test_create (server, server->admin_token, "teams", body);

  for (guint i = 0; logins[i] != NULL; i++)
    {
      g_autofree char *statement = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = '%s'",
                                                    team, logins[i]);

      g_free (rapport_test_server_add_user (server, logins[i], "sales"));
      sql_do (statement);
    }
  return team;
}

static gint64
make_rule (const char *body)
{
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/assignment-rules", server->admin_token, body);

  if (made->status != 201)
    g_error ("rule %s: %u %s", body, made->status, made->body);
  return rapport_test_reply_int (made, "id");
}

/* each test starts with no rule in force */
static void
retire_rules (void)
{
  sql_do ("UPDATE `assignment-rules` SET active = 0");
}

static gint64
intake (const char *company,
        const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"company\":\"%s\"%s}", company, extra ? extra : "");
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(RapportTestReply) reply = rapport_test_request_full (server, "POST", "/api/v1/intake/leads", intake_key,
                                                                 "application/json", bytes);

  g_assert_cmpuint (reply->status, ==, 201);
  return rapport_test_sql_int (server, "SELECT id FROM leads WHERE company = '%s' ORDER BY id DESC LIMIT 1", company);
}

static gint64
owner_of (gint64 lead)
{
  return rapport_test_sql_int (server, "SELECT IFNULL(owner_id, 0) FROM leads WHERE id = %" G_GINT64_FORMAT, lead);
}

/* a lead made by the maker: created, then perhaps given away by a rule */
static gint64
create_lead (const char *body)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/leads", maker, body);

  g_assert_cmpuint (reply->status, ==, 201);
  return rapport_test_reply_int (reply, "id");
}

static void
test_bad_rule (void)
{
  const struct
  {
    const char *body;
    const char *field;
    const char *message;
  } refused[] = {
    { "{\"position\":1,\"name\":\"Bad syntax\",\"target\":\"user\",\"target_user_id\":1,\"condition\":\"score >= \"}",
      "condition", "Column 10" },
    { "{\"position\":1,\"name\":\"Bad field\",\"target\":\"user\",\"target_user_id\":1,\"condition\":\"budget > 5\"}",
      "condition", "budget" },
    { "{\"position\":1,\"name\":\"Bad types\",\"target\":\"user\",\"target_user_id\":1,\"condition\":\"score >= \\\"high\\\"\"}",
      "condition", NULL },
    { "{\"position\":1,\"name\":\"No team\",\"target\":\"round_robin\"}", "target_team_id", NULL },
    { "{\"position\":1,\"name\":\"No user\",\"target\":\"user\"}", "target_user_id", NULL },
    { "{\"position\":1,\"name\":\"No pool\",\"target\":\"pool\"}", "target_pool_id", NULL },
    { "{\"position\":1,\"name\":\"Bad target\",\"target\":\"everyone\"}", "target", NULL },
  };
  g_autoptr(RapportTestReply) by_sales = rapport_test_request (server, "POST", "/api/v1/assignment-rules", maker,
                                                               "{\"position\":1,\"name\":\"Mine\",\"target\":\"user\",\"target_user_id\":1}");

  g_assert_cmpuint (by_sales->status, ==, 403);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/assignment-rules",
                                                                server->admin_token, refused[i].body);
      JsonObject *envelope;

      g_test_message ("%s: %s", refused[i].body, reply->body);
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, refused[i].field);
      envelope = json_object_get_object_member (rapport_test_reply_object (reply), "error");
      if (refused[i].message != NULL)
        g_assert_nonnull (strstr (json_object_get_string_member (envelope, "message"), refused[i].message));
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `assignment-rules`"), ==, 0);
}

static void
test_conditions (void)
{
  const char * const east[] = { "cond-east", NULL };
  const char * const hot[] = { "cond-hot", NULL };
  const char * const fair[] = { "cond-fair", NULL };
  g_autofree char *rule_body = NULL;
  gint64 rule;
  gint64 healthcare;
  gint64 scored;
  gint64 shown;
  gint64 nothing;
  gint64 created;
  g_autofree char *reason = NULL;

  make_team ("Cond East", east);
  make_team ("Cond Hot", hot);
  make_team ("Cond Fair", fair);
  rule_body = g_strdup_printf ("{\"position\":10,\"name\":\"East healthcare\",\"target\":\"user\",\"target_user_id\":%" G_GINT64_FORMAT ","
                               "\"condition\":\"region in [\\\"华东\\\"] and industry == \\\"healthcare\\\"\"}", user_id ("cond-east"));
  rule = make_rule (rule_body);
  g_clear_pointer (&rule_body, g_free);
  rule_body = g_strdup_printf ("{\"position\":20,\"name\":\"Hot leads\",\"target\":\"user\",\"target_user_id\":%" G_GINT64_FORMAT ","
                               "\"condition\":\"score >= 60\"}", user_id ("cond-hot"));
  make_rule (rule_body);
  g_clear_pointer (&rule_body, g_free);
  rule_body = g_strdup_printf ("{\"position\":30,\"name\":\"Trade fairs\",\"target\":\"user\",\"target_user_id\":%" G_GINT64_FORMAT ","
                               "\"condition\":\"source == \\\"exhibition\\\"\"}", user_id ("cond-fair"));
  make_rule (rule_body);

  /* a create that gives the owner as null runs the rules */
  healthcare = create_lead ("{\"company\":\"华东医院\",\"region\":\"华东\",\"industry\":\"healthcare\","
                                                            "\"score\":90,\"owner_id\":null}");
  scored = create_lead ("{\"company\":\"Hot Lead Ltd\",\"region\":\"华南\",\"industry\":\"healthcare\","
                                                        "\"score\":60,\"owner_id\":null}");
  shown = create_lead ("{\"company\":\"Fair Lead Ltd\",\"source\":\"exhibition\",\"score\":59,"
                                                       "\"owner_id\":null}");
  nothing = create_lead ("{\"company\":\"Cold Lead Ltd\",\"source\":\"referral\",\"owner_id\":null}");
  /* an owner not given at all: the maker, as ever */
  created = create_lead ("{\"company\":\"Own Lead Ltd\",\"source\":\"exhibition\"}");

  g_assert_cmpint (owner_of (healthcare), ==, user_id ("cond-east"));
  g_assert_cmpint (owner_of (scored), ==, user_id ("cond-hot"));
  g_assert_cmpint (owner_of (shown), ==, user_id ("cond-fair"));
  g_assert_cmpint (owner_of (nothing), ==, user_id ("cond-maker"));
  g_assert_cmpint (owner_of (created), ==, user_id ("cond-maker"));

  /* audited with the rule that made it */
  {
    g_autofree char *statement = g_strdup_printf ("SELECT reason FROM audit_log WHERE entity = 'lead' AND entity_id = %" G_GINT64_FORMAT
                                                  " AND action = 'update' ORDER BY id DESC LIMIT 1", healthcare);
    g_autofree char *expected = g_strdup_printf ("assignment rule %" G_GINT64_FORMAT " \"East healthcare\"", rule);

    reason = rapport_test_server_sql (server, statement);
    g_assert_cmpstr (g_strstrip (reason), ==, expected);
  }
  retire_rules ();
}

static void
test_round_robin (void)
{
  const char * const members[] = { "rr-1", "rr-2", "rr-3", NULL };
  gint64 team = make_team ("Round robin", members);
  g_autofree char *body = g_strdup_printf ("{\"position\":1,\"name\":\"Round robin\",\"target\":\"round_robin\","
                                           "\"target_team_id\":%" G_GINT64_FORMAT "}", team);
  gint64 expected[] = { user_id ("rr-1"), user_id ("rr-2"), user_id ("rr-3") };

  make_rule (body);
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *company = g_strdup_printf ("Round Robin %u Ltd", i);

      g_assert_cmpint (owner_of (intake (company, NULL)), ==, expected[i % 3]);
    }
  retire_rules ();
}

/* The rule's turn does not wait for its row: with the row held by another
 * transaction, intakes go on round the team. Once the row is free the turn
 * is written to it, and a restarted rapportd goes on from there. */
static void
test_round_robin_row_held (void)
{
  const char * const members[] = { "rh-1", "rh-2", "rh-3", NULL };
  gint64 team = make_team ("Row held", members);
  char *body = g_strdup_printf ("{\"position\":1,\"name\":\"Row held\",\"target\":\"round_robin\","
                                "\"target_team_id\":%" G_GINT64_FORMAT "}", team);
  gint64 expected[] = { user_id ("rh-1"), user_id ("rh-2"), user_id ("rh-3") };
  gint64 rule = make_rule (body);
  char *hold = g_strdup_printf ("SELECT last_user_id FROM assignment_cursors WHERE rule_id = %" G_GINT64_FORMAT
                                " FOR UPDATE", rule);
  g_autoptr(GSubprocess) lock = NULL;
  guint turn = 0;

  g_assert_cmpint (owner_of (intake ("Row Held 0 Ltd", NULL)), ==, expected[turn++ % 3]);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM assignment_cursors WHERE rule_id = %" G_GINT64_FORMAT, rule), ==, 1);
  lock = rapport_test_lock_hold (server, hold);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *company = g_strdup_printf ("Row Held %u Ltd", i);

      g_assert_cmpint (owner_of (intake (company, NULL)), ==, expected[turn++ % 3]);
    }
  /* answered while the row was still held, not after it was let go */
  g_assert_true (rapport_test_lock_is_held (server));
  rapport_test_lock_release (server, lock);
  g_clear_object (&lock);

  g_assert_cmpint (owner_of (intake ("Row Held 5 Ltd", NULL)), ==, expected[turn % 3]);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT last_user_id FROM assignment_cursors WHERE rule_id = %" G_GINT64_FORMAT, rule),
                   ==, expected[turn++ % 3]);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  rapport_test_server_restart (server);
  g_assert_cmpint (owner_of (intake ("Row Held 6 Ltd", NULL)), ==, expected[turn++ % 3]);
  retire_rules ();

  /* a named user without a cap needs the row no more than a turn */
  g_free (body);
  body = g_strdup_printf ("{\"position\":1,\"name\":\"Row held, one user\",\"target\":\"user\","
                          "\"target_user_id\":%" G_GINT64_FORMAT "}", expected[2]);
  rule = make_rule (body);
  g_free (hold);
  hold = g_strdup_printf ("SELECT last_user_id FROM assignment_cursors WHERE rule_id = %" G_GINT64_FORMAT " FOR UPDATE", rule);
  lock = rapport_test_lock_hold (server, hold);
  g_assert_cmpint (owner_of (intake ("Row Held 7 Ltd", NULL)), ==, expected[2]);
  g_assert_true (rapport_test_lock_is_held (server));
  rapport_test_lock_release (server, lock);
  g_clear_object (&lock);
  g_free (hold);
  g_free (body);
  retire_rules ();
}

/* a member at the cap is skipped; all at the cap: the next rule decides */
static void
test_cap (void)
{
  const char * const members[] = { "cap-1", "cap-2", "cap-3", NULL };
  const char * const spare[] = { "cap-spare", NULL };
  gint64 team = make_team ("Capped", members);
  g_autofree char *body = g_strdup_printf ("{\"position\":1,\"name\":\"Capped\",\"target\":\"round_robin\","
                                           "\"target_team_id\":%" G_GINT64_FORMAT ",\"cap_open\":1}", team);
  g_autofree char *fallback = NULL;
  g_autofree char *held = NULL;
  gint64 first;
  gint64 second;
  gint64 third;

  make_team ("Spare", spare);
  fallback = g_strdup_printf ("{\"position\":2,\"name\":\"Overflow\",\"target\":\"user\",\"target_user_id\":%" G_GINT64_FORMAT "}",
                              user_id ("cap-spare"));
  make_rule (body);
  make_rule (fallback);
  /* cap-2 holds an open lead already; a converted one does not count */
  held = g_strdup_printf ("UPDATE leads SET owner_id = %" G_GINT64_FORMAT " WHERE company = 'Hot Lead Ltd'", user_id ("cap-2"));
  sql_do (held);

  first = intake ("Capped One Ltd", NULL);
  second = intake ("Capped Two Ltd", NULL);
  third = intake ("Capped Three Ltd", NULL);
  g_assert_cmpint (owner_of (first), ==, user_id ("cap-1"));
  g_assert_cmpint (owner_of (second), ==, user_id ("cap-3"));
  g_assert_cmpint (owner_of (third), ==, user_id ("cap-spare"));
  retire_rules ();
}

static void
test_fewest_open (void)
{
  const char * const members[] = { "few-1", "few-2", "few-3", NULL };
  gint64 team = make_team ("Fewest", members);
  g_autofree char *body = g_strdup_printf ("{\"position\":1,\"name\":\"Fewest open\",\"target\":\"fewest_open\","
                                           "\"target_team_id\":%" G_GINT64_FORMAT "}", team);
  gint64 owners[3];

  /* few-1 holds three open leads and a disqualified one, few-3 one */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *company = g_strdup_printf ("Held %u Ltd", i);
      gint64 lead = intake (company, NULL);
      g_autofree char *statement = g_strdup_printf ("UPDATE leads SET owner_id = %" G_GINT64_FORMAT ", status = '%s' WHERE id = %" G_GINT64_FORMAT,
                                                    user_id (i == 2 ? "few-3" : "few-1"), i == 3 ? "disqualified" : "working", lead);

      sql_do (statement);
    }
  make_rule (body);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *company = g_strdup_printf ("Fewest %u Ltd", i);

      owners[i] = owner_of (intake (company, NULL));
    }
  /* 3/0/1: few-2; 3/1/1: few-2 (the lower id of a tie); 3/2/1: few-3 */
  g_assert_cmpint (owners[0], ==, user_id ("few-2"));
  g_assert_cmpint (owners[1], ==, user_id ("few-2"));
  g_assert_cmpint (owners[2], ==, user_id ("few-3"));
  retire_rules ();
}

static void
test_inactive_member (void)
{
  const char * const members[] = { "in-1", "in-2", "in-3", NULL };
  gint64 team = make_team ("With leaver", members);
  g_autofree char *body = g_strdup_printf ("{\"position\":1,\"name\":\"With leaver\",\"target\":\"round_robin\","
                                           "\"target_team_id\":%" G_GINT64_FORMAT "}", team);

  sql_do ("UPDATE users SET active = 0 WHERE login = 'in-2'");
  make_rule (body);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *company = g_strdup_printf ("Leaver %u Ltd", i);

      g_assert_cmpint (owner_of (intake (company, NULL)), !=, user_id ("in-2"));
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'Leaver %%' AND owner_id = %" G_GINT64_FORMAT,
                            user_id ("in-1")), ==, 3);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'Leaver %%' AND owner_id = %" G_GINT64_FORMAT,
                            user_id ("in-3")), ==, 3);
  retire_rules ();
}

static gpointer
intake_thread (gpointer data)
{
  guint thread = GPOINTER_TO_UINT (data);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", intake_key);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/intake/leads", server->base_url);
  guint failed = 0;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  for (guint i = 0; i < PER_THREAD; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autofree char *body = g_strdup_printf ("{\"company\":\"Concurrent %u-%u Ltd\"}", thread, i);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      g_autoptr(GBytes) answer = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      answer = soup_session_send_and_read (session, msg, NULL, NULL);
      if (answer == NULL || soup_message_get_status (msg) != 201)
        failed++;
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return GUINT_TO_POINTER (failed);
}

/* 8 × 25 intakes at once: round-robin hands 50 to each of four members */
/* the uses of the key the tests send intakes with, as administrators see them */
static gint64
key_uses (void)
{
  g_autoptr(RapportTestReply) keys = rapport_test_request (server, "GET", "/api/v1/intake-keys", server->admin_token, NULL);
  JsonArray *items;

  g_assert_cmpuint (keys->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (keys), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *key = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (key, "name"), "Rules form"))
        return json_object_get_int_member (key, "uses");
    }
  g_assert_not_reached ();
}

static void
test_concurrent (void)
{
  const char * const members[] = { "co-1", "co-2", "co-3", "co-4", NULL };
  gint64 team = make_team ("Concurrent", members);
  g_autofree char *body = g_strdup_printf ("{\"position\":1,\"name\":\"Concurrent\",\"target\":\"round_robin\","
                                           "\"target_team_id\":%" G_GINT64_FORMAT "}", team);
  GThread *threads[THREADS];
  guint failed = 0;
  gint64 uses_before = key_uses ();

  make_rule (body);
  for (guint t = 0; t < THREADS; t++)
    threads[t] = g_thread_new ("intake", intake_thread, GUINT_TO_POINTER (t));
  for (guint t = 0; t < THREADS; t++)
    failed += GPOINTER_TO_UINT (g_thread_join (threads[t]));
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'Concurrent %%'"), ==, THREADS * PER_THREAD);
  for (guint m = 0; members[m] != NULL; m++)
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'Concurrent %%' AND owner_id = %" G_GINT64_FORMAT,
                              user_id (members[m])), ==, THREADS * PER_THREAD / 4);
  /* every intake counted, however the concurrent ones spread over the key's counting rows */
  g_assert_cmpint (key_uses (), ==, uses_before + THREADS * PER_THREAD);
  retire_rules ();
}

/* the re-run gives the pool's open leads by today's rules */
static void
test_rerun (void)
{
  const char * const members[] = { "rerun-1", "rerun-2", NULL };
  gint64 team = make_team ("Rerun", members);
  g_autofree char *body = g_strdup_printf ("{\"position\":1,\"name\":\"Rerun fairs\",\"target\":\"round_robin\","
                                           "\"target_team_id\":%" G_GINT64_FORMAT ",\"condition\":\"source == \\\"web_form\\\" and "
                                           "company != \\\"Rerun Left Ltd\\\"\"}", team);
  g_autoptr(RapportTestReply) by_sales = rapport_test_request (server, "POST", "/api/v1/assignment-rules/run", maker, NULL);
  g_autoptr(RapportTestReply) run = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  gint64 unowned;
  gint64 rule;
  JsonArray *rules;
  JsonObject *first;

  g_assert_cmpuint (by_sales->status, ==, 403);
  /* with no rule in force, intakes stay without an owner */
  intake ("Rerun Left Ltd", NULL);
  intake ("Rerun One Ltd", NULL);
  intake ("Rerun Two Ltd", NULL);
  intake ("Rerun Three Ltd", NULL);
  unowned = rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE owner_id IS NULL AND archived = 0 AND status IN ('new', 'working', 'qualified')");
  g_assert_cmpint (unowned, >, 1);
  rule = make_rule (body);
  run = rapport_test_request (server, "POST", "/api/v1/assignment-rules/run", server->admin_token, NULL);
  g_assert_cmpuint (run->status, ==, 200);
  rules = json_object_get_array_member (rapport_test_reply_object (run), "rules");
  g_assert_cmpuint (json_array_get_length (rules), ==, 1);
  first = json_array_get_object_element (rules, 0);
  g_assert_cmpint (json_object_get_int_member (first, "id"), ==, rule);
  g_assert_cmpint (json_object_get_int_member (first, "assigned"), ==, unowned - 1);
  g_assert_cmpint (rapport_test_reply_int (run, "examined"), ==, unowned);
  g_assert_cmpint (rapport_test_reply_int (run, "unassigned"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE owner_id IS NULL AND archived = 0"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'lead' AND action = 'update' AND reason LIKE "
                            "'%%assignment rule %" G_GINT64_FORMAT " %%'", rule), ==, unowned - 1);
  /* nothing left for the rules: nothing changes */
  again = rapport_test_request (server, "POST", "/api/v1/assignment-rules/run", server->admin_token, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (again, "examined"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (again), "rules")), ==, 0);
  retire_rules ();
}

/* whether the last audit row of @lead stores it in @pool, owned by nobody */
static gboolean
audited_in_pool (gint64 lead,
                 gint64 pool)
{
  g_autofree char *statement = g_strdup_printf ("SELECT after_json FROM audit_log WHERE entity = 'lead' AND entity_id = %" G_GINT64_FORMAT
                                                " ORDER BY id DESC LIMIT 1", lead);
  g_autofree char *after = rapport_test_server_sql (server, statement);
  g_autoptr(JsonNode) node = json_from_string (g_strstrip (after), NULL);
  JsonObject *object = node ? json_node_get_object (node) : NULL;

  return object != NULL && json_object_get_int_member_with_default (object, "pool_id", 0) == pool &&
         json_object_get_null_member (object, "owner_id");
}

/* a rule whose target is a pool puts the lead there, the move in the audit row
 * like any other change; so does an intake key's pool when no rule decides */
static void
test_pool_target (void)
{
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/pools", server->admin_token,
                                                           "{\"name\":\"Rule pool\",\"entity\":\"lead\",\"reclaim_idle_days\":30}");
  gint64 pool = rapport_test_reply_int (made, "id");
  g_autofree char *rule_body = NULL;
  g_autofree char *key_body = NULL;
  g_autoptr(RapportTestReply) key = NULL;
  g_autofree char *saved_key = intake_key;
  gint64 by_rule, by_key;

  g_assert_cmpuint (made->status, ==, 201);
  rule_body = g_strdup_printf ("{\"position\":1,\"name\":\"To the pool\",\"condition\":\"source == \\\"campaign\\\"\","
                               "\"target\":\"pool\",\"target_pool_id\":%" G_GINT64_FORMAT "}", pool);
  make_rule (rule_body);
  by_rule = create_lead ("{\"company\":\"Pooled By Rule Ltd\",\"source\":\"campaign\",\"owner_id\":null}");
  g_assert_cmpint (owner_of (by_rule), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT IFNULL(pool_id, 0) FROM leads WHERE id = %" G_GINT64_FORMAT, by_rule), ==, pool);
  g_assert_true (audited_in_pool (by_rule, pool));
  retire_rules ();

  key_body = g_strdup_printf ("{\"name\":\"Pool form\",\"channel\":\"web_form\",\"run_rules\":false,"
                              "\"pool_id\":%" G_GINT64_FORMAT "}", pool);
  key = rapport_test_request (server, "POST", "/api/v1/intake-keys", server->admin_token, key_body);
  g_assert_cmpuint (key->status, ==, 201);
  intake_key = g_strdup (rapport_test_reply_string (key, "key"));
  by_key = intake ("Pooled By Key Ltd", NULL);
  g_free (intake_key);
  intake_key = g_steal_pointer (&saved_key);
  g_assert_cmpint (owner_of (by_key), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT IFNULL(pool_id, 0) FROM leads WHERE id = %" G_GINT64_FORMAT, by_key), ==, pool);
  g_assert_true (audited_in_pool (by_key, pool));

  /* the re-run gives it to a user: it leaves the pool as a claim does, the
   * pool it came from kept and the move written */
  g_free (rapport_test_server_add_user (server, "pool-taker", "sales"));
  {
    g_autofree char *to_user = g_strdup_printf ("{\"position\":1,\"name\":\"Out of the pool\","
                                                "\"condition\":\"company == \\\"Pooled By Key Ltd\\\"\","
                                                "\"target\":\"user\",\"target_user_id\":%" G_GINT64_FORMAT "}",
                                                user_id ("pool-taker"));
    g_autoptr(RapportTestReply) run = NULL;

    make_rule (to_user);
    run = rapport_test_request (server, "POST", "/api/v1/assignment-rules/run", server->admin_token, NULL);
    g_assert_cmpuint (run->status, ==, 200);
    g_assert_cmpint (owner_of (by_key), ==, user_id ("pool-taker"));
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT IFNULL(pool_id, 0) FROM leads WHERE id = %" G_GINT64_FORMAT, by_key), ==, 0);
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT IFNULL(from_pool_id, 0) FROM leads WHERE id = %" G_GINT64_FORMAT, by_key), ==, pool);
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT claimed_at IS NOT NULL FROM leads WHERE id = %" G_GINT64_FORMAT, by_key), ==, 1);
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM pool_moves WHERE entity = 'lead' AND kind = 'assign' AND record_id = %"
                              G_GINT64_FORMAT, by_key), ==, 1);
    retire_rules ();
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  maker = rapport_test_server_add_user (server, "cond-maker", "sales");
  {
    g_autoptr(RapportTestReply) key = rapport_test_request (server, "POST", "/api/v1/intake-keys", server->admin_token,
                                                            "{\"name\":\"Rules form\",\"channel\":\"web_form\",\"rate_per_minute\":100000}");

    g_assert_cmpuint (key->status, ==, 201);
    intake_key = g_strdup (rapport_test_reply_string (key, "key"));
  }

  g_test_add_func ("/assignment/bad-rule", test_bad_rule);
  g_test_add_func ("/assignment/conditions", test_conditions);
  g_test_add_func ("/assignment/round-robin", test_round_robin);
  g_test_add_func ("/assignment/round-robin-row-held", test_round_robin_row_held);
  g_test_add_func ("/assignment/cap", test_cap);
  g_test_add_func ("/assignment/fewest-open", test_fewest_open);
  g_test_add_func ("/assignment/inactive-member", test_inactive_member);
  g_test_add_func ("/assignment/concurrent", test_concurrent);
  g_test_add_func ("/assignment/rerun", test_rerun);
  g_test_add_func ("/assignment/pool-target", test_pool_target);

  status = g_test_run ();
  g_free (maker);
  g_free (intake_key);
  rapport_test_server_stop (server);
  return status;
}
