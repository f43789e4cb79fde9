/* test-rrule.c: recurrence rules: the next occurrence across daylight saving changes and month ends, COUNT and UNTIL, bad rules */
#include "crm-error.h"
#include "crm-rrule.h"
#include "crm-json.h"

typedef struct
{
  const char *rule;
  const char *tzid;
  /* DTSTART and the time the occurrence must follow, UTC */
  const char *start;
  const char *after;
  /* the occurrence, UTC, or NULL for none */
  const char *next;
} NextCase;

static const NextCase next_cases[] = {
  /* Berlin springs forward on 29 March 2026: 09:00 stays 09:00, an hour earlier in UTC */
  { "FREQ=DAILY", "Europe/Berlin", "2026-03-27T08:00:00Z", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z" },
  /* and falls back on 25 October 2026 */
  { "FREQ=DAILY", "Europe/Berlin", "2026-10-23T07:00:00Z", "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z" },
  /* a last day of the month across the change */
  { "FREQ=MONTHLY;BYMONTHDAY=-1", "Europe/Berlin", "2026-02-28T17:00:00Z", "2026-02-28T17:00:00Z", "2026-03-31T16:00:00Z" },
  /* New York falls back on 1 November 2026 */
  { "FREQ=DAILY", "America/New_York", "2026-10-30T13:00:00Z", "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z" },
  /* and springs forward on 8 March 2026, a Sunday */
  { "FREQ=WEEKLY;BYDAY=SU", "America/New_York", "2026-03-01T15:00:00Z", "2026-03-01T15:00:00Z", "2026-03-08T14:00:00Z" },
  /* Shanghai has no daylight saving: Mondays at 09:00 are 01:00 UTC */
  { "FREQ=WEEKLY;BYDAY=MO", "Asia/Shanghai", "2026-12-07T01:00:00Z", "2026-12-07T01:00:00Z", "2026-12-14T01:00:00Z" },
  { "RRULE:FREQ=WEEKLY;BYDAY=MO", "Asia/Shanghai", "2026-12-07T01:00:00Z", "2026-12-10T00:00:00Z", "2026-12-14T01:00:00Z" },
  /* the 31st skips the months without one */
  { "FREQ=MONTHLY;BYMONTHDAY=31", "Asia/Shanghai", "2026-01-31T02:00:00Z", "2026-01-31T02:00:00Z", "2026-03-31T02:00:00Z" },
  { "FREQ=MONTHLY;BYMONTHDAY=31", "Asia/Shanghai", "2026-01-31T02:00:00Z", "2026-03-31T02:00:00Z", "2026-05-31T02:00:00Z" },
  /* the last day is February's 28th, or its 29th in a leap year */
  { "FREQ=MONTHLY;BYMONTHDAY=-1", "Asia/Shanghai", "2026-01-31T02:00:00Z", "2026-01-31T02:00:00Z", "2026-02-28T02:00:00Z" },
  { "FREQ=MONTHLY;BYMONTHDAY=-1", "Asia/Shanghai", "2028-01-31T02:00:00Z", "2028-01-31T02:00:00Z", "2028-02-29T02:00:00Z" },
  /* the last working day of each month */
  { "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "Asia/Shanghai", "2026-01-30T02:00:00Z", "2026-01-30T02:00:00Z", "2026-02-27T02:00:00Z" },
  /* COUNT counts the start: three occurrences, the 1st to the 3rd */
  { "FREQ=DAILY;COUNT=3", NULL, "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z" },
  { "FREQ=DAILY;COUNT=3", NULL, "2026-12-01T09:00:00Z", "2026-12-03T09:00:00Z", NULL },
  /* UNTIL is the last possible time */
  { "FREQ=DAILY;UNTIL=20261205T000000Z", "UTC", "2026-12-01T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z" },
  { "FREQ=DAILY;UNTIL=20261205T000000Z", "UTC", "2026-12-01T09:00:00Z", "2026-12-04T09:00:00Z", NULL },
  /* before the start, the start itself */
  { "FREQ=DAILY", NULL, "2026-12-01T09:00:00Z", "2026-11-01T00:00:00Z", "2026-12-01T09:00:00Z" },
  /* every two weeks, and yearly on 29 February */
  { "FREQ=WEEKLY;INTERVAL=2", "Asia/Shanghai", "2026-12-07T01:00:00Z", "2026-12-07T01:00:00Z", "2026-12-21T01:00:00Z" },
  { "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "Asia/Shanghai", "2028-02-29T01:00:00Z", "2028-02-29T01:00:00Z", "2032-02-29T01:00:00Z" },
};

static gint64
parse_time (const char *text)
{
  gint64 usec = 0;

  g_assert_true (crm_json_parse_timestamp (text, &usec));
  return usec;
}

static void
test_next (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (next_cases); i++)
    {
      const NextCase *c = &next_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;
      g_autofree char *expected = NULL;
      gint64 next = -1;

      g_test_message ("%s in %s from %s after %s", c->rule, c->tzid ? c->tzid : "UTC", c->start, c->after);
      g_assert_true (crm_rrule_next (c->rule, parse_time (c->start), parse_time (c->after), c->tzid, &next, &error));
      g_assert_no_error (error);
      if (c->next == NULL)
        {
          g_assert_cmpint (next, ==, 0);
          continue;
        }
      got = crm_json_format_timestamp (next);
      expected = crm_json_format_timestamp (parse_time (c->next));
      g_assert_cmpstr (got, ==, expected);
    }
}

static const struct
{
  const char *rule;
  /* a word of libical's or our reason */
  const char *reason;
} bad_rules[] = {
  { "FREQ=FORTNIGHTLY", "MALFORMEDDATA" },
  { "garbage", "" },
  { "BYDAY=MO", "FREQ" },
  { "FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z", "MALFORMEDDATA" },
  { "FREQ=DAILY;FOO=1", "MALFORMEDDATA" },
  { "FREQ=DAILY;BYDAY=XX", "MALFORMEDDATA" },
  { "FREQ=MINUTELY", "hourly" },
  { "", "" },
};

static void
test_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_rules); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) next_error = NULL;
      gint64 next = -1;

      g_test_message ("%s", bad_rules[i].rule);
      g_assert_false (crm_rrule_check (bad_rules[i].rule, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_cmpstr (crm_error_get_field (error), ==, "recurrence");
      g_assert_nonnull (strstr (error->message, bad_rules[i].reason));
      g_assert_false (crm_rrule_next (bad_rules[i].rule, 0, 0, NULL, &next, &next_error));
      g_assert_error (next_error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_cmpint (next, ==, 0);
    }
}

static void
test_good (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_rrule_check ("FREQ=MONTHLY;BYMONTHDAY=-1", &error));
  g_assert_true (crm_rrule_check ("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=10", &error));
  g_assert_true (crm_rrule_check ("FREQ=HOURLY;INTERVAL=4", &error));
  g_assert_no_error (error);
}

static void
test_unknown_zone (void)
{
  g_autoptr(GError) error = NULL;
  gint64 next = -1;

  g_assert_false (crm_rrule_next ("FREQ=DAILY", 0, 0, "Mars/Olympus_Mons", &next, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INTERNAL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rrule/next", test_next);
  g_test_add_func ("/rrule/bad", test_bad);
  g_test_add_func ("/rrule/good", test_good);
  g_test_add_func ("/rrule/unknown-zone", test_unknown_zone);
  return g_test_run ();
}
