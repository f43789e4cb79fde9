/* test-tasks.c: tasks: who sees them, a bad RRULE, reminders told once across two rapportd, snooze, done on a recurring task */
#include "rapport-test-peer.h"
#include "rapport-test-events.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* sales, team East */
static char *carol;   /* sales, team West */
static char *mona;    /* manager, team East */

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static gint64
reply_time (RapportTestReply *reply,
            const char       *member)
{
  const char *text = rapport_test_reply_string (reply, member);

  return text ? parse_time (text) : 0;
}

static RapportTestReply *
get_task (const char *token,
          gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, id);

  return rapport_test_request (server, "GET", path, token, NULL);
}

static RapportTestReply *
run_jobs (const char *now)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", now);

  return rapport_test_request (server, "POST", path, server->admin_token, NULL);
}

static gint64
reminders_of (gint64 id)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE kind = 'task.reminder' AND record_id = %"
                                            G_GINT64_FORMAT, id);

  return rapport_test_sql_int (server, "%s", query);
}

/* a new task is its creator's; its reminder is armed at remind_at */
static void
test_create (void)
{
  gint64 id = rapport_test_create (server, alice, "tasks",
                                   "{\"subject\":\"Call back 王总\",\"due_at\":\"2030-01-10T02:00:00Z\","
                                   "\"remind_at\":\"2030-01-10T01:30:00Z\"}");
  g_autoptr(RapportTestReply) task = get_task (alice, id);
  g_autofree char *audit = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND entity_id = %"
                                            G_GINT64_FORMAT, id);

  g_assert_cmpuint (task->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (task, "assignee_id"), ==, rapport_test_user_id (server, alice));
  g_assert_cmpint (reply_time (task, "next_reminder_at"), ==, parse_time ("2030-01-10T01:30:00Z"));
  g_assert_false (json_object_get_boolean_member (rapport_test_reply_object (task), "done"));
  g_assert_cmpint (rapport_test_sql_int (server, "%s", audit), ==, 1);
}

/* a recurrence libical cannot read is refused, naming the field, with libical's reason */
static void
test_bad_rrule (void)
{
  g_autoptr(RapportTestReply) bad = rapport_test_request (server, "POST", "/api/v1/tasks", alice,
                                                          "{\"subject\":\"Weekly report\",\"due_at\":\"2030-01-07T01:00:00Z\","
                                                          "\"recurrence\":\"FREQ=FORTNIGHTLY\"}");
  g_autoptr(RapportTestReply) undated = rapport_test_request (server, "POST", "/api/v1/tasks", alice,
                                                              "{\"subject\":\"Weekly report\",\"recurrence\":\"FREQ=WEEKLY\"}");
  gint64 id = rapport_test_create (server, alice, "tasks", "{\"subject\":\"Monthly close\",\"due_at\":\"2030-01-31T01:00:00Z\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) patched = rapport_test_request (server, "PATCH", path, alice,
                                                              "{\"version\":1,\"recurrence\":\"FREQ=MONTHLY;BYMONTHDAY=XX\"}");
  g_autoptr(RapportTestReply) good = rapport_test_request (server, "PATCH", path, alice,
                                                           "{\"version\":1,\"recurrence\":\"FREQ=MONTHLY;BYMONTHDAY=-1\"}");

  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "recurrence");
  g_assert_nonnull (strstr (bad->body, "MALFORMEDDATA"));
  g_assert_cmpuint (undated->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (undated), ==, "due_at");
  g_assert_cmpuint (patched->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (patched), ==, "recurrence");
  g_assert_cmpuint (good->status, ==, 200);
  g_assert_cmpint (reply_time (good, "series_start"), ==, parse_time ("2030-01-31T01:00:00Z"));
}

/* a rep sees the tasks assigned to them; a rep of another team does not
 * (404), their team's manager does */
static void
test_visibility (void)
{
  gint64 id = rapport_test_create (server, alice, "tasks", "{\"subject\":\"Send the quote to 华东 Trading\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) by_carol = get_task (carol, id);
  g_autoptr(RapportTestReply) by_mona = get_task (mona, id);
  g_autoptr(RapportTestReply) patched = rapport_test_request (server, "PATCH", path, carol, "{\"version\":1,\"done\":true}");
  g_autoptr(RapportTestReply) snoozed = NULL;
  g_autoptr(RapportTestReply) carols_list = rapport_test_request (server, "GET", "/api/v1/tasks?limit=500", carol, NULL);
  g_autofree char *snooze_path = g_strdup_printf ("%s/snooze", path);
  g_autofree char *needle = g_strdup_printf ("\"id\":%" G_GINT64_FORMAT ",", id);

  g_assert_cmpuint (by_carol->status, ==, 404);
  g_assert_cmpuint (by_mona->status, ==, 200);
  g_assert_cmpuint (patched->status, ==, 404);
  snoozed = rapport_test_request (server, "POST", snooze_path, carol, "{\"until\":\"2030-01-01T00:00:00Z\"}");
  g_assert_cmpuint (snoozed->status, ==, 404);
  g_assert_cmpuint (carols_list->status, ==, 200);
  g_assert_null (strstr (carols_list->body, needle));
}

/* the job tells the assignee once, over the event WebSocket, when remind_at has come */
static void
test_reminder_once (void)
{
  gint64 id = rapport_test_create (server, alice, "tasks",
                                   "{\"subject\":\"Visit 北京 Instruments\",\"due_at\":\"2031-03-02T02:00:00Z\","
                                   "\"remind_at\":\"2031-03-02T01:00:00Z\"}");
  g_autoptr(RapportTestEvents) listener = rapport_test_events_listen (server->session, server->base_url, alice, NULL);
  g_autoptr(RapportTestReply) early = run_jobs ("2031-03-02T00:59:00Z");
  g_autoptr(RapportTestReply) due = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) task = NULL;
  g_autofree char *needle = g_strdup_printf ("\"kind\":\"task.reminder\",\"data\":{\"entity\":\"task\",\"id\":%" G_GINT64_FORMAT, id);
  gboolean heard = FALSE;
  gint64 until;

  g_assert_cmpuint (early->status, ==, 200);
  g_assert_cmpint (reminders_of (id), ==, 0);
  due = run_jobs ("2031-03-02T01:00:30Z");
  g_assert_cmpuint (due->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (due, "reminded"), >=, 1);
  g_assert_cmpint (reminders_of (id), ==, 1);
  again = run_jobs ("2031-03-02T01:05:00Z");
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (reminders_of (id), ==, 1);

  task = get_task (alice, id);
  g_assert_cmpint (reply_time (task, "reminded_at"), ==, parse_time ("2031-03-02T01:00:30Z"));
  g_assert_null (rapport_test_reply_string (task, "next_reminder_at"));

  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!heard && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < listener->messages->len && !heard; i++)
        heard = strstr (listener->messages->pdata[i], needle) != NULL;
      g_usleep (10000);
    }
  g_assert_true (heard);
}

/* a snooze re-arms the reminder: told again once the snooze ends, and once only */
static void
test_snooze (void)
{
  gint64 id = rapport_test_create (server, alice, "tasks",
                                   "{\"subject\":\"Chase the contract\",\"due_at\":\"2032-05-10T02:00:00Z\","
                                   "\"remind_at\":\"2032-05-10T01:00:00Z\"}");
  g_autofree char *snooze_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/snooze", id);
  g_autofree char *path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) fired = run_jobs ("2032-05-10T01:00:00Z");
  g_autoptr(RapportTestReply) snoozed = NULL;
  g_autoptr(RapportTestReply) bad = NULL;
  g_autoptr(RapportTestReply) before_end = NULL;
  g_autoptr(RapportTestReply) after_end = NULL;
  g_autoptr(RapportTestReply) done = NULL;
  g_autoptr(RapportTestReply) done_snooze = NULL;
  g_autofree char *done_body = NULL;
  g_autofree char *version_query = g_strdup_printf ("SELECT version FROM tasks WHERE id = %" G_GINT64_FORMAT, id);

  g_assert_cmpuint (fired->status, ==, 200);
  g_assert_cmpint (reminders_of (id), ==, 1);
  snoozed = rapport_test_request (server, "POST", snooze_path, alice, "{\"until\":\"2032-05-10T01:15:00Z\"}");
  g_assert_cmpuint (snoozed->status, ==, 200);
  g_assert_cmpint (reply_time (snoozed, "snoozed_until"), ==, parse_time ("2032-05-10T01:15:00Z"));
  g_assert_cmpint (reply_time (snoozed, "next_reminder_at"), ==, parse_time ("2032-05-10T01:15:00Z"));
  g_assert_null (rapport_test_reply_string (snoozed, "reminded_at"));
  bad = rapport_test_request (server, "POST", snooze_path, alice, "{\"until\":\"soon\"}");
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "until");

  before_end = run_jobs ("2032-05-10T01:14:00Z");
  g_assert_cmpuint (before_end->status, ==, 200);
  g_assert_cmpint (reminders_of (id), ==, 1);
  after_end = run_jobs ("2032-05-10T01:16:00Z");
  g_assert_cmpint (reminders_of (id), ==, 2);
  g_clear_pointer (&after_end, rapport_test_reply_free);
  after_end = run_jobs ("2032-05-10T01:30:00Z");
  g_assert_cmpint (reminders_of (id), ==, 2);

  /* done: nothing more to remind of */
  done_body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"done\":true}",
                               rapport_test_sql_int (server, "%s", version_query));
  done = rapport_test_request (server, "PATCH", path, alice, done_body);
  g_assert_cmpuint (done->status, ==, 200);
  g_assert_nonnull (rapport_test_reply_string (done, "done_at"));
  done_snooze = rapport_test_request (server, "POST", snooze_path, alice, "{\"until\":\"2032-05-11T01:15:00Z\"}");
  g_assert_cmpuint (done_snooze->status, ==, 422);
}

/* done on a recurring task leaves it done and makes the next occurrence,
 * its reminder as far ahead of it; after the last (COUNT), none */
static void
test_done_recurring (void)
{
  gint64 id = rapport_test_create (server, alice, "tasks",
                                   "{\"subject\":\"Month-end statement\",\"due_at\":\"2033-01-31T02:00:00Z\","
                                   "\"remind_at\":\"2033-01-31T01:30:00Z\",\"recurrence\":\"FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=2\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, id);
  g_autofree char *next_query = g_strdup_printf ("SELECT COALESCE(MAX(id), 0) FROM tasks WHERE previous_task_id = %" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) done = rapport_test_request (server, "PATCH", path, alice, "{\"version\":1,\"done\":true}");
  g_autoptr(RapportTestReply) next = NULL;
  g_autoptr(RapportTestReply) last_done = NULL;
  g_autofree char *next_path = NULL;
  g_autofree char *after_last = NULL;
  gint64 next_id;

  g_assert_cmpuint (done->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (done), "done"));
  g_assert_nonnull (rapport_test_reply_string (done, "done_at"));
  g_assert_null (rapport_test_reply_string (done, "next_reminder_at"));
  next_id = rapport_test_sql_int (server, "%s", next_query);
  g_assert_cmpint (next_id, >, id);
  next = get_task (alice, next_id);
  g_assert_cmpuint (next->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (next, "subject"), ==, "Month-end statement");
  g_assert_false (json_object_get_boolean_member (rapport_test_reply_object (next), "done"));
  g_assert_cmpint (reply_time (next, "due_at"), ==, parse_time ("2033-02-28T02:00:00Z"));
  g_assert_cmpint (reply_time (next, "remind_at"), ==, parse_time ("2033-02-28T01:30:00Z"));
  g_assert_cmpint (reply_time (next, "next_reminder_at"), ==, parse_time ("2033-02-28T01:30:00Z"));
  g_assert_cmpint (reply_time (next, "series_start"), ==, parse_time ("2033-01-31T02:00:00Z"));
  g_assert_cmpint (rapport_test_reply_int (next, "assignee_id"), ==, rapport_test_user_id (server, alice));

  next_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, next_id);
  last_done = rapport_test_request (server, "PATCH", next_path, alice, "{\"version\":1,\"done\":true}");
  g_assert_cmpuint (last_done->status, ==, 200);
  after_last = g_strdup_printf ("SELECT COUNT(*) FROM tasks WHERE previous_task_id = %" G_GINT64_FORMAT, next_id);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", after_last), ==, 0);
}

/* Two rapportd on one database run the job at the same instant: every due
 * reminder is told exactly once between them. */
static void
test_two_servers (void)
{
  RapportTestPeer *peer = rapport_test_peer_start (server);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO tasks (created_at, updated_at, subject, assignee_id, due_at, "
                                             "remind_at, next_reminder_at) SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), "
                                             "CONCAT('Due together ', seq), %" G_GINT64_FORMAT ", '2034-05-31 12:00:00', "
                                             "'2034-05-31 11:00:00', '2034-05-31 11:00:00' FROM seq_1_to_1200",
                                             rapport_test_user_id (server, alice));
  RapportTestReply *replies[2];
  gint64 due = 0, reminded[2];

  g_free (rapport_test_server_sql (server, insert));
  due = rapport_test_sql_int (server, "SELECT COUNT(*) FROM tasks WHERE next_reminder_at <= '2034-06-01 00:00:00'");
  g_assert_cmpint (due, >=, 1200);
  rapport_test_request_both (server, peer, "POST", "/api/v1/jobs/run?now=2034-06-01T00:00:00Z", replies);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (replies[i]->status, ==, 200);
      reminded[i] = rapport_test_reply_int (replies[i], "reminded");
      rapport_test_reply_free (replies[i]);
    }
  g_test_message ("the first rapportd told %" G_GINT64_FORMAT ", the second %" G_GINT64_FORMAT,
                  reminded[0], reminded[1]);
  g_assert_cmpint (reminded[0] + reminded[1], ==, due);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM (SELECT e.record_id FROM events e JOIN tasks t ON t.id = e.record_id "
                            "WHERE e.kind = 'task.reminder' AND t.subject LIKE 'Due together %%' "
                            "GROUP BY e.record_id HAVING COUNT(*) > 1) twice"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM tasks t WHERE t.subject LIKE 'Due together %%' AND NOT EXISTS "
                            "(SELECT 1 FROM events e WHERE e.kind = 'task.reminder' AND e.record_id = t.id)"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM tasks WHERE next_reminder_at IS NOT NULL "
                            "AND next_reminder_at <= '2034-06-01 00:00:00'"), ==, 0);

  rapport_test_peer_stop (peer);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *teams = NULL;
  gint64 east;
  gint64 west;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  alice = rapport_test_server_add_user (server, "alice", "sales");
  carol = rapport_test_server_add_user (server, "carol", "sales");
  mona = rapport_test_server_add_user (server, "mona", "manager");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'mona'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'carol'", east, west);
  g_free (rapport_test_server_sql (server, teams));

  g_test_add_func ("/tasks/create", test_create);
  g_test_add_func ("/tasks/bad-rrule", test_bad_rrule);
  g_test_add_func ("/tasks/visibility", test_visibility);
  g_test_add_func ("/tasks/reminder-once", test_reminder_once);
  g_test_add_func ("/tasks/snooze", test_snooze);
  g_test_add_func ("/tasks/done-recurring", test_done_recurring);
  g_test_add_func ("/tasks/two-servers-once", test_two_servers);

  status = g_test_run ();
  g_free (alice);
  g_free (carol);
  g_free (mona);
  rapport_test_server_stop (server);
  return status;
}
