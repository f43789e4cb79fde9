/* test-business-calendars.c: business calendars kept by administrators, audited, bad ones named by field; deadlines and business time computed against them */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;

#define HOURS "09:00-12:00, 13:30-18:00"

/* China's 2026 as the State Council set it: Mid-Autumn Festival 25–27
 * September, National Day 1–7 October, worked Sunday 20 September and
 * Saturday 10 October */
#define CHINA_2026 \
  "{\"name\":\"China 2026\",\"time_zone\":\"Asia/Shanghai\"," \
  "\"monday\":\"" HOURS "\",\"tuesday\":\"" HOURS "\",\"wednesday\":\"" HOURS "\"," \
  "\"thursday\":\"" HOURS "\",\"friday\":\"" HOURS "\",\"days\":[" \
  "{\"date\":\"2026-09-25\",\"last_date\":\"2026-09-27\",\"kind\":\"holiday\",\"name\":\"中秋节\"}," \
  "{\"date\":\"2026-10-01\",\"last_date\":\"2026-10-07\",\"kind\":\"holiday\",\"name\":\"国庆节\"}," \
  "{\"date\":\"2026-09-20\",\"kind\":\"working_day\",\"hours\":\"" HOURS "\",\"name\":\"国庆节调休\"}," \
  "{\"date\":\"2026-10-10\",\"kind\":\"working_day\",\"hours\":\"" HOURS "\",\"name\":\"国庆节调休\"}]}"

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

static gint64
china_2026 (void)
{
  static gint64 id;

  if (id == 0)
    {
      g_autoptr(RapportTestReply) created = call (server->admin_token, "POST", "/api/v1/business-calendars", CHINA_2026);

      g_assert_cmpuint (created->status, ==, 201);
      id = rapport_test_reply_int (created, "id");
    }
  return id;
}

/* "+" in a query is a space: offsets travel as %2B */
static RapportTestReply *
compute (const char *token,
         gint64      calendar,
         const char *verb,
         const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/business-calendars/%" G_GINT64_FORMAT "/%s?%s", calendar, verb, query);

  return call (token, "GET", path, NULL);
}

/* the migration's default: Monday to Friday, 09:00 to 18:00, in the server's zone */
static void
test_default_calendar (void)
{
  g_autoptr(RapportTestReply) list = call (alice, "GET", "/api/v1/business-calendars?is_default=true", NULL);
  g_autoptr(RapportTestReply) zero = NULL;
  JsonArray *items;
  JsonObject *standard;

  g_assert_cmpuint (list->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  standard = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (standard, "name"), ==, "Standard");
  g_assert_cmpstr (json_object_get_string_member (standard, "monday"), ==, "09:00-18:00");
  g_assert_cmpstr (json_object_get_string_member (standard, "friday"), ==, "09:00-18:00");
  g_assert_true (json_object_get_null_member (standard, "saturday"));
  g_assert_true (json_object_get_null_member (standard, "time_zone"));

  /* nothing to elapse: the start itself, in UTC and in the server's zone */
  zero = compute (alice, json_object_get_int_member (standard, "id"), "deadline",
                  "from=2026-12-12T10:00:00Z&seconds=0");
  g_assert_cmpuint (zero->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (zero, "deadline"), ==, "2026-12-12T10:00:00Z");
  g_assert_nonnull (rapport_test_reply_string (zero, "time_zone"));
}

/* an administrator's calendar is stored with its days, in order, and audited */
static void
test_create_audited (void)
{
  gint64 audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'business_calendar'");
  g_autofree char *path = g_strdup_printf ("/api/v1/business-calendars/%" G_GINT64_FORMAT, china_2026 ());
  g_autoptr(RapportTestReply) read = call (alice, "GET", path, NULL);
  g_autoptr(RapportTestReply) refused = call (alice, "POST", "/api/v1/business-calendars",
                                              "{\"name\":\"Mine\",\"monday\":\"09:00-10:00\"}");
  JsonArray *days;

  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'business_calendar'"), ==, audited + 1);
  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (read, "time_zone"), ==, "Asia/Shanghai");
  days = json_object_get_array_member (rapport_test_reply_object (read), "days");
  g_assert_cmpuint (json_array_get_length (days), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 1), "name"), ==, "国庆节");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 1), "last_date"), ==, "2026-10-07");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (days, 3), "position"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 3), "kind"), ==, "working_day");

  /* a sales rep reads calendars, and does not keep them */
  g_assert_cmpuint (refused->status, ==, 403);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `business-calendars` WHERE name = 'Mine'"), ==, 0);
}

static const struct
{
  const char *what;
  const char *query;
  const char *deadline;
  const char *deadline_local;
} deadlines[] = {
  { "across the lunch break", "from=2026-12-07T11:30:00%2B08:00&seconds=3600",
    "2026-12-07T06:00:00Z", "2026-12-07T14:00:00+08:00" },
  { "across a weekend", "from=2026-12-11T17:00:00%2B08:00&seconds=7200",
    "2026-12-14T02:00:00Z", "2026-12-14T10:00:00+08:00" },
  { "across National Day", "from=2026-09-30T17:00:00%2B08:00&seconds=28800",
    "2026-10-08T09:30:00Z", "2026-10-08T17:30:00+08:00" },
  { "onto the 调休 Saturday", "from=2026-10-09T17:30:00%2B08:00&seconds=3600",
    "2026-10-10T01:30:00Z", "2026-10-10T09:30:00+08:00" },
  { "from UTC, before the day's hours", "from=2026-12-07T00:00:00Z&seconds=60",
    "2026-12-07T01:01:00Z", "2026-12-07T09:01:00+08:00" },
  { "with an hour waiting on the customer",
    "from=2026-12-07T10:00:00%2B08:00&seconds=7200&pauses=2026-12-07T10:30:00%2B08:00/2026-12-07T11:30:00%2B08:00",
    "2026-12-07T06:30:00Z", "2026-12-07T14:30:00+08:00" },
};

static void
test_deadlines (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (deadlines); i++)
    {
      g_autoptr(RapportTestReply) reply = compute (alice, china_2026 (), "deadline", deadlines[i].query);

      g_test_message ("%s", deadlines[i].what);
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (rapport_test_reply_string (reply, "deadline"), ==, deadlines[i].deadline);
      g_assert_cmpstr (rapport_test_reply_string (reply, "deadline_local"), ==, deadlines[i].deadline_local);
      g_assert_cmpstr (rapport_test_reply_string (reply, "time_zone"), ==, "Asia/Shanghai");
    }
}

static void
test_business_seconds (void)
{
  g_autoptr(RapportTestReply) holiday = compute (alice, china_2026 (), "business-seconds",
                                                 "from=2026-09-30T17:00:00%2B08:00&to=2026-10-12T10:00:00%2B08:00");
  g_autoptr(RapportTestReply) paused = compute (alice, china_2026 (), "business-seconds",
                                                "from=2026-12-07T09:00:00%2B08:00&to=2026-12-07T18:00:00%2B08:00"
                                                "&pauses=2026-12-07T11:00:00%2B08:00/2026-12-07T14:00:00%2B08:00");

  /* Wednesday's last hour, Thursday and Friday the 8th and 9th, the 调休
   * Saturday, Monday's first hour */
  g_assert_cmpuint (holiday->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (holiday, "seconds"), ==, 3600 + 3 * 27000 + 3600);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (holiday), "from_in_business_time"));
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (holiday), "to_in_business_time"));
  /* 7.5 hours, less 11:00–12:00 and 13:30–14:00 waiting */
  g_assert_cmpuint (paused->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (paused, "seconds"), ==, 27000 - 3600 - 1800);
}

/* each bad calendar is refused with the field at fault, and stores nothing */
static void
test_bad_calendars (void)
{
  static const struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"name\":\"Bad\",\"monday\":\"09:00-12:00, 11:00-13:00\"}", "monday" },
    { "{\"name\":\"Bad\",\"tuesday\":\"25:00-26:00\"}", "tuesday" },
    { "{\"name\":\"Bad\",\"friday\":\"18:00-09:00\"}", "friday" },
    { "{\"name\":\"Bad\",\"sunday\":\"all day\"}", "sunday" },
    { "{\"name\":\"Bad\",\"time_zone\":\"Mars/Olympus_Mons\"}", "time_zone" },
    { "{\"name\":\"Bad\",\"days\":[{\"date\":\"2026-10-10\",\"kind\":\"working_day\"}]}", "days[0].hours" },
    { "{\"name\":\"Bad\",\"days\":[{\"date\":\"2026-10-07\",\"last_date\":\"2026-10-01\"}]}", "days[0].last_date" },
    { "{\"name\":\"Bad\",\"days\":[{\"date\":\"2026-10-01\",\"hours\":\"09:00-10:00\"}]}", "days[0].hours" },
    { "{\"name\":\"Bad\",\"days\":[{\"date\":\"2026-10-10\",\"kind\":\"working_day\",\"hours\":\"09:00-10:00\","
      "\"last_date\":\"2026-10-11\"}]}", "days[0].last_date" },
    { "{\"name\":\"Bad\",\"days\":[{\"date\":\"2026-10-01\"},{\"date\":\"2026-10-01\",\"kind\":\"working_day\","
      "\"hours\":\"09:00-10:00\"}]}", "days[1].date" },
  };
  gint64 calendars = rapport_test_sql_int (server, "SELECT COUNT(*) FROM `business-calendars`");
  gint64 days = rapport_test_sql_int (server, "SELECT COUNT(*) FROM `business-calendar-days`");
  gint64 audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'business_calendar'");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(RapportTestReply) reply = call (server->admin_token, "POST", "/api/v1/business-calendars", cases[c].body);

      g_test_message ("case %u: %u %s", c, reply->status, rapport_test_reply_error_field (reply));
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "validation");
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, cases[c].field);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `business-calendars`"), ==, calendars);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `business-calendar-days`"), ==, days);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'business_calendar'"), ==, audited);
}

/* a change of hours is audited and moves the deadlines; a bad one changes nothing */
static void
test_change_hours (void)
{
  g_autoptr(RapportTestReply) created = call (server->admin_token, "POST", "/api/v1/business-calendars",
                                              "{\"name\":\"Berlin office\",\"time_zone\":\"Europe/Berlin\","
                                              "\"monday\":\"09:00-17:00\",\"friday\":\"09:00-17:00\"}");
  gint64 id = rapport_test_reply_int (created, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/business-calendars/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) refused = call (server->admin_token, "PATCH", path,
                                              "{\"version\":1,\"monday\":\"08:00-12:00, 10:00-14:00\"}");
  g_autoptr(RapportTestReply) before = NULL;
  g_autoptr(RapportTestReply) changed = NULL;
  g_autoptr(RapportTestReply) after = NULL;
  gint64 audited;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "monday");
  audited = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'business_calendar'");

  /* Friday 27 March 2026 16:30 in Berlin, an hour: 30 minutes on Friday,
   * 30 on Monday after the change to summer time (07:30 UTC, not 08:30) */
  before = compute (alice, id, "deadline", "from=2026-03-27T15:30:00Z&seconds=3600");
  g_assert_cmpuint (before->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (before, "deadline"), ==, "2026-03-30T07:30:00Z");
  g_assert_cmpstr (rapport_test_reply_string (before, "deadline_local"), ==, "2026-03-30T09:30:00+02:00");

  changed = call (server->admin_token, "PATCH", path, "{\"version\":1,\"friday\":\"09:00-18:00\"}");
  g_assert_cmpuint (changed->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'business_calendar'"), ==, audited + 1);
  after = compute (alice, id, "deadline", "from=2026-03-27T15:30:00Z&seconds=3600");
  g_assert_cmpstr (rapport_test_reply_string (after, "deadline"), ==, "2026-03-27T16:30:00Z");
}

static void
test_bad_computations (void)
{
  static const struct
  {
    const char *query;
    const char *field;
  } cases[] = {
    { "seconds=60", "from" },
    { "from=yesterday&seconds=60", "from" },
    { "from=2026-12-07T10:00:00Z", "seconds" },
    { "from=2026-12-07T10:00:00Z&seconds=-5", "seconds" },
    { "from=2026-12-07T10:00:00Z&seconds=ten", "seconds" },
    { "from=2026-12-07T10:00:00Z&seconds=60&pauses=soon", "pauses" },
    { "from=2026-12-07T10:00:00Z&seconds=60&pauses=2026-12-07T11:00:00Z/2026-12-07T10:00:00Z", "pauses" },
    /* waiting without end: no deadline, found out in bounded time */
    { "from=2026-12-07T10:00:00Z&seconds=60&pauses=2026-12-07T10:00:00Z/9000-01-01T00:00:00Z", "seconds" },
  };
  g_autoptr(RapportTestReply) created = call (server->admin_token, "POST", "/api/v1/business-calendars",
                                              "{\"name\":\"Never open\",\"time_zone\":\"UTC\"}");
  g_autoptr(RapportTestReply) never = NULL;
  g_autoptr(RapportTestReply) missing = compute (alice, 999999, "deadline", "from=2026-12-07T10:00:00Z&seconds=60");
  g_autoptr(RapportTestReply) between = compute (alice, china_2026 (), "business-seconds", "from=2026-12-07T10:00:00Z");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(RapportTestReply) reply = compute (alice, china_2026 (), "deadline", cases[c].query);

      g_test_message ("%s: %u %s", cases[c].query, reply->status, rapport_test_reply_error_field (reply));
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, cases[c].field);
    }
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpuint (between->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (between), ==, "to");

  /* a calendar without working time has no deadline: an error, not an endless search */
  g_assert_cmpuint (created->status, ==, 201);
  never = compute (alice, rapport_test_reply_int (created, "id"), "deadline", "from=2026-12-07T10:00:00Z&seconds=60");
  g_assert_cmpuint (never->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_code (never), ==, "out_of_range");
  g_assert_cmpstr (rapport_test_reply_error_field (never), ==, "seconds");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  alice = rapport_test_server_add_user (server, "alice", "sales");

  g_test_add_func ("/business-calendars/default", test_default_calendar);
  g_test_add_func ("/business-calendars/create-audited", test_create_audited);
  g_test_add_func ("/business-calendars/deadlines", test_deadlines);
  g_test_add_func ("/business-calendars/business-seconds", test_business_seconds);
  g_test_add_func ("/business-calendars/bad-calendars", test_bad_calendars);
  g_test_add_func ("/business-calendars/change-hours", test_change_hours);
  g_test_add_func ("/business-calendars/bad-computations", test_bad_computations);
  status = g_test_run ();

  g_free (alice);
  rapport_test_server_stop (server);
  return status;
}
