/* test-visits.c: visit plans checked out and in in order, the visit recorded from one, plan versus actual a week, who sees them, weekly reports submitted and then fixed */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* sales, team East */
static char *carol;   /* sales, team West */
static char *mona;    /* manager, team East */
static gint64 alices_account;
static gint64 carols_account;

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static gint64
member_time (JsonObject *object,
             const char *member)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);

  return text ? parse_time (text) : 0;
}

static gint64
plan (const char *token,
      gint64      account,
      const char *purpose,
      const char *planned_at)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"purpose\":\"%s\",\"planned_at\":\"%s\"}",
                                           account, purpose, planned_at);

  return rapport_test_create (server, token, "visit-plans", body);
}

static RapportTestReply *
step (const char *token,
      gint64      id,
      const char *verb,
      const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/visit-plans/%" G_GINT64_FORMAT "/%s", id, verb);

  return rapport_test_request (server, "POST", path, token, body);
}

static void
step_ok (const char *token,
         gint64      id,
         const char *verb)
{
  g_autoptr(RapportTestReply) reply = step (token, id, verb, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

static RapportTestReply *
get_plan (const char *token,
          gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/visit-plans/%" G_GINT64_FORMAT, id);

  return rapport_test_request (server, "GET", path, token, NULL);
}

/* a new plan's place is its account's address; leaving, then returning, then the record: each only after the one before (409 out of order) */
static void
test_order (void)
{
  gint64 id = plan (alice, alices_account, "Demo of the new line", "2030-01-09T02:00:00Z");
  g_autoptr(RapportTestReply) fresh = get_plan (alice, id);
  g_autoptr(RapportTestReply) early_in = step (alice, id, "check-in", NULL);
  g_autoptr(RapportTestReply) early_record = step (alice, id, "record", NULL);
  g_autoptr(RapportTestReply) by_hand = NULL;
  g_autoptr(RapportTestReply) out = NULL;
  g_autoptr(RapportTestReply) out_again = NULL;
  g_autoptr(RapportTestReply) back = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/visit-plans/%" G_GINT64_FORMAT, id);
  gint64 left;

  g_assert_cmpuint (fresh->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (fresh, "status"), ==, "planned");
  g_assert_cmpint (rapport_test_reply_int (fresh, "owner_id"), ==, rapport_test_user_id (server, alice));
  /* the place is the account's address until one is given */
  g_assert_cmpstr (rapport_test_reply_string (fresh, "place"), ==, "上海市浦东新区张江路 88 号");
  g_assert_cmpuint (early_in->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_code (early_in), ==, "conflict");
  g_assert_cmpuint (early_record->status, ==, 409);

  /* the status is not moved by a change of the record */
  by_hand = rapport_test_request (server, "PATCH", path, alice, "{\"version\":1,\"status\":\"checked_out\"}");
  g_assert_cmpuint (by_hand->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (by_hand), ==, "status");

  out = step (alice, id, "check-out", "{\"place\":\"上海市浦东新区世纪大道 100 号\"}");
  g_assert_cmpuint (out->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (out, "status"), ==, "checked_out");
  g_assert_cmpstr (rapport_test_reply_string (out, "place"), ==, "上海市浦东新区世纪大道 100 号");
  left = member_time (rapport_test_reply_object (out), "checked_out_at");
  g_assert_cmpint (left, >, 0);
  g_assert_null (json_object_get_string_member_with_default (rapport_test_reply_object (out), "checked_in_at", NULL));

  out_again = step (alice, id, "check-out", NULL);
  g_assert_cmpuint (out_again->status, ==, 409);

  back = step (alice, id, "check-in", NULL);
  g_assert_cmpuint (back->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (back, "status"), ==, "checked_in");
  g_assert_cmpint (member_time (rapport_test_reply_object (back), "checked_in_at"), >=, left);
  g_assert_cmpint (member_time (rapport_test_reply_object (back), "checked_out_at"), ==, left);
}

/* the record makes the visit activity from the plan and links it, once */
static void
test_record (void)
{
  gint64 id = plan (alice, alices_account, "Contract renewal talk", "2030-01-10T06:00:00Z");
  g_autoptr(RapportTestReply) recorded = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) stored = NULL;
  g_autoptr(RapportTestReply) activity = NULL;
  g_autofree char *activity_path = NULL;
  g_autofree char *count = NULL;
  JsonObject *visit;
  JsonObject *linked;
  gint64 activity_id;

  step_ok (alice, id, "check-out");
  step_ok (alice, id, "check-in");
  recorded = step (alice, id, "record", NULL);
  g_assert_cmpuint (recorded->status, ==, 200);
  visit = json_object_get_object_member (rapport_test_reply_object (recorded), "activity");
  linked = json_object_get_object_member (rapport_test_reply_object (recorded), "visit_plan");
  g_assert_nonnull (visit);
  g_assert_nonnull (linked);
  activity_id = json_object_get_int_member (visit, "id");
  g_assert_cmpint (activity_id, >, 0);
  g_assert_cmpstr (json_object_get_string_member (visit, "kind"), ==, "visit");
  g_assert_cmpstr (json_object_get_string_member (visit, "subject"), ==, "Contract renewal talk");
  g_assert_cmpint (json_object_get_int_member (visit, "account_id"), ==, alices_account);
  g_assert_cmpint (json_object_get_int_member (visit, "owner_id"), ==, rapport_test_user_id (server, alice));
  g_assert_cmpint (member_time (visit, "starts_at"), ==, member_time (linked, "checked_out_at"));
  g_assert_cmpint (member_time (visit, "ends_at"), ==, member_time (linked, "checked_in_at"));
  g_assert_cmpstr (json_object_get_string_member (linked, "status"), ==, "done");
  g_assert_cmpint (json_object_get_int_member (linked, "activity_id"), ==, activity_id);

  stored = get_plan (alice, id);
  g_assert_cmpint (rapport_test_reply_int (stored, "activity_id"), ==, activity_id);
  activity_path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT, activity_id);
  activity = rapport_test_request (server, "GET", activity_path, alice, NULL);
  g_assert_cmpuint (activity->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (activity, "kind"), ==, "visit");

  again = step (alice, id, "record", NULL);
  g_assert_cmpuint (again->status, ==, 409);
  count = rapport_test_server_sql (server, "SELECT COUNT(*) FROM activities WHERE subject = 'Contract renewal talk'");
  g_assert_cmpint (g_ascii_strtoll (count, NULL, 10), ==, 1);
}

static JsonObject *
summary_item (RapportTestReply *reply,
              gint64            owner)
{
  JsonArray *items = json_object_get_array_member (rapport_test_reply_object (reply), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member (item, "owner_id") == owner)
        return item;
    }
  return NULL;
}

/* per rep, the week's plans: planned, checked in, recorded, cancelled, of those the reader sees */
static void
test_summary (void)
{
  gint64 recorded = plan (alice, alices_account, "Week plan one", "2031-12-02T03:00:00Z");
  gint64 returned = plan (alice, alices_account, "Week plan two", "2031-12-03T03:00:00Z");
  gint64 cancelled = plan (alice, alices_account, "Week plan three", "2031-12-04T03:00:00Z");
  g_autofree char *cancel_path = g_strdup_printf ("/api/v1/visit-plans/%" G_GINT64_FORMAT, cancelled);
  g_autoptr(RapportTestReply) cancel = NULL;
  g_autoptr(RapportTestReply) by_mona = NULL;
  g_autoptr(RapportTestReply) by_carol = NULL;
  g_autoptr(RapportTestReply) by_admin = NULL;
  g_autoptr(RapportTestReply) one = NULL;
  g_autoptr(RapportTestReply) other_week = NULL;
  g_autoptr(RapportTestReply) bad = NULL;
  g_autofree char *one_path = NULL;
  JsonObject *item;

  plan (alice, alices_account, "Next week", "2031-12-09T03:00:00Z");
  plan (carol, carols_account, "Carol's week", "2031-12-02T03:00:00Z");
  step_ok (alice, recorded, "check-out");
  step_ok (alice, recorded, "check-in");
  step_ok (alice, recorded, "record");
  step_ok (alice, returned, "check-out");
  step_ok (alice, returned, "check-in");
  cancel = rapport_test_request (server, "PATCH", cancel_path, alice, "{\"version\":1,\"status\":\"cancelled\"}");
  g_assert_cmpuint (cancel->status, ==, 200);

  by_mona = rapport_test_request (server, "GET", "/api/v1/visit-plans/summary?week=2031-W49", mona, NULL);
  g_assert_cmpuint (by_mona->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (by_mona, "week"), ==, "2031-W49");
  item = summary_item (by_mona, rapport_test_user_id (server, alice));
  g_assert_nonnull (item);
  g_assert_cmpint (json_object_get_int_member (item, "planned"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (item, "checked_in"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (item, "recorded"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item, "cancelled"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "owner_name"), !=, NULL);
  /* another team's rep is not in the manager's scope */
  g_assert_null (summary_item (by_mona, rapport_test_user_id (server, carol)));

  by_carol = rapport_test_request (server, "GET", "/api/v1/visit-plans/summary?week=2031-W49", carol, NULL);
  g_assert_cmpuint (by_carol->status, ==, 200);
  g_assert_null (summary_item (by_carol, rapport_test_user_id (server, alice)));
  g_assert_cmpint (json_object_get_int_member (summary_item (by_carol, rapport_test_user_id (server, carol)), "planned"), ==, 1);

  by_admin = rapport_test_request (server, "GET", "/api/v1/visit-plans/summary?week=2031-W49", server->admin_token, NULL);
  g_assert_nonnull (summary_item (by_admin, rapport_test_user_id (server, alice)));
  g_assert_nonnull (summary_item (by_admin, rapport_test_user_id (server, carol)));

  one_path = g_strdup_printf ("/api/v1/visit-plans/summary?week=2031-W49&owner_id=%" G_GINT64_FORMAT, rapport_test_user_id (server, carol));
  one = rapport_test_request (server, "GET", one_path, server->admin_token, NULL);
  g_assert_null (summary_item (one, rapport_test_user_id (server, alice)));
  g_assert_nonnull (summary_item (one, rapport_test_user_id (server, carol)));

  other_week = rapport_test_request (server, "GET", "/api/v1/visit-plans/summary?week=2031-W50", alice, NULL);
  g_assert_cmpint (json_object_get_int_member (summary_item (other_week, rapport_test_user_id (server, alice)), "planned"), ==, 1);

  bad = rapport_test_request (server, "GET", "/api/v1/visit-plans/summary?week=2031-W54", alice, NULL);
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "week");
}

/* a rep of another team neither sees a plan nor steps it (404); the team's manager sees it */
static void
test_scope (void)
{
  gint64 id = plan (alice, alices_account, "Private visit", "2030-02-01T02:00:00Z");
  g_autoptr(RapportTestReply) seen = get_plan (carol, id);
  g_autoptr(RapportTestReply) stepped = step (carol, id, "check-out", NULL);
  g_autoptr(RapportTestReply) by_mona = get_plan (mona, id);
  g_autoptr(RapportTestReply) still = get_plan (alice, id);

  g_assert_cmpuint (seen->status, ==, 404);
  g_assert_cmpuint (stepped->status, ==, 404);
  g_assert_cmpuint (by_mona->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (still, "status"), ==, "planned");
}

/* one report of a kind a week; submitted, it is read-only (423) and the manager reads it */
static void
test_weekly_report (void)
{
  gint64 id = rapport_test_create (server, alice, "weekly-reports",
                                   "{\"week\":\"2030-W02\",\"kind\":\"summary\",\"text\":\"拜访了 3 家客户\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) twice = rapport_test_request (server, "POST", "/api/v1/weekly-reports", alice,
                                                            "{\"week\":\"2030-W02\",\"kind\":\"summary\"}");
  g_autoptr(RapportTestReply) bad_week = rapport_test_request (server, "POST", "/api/v1/weekly-reports", alice,
                                                               "{\"week\":\"2030-W60\",\"kind\":\"plan\"}");
  g_autoptr(RapportTestReply) submitted = rapport_test_request (server, "PATCH", path, alice,
                                                                "{\"version\":1,\"status\":\"submitted\"}");
  g_autoptr(RapportTestReply) changed = rapport_test_request (server, "PATCH", path, alice,
                                                              "{\"version\":2,\"text\":\"changed after\"}");
  g_autoptr(RapportTestReply) back = rapport_test_request (server, "PATCH", path, alice,
                                                           "{\"version\":2,\"status\":\"draft\"}");
  g_autoptr(RapportTestReply) by_mona = rapport_test_request (server, "GET", path, mona, NULL);
  g_autoptr(RapportTestReply) by_carol = rapport_test_request (server, "GET", path, carol, NULL);

  g_assert_cmpint (rapport_test_create (server, alice, "weekly-reports", "{\"week\":\"2030-W02\",\"kind\":\"plan\"}"), >, 0);
  g_assert_cmpuint (twice->status, ==, 409);
  g_assert_cmpuint (bad_week->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_week), ==, "week");
  g_assert_cmpuint (submitted->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (submitted, "status"), ==, "submitted");
  g_assert_nonnull (rapport_test_reply_string (submitted, "submitted_at"));
  g_assert_cmpuint (changed->status, ==, 423);
  g_assert_cmpuint (back->status, ==, 423);
  g_assert_cmpuint (by_mona->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (by_mona, "text"), ==, "拜访了 3 家客户");
  g_assert_cmpuint (by_carol->status, ==, 404);
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
  alices_account = rapport_test_create (server, alice, "accounts",
                                        "{\"name\":\"华东贸易有限公司\",\"address\":\"上海市浦东新区张江路 88 号\"}");
  carols_account = rapport_test_create (server, carol, "accounts", "{\"name\":\"West Coast Supplies\"}");

  g_test_add_func ("/visits/order", test_order);
  g_test_add_func ("/visits/record", test_record);
  g_test_add_func ("/visits/summary", test_summary);
  g_test_add_func ("/visits/scope", test_scope);
  g_test_add_func ("/visits/weekly-report", test_weekly_report);

  status = g_test_run ();
  g_free (alice);
  g_free (carol);
  g_free (mona);
  rapport_test_server_stop (server);
  return status;
}
