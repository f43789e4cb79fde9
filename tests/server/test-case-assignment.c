/* test-case-assignment.c: cases given an owner and a queue by the ordered assignment rules: by category with its subtree, by priority, by the account's region, round-robin in a queue, order changes, no match, an explicit owner or queue kept */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *maker;   /* service rep who records the cases */
static gint64 account;

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

/* a service rep who signs in only to be given cases */
static void
add_rep (const char *login)
{
  g_free (rapport_test_server_add_user (server, login, "service"));
}

/* a team whose members are the service reps named */
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

      add_rep (logins[i]);
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

/* a case recorded by the maker with the members given (owner_id among them or not) */
static RapportTestReply *
create_case (const char *subject,
             const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "%s}",
                                           subject, account, extra);
  RapportTestReply *reply = rapport_test_request (server, "POST", "/api/v1/cases", maker, body);

  if (reply->status != 201)
    g_error ("case %s: %u %s", body, reply->status, reply->body);
  return reply;
}

static gint64
owner_of (RapportTestReply *reply)
{
  return rapport_test_sql_int (server, "SELECT IFNULL(owner_id, 0) FROM cases WHERE id = %" G_GINT64_FORMAT,
                               rapport_test_reply_int (reply, "id"));
}

static gint64
queue_of (RapportTestReply *reply)
{
  return rapport_test_sql_int (server, "SELECT IFNULL(queue_team_id, 0) FROM cases WHERE id = %" G_GINT64_FORMAT,
                               rapport_test_reply_int (reply, "id"));
}

/* a rule about a category takes the cases of the categories below it too,
 * gives each to its team's member and puts it in that team's queue; the
 * change is audited with the rule */
static void
test_by_category (void)
{
  const char * const printers_team[] = { "pat", NULL };
  gint64 team = make_team ("Printer desk", printers_team);
  gint64 hardware = rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"Hardware\"}");
  g_autofree char *printers_body = g_strdup_printf ("{\"name\":\"Printers\",\"parent_id\":%" G_GINT64_FORMAT "}", hardware);
  gint64 printers = rapport_test_create (server, server->admin_token, "case-categories", printers_body);
  gint64 software = rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"Software\"}");
  g_autofree char *rule_body = g_strdup_printf ("{\"position\":10,\"name\":\"Hardware desk\",\"entity\":\"case\","
                                                "\"condition\":\"category == %" G_GINT64_FORMAT "\",\"target\":\"round_robin\","
                                                "\"target_team_id\":%" G_GINT64_FORMAT "}", hardware, team);
  gint64 rule;
  g_autofree char *below = g_strdup_printf (",\"owner_id\":null,\"category_id\":%" G_GINT64_FORMAT, printers);
  g_autofree char *elsewhere = g_strdup_printf (",\"owner_id\":null,\"category_id\":%" G_GINT64_FORMAT, software);
  g_autoptr(RapportTestReply) jam = NULL;
  g_autoptr(RapportTestReply) licence = NULL;
  g_autofree char *reason = NULL;

  retire_rules ();
  rule = make_rule (rule_body);
  jam = create_case ("Paper jam", below);
  licence = create_case ("Licence key lost", elsewhere);
  g_assert_cmpint (owner_of (jam), ==, user_id ("pat"));
  g_assert_cmpint (queue_of (jam), ==, team);
  g_assert_cmpint (rapport_test_reply_int (jam, "owner_id"), ==, user_id ("pat"));
  g_assert_cmpint (rapport_test_reply_int (jam, "queue_team_id"), ==, team);
  g_assert_cmpint (owner_of (licence), ==, 0);
  g_assert_cmpint (queue_of (licence), ==, 0);
  reason = g_strdup_printf ("assignment rule %" G_GINT64_FORMAT " \"Hardware desk\"", rule);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'update' AND reason = '%s'",
                                         rapport_test_reply_int (jam, "id"), reason), ==, 1);
}

/* an urgent case goes to the named user; a normal one is left alone */
static void
test_by_priority (void)
{
  g_autofree char *rule_body = g_strdup_printf ("{\"position\":10,\"name\":\"Urgent to Ursula\",\"entity\":\"case\","
                                                "\"condition\":\"priority == \\\"urgent\\\"\",\"target\":\"user\","
                                                "\"target_user_id\":%" G_GINT64_FORMAT "}", user_id ("ursula"));
  g_autoptr(RapportTestReply) urgent = NULL;
  g_autoptr(RapportTestReply) normal = NULL;

  retire_rules ();
  make_rule (rule_body);
  urgent = create_case ("Ventilator alarm", ",\"owner_id\":null,\"priority\":\"urgent\"");
  normal = create_case ("Invoice copy", ",\"owner_id\":null");
  g_assert_cmpint (owner_of (urgent), ==, user_id ("ursula"));
  g_assert_cmpint (queue_of (urgent), ==, 0);
  g_assert_cmpint (owner_of (normal), ==, 0);
}

/* the case keeps its account's region, and a rule routes by it */
static void
test_by_region (void)
{
  gint64 east = rapport_test_create (server, maker, "accounts", "{\"name\":\"上海瑞金医院\",\"region\":\"华东\"}");
  g_autofree char *rule_body = g_strdup_printf ("{\"position\":10,\"name\":\"East China\",\"entity\":\"case\","
                                                "\"condition\":\"region == \\\"华东\\\"\",\"target\":\"user\","
                                                "\"target_user_id\":%" G_GINT64_FORMAT "}", user_id ("east-rep"));
  g_autofree char *east_body = g_strdup_printf ("{\"subject\":\"设备报警\",\"account_id\":%" G_GINT64_FORMAT ",\"owner_id\":null}", east);
  g_autoptr(RapportTestReply) eastern = NULL;
  g_autoptr(RapportTestReply) elsewhere = NULL;

  retire_rules ();
  make_rule (rule_body);
  eastern = rapport_test_request (server, "POST", "/api/v1/cases", maker, east_body);
  elsewhere = create_case ("No region", ",\"owner_id\":null");
  g_assert_cmpuint (eastern->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (eastern, "region"), ==, "华东");
  g_assert_cmpint (owner_of (eastern), ==, user_id ("east-rep"));
  g_assert_cmpint (owner_of (elsewhere), ==, 0);
}

/* six cases through a round-robin queue of three: two each, in turn */
static void
test_round_robin (void)
{
  const char * const members[] = { "rr-a", "rr-b", "rr-c", NULL };
  gint64 team = make_team ("Web queue", members);
  g_autofree char *rule_body = g_strdup_printf ("{\"position\":10,\"name\":\"Web cases\",\"entity\":\"case\","
                                                "\"condition\":\"channel == \\\"web\\\"\",\"target\":\"round_robin\","
                                                "\"target_team_id\":%" G_GINT64_FORMAT "}", team);
  gint64 owners[6];
  guint per_member[3] = { 0 };

  retire_rules ();
  make_rule (rule_body);
  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    {
      g_autofree char *subject = g_strdup_printf ("Web form %u", i);
      g_autoptr(RapportTestReply) made = create_case (subject, ",\"owner_id\":null,\"channel\":\"web\"");

      owners[i] = owner_of (made);
      g_assert_cmpint (queue_of (made), ==, team);
      for (guint m = 0; m < 3; m++)
        if (owners[i] == user_id (members[m]))
          per_member[m]++;
    }
  for (guint m = 0; m < 3; m++)
    g_assert_cmpuint (per_member[m], ==, 2);
  /* strictly in turn: the fourth goes to whom the first went */
  for (guint i = 3; i < G_N_ELEMENTS (owners); i++)
    g_assert_cmpint (owners[i], ==, owners[i - 3]);
  g_assert_cmpint (owners[0], !=, owners[1]);
  g_assert_cmpint (owners[1], !=, owners[2]);
}

/* two rules that both hold: the first by position decides, and moving the
 * second before it takes effect at the next case */
static void
test_order_change (void)
{
  g_autofree char *first_body = g_strdup_printf ("{\"position\":10,\"name\":\"Email first\",\"entity\":\"case\","
                                                 "\"condition\":\"channel == \\\"email\\\"\",\"target\":\"user\","
                                                 "\"target_user_id\":%" G_GINT64_FORMAT "}", user_id ("order-first"));
  g_autofree char *second_body = g_strdup_printf ("{\"position\":20,\"name\":\"Email second\",\"entity\":\"case\","
                                                  "\"condition\":\"channel == \\\"email\\\"\",\"target\":\"user\","
                                                  "\"target_user_id\":%" G_GINT64_FORMAT "}", user_id ("order-second"));
  gint64 second;
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) before = NULL;
  g_autoptr(RapportTestReply) moved = NULL;
  g_autoptr(RapportTestReply) after = NULL;

  retire_rules ();
  make_rule (first_body);
  second = make_rule (second_body);
  before = create_case ("Mail one", ",\"owner_id\":null,\"channel\":\"email\"");
  g_assert_cmpint (owner_of (before), ==, user_id ("order-first"));

  path = g_strdup_printf ("/api/v1/assignment-rules/%" G_GINT64_FORMAT, second);
  moved = rapport_test_request (server, "PATCH", path, server->admin_token, "{\"version\":1,\"position\":5}");
  g_assert_cmpuint (moved->status, ==, 200);
  after = create_case ("Mail two", ",\"owner_id\":null,\"channel\":\"email\"");
  g_assert_cmpint (owner_of (after), ==, user_id ("order-second"));
}

/* no rule holds: the case stays without an owner and in no queue */
static void
test_no_match (void)
{
  g_autoptr(RapportTestReply) made = NULL;

  retire_rules ();
  make_rule ("{\"position\":10,\"name\":\"Letters only\",\"entity\":\"case\",\"condition\":\"channel == \\\"letter\\\"\","
             "\"target\":\"user\",\"target_user_id\":1}");
  made = create_case ("Walk-in question", ",\"owner_id\":null,\"channel\":\"visit\"");
  g_assert_cmpint (owner_of (made), ==, 0);
  g_assert_cmpint (queue_of (made), ==, 0);
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (made), "owner_id")));
}

/* an owner given is kept, even when a rule would take the case; an owner
 * not given keeps the maker as before */
static void
test_explicit_owner_kept (void)
{
  g_autofree char *rule_body = g_strdup_printf ("{\"position\":10,\"name\":\"Everything to keeper\",\"entity\":\"case\","
                                                "\"target\":\"user\",\"target_user_id\":%" G_GINT64_FORMAT "}", user_id ("keeper"));
  g_autofree char *mine = g_strdup_printf (",\"owner_id\":%" G_GINT64_FORMAT, rapport_test_user_id (server, maker));
  g_autoptr(RapportTestReply) given = NULL;
  g_autoptr(RapportTestReply) unset = NULL;
  g_autoptr(RapportTestReply) by_rule = NULL;

  retire_rules ();
  make_rule (rule_body);
  given = create_case ("Mine explicitly", mine);
  unset = create_case ("Mine by default", "");
  by_rule = create_case ("For the rules", ",\"owner_id\":null");
  g_assert_cmpint (owner_of (given), ==, rapport_test_user_id (server, maker));
  g_assert_cmpint (rapport_test_reply_int (given, "version"), ==, 1);
  g_assert_cmpint (owner_of (unset), ==, rapport_test_user_id (server, maker));
  g_assert_cmpint (owner_of (by_rule), ==, user_id ("keeper"));
}

/* a case given a queue and no owner is taken only by a rule that chooses
 * among that queue's team; with none, it waits in its queue unowned */
static void
test_queue_given (void)
{
  const char * const members[] = { "q-a", "q-b", NULL };
  const char * const others[] = { "q-z", NULL };
  gint64 team = make_team ("Phone queue", members);
  gint64 other = make_team ("Other queue", others);
  g_autofree char *urgent_body = g_strdup_printf ("{\"position\":1,\"name\":\"Urgent to q-z\",\"entity\":\"case\","
                                                  "\"condition\":\"priority == \\\"urgent\\\"\",\"target\":\"user\","
                                                  "\"target_user_id\":%" G_GINT64_FORMAT "}", user_id ("q-z"));
  g_autofree char *queue_body = g_strdup_printf ("{\"position\":2,\"name\":\"Phone queue members\",\"entity\":\"case\","
                                                 "\"target\":\"fewest_open\",\"target_team_id\":%" G_GINT64_FORMAT "}", team);
  g_autofree char *in_team = g_strdup_printf (",\"owner_id\":null,\"priority\":\"urgent\",\"queue_team_id\":%" G_GINT64_FORMAT, team);
  g_autofree char *in_other = g_strdup_printf (",\"owner_id\":null,\"queue_team_id\":%" G_GINT64_FORMAT, other);
  g_autoptr(RapportTestReply) taken = NULL;
  g_autoptr(RapportTestReply) waiting = NULL;

  retire_rules ();
  make_rule (urgent_body);
  make_rule (queue_body);
  taken = create_case ("Caller on hold", in_team);
  waiting = create_case ("Queued elsewhere", in_other);
  g_assert_cmpint (owner_of (taken), ==, user_id ("q-a"));
  g_assert_cmpint (queue_of (taken), ==, team);
  g_assert_cmpint (owner_of (waiting), ==, 0);
  g_assert_cmpint (queue_of (waiting), ==, other);
}

/* a case rule's condition reads case fields; a case rule may not target a pool */
static void
test_bad_case_rule (void)
{
  g_autoptr(RapportTestReply) lead_field = rapport_test_request (server, "POST", "/api/v1/assignment-rules", server->admin_token,
                                                                 "{\"name\":\"Scored case\",\"entity\":\"case\",\"condition\":\"score > 5\","
                                                                 "\"target\":\"user\",\"target_user_id\":1}");
  g_autoptr(RapportTestReply) pooled = rapport_test_request (server, "POST", "/api/v1/assignment-rules", server->admin_token,
                                                             "{\"name\":\"Pooled case\",\"entity\":\"case\",\"target\":\"pool\","
                                                             "\"target_pool_id\":1}");

  g_assert_cmpuint (lead_field->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (lead_field), ==, "condition");
  g_assert_cmpuint (pooled->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (pooled), ==, "target");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `assignment-rules` WHERE name LIKE '%% case'"), ==, 0);
}

/* the re-run takes up open cases without an owner too */
static void
test_rerun (void)
{
  g_autofree char *rule_body = g_strdup_printf ("{\"position\":10,\"name\":\"Letters late\",\"entity\":\"case\","
                                                "\"condition\":\"channel == \\\"letter\\\"\",\"target\":\"user\","
                                                "\"target_user_id\":%" G_GINT64_FORMAT "}", user_id ("late"));
  g_autoptr(RapportTestReply) letter = NULL;
  g_autoptr(RapportTestReply) run = NULL;

  retire_rules ();
  letter = create_case ("A letter", ",\"owner_id\":null,\"channel\":\"letter\"");
  g_assert_cmpint (owner_of (letter), ==, 0);
  make_rule (rule_body);
  run = rapport_test_request (server, "POST", "/api/v1/assignment-rules/run", server->admin_token, "{}");
  g_assert_cmpuint (run->status, ==, 200);
  g_assert_cmpint (owner_of (letter), ==, user_id ("late"));
}

int
main (int   argc,
      char *argv[])
{
  /* the named targets of the rules below */
  const char * const reps[] = { "ursula", "order-first", "order-second", "keeper", "late", "east-rep" };
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  maker = rapport_test_server_add_user (server, "maker", "service");
  account = rapport_test_create (server, maker, "accounts", "{\"name\":\"华南医院\"}");
  for (guint i = 0; i < G_N_ELEMENTS (reps); i++)
    add_rep (reps[i]);

  g_test_add_func ("/case-assignment/bad-rule", test_bad_case_rule);
  g_test_add_func ("/case-assignment/by-category", test_by_category);
  g_test_add_func ("/case-assignment/by-priority", test_by_priority);
  g_test_add_func ("/case-assignment/by-region", test_by_region);
  g_test_add_func ("/case-assignment/round-robin", test_round_robin);
  g_test_add_func ("/case-assignment/order-change", test_order_change);
  g_test_add_func ("/case-assignment/no-match", test_no_match);
  g_test_add_func ("/case-assignment/explicit-owner", test_explicit_owner_kept);
  g_test_add_func ("/case-assignment/queue-given", test_queue_given);
  g_test_add_func ("/case-assignment/rerun", test_rerun);

  status = g_test_run ();
  g_free (maker);
  rapport_test_server_stop (server);
  return status;
}
