/* test-sla.c: SLA policies chosen by specificity, due instants in business time across a weekend, a holiday and a make-up working day, the clock paused while waiting on the customer, warnings and breaches marked once by the periodic job (on two rapportd too), bad policies and who writes them, open cases counted again after their policy or calendar changed */
#include "test-sla-private.h"

#include <string.h>

#define PASSWORD "correct horse battery"

RapportTestServer *server;
static char *alice;   /* service, team East: owns the cases */
static char *sam;     /* sales */
gint64 alice_id;
static gint64 mona_id;  /* manager of team East, the cases' queue */
static gint64 east;
gint64 account;
static gint64 weekend_calendar;
static char *billing_member;
static char *weekend_member;
static char *pause_member;
gint64 always_calendar;

gint64
create_policy (const char *body)
{
  return rapport_test_create (server, server->admin_token, "sla-policies", body);
}

gint64
create_case (const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"Infusion pump alarm\",\"account_id\":%" G_GINT64_FORMAT
                                           ",\"queue_team_id\":%" G_GINT64_FORMAT "%s}",
                                           account, east, extra);

  return rapport_test_create (server, alice, "cases", body);
}

/* the members that give a case the category @name: a category of the
 * tree administrators keep where the server has one, else the text */
char *
category (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/case-categories", server->admin_token, body);

  if (made->status == 201)
    return g_strdup_printf (",\"category_id\":%" G_GINT64_FORMAT, rapport_test_reply_int (made, "id"));
  g_assert_cmpuint (made->status, ==, 404);
  return g_strdup_printf (",\"category\":\"%s\"", name);
}

RapportTestReply *
get_case (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  RapportTestReply *reply = rapport_test_request (server, "GET", path, alice, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return reply;
}

static RapportTestReply *
patch_case (gint64      id,
            const char *members)
{
  g_autoptr(RapportTestReply) current = get_case (id);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",%s}",
                                           rapport_test_reply_int (current, "version"), members);
  RapportTestReply *reply = rapport_test_request (server, "PATCH", path, alice, body);

  if (reply->status != 200)
    g_error ("case %" G_GINT64_FORMAT " %s: %u %s", id, members, reply->status, reply->body);
  return reply;
}

void
move (gint64      id,
      const char *status)
{
  g_autofree char *members = g_strdup_printf ("\"status\":\"%s\"", status);
  rapport_test_reply_free (patch_case (id, members));
}

/* seconds since the epoch of a member holding an ISO 8601 time, 0 for null */
gint64
seconds_of (JsonObject *object,
            const char *member)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);
  g_autoptr(GDateTime) when = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return when ? g_date_time_to_unix (when) : 0;
}

static gint64
iso_seconds (const char *text)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (when);
  return g_date_time_to_unix (when);
}

static JsonObject *
sla_target (RapportTestReply *reply,
            const char       *target)
{
  JsonObject *sla = json_object_get_object_member (rapport_test_reply_object (reply), "sla");

  g_assert_nonnull (sla);
  return json_object_get_object_member (sla, target);
}

const char *
state_of (gint64      id,
          const char *target)
{
  static char state[32];
  g_autoptr(RapportTestReply) reply = get_case (id);

  g_strlcpy (state, json_object_get_string_member (sla_target (reply, target), "state"), sizeof state);
  return state;
}

void
run_jobs (const char *now)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", now);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, server->admin_token, NULL);

  if (reply->status != 200)
    g_error ("jobs at %s: %u %s", now, reply->status, reply->body);
}

gint64
told (const char *kind,
      gint64      id,
      gint64      user)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM events WHERE kind = '%s' AND entity = 'case' "
                               "AND record_id = %" G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT,
                               kind, id, user);
}

gint64
audit_rows (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                               G_GINT64_FORMAT, id);
}

gint64
policy_of (gint64 id)
{
  g_autoptr(RapportTestReply) reply = get_case (id);

  return rapport_test_reply_int (reply, "sla_policy_id");
}

/* the most specific active policy applies: priority and category, then
 * category, then priority, then any; of equals the lowest id; an inactive
 * one never; a change of priority chooses again (the sla member a client
 * sends back with it is the server's to say, and ignored) */
static void
test_choice (void)
{
  gint64 inactive = create_policy ("{\"name\":\"Old urgent billing\",\"priority\":\"urgent\",\"category\":\"Billing\","
                                   "\"first_response_minutes\":5,\"resolution_minutes\":50,\"is_active\":false}");
  gint64 any = create_policy ("{\"name\":\"Everything\",\"first_response_minutes\":240,\"resolution_minutes\":2400}");
  gint64 urgent = create_policy ("{\"name\":\"Urgent\",\"priority\":\"urgent\",\"first_response_minutes\":30,\"resolution_minutes\":480}");
  gint64 urgent_later = create_policy ("{\"name\":\"Urgent too\",\"priority\":\"urgent\",\"first_response_minutes\":20,\"resolution_minutes\":400}");
  gint64 billing = create_policy ("{\"name\":\"Billing\",\"category\":\"Billing\",\"first_response_minutes\":120,\"resolution_minutes\":960}");
  gint64 urgent_billing = create_policy ("{\"name\":\"Urgent billing\",\"priority\":\"urgent\",\"category\":\"Billing\","
                                         "\"first_response_minutes\":15,\"resolution_minutes\":240,\"warn_minutes\":5}");
  gint64 plain = create_case ("");
  gint64 hot = create_case (",\"priority\":\"urgent\"");
  g_autofree char *urgent_member = g_strdup_printf (",\"priority\":\"urgent\"%s", billing_member);
  gint64 bill = create_case (billing_member);
  gint64 hot_bill = create_case (urgent_member);
  g_autoptr(RapportTestReply) raised = NULL;

  g_assert_cmpint (inactive, >, 0);
  g_assert_cmpint (urgent_later, >, urgent);
  g_assert_cmpint (policy_of (plain), ==, any);
  g_assert_cmpint (policy_of (hot), ==, urgent);
  g_assert_cmpint (policy_of (bill), ==, billing);
  g_assert_cmpint (policy_of (hot_bill), ==, urgent_billing);

  raised = patch_case (plain, "\"priority\":\"urgent\",\"sla\":{\"policy_id\":1}");
  g_assert_cmpint (rapport_test_reply_int (raised, "sla_policy_id"), ==, urgent);
  {
    g_autoptr(RapportTestReply) reply = get_case (hot_bill);
    JsonObject *first = sla_target (reply, "first_response");

    g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "ok");
    g_assert_cmpint (json_object_get_int_member (first, "remaining_business_seconds"), >, 0);
    g_assert_cmpint (json_object_get_int_member (first, "remaining_business_seconds"), <=, 15 * 60);
  }
}

/* Friday 2030-01-04 is the first working day (every day before is a
 * holiday), Saturday 5 a make-up working day of one hour (调休), Sunday
 * off, Monday 7 a holiday: 9 hours to the first response end with Friday's
 * close, 11 hours to the resolution on Tuesday at 10:00 */
static gint64 weekend_case;

static void
test_due_instants (void)
{
  g_autoptr(RapportTestReply) reply = NULL;
  JsonObject *object;
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Weekend\",\"category\":\"Weekend\",\"calendar_id\":%" G_GINT64_FORMAT
                                           ",\"first_response_minutes\":540,\"resolution_minutes\":660,\"warn_percent\":50}",
                                           weekend_calendar);
  gint64 policy = create_policy (body);

  weekend_case = create_case (weekend_member);
  reply = get_case (weekend_case);
  object = rapport_test_reply_object (reply);
  g_assert_cmpint (rapport_test_reply_int (reply, "sla_policy_id"), ==, policy);
  g_assert_cmpint (seconds_of (object, "first_response_due_at"), ==, iso_seconds ("2030-01-04T18:00:00Z"));
  g_assert_cmpint (seconds_of (object, "resolution_due_at"), ==, iso_seconds ("2030-01-08T10:00:00Z"));
  g_assert_cmpint (seconds_of (sla_target (reply, "resolution"), "due_at"), ==, iso_seconds ("2030-01-08T10:00:00Z"));
  /* no business time passes before 2030: all of it remains */
  g_assert_cmpint (json_object_get_int_member (sla_target (reply, "first_response"), "remaining_business_seconds"), ==, 540 * 60);
  g_assert_cmpint (json_object_get_int_member (sla_target (reply, "resolution"), "remaining_business_seconds"), ==, 660 * 60);
}

/* the first response warns at half its 9 hours (13:30), the resolution
 * at half its 11 (14:30); each is marked, audited and told once */
static void
test_warning_then_breach (void)
{
  gint64 audited;

  g_assert_cmpint (weekend_case, >, 0);
  run_jobs ("2030-01-04T12:00:00Z");
  g_assert_cmpstr (state_of (weekend_case, "first_response"), ==, "ok");
  g_assert_cmpint (told ("case.sla_warning", weekend_case, alice_id), ==, 0);

  run_jobs ("2030-01-04T14:00:00Z");
  g_assert_cmpstr (state_of (weekend_case, "first_response"), ==, "warning");
  g_assert_cmpstr (state_of (weekend_case, "resolution"), ==, "ok");
  g_assert_cmpint (told ("case.sla_warning", weekend_case, alice_id), ==, 1);
  audited = audit_rows (weekend_case);

  /* again at the same time: nothing new */
  run_jobs ("2030-01-04T14:00:00Z");
  g_assert_cmpint (told ("case.sla_warning", weekend_case, alice_id), ==, 1);
  g_assert_cmpint (audit_rows (weekend_case), ==, audited);

  run_jobs ("2030-01-04T18:00:01Z");
  g_assert_cmpstr (state_of (weekend_case, "first_response"), ==, "breached");
  g_assert_cmpstr (state_of (weekend_case, "resolution"), ==, "warning");
  g_assert_cmpint (told ("case.sla_breached", weekend_case, alice_id), ==, 1);
  g_assert_cmpint (told ("case.sla_breached", weekend_case, mona_id), ==, 1);
  g_assert_cmpint (told ("case.sla_warning", weekend_case, alice_id), ==, 2);
  g_assert_cmpint (told ("case.sla_warning", weekend_case, mona_id), ==, 0);
  g_assert_cmpint (audit_rows (weekend_case), ==, audited + 1);

  run_jobs ("2030-01-04T18:00:01Z");
  run_jobs ("2030-01-08T10:00:00Z");
  run_jobs ("2030-01-09T10:00:00Z");
  g_assert_cmpstr (state_of (weekend_case, "resolution"), ==, "breached");
  g_assert_cmpint (told ("case.sla_breached", weekend_case, alice_id), ==, 2);
  g_assert_cmpint (told ("case.sla_breached", weekend_case, mona_id), ==, 2);
  g_assert_cmpint (told ("case.sla_warning", weekend_case, alice_id), ==, 2);
  g_assert_cmpint (audit_rows (weekend_case), ==, audited + 2);
  /* each mark is the case's change event, the one webhooks deliver as case.updated */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM events WHERE kind = 'change' AND entity = 'case' "
                                         "AND record_id = %" G_GINT64_FORMAT, weekend_case), ==, 1 + 3);
}

/* targets met in time never warn, however late the job runs */
static void
test_met_never_warns (void)
{
  gint64 id = create_case (weekend_member);

  move (id, "in_progress");
  move (id, "resolved");
  run_jobs ("2030-01-04T14:00:00Z");
  run_jobs ("2030-02-01T00:00:00Z");
  g_assert_cmpstr (state_of (id, "first_response"), ==, "met");
  g_assert_cmpstr (state_of (id, "resolution"), ==, "met");
  g_assert_cmpint (told ("case.sla_warning", id, alice_id), ==, 0);
  g_assert_cmpint (told ("case.sla_breached", id, alice_id), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                                         " AND sla_next_at IS NULL", id), ==, 1);

  /* reopened, the resolution clock runs again, its due moved past the stretch it stood resolved */
  move (id, "in_progress");
  g_assert_cmpstr (state_of (id, "resolution"), ==, "ok");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM case_sla_pauses WHERE case_id = %" G_GINT64_FORMAT, id), ==, 1);
}

/* waiting on the customer stops the resolution clock of a calendar
 * that never closes; back to work, the due instant moves by the wait */
static void
test_pause (void)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Around the clock\",\"category\":\"Pause\",\"calendar_id\":%" G_GINT64_FORMAT
                                           ",\"first_response_minutes\":60,\"resolution_minutes\":600}", always_calendar);
  gint64 policy = create_policy (body);
  gint64 id = create_case (pause_member);
  g_autoptr(RapportTestReply) before = NULL;
  g_autoptr(RapportTestReply) after = NULL;
  gint64 paused_at, deadline, due_before, due_after;

  g_assert_cmpint (policy_of (id), ==, policy);
  move (id, "in_progress");
  move (id, "waiting_on_customer");
  before = get_case (id);
  g_assert_cmpstr (json_object_get_string_member (sla_target (before, "resolution"), "state"), ==, "paused");
  g_assert_cmpstr (json_object_get_string_member (sla_target (before, "first_response"), "state"), ==, "met");
  due_before = seconds_of (rapport_test_reply_object (before), "resolution_due_at");
  paused_at = seconds_of (rapport_test_reply_object (before), "sla_paused_at");
  g_assert_cmpint (paused_at, >, 0);
  /* wait until three whole seconds have passed on the server's clock */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_real_time () / G_USEC_PER_SEC < paused_at + 3 && g_get_monotonic_time () < deadline)
    g_usleep (50000);
  move (id, "in_progress");
  after = get_case (id);
  due_after = seconds_of (rapport_test_reply_object (after), "resolution_due_at");
  g_assert_cmpint (due_after - due_before, >=, 2);
  g_assert_cmpint (due_after - due_before, <, 30);
  g_assert_cmpstr (json_object_get_string_member (sla_target (after, "resolution"), "state"), ==, "ok");
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (after), "sla_paused_at"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT business_seconds FROM case_sla_pauses WHERE case_id = %" G_GINT64_FORMAT, id),
                   ==, due_after - due_before);
}

static void
expect_refused (const char *body,
                const char *field)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/sla-policies", server->admin_token, body);

  if (reply->status != 422)
    g_error ("%s: %u %s", body, reply->status, reply->body);
  g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, field);
}

/* a bad policy is 422 naming its field, and nothing is stored */
static void
test_bad_policies (void)
{
  gint64 stored = rapport_test_sql_int (server, "SELECT COUNT(*) FROM `sla-policies`");

  expect_refused ("{\"first_response_minutes\":10,\"resolution_minutes\":60}", "name");
  expect_refused ("{\"name\":\"Zero\",\"first_response_minutes\":0,\"resolution_minutes\":60}", "first_response_minutes");
  expect_refused ("{\"name\":\"None\",\"first_response_minutes\":10}", "resolution_minutes");
  expect_refused ("{\"name\":\"Asap\",\"priority\":\"asap\",\"first_response_minutes\":10,\"resolution_minutes\":60}", "priority");
  expect_refused ("{\"name\":\"Late\",\"first_response_minutes\":10,\"resolution_minutes\":60,\"warn_percent\":150}", "warn_percent");
  expect_refused ("{\"name\":\"Both\",\"first_response_minutes\":10,\"resolution_minutes\":60,\"warn_percent\":80,\"warn_minutes\":5}", "warn_minutes");
  expect_refused ("{\"name\":\"Text\",\"first_response_minutes\":\"soon\",\"resolution_minutes\":60}", "first_response_minutes");
  expect_refused ("{\"name\":\"Nowhere\",\"calendar_id\":987654,\"first_response_minutes\":10,\"resolution_minutes\":60}", "calendar_id");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `sla-policies`"), ==, stored);
}

/* administrators write policies, audited; every role reads them */
static void
test_permissions (void)
{
  g_autoptr(RapportTestReply) refused = rapport_test_request (server, "POST", "/api/v1/sla-policies", sam,
                                                              "{\"name\":\"Mine\",\"first_response_minutes\":10,\"resolution_minutes\":60}");
  g_autoptr(RapportTestReply) listed = rapport_test_request (server, "GET", "/api/v1/sla-policies", sam, NULL);
  gint64 id = create_policy ("{\"name\":\"Audited\",\"priority\":\"low\",\"first_response_minutes\":600,\"resolution_minutes\":6000}");
  g_autofree char *path = g_strdup_printf ("/api/v1/sla-policies/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) changed = rapport_test_request (server, "PATCH", path, sam, "{\"version\":1,\"is_active\":false}");

  g_assert_cmpuint (refused->status, ==, 403);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_nonnull (strstr (listed->body, "\"Everything\""));
  g_assert_cmpuint (changed->status, ==, 403);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `sla-policies` WHERE name = 'Mine'"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'sla_policy' AND entity_id = %"
                                         G_GINT64_FORMAT, id), ==, 1);
}

/* Two rapportd on one database run the job at the same instant: each of
 * 300 cases whose resolution warning has come is warned exactly once
 * between them. */
static void
test_two_servers (void)
{
  RapportTestPeer *peer = rapport_test_peer_start (server);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO cases (created_at, updated_at, number, subject, account_id, status, "
                                             "priority, owner_id, first_response_at, sla_policy_id, first_response_due_at, "
                                             "resolution_due_at, resolution_warn_at, sla_next_at) "
                                             "SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('CS-TWO-', seq), 'Two', %" G_GINT64_FORMAT
                                             ", 'in_progress', 'normal', %" G_GINT64_FORMAT ", '2032-05-01', "
                                             "(SELECT MIN(id) FROM `sla-policies`), '2032-05-01 01:00:00', '2032-06-02', "
                                             "'2032-06-01', '2032-06-01' FROM seq_1_to_300", account, alice_id);
  RapportTestReply *replies[2];

  g_free (rapport_test_server_sql (server, insert));
  rapport_test_request_both (server, peer, "POST", "/api/v1/jobs/run?now=2032-06-01T12:00:00Z", replies);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (replies[i]->status, ==, 200);
      rapport_test_reply_free (replies[i]);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE number LIKE 'CS-TWO-%%' "
                                         "AND resolution_warned_at IS NOT NULL AND sla_next_at = '2032-06-02'"), ==, 300);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM events e JOIN cases c ON c.id = e.record_id "
                                         "WHERE e.kind = 'case.sla_warning' AND e.entity = 'case' AND c.number LIKE 'CS-TWO-%%'"), ==, 300);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log a JOIN cases c ON c.id = a.entity_id "
                                         "WHERE a.entity = 'case' AND c.number LIKE 'CS-TWO-%%'"), ==, 300);
  two_servers_recompute (peer);
  rapport_test_peer_stop (peer);
}

/* without a default calendar, service levels of the policies that count
 * in it are not measured, and cases are still taken and read (last: it
 * takes the default away) */
static void
test_no_default_calendar (void)
{
  gint64 before = create_case ("");
  g_autoptr(RapportTestReply) earlier = NULL;
  g_autoptr(RapportTestReply) later = NULL;
  gint64 after;

  g_assert_cmpint (policy_of (before), >, 0);
  g_free (rapport_test_server_sql (server, "UPDATE `business-calendars` SET is_default = 0"));
  after = create_case ("");
  earlier = get_case (before);
  later = get_case (after);
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (earlier), "sla"));
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (later), "sla"));
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (later), "sla_policy_id"));
  run_jobs ("2031-01-01T00:00:00Z");
}

/* every day from yesterday to 2030-01-03 a holiday, in stretches of at most 366 days */
static char *
holidays_until_2030 (void)
{
  g_autoptr(GString) days = g_string_new ("");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDate day, end;

  g_date_clear (&day, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_subtract_days (&day, 1);
  g_date_set_dmy (&end, 3, G_DATE_JANUARY, 2030);
  while (g_date_compare (&day, &end) <= 0)
    {
      GDate last = day;
      char first_text[16], last_text[16];

      g_date_add_days (&last, 365);
      if (g_date_compare (&last, &end) > 0)
        last = end;
      g_date_strftime (first_text, sizeof first_text, "%Y-%m-%d", &day);
      g_date_strftime (last_text, sizeof last_text, "%Y-%m-%d", &last);
      g_string_append_printf (days, "{\"date\":\"%s\",\"last_date\":\"%s\",\"kind\":\"holiday\"},", first_text, last_text);
      day = last;
      g_date_add_days (&day, 1);
    }
  return g_string_free (g_steal_pointer (&days), FALSE);
}

/* the periodic jobs at the server's own time */
static void
run_jobs_now (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/jobs/run", server->admin_token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

/* a case whose first response is an hour overdue at the server's own time */
static gint64
overdue_case (const char *category_member)
{
  gint64 id = create_case (category_member);
  g_autofree char *overdue = g_strdup_printf ("UPDATE cases SET first_response_warn_at = UTC_TIMESTAMP(6) - INTERVAL 2 HOUR, "
                                              "first_response_due_at = UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, "
                                              "sla_next_at = UTC_TIMESTAMP(6) - INTERVAL 2 HOUR WHERE id = %" G_GINT64_FORMAT, id);

  g_free (rapport_test_server_sql (server, overdue));
  return id;
}

static gint64
escalations_of (gint64      id,
                const char *state)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM approvals WHERE entity = 'case' AND record_id = %"
                               G_GINT64_FORMAT " AND state = '%s' AND JSON_VALUE(definition, '$.trigger') = 'sla_breach'",
                               id, state);
}

/* whether @token's approvals inbox holds an escalation of case @id */
static gint64
inbox_escalation (const char *token,
                  gint64      id)
{
  g_autoptr(RapportTestReply) inbox = rapport_test_request (server, "GET", "/api/v1/approvals?mine=pending", token, NULL);
  JsonArray *items;

  g_assert_cmpuint (inbox->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (inbox), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "entity"), "case") &&
          json_object_get_int_member (item, "record_id") == id)
        {
          g_assert_cmpstr (json_object_get_string_member (item, "submitted_by"), ==, "system");
          return json_object_get_int_member (item, "id");
        }
    }
  return 0;
}

/* a breach goes through the workflow engine: the shipped "SLA escalation"
 * asks the owner's manager to acknowledge it with a signature, once per
 * case while it waits, and past its four hours the engine's escalation
 * adds the next manager up; a case whose owner has no manager gets the
 * notices alone; the case stays open to work meanwhile */
static void
test_escalation (void)
{
  g_autofree char *member = category ("Escalation");
  g_autofree char *body = NULL;
  g_autofree char *approve_path = NULL;
  g_autofree char *later = NULL;
  g_autofree char *chain = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) five_hours = g_date_time_add_hours (now, 5);
  g_autoptr(RapportTestReply) approved = NULL;
  char *dora = rapport_test_server_add_user (server, "dora", "director");
  char *mona = rapport_test_login (server, "mona", PASSWORD);
  gint64 dora_id = rapport_test_user_id (server, dora);
  gint64 signed_case, waiting_case, lone_case, approval;

  body = g_strdup_printf ("{\"name\":\"Escalation\",\"calendar_id\":%" G_GINT64_FORMAT ",\"category\":\"Escalation\","
                          "\"first_response_minutes\":60,\"resolution_minutes\":6000}", always_calendar);
  create_policy (body);
  /* the job counts open cases again after a new policy: before the instants are set by hand */
  run_jobs_now ();

  /* alice has no manager yet: notices, no escalation */
  lone_case = overdue_case (member);
  run_jobs_now ();
  g_assert_cmpstr (state_of (lone_case, "first_response"), ==, "breached");
  g_assert_cmpint (escalations_of (lone_case, "pending"), ==, 0);

  chain = g_strdup_printf ("UPDATE users SET manager_id = CASE id WHEN %" G_GINT64_FORMAT " THEN %" G_GINT64_FORMAT
                           " ELSE %" G_GINT64_FORMAT " END WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                           alice_id, mona_id, dora_id, alice_id, mona_id);
  g_free (rapport_test_server_sql (server, chain));

  signed_case = overdue_case (member);
  run_jobs_now ();
  run_jobs_now ();
  g_assert_cmpint (escalations_of (signed_case, "pending"), ==, 1);
  approval = inbox_escalation (mona, signed_case);
  g_assert_cmpint (approval, >, 0);
  g_assert_cmpint (inbox_escalation (alice, signed_case), ==, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT, approval);
    g_autoptr(RapportTestReply) shown = rapport_test_request (server, "GET", path, mona, NULL);

    g_assert_cmpuint (shown->status, ==, 200);
    g_assert_nonnull (strstr (shown->body, "\"sla_breach\""));
  }
  g_assert_cmpint (inbox_escalation (dora, signed_case), ==, 0);
  /* the case is still worked while its escalation waits */
  move (signed_case, "in_progress");

  approve_path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);
  approved = rapport_test_request (server, "POST", approve_path, mona,
                                   "{\"password\":\"" PASSWORD "\",\"login\":\"mona\",\"meaning\":\"reviewed\","
                                   "\"comment\":\"Called the customer; engineer on site tomorrow\"}");
  g_assert_cmpuint (approved->status, ==, 200);
  g_assert_cmpint (escalations_of (signed_case, "approved"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM signatures WHERE approval_id = %" G_GINT64_FORMAT,
                                         approval), ==, 1);

  /* unacknowledged past its four hours: the next manager up may act too */
  waiting_case = overdue_case (member);
  run_jobs_now ();
  g_assert_cmpint (inbox_escalation (mona, waiting_case), >, 0);
  g_assert_cmpint (inbox_escalation (dora, waiting_case), ==, 0);
  later = g_date_time_format_iso8601 (five_hours);
  run_jobs (later);
  g_assert_cmpint (inbox_escalation (dora, waiting_case), >, 0);
  g_assert_cmpint (inbox_escalation (mona, waiting_case), >, 0);
  g_assert_cmpint (escalations_of (waiting_case, "pending"), ==, 1);

  g_free (rapport_test_server_sql (server, "UPDATE users SET manager_id = NULL WHERE login IN ('alice', 'mona')"));
  g_free (dora);
  g_free (mona);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *teams = NULL;
  g_autofree char *holidays = NULL;
  g_autofree char *weekend = NULL;
  char *mona;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  alice = rapport_test_server_add_user (server, "alice", "service");
  sam = rapport_test_server_add_user (server, "sam", "sales");
  mona = rapport_test_server_add_user (server, "mona", "manager");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'mona')", east);
  g_free (rapport_test_server_sql (server, teams));
  alice_id = rapport_test_user_id (server, alice);
  mona_id = rapport_test_user_id (server, mona);
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"华东医疗器械有限公司\"}");
  holidays = holidays_until_2030 ();
  weekend = g_strdup_printf ("{\"name\":\"Weekend test\",\"time_zone\":\"UTC\",\"monday\":\"09:00-18:00\",\"tuesday\":\"09:00-18:00\","
                             "\"wednesday\":\"09:00-18:00\",\"thursday\":\"09:00-18:00\",\"friday\":\"09:00-18:00\",\"days\":[%s"
                             "{\"date\":\"2030-01-05\",\"kind\":\"working_day\",\"hours\":\"09:00-10:00\",\"name\":\"调休\"},"
                             "{\"date\":\"2030-01-07\",\"kind\":\"holiday\",\"name\":\"Holiday\"}]}", holidays);
  weekend_calendar = rapport_test_create (server, server->admin_token, "business-calendars", weekend);
  always_calendar = rapport_test_create (server, server->admin_token, "business-calendars",
                                         "{\"name\":\"Always\",\"time_zone\":\"UTC\",\"monday\":\"00:00-24:00\",\"tuesday\":\"00:00-24:00\","
                                         "\"wednesday\":\"00:00-24:00\",\"thursday\":\"00:00-24:00\",\"friday\":\"00:00-24:00\","
                                         "\"saturday\":\"00:00-24:00\",\"sunday\":\"00:00-24:00\"}");

  billing_member = category ("Billing");
  weekend_member = category ("Weekend");
  pause_member = category ("Pause");

  g_test_add_func ("/sla/choice", test_choice);
  g_test_add_func ("/sla/due-instants", test_due_instants);
  g_test_add_func ("/sla/warning-then-breach", test_warning_then_breach);
  g_test_add_func ("/sla/met-never-warns", test_met_never_warns);
  g_test_add_func ("/sla/pause", test_pause);
  g_test_add_func ("/sla/bad-policies", test_bad_policies);
  g_test_add_func ("/sla/permissions", test_permissions);
  g_test_add_func ("/sla/recompute-policy", test_recompute_policy);
  g_test_add_func ("/sla/recompute-holiday", test_recompute_holiday);
  g_test_add_func ("/sla/recompute-archived", test_recompute_archived);
  g_test_add_func ("/sla/two-servers", test_two_servers);
  g_test_add_func ("/sla/no-default-calendar", test_no_default_calendar);
  g_test_add_func ("/sla/escalation", test_escalation);

  status = g_test_run ();
  g_free (alice);
  g_free (sam);
  g_free (mona);
  g_free (billing_member);
  g_free (weekend_member);
  g_free (pause_member);
  rapport_test_server_stop (server);
  return status;
}
