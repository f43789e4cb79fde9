/* test-sla-recompute.c: open cases counted again by the periodic job after their SLA policy or business calendar changed (part of test sla) */
#include "test-sla-private.h"

/* an administrator's change of a policy or a calendar, at the version read */
static void
admin_patch (const char *collection,
             gint64      id,
             const char *members)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT, collection, id);
  g_autoptr(RapportTestReply) current = rapport_test_request (server, "GET", path, server->admin_token, NULL);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",%s}",
                                           rapport_test_reply_int (current, "version"), members);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, server->admin_token, body);

  if (reply->status != 200)
    g_error ("%s %s: %u %s", path, members, reply->status, reply->body);
}

static gint64
due_of (gint64      id,
        const char *member)
{
  g_autoptr(RapportTestReply) reply = get_case (id);

  return seconds_of (rapport_test_reply_object (reply), member);
}

/* the job's clock, @seconds after the case @id was created */
static void
run_jobs_after (gint64 id,
                gint64 seconds)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (due_of (id, "created_at") + seconds);
  g_autofree char *text = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");

  run_jobs (text);
}

/* A shorter first-response target moves an open case's due instant at
 * the job's next run, which breaches it then at the new instant; a
 * longer one after its warning never warns again. A resolved case keeps
 * what it was held to, untouched. */
void
test_recompute_policy (void)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Recompute\",\"category\":\"Recompute\",\"calendar_id\":%" G_GINT64_FORMAT
                                           ",\"first_response_minutes\":600,\"resolution_minutes\":6000}", always_calendar);
  g_autofree char *member = category ("Recompute");
  gint64 policy = create_policy (body);
  gint64 open = create_case (member);
  gint64 done = create_case (member);
  gint64 created = due_of (open, "created_at");
  gint64 done_due, done_audited, audited;

  move (done, "in_progress");
  move (done, "resolved");
  done_due = due_of (done, "first_response_due_at");
  done_audited = audit_rows (done);
  audited = audit_rows (open);
  g_assert_cmpint (due_of (open, "first_response_due_at"), ==, created + 600 * 60);

  admin_patch ("sla-policies", policy, "\"first_response_minutes\":60");
  /* the policy's write only asks; the job counts */
  g_assert_cmpint (due_of (open, "first_response_due_at"), ==, created + 600 * 60);
  run_jobs_after (open, 30 * 60);
  g_assert_cmpint (due_of (open, "first_response_due_at"), ==, created + 60 * 60);
  g_assert_cmpint (told ("case.sla_warning", open, alice_id), ==, 0);
  g_assert_cmpstr (state_of (open, "first_response"), ==, "ok");
  g_assert_cmpint (audit_rows (open), ==, audited + 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                         G_GINT64_FORMAT " AND actor_id IS NULL AND action = 'update'", open), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM sla_recomputes"), ==, 0);

  run_jobs_after (open, 50 * 60);
  g_assert_cmpint (told ("case.sla_warning", open, alice_id), ==, 1);
  admin_patch ("sla-policies", policy, "\"first_response_minutes\":120");
  run_jobs_after (open, 100 * 60);
  g_assert_cmpint (due_of (open, "first_response_due_at"), ==, created + 120 * 60);
  g_assert_cmpstr (state_of (open, "first_response"), ==, "warning");
  g_assert_cmpint (told ("case.sla_warning", open, alice_id), ==, 1);
  g_assert_cmpint (told ("case.sla_breached", open, alice_id), ==, 0);
  run_jobs_after (open, 121 * 60);
  run_jobs_after (open, 122 * 60);
  g_assert_cmpstr (state_of (open, "first_response"), ==, "breached");
  g_assert_cmpint (told ("case.sla_breached", open, alice_id), ==, 1);
  g_assert_cmpint (told ("case.sla_warning", open, alice_id), ==, 1);

  g_assert_cmpint (due_of (done, "first_response_due_at"), ==, done_due);
  g_assert_cmpint (audit_rows (done), ==, done_audited);
}

/* a holiday added to its calendar moves an open case's due instant past it */
void
test_recompute_holiday (void)
{
  gint64 calendar = rapport_test_create (server, server->admin_token, "business-calendars",
                                         "{\"name\":\"Shift\",\"time_zone\":\"UTC\",\"monday\":\"00:00-24:00\",\"tuesday\":\"00:00-24:00\","
                                         "\"wednesday\":\"00:00-24:00\",\"thursday\":\"00:00-24:00\",\"friday\":\"00:00-24:00\","
                                         "\"saturday\":\"00:00-24:00\",\"sunday\":\"00:00-24:00\"}");
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Shift\",\"category\":\"Shift\",\"calendar_id\":%" G_GINT64_FORMAT
                                           ",\"first_response_minutes\":600,\"resolution_minutes\":6000}", calendar);
  g_autofree char *member = category ("Shift");
  gint64 policy = create_policy (body);
  gint64 id = create_case (member);
  gint64 created = due_of (id, "created_at");
  g_autoptr(GDateTime) created_at = g_date_time_new_from_unix_utc (created);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (created_at, 1);
  g_autoptr(GDateTime) day_after = g_date_time_add_days (created_at, 2);
  g_autofree char *first = g_date_time_format (created_at, "%Y-%m-%d");
  g_autofree char *last = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *days = g_strdup_printf ("\"days\":[{\"date\":\"%s\",\"last_date\":\"%s\",\"kind\":\"holiday\",\"name\":\"Closed\"}]",
                                           first, last);
  gint64 midnight = g_date_time_to_unix (day_after) - g_date_time_get_hour (day_after) * 3600 -
                    g_date_time_get_minute (day_after) * 60 - g_date_time_get_second (day_after);

  g_assert_cmpint (policy_of (id), ==, policy);
  g_assert_cmpint (due_of (id, "first_response_due_at"), ==, created + 600 * 60);
  /* the day it came in and the next are holidays: its ten hours start the day after */
  admin_patch ("business-calendars", calendar, days);
  run_jobs_after (id, 60);
  g_assert_cmpint (due_of (id, "first_response_due_at"), ==, midnight + 600 * 60);
  g_assert_cmpint (due_of (id, "resolution_due_at"), ==, midnight + 6000 * 60);
}

/* archiving a policy leaves its open cases to the next policy that
 * matches them, and its targets */
void
test_recompute_archived (void)
{
  g_autofree char *member = category ("Fallback");
  g_autofree char *urgent = g_strdup_printf (",\"priority\":\"urgent\"%s", member);
  gint64 specific = create_policy ("{\"name\":\"Urgent fallback\",\"priority\":\"urgent\",\"category\":\"Fallback\","
                                   "\"first_response_minutes\":10,\"resolution_minutes\":100}");
  gint64 broad = create_policy ("{\"name\":\"Fallback\",\"category\":\"Fallback\","
                                "\"first_response_minutes\":20,\"resolution_minutes\":200}");
  gint64 id = create_case (urgent);
  g_autofree char *path = g_strdup_printf ("/api/v1/sla-policies/%" G_GINT64_FORMAT, specific);
  g_autoptr(RapportTestReply) archived = NULL;

  g_assert_cmpint (policy_of (id), ==, specific);
  archived = rapport_test_request (server, "DELETE", path, server->admin_token, NULL);
  g_assert_cmpuint (archived->status, <, 300);
  run_jobs ("2026-01-01T00:00:00Z");
  g_assert_cmpint (policy_of (id), ==, broad);
  g_assert_cmpint (due_of (id, "resolution_due_at") - due_of (id, "first_response_due_at"), >, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM sla_recomputes"), ==, 0);
}

/* Both rapportd walk a changed policy's 700 open cases at once (two
 * batches): each case is counted again and written once between them. */
void
two_servers_recompute (RapportTestPeer *peer)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Twin\",\"category\":\"Twin\",\"calendar_id\":%" G_GINT64_FORMAT
                                           ",\"first_response_minutes\":600,\"resolution_minutes\":6000}", always_calendar);
  gint64 policy = create_policy (body);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO cases (created_at, updated_at, number, subject, account_id, status, "
                                             "priority, category, owner_id, sla_policy_id, first_response_due_at, resolution_due_at) "
                                             "SELECT '2032-05-01', UTC_TIMESTAMP(6), CONCAT('CS-TWIN-', seq), 'Twin', %" G_GINT64_FORMAT
                                             ", 'in_progress', 'normal', 'Twin', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                             ", '2032-05-01 10:00:00', '2032-05-05 04:00:00' FROM seq_1_to_700",
                                             account, alice_id, policy);
  RapportTestReply *replies[2];

  g_free (rapport_test_server_sql (server, insert));
  admin_patch ("sla-policies", policy, "\"first_response_minutes\":60");
  rapport_test_request_both (server, peer, "POST", "/api/v1/jobs/run?now=2032-05-01T00:30:00Z", replies);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (replies[i]->status, ==, 200);
      rapport_test_reply_free (replies[i]);
    }
  /* what one run left (a run takes at most four batches), the next takes */
  run_jobs ("2032-05-01T00:30:00Z");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE number LIKE 'CS-TWIN-%%' "
                                         "AND first_response_due_at = '2032-05-01 01:00:00' AND sla_next_at = '2032-05-01 00:48:00'"), ==, 700);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log a JOIN cases c ON c.id = a.entity_id "
                                         "WHERE a.entity = 'case' AND c.number LIKE 'CS-TWIN-%%'"), ==, 700);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM sla_recomputes"), ==, 0);
}
