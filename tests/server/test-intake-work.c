/* test-intake-work.c: what an intake costs the database, and a key revoked behind the back of the rapportd that knows it */
#include "rapport-test-server.h"

#include <string.h>

#define MEASURED 20

static RapportTestServer *server;

static void
sql_do (const char *statement)
{
  g_free (rapport_test_server_sql (server, statement));
}

/* one of MariaDB's counters, for every connection (the mariadb client's text
 * queries count only in Com_select and Questions) */
static gint64
status_value (const char *name)
{
  g_autofree char *statement = g_strdup_printf ("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                                                "WHERE VARIABLE_NAME = '%s'", name);
  g_autofree char *out = rapport_test_server_sql (server, statement);

  return g_ascii_strtoll (out, NULL, 10);
}

static RapportTestReply *
intake (const char *key,
        const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return rapport_test_request_full (server, "POST", "/api/v1/intake/leads", key, "application/json", bytes);
}

static char *
make_key (const char *body,
          gint64     *id)
{
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/intake-keys", server->admin_token, body);

  g_assert_cmpuint (made->status, ==, 201);
  *id = rapport_test_reply_int (made, "id");
  return g_strdup (rapport_test_reply_string (made, "key"));
}

static gint64
key_uses (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT uses FROM intake_keys WHERE id = %" G_GINT64_FORMAT, id);
}

static gint64
leads_named (const char *company)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company = '%s'", company);
}

/* A lead through a round-robin rule, once the connections are warm: no
 * statement is prepared for it, and it takes at most 15 statements (the
 * key, the rules, the rule's cursor, its members, the move of the cursor,
 * the owner's check, the row and its reading back, its search and
 * duplicate keys, its person's key, audit, event, and the key's use). */
static void
test_statements (void)
{
  gint64 key_id;
  g_autofree char *key = make_key ("{\"name\":\"Counted form\",\"channel\":\"web_form\",\"rate_per_minute\":100000}", &key_id);
  g_autofree char *rule_body = NULL;
  gint64 team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Counted team\"}");
  gint64 executed;
  gint64 prepared;

  for (guint m = 0; m < 3; m++)
    {
      g_autofree char *login = g_strdup_printf ("counted-%u", m);
      g_autofree char *statement = NULL;

      g_free (rapport_test_server_add_user (server, login, "sales"));
      statement = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = '%s'", team, login);
      sql_do (statement);
    }
  rule_body = g_strdup_printf ("{\"position\":1,\"name\":\"Counted turns\",\"target\":\"round_robin\","
                               "\"target_team_id\":%" G_GINT64_FORMAT "}", team);
  {
    g_autoptr(RapportTestReply) rule = rapport_test_request (server, "POST", "/api/v1/assignment-rules",
                                                             server->admin_token, rule_body);

    g_assert_cmpuint (rule->status, ==, 201);
  }

  /* every worker's connection has met every statement (requests go to any worker) */
  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"company\":\"Warm %u Ltd\",\"mobile\":\"139%08u\",\"email\":\"warm%u@example.cn\","
                                               "\"person\":\"王芳\",\"region\":\"华东\"}", i, i, i);
      g_autoptr(RapportTestReply) reply = intake (key, body);

      g_assert_cmpuint (reply->status, ==, 201);
    }

  executed = status_value ("COM_STMT_EXECUTE");
  prepared = status_value ("COM_STMT_PREPARE");
  for (guint i = 0; i < MEASURED; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"company\":\"上海康泰%u医疗器械有限公司\",\"mobile\":\"138%08u\","
                                               "\"email\":\"counted%u@example.cn\",\"person\":\"李娜\",\"region\":\"华东\"}",
                                               i, i, i);
      g_autoptr(RapportTestReply) reply = intake (key, body);

      g_assert_cmpuint (reply->status, ==, 201);
    }
  executed = status_value ("COM_STMT_EXECUTE") - executed;
  prepared = status_value ("COM_STMT_PREPARE") - prepared;
  g_test_message ("%" G_GINT64_FORMAT " statements executed and %" G_GINT64_FORMAT " prepared for %d intakes",
                  executed, prepared, MEASURED);
  /* a statement or two of the server's own jobs may fall in the window */
  g_assert_cmpint (executed, <=, 15 * MEASURED + 10);
  g_assert_cmpint (prepared, <, MEASURED);

  /* and nothing is lost by it: every lead stored, given in turn, audited, counted */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE '上海康泰%%'"), ==, MEASURED);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT MAX(n) - MIN(n) FROM (SELECT COUNT(*) n FROM leads WHERE company LIKE '上海康泰%%' "
                            "GROUP BY owner_id) t"), <=, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads l JOIN users u ON u.id = l.owner_id "
                            "WHERE l.company LIKE '上海康泰%%' AND u.team_id = %" G_GINT64_FORMAT, team), ==, MEASURED);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log a JOIN leads l ON a.entity = 'lead' AND a.entity_id = l.id "
                            "WHERE l.company LIKE '上海康泰%%' AND a.action = 'create' AND a.reason LIKE 'intake key %%'"),
                   ==, MEASURED);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM dedup_keys d JOIN leads l ON d.entity = 'lead' AND d.record_id = l.id "
                            "WHERE l.company LIKE '上海康泰%%' AND d.kind = 'mobile'"), ==, MEASURED);
  g_assert_cmpint (key_uses (key_id), ==, 64 + MEASURED);
  sql_do ("UPDATE `assignment-rules` SET active = 0");
}

/* A key this rapportd has used, revoked where it does not hear of it (by
 * another rapportd behind the same load balancer, here in the database):
 * the next intake through it answers 401 and stores nothing, whatever its
 * body, and even past the key's rate. */
static void
test_revoked_elsewhere (void)
{
  gint64 key_id;
  g_autofree char *key = make_key ("{\"name\":\"Known form\",\"channel\":\"web_form\",\"rate_per_minute\":2}", &key_id);
  g_autofree char *revoke = g_strdup_printf ("UPDATE intake_keys SET revoked_at = UTC_TIMESTAMP(6) WHERE id = %" G_GINT64_FORMAT,
                                             key_id);
  g_autoptr(RapportTestReply) before = intake (key, "{\"company\":\"Known Before Ltd\"}");
  g_autoptr(RapportTestReply) good = NULL;
  g_autoptr(RapportTestReply) bad = NULL;
  g_autoptr(RapportTestReply) past_rate = NULL;

  g_assert_cmpuint (before->status, ==, 201);
  g_assert_cmpint (key_uses (key_id), ==, 1);
  sql_do (revoke);

  good = intake (key, "{\"company\":\"Known After Ltd\"}");
  g_assert_cmpuint (good->status, ==, 401);
  g_assert_cmpstr (rapport_test_reply_error_code (good), ==, "unauthorized");
  /* a body that would be refused is refused for the key first */
  bad = intake (key, "{\"company\":\"Known After Ltd\",\"owner_id\":1}");
  g_assert_cmpuint (bad->status, ==, 401);
  /* the rate of two a minute is spent: still 401, not 429 */
  past_rate = intake (key, "{\"company\":\"Known After Ltd\"}");
  g_assert_cmpuint (past_rate->status, ==, 401);

  g_assert_cmpint (leads_named ("Known Before Ltd"), ==, 1);
  g_assert_cmpint (leads_named ("Known After Ltd"), ==, 0);
  g_assert_cmpint (key_uses (key_id), ==, 1);
}

/* A key revoked through the API of the rapportd that knows it is refused
 * at once, before its body is read: a body that is not even JSON gets 401. */
static void
test_revoked_here (void)
{
  gint64 key_id;
  g_autofree char *key = make_key ("{\"name\":\"Known kiosk\",\"channel\":\"exhibition\"}", &key_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/intake-keys/%" G_GINT64_FORMAT "/revoke", key_id);
  g_autoptr(RapportTestReply) before = intake (key, "{\"company\":\"Kiosk Before Ltd\"}");
  g_autoptr(RapportTestReply) revoked = NULL;
  g_autoptr(RapportTestReply) garbage = NULL;
  g_autoptr(RapportTestReply) good = NULL;

  g_assert_cmpuint (before->status, ==, 201);
  revoked = rapport_test_request (server, "POST", path, server->admin_token, NULL);
  g_assert_cmpuint (revoked->status, ==, 200);
  garbage = intake (key, "{not json");
  g_assert_cmpuint (garbage->status, ==, 401);
  good = intake (key, "{\"company\":\"Kiosk After Ltd\"}");
  g_assert_cmpuint (good->status, ==, 401);
  g_assert_cmpint (leads_named ("Kiosk After Ltd"), ==, 0);
  g_assert_cmpint (key_uses (key_id), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/intake-work/statements", test_statements);
  g_test_add_func ("/intake-work/revoked-elsewhere", test_revoked_elsewhere);
  g_test_add_func ("/intake-work/revoked-here", test_revoked_here);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
