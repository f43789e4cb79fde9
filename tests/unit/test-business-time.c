/* test-business-time.c: business seconds and deadlines across lunch, weekends, holidays, 调休 working weekends, DST and pauses */
#include "crm-business-time.h"
#include "crm-error.h"

/* 2026 in mainland China, as the State Council's notice of 4 November 2025
 * (国办发明电〔2025〕7号) sets it: Mid-Autumn Festival 25–27 September;
 * National Day 1–7 October, made up by working Sunday 20 September and
 * Saturday 10 October. Hours 09:00–12:00 and 13:30–18:00, 7.5 hours a day. */
#define DAY_HOURS "09:00-12:00, 13:30-18:00"
#define WORKDAY   27000

static CrmBusinessTime *
shanghai_2026 (void)
{
  g_autoptr(GError) error = NULL;
  CrmBusinessTime *calendar = crm_business_time_new ("Asia/Shanghai", &error);
  GDate first, last;

  g_assert_no_error (error);
  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_FRIDAY; day++)
    g_assert_true (crm_business_time_set_hours (calendar, day, DAY_HOURS, &error));
  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 25, G_DATE_SEPTEMBER, 2026);
  g_date_set_dmy (&last, 27, G_DATE_SEPTEMBER, 2026);
  g_assert_true (crm_business_time_add_holiday (calendar, &first, &last, &error));
  g_date_set_dmy (&first, 1, G_DATE_OCTOBER, 2026);
  g_date_set_dmy (&last, 7, G_DATE_OCTOBER, 2026);
  g_assert_true (crm_business_time_add_holiday (calendar, &first, &last, &error));
  g_date_set_dmy (&first, 20, G_DATE_SEPTEMBER, 2026);
  g_assert_true (crm_business_time_add_working_day (calendar, &first, DAY_HOURS, &error));
  g_date_set_dmy (&first, 10, G_DATE_OCTOBER, 2026);
  g_assert_true (crm_business_time_add_working_day (calendar, &first, DAY_HOURS, &error));
  g_assert_no_error (error);
  return calendar;
}

/* Berlin, Monday to Friday 09:00–17:00, and Sundays round the clock to see
 * a day of 23 and one of 25 hours: summer time starts on 29 March 2026 and
 * ends on 25 October 2026 */
static CrmBusinessTime *
berlin (void)
{
  g_autoptr(GError) error = NULL;
  CrmBusinessTime *calendar = crm_business_time_new ("Europe/Berlin", &error);

  g_assert_no_error (error);
  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_FRIDAY; day++)
    g_assert_true (crm_business_time_set_hours (calendar, day, "09:00-17:00", &error));
  g_assert_true (crm_business_time_set_hours (calendar, G_DATE_SUNDAY, "00:00-24:00", &error));
  g_assert_no_error (error);
  return calendar;
}

static gint64
instant (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

typedef struct
{
  const char *what;
  gboolean    in_berlin;
  const char *from;
  const char *to;
  gint64      seconds;
  /* a pause, or NULL */
  const char *pause_from;
  const char *pause_to;
} Case;

static const Case cases[] = {
  { "a weekday, lunch left out", FALSE, "2026-12-07T09:00:00+08:00", "2026-12-07T18:00:00+08:00", WORKDAY },
  { "across the lunch break", FALSE, "2026-12-07T11:00:00+08:00", "2026-12-07T14:00:00+08:00", 5400 },
  { "an hour before lunch", FALSE, "2026-12-07T10:00:00+08:00", "2026-12-07T11:00:00+08:00", 3600 },
  { "up to lunch and on after it", FALSE, "2026-12-07T11:30:00+08:00", "2026-12-07T14:00:00+08:00", 3600 },
  { "to the last second of the day, not the next morning", FALSE, "2026-12-07T17:00:00+08:00", "2026-12-07T18:00:00+08:00", 3600 },
  { "across midnight", FALSE, "2026-12-07T17:00:00+08:00", "2026-12-08T10:00:00+08:00", 7200 },
  { "across a weekend", FALSE, "2026-12-11T17:00:00+08:00", "2026-12-14T10:00:00+08:00", 7200 },
  { "a whole week, into the next", FALSE, "2026-12-08T10:00:00+08:00", "2026-12-15T10:00:00+08:00", 5 * WORKDAY },
  { "started on a Saturday", FALSE, "2026-12-12T08:00:00+08:00", "2026-12-14T09:30:00+08:00", 1800 },
  { "started before the day's hours", FALSE, "2026-12-07T07:00:00+08:00", "2026-12-07T09:01:00+08:00", 60 },
  { "across National Day", FALSE, "2026-09-30T17:00:00+08:00", "2026-10-08T17:30:00+08:00", 28800 },
  { "across Mid-Autumn Friday", FALSE, "2026-09-24T17:00:00+08:00", "2026-09-28T10:00:00+08:00", 7200 },
  { "onto the 调休 Saturday", FALSE, "2026-10-09T17:30:00+08:00", "2026-10-10T09:30:00+08:00", 3600 },
  { "onto the 调休 Sunday", FALSE, "2026-09-19T12:00:00+08:00", "2026-09-20T09:01:00+08:00", 60 },
  { "a paused hour", FALSE, "2026-12-07T10:00:00+08:00", "2026-12-07T14:30:00+08:00", 7200,
    "2026-12-07T10:30:00+08:00", "2026-12-07T11:30:00+08:00" },
  { "a pause over a weekend and into Monday", FALSE, "2026-12-11T17:00:00+08:00", "2026-12-14T11:00:00+08:00", 7200,
    "2026-12-12T00:00:00+08:00", "2026-12-14T10:00:00+08:00" },
  { "a pause that began before the start", FALSE, "2026-12-07T10:00:00+08:00", "2026-12-07T11:00:00+08:00", 1800,
    "2026-12-07T08:00:00+08:00", "2026-12-07T10:30:00+08:00" },
  { "a weekday across the change to summer time", TRUE, "2026-03-27T16:30:00+01:00", "2026-03-30T09:30:00+02:00", 3600 + 23 * 3600 },
  { "a Sunday of 23 hours", TRUE, "2026-03-28T12:00:00+01:00", "2026-03-30T00:00:00+02:00", 23 * 3600 },
  { "a Sunday of 25 hours", TRUE, "2026-10-24T12:00:00+02:00", "2026-10-26T00:00:00+01:00", 25 * 3600 },
};

static void
test_cases (void)
{
  g_autoptr(CrmBusinessTime) shanghai = shanghai_2026 ();
  g_autoptr(CrmBusinessTime) summer = berlin ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      CrmBusinessTime *calendar = c->in_berlin ? summer : shanghai;
      CrmBusinessPause pause = { 0, 0 };
      guint n_pauses = 0;
      g_autoptr(GError) error = NULL;
      gint64 seconds, deadline = 0;

      g_test_message ("%s", c->what);
      if (c->pause_from != NULL)
        {
          pause.from = instant (c->pause_from);
          pause.to = instant (c->pause_to);
          n_pauses = 1;
        }
      seconds = crm_business_time_seconds_between (calendar, instant (c->from), instant (c->to),
                                                       &pause, n_pauses, &error);
      g_assert_no_error (error);
      g_assert_cmpint (seconds, ==, c->seconds);
      /* the deadline is the first instant by which those seconds have elapsed */
      g_assert_true (crm_business_time_deadline (calendar, instant (c->from), c->seconds,
                                                     &pause, n_pauses, &deadline, &error));
      g_assert_no_error (error);
      g_assert_cmpint (deadline, ==, instant (c->to));
    }
}

/* Berlin's 09:30 after the change is 07:30 UTC, not 08:30 */
static void
test_summer_time_offset (void)
{
  g_autoptr(CrmBusinessTime) calendar = crm_business_time_new ("Europe/Berlin", NULL);
  g_autoptr(GError) error = NULL;
  gint64 deadline = 0;

  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_FRIDAY; day++)
    g_assert_true (crm_business_time_set_hours (calendar, day, "09:00-17:00", NULL));
  g_assert_true (crm_business_time_deadline (calendar, instant ("2026-03-27T15:30:00Z"), 3600,
                                                 NULL, 0, &deadline, &error));
  g_assert_no_error (error);
  g_assert_cmpint (deadline, ==, instant ("2026-03-30T07:30:00Z"));
  g_assert_cmpstr (crm_business_time_get_time_zone (calendar), ==, "Europe/Berlin");
}

static void
test_zero_seconds (void)
{
  g_autoptr(CrmBusinessTime) calendar = shanghai_2026 ();
  g_autoptr(GError) error = NULL;
  gint64 saturday = instant ("2026-12-12T15:00:00+08:00"), deadline = 0;

  /* nothing needs to elapse: the start itself, even out of hours */
  g_assert_true (crm_business_time_deadline (calendar, saturday, 0, NULL, 0, &deadline, &error));
  g_assert_cmpint (deadline, ==, saturday);
  g_assert_cmpint (crm_business_time_seconds_between (calendar, saturday, saturday, NULL, 0, &error), ==, 0);
  /* an end before the start counts nothing */
  g_assert_cmpint (crm_business_time_seconds_between (calendar, saturday, saturday - 86400 * 5, NULL, 0, &error), ==, 0);
  g_assert_false (crm_business_time_deadline (calendar, saturday, -1, NULL, 0, &deadline, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
}

static void
test_contains (void)
{
  g_autoptr(CrmBusinessTime) calendar = shanghai_2026 ();

  g_assert_true (crm_business_time_contains (calendar, instant ("2026-12-07T09:00:00+08:00")));
  g_assert_true (crm_business_time_contains (calendar, instant ("2026-12-07T11:59:59+08:00")));
  g_assert_false (crm_business_time_contains (calendar, instant ("2026-12-07T12:00:00+08:00")));
  g_assert_false (crm_business_time_contains (calendar, instant ("2026-12-07T13:00:00+08:00")));
  g_assert_false (crm_business_time_contains (calendar, instant ("2026-12-07T08:59:59+08:00")));
  g_assert_false (crm_business_time_contains (calendar, instant ("2026-12-12T10:00:00+08:00")));
  g_assert_false (crm_business_time_contains (calendar, instant ("2026-10-01T10:00:00+08:00")));
  g_assert_true (crm_business_time_contains (calendar, instant ("2026-10-10T10:00:00+08:00")));
  g_assert_true (crm_business_time_contains (calendar, instant ("2026-09-20T17:59:00+08:00")));
  /* hours are Shanghai's: 01:00 UTC is 09:00 there */
  g_assert_true (crm_business_time_contains (calendar, instant ("2026-12-07T01:00:00Z")));
}

/* no working time at all, or none left by a pause without end: an error
 * after a bounded search, never an endless one */
static void
test_no_working_time (void)
{
  g_autoptr(CrmBusinessTime) empty = crm_business_time_new ("Asia/Shanghai", NULL);
  g_autoptr(CrmBusinessTime) calendar = shanghai_2026 ();
  g_autoptr(GError) error = NULL;
  gint64 start = instant ("2026-12-07T10:00:00+08:00"), deadline = 0;
  CrmBusinessPause forever = { start, G_MAXINT64 };
  GDate day;

  g_assert_false (crm_business_time_deadline (empty, start, 60, NULL, 0, &deadline, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_cmpint (crm_business_time_seconds_between (empty, start, start + 86400 * 30, NULL, 0, &error), ==, 0);
  g_assert_no_error (error);

  /* holidays only, no weekly hours */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, G_DATE_JANUARY, 2027);
  g_assert_true (crm_business_time_add_holiday (empty, &day, NULL, &error));
  g_assert_false (crm_business_time_deadline (empty, start, 60, NULL, 0, &deadline, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  g_assert_false (crm_business_time_deadline (calendar, start, 60, &forever, 1, &deadline, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (crm_business_time_deadline (calendar, start, G_MAXINT64 / 2, NULL, 0, &deadline, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  /* a span beyond the bound is refused, not walked */
  g_assert_cmpint (crm_business_time_seconds_between (calendar, start, start + G_GINT64_CONSTANT (86400) * 4000,
                                                          NULL, 0, &error), ==, -1);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
}

/* a 调休 day worked inside a holiday range stays worked, whichever is added first */
static void
test_working_day_wins (void)
{
  g_autoptr(CrmBusinessTime) calendar = crm_business_time_new ("Asia/Shanghai", NULL);
  GDate first, last, worked;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_clear (&worked, 1);
  g_date_set_dmy (&first, 1, G_DATE_OCTOBER, 2026);
  g_date_set_dmy (&last, 7, G_DATE_OCTOBER, 2026);
  g_date_set_dmy (&worked, 3, G_DATE_OCTOBER, 2026);
  g_assert_true (crm_business_time_add_working_day (calendar, &worked, "10:00-11:00", NULL));
  g_assert_true (crm_business_time_add_holiday (calendar, &first, &last, NULL));
  g_assert_true (crm_business_time_contains (calendar, instant ("2026-10-03T10:30:00+08:00")));
  g_assert_cmpint (crm_business_time_seconds_between (calendar, instant ("2026-09-30T00:00:00+08:00"),
                                                          instant ("2026-10-09T00:00:00+08:00"), NULL, 0, NULL), ==, 3600);
}

static const struct
{
  const char *hours;
  gboolean    valid;
  guint       n_intervals;
} hours_cases[] = {
  { "09:00-12:00, 13:30-18:00", TRUE, 2 },
  { "13:30–18:00 09:00~12:00", TRUE, 2 },
  { "9:00-17:00", TRUE, 1 },
  { "00:00-24:00", TRUE, 1 },
  { "", TRUE, 0 },
  { "09:00-12:00, 11:00-13:00", FALSE, 0 },
  { "09:00-12:00,12:00-13:00", TRUE, 2 },
  { "18:00-09:00", FALSE, 0 },
  { "09:00-09:00", FALSE, 0 },
  { "25:00-26:00", FALSE, 0 },
  { "09:60-10:00", FALSE, 0 },
  { "24:00-24:00", FALSE, 0 },
  { "nine to five", FALSE, 0 },
  { "09:00", FALSE, 0 },
  { "0900-1200", FALSE, 0 },
};

static void
test_hours (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hours_cases); i++)
    {
      g_autoptr(GArray) intervals = NULL;
      g_autoptr(GError) error = NULL;
      gboolean valid = crm_business_time_parse_hours (hours_cases[i].hours, &intervals, &error);

      g_test_message ("“%s”", hours_cases[i].hours);
      g_assert_cmpint (valid, ==, hours_cases[i].valid);
      if (!valid)
        {
          g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
          g_assert_null (intervals);
          continue;
        }
      g_assert_cmpuint (intervals->len, ==, hours_cases[i].n_intervals);
    }
}

static void
test_bad_calendar (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmBusinessTime) calendar = crm_business_time_new ("Mars/Olympus_Mons", &error);
  g_autoptr(CrmBusinessTime) local = crm_business_time_new (NULL, NULL);
  GDate first, last;

  g_assert_null (calendar);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_clear_error (&error);
  g_assert_nonnull (local);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 7, G_DATE_OCTOBER, 2026);
  g_date_set_dmy (&last, 1, G_DATE_OCTOBER, 2026);
  g_assert_false (crm_business_time_add_holiday (local, &first, &last, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_clear_error (&error);
  g_date_set_dmy (&last, 1, G_DATE_OCTOBER, 2028);
  g_assert_false (crm_business_time_add_holiday (local, &first, &last, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_clear_error (&error);
  g_assert_false (crm_business_time_add_working_day (local, &first, " ", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_clear_error (&error);
  /* a failed setting keeps the hours there were */
  g_assert_true (crm_business_time_set_hours (local, G_DATE_MONDAY, "09:00-10:00", NULL));
  g_assert_false (crm_business_time_set_hours (local, G_DATE_MONDAY, "10:00-09:00", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/business-time/cases", test_cases);
  g_test_add_func ("/business-time/summer-time-offset", test_summer_time_offset);
  g_test_add_func ("/business-time/zero-seconds", test_zero_seconds);
  g_test_add_func ("/business-time/contains", test_contains);
  g_test_add_func ("/business-time/no-working-time", test_no_working_time);
  g_test_add_func ("/business-time/working-day-wins", test_working_day_wins);
  g_test_add_func ("/business-time/hours", test_hours);
  g_test_add_func ("/business-time/bad-calendar", test_bad_calendar);

  return g_test_run ();
}
