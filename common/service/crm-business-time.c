/* crm-business-time.c: business time against a calendar of working hours, holidays and make-up working days */
#include "crm-business-time.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SECONDS_PER_DAY 86400
/* a holiday given as a range lasts at most this many days */
#define MAX_HOLIDAY_DAYS 366
/* the instants GDateTime holds: years 1 to 9999 */
#define FIRST_INSTANT G_GINT64_CONSTANT (-62135596800)
#define LAST_INSTANT  G_GINT64_CONSTANT (253402300799)

/* [start, end) in seconds from the local midnight, end at most 24:00 */
typedef struct
{
  gint32 start;
  gint32 end;
} Interval;

/* a date that does not follow its weekday: a holiday (no intervals) or a
 * make-up working day with its hours */
typedef struct
{
  gboolean  working;
  GArray   *intervals;
} DayRule;

struct _CrmBusinessTime
{
  GTimeZone  *zone;
  /* indexed by GDateWeekday, 1 (Monday) to 7 (Sunday) */
  GArray     *weekly[8];
  /* julian day → DayRule */
  GHashTable *days;
};

static void
day_rule_free (gpointer data)
{
  DayRule *rule = data;

  g_clear_pointer (&rule->intervals, g_array_unref);
  g_free (rule);
}

static GArray *
intervals_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (Interval));
}

/**
 * crm_business_time_new:
 * @time_zone: (nullable): an IANA time zone ("Asia/Shanghai"); %NULL or
 *   empty: the zone of the machine that computes
 * @error: return location for a #GError
 *
 * Makes a calendar with no working time yet: its hours are set per
 * weekday, its holidays and make-up working days added.
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL when the
 *   zone is not known
 */
CrmBusinessTime *
crm_business_time_new (const char  *time_zone,
                           GError     **error)
{
  CrmBusinessTime *self;
  GTimeZone *zone;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (time_zone == NULL || *time_zone == '\0')
    zone = g_time_zone_new_local ();
  else if ((zone = g_time_zone_new_identifier (time_zone)) == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("“%s” is not a known time zone (an IANA name such as Asia/Shanghai)"), time_zone);
      return NULL;
    }
  self = g_new0 (CrmBusinessTime, 1);
  self->zone = zone;
  for (guint i = 0; i < G_N_ELEMENTS (self->weekly); i++)
    self->weekly[i] = intervals_new ();
  self->days = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, day_rule_free);
  return self;
}

void
crm_business_time_free (CrmBusinessTime *self)
{
  if (self == NULL)
    return;
  g_time_zone_unref (self->zone);
  for (guint i = 0; i < G_N_ELEMENTS (self->weekly); i++)
    g_array_unref (self->weekly[i]);
  g_hash_table_unref (self->days);
  g_free (self);
}

/**
 * crm_business_time_get_time_zone:
 * @self: a calendar
 *
 * Returns: the identifier of the zone the calendar's hours are in
 */
const char *
crm_business_time_get_time_zone (CrmBusinessTime *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_time_zone_get_identifier (self->zone);
}

/**
 * crm_business_time_get_zone:
 * @self: a calendar
 *
 * Returns: (transfer none): the zone the calendar's hours are in
 */
GTimeZone *
crm_business_time_get_zone (CrmBusinessTime *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->zone;
}

/* "9:00", "09:30", "24:00" → seconds from midnight, or -1 */
static gint32
parse_time (const char *text,
            gsize       length)
{
  guint hours = 0, minutes = 0;
  gsize i = 0;

  for (; i < length && i < 2 && g_ascii_isdigit (text[i]); i++)
    hours = hours * 10 + (text[i] - '0');
  if (i == 0 || i >= length || text[i] != ':' || length - i != 3 ||
      !g_ascii_isdigit (text[i + 1]) || !g_ascii_isdigit (text[i + 2]))
    return -1;
  minutes = (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes > 0))
    return -1;
  return (gint32) (hours * 3600 + minutes * 60);
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const Interval *x = a, *y = b;

  return (x->start > y->start) - (x->start < y->start);
}

static char *
format_interval (const Interval *interval)
{
  return g_strdup_printf ("%02d:%02d–%02d:%02d", interval->start / 3600, interval->start / 60 % 60,
                          interval->end / 3600, interval->end / 60 % 60);
}

/* one "HH:MM-HH:MM" (a hyphen, an en dash or a tilde between) */
static gboolean
parse_interval (const char  *item,
                Interval    *interval,
                GError     **error)
{
  static const char * const dashes[] = { "–", "~", "-" };
  const char *dash = NULL;
  gsize dash_length = 0;

  for (guint i = 0; dash == NULL && i < G_N_ELEMENTS (dashes); i++)
    if ((dash = strstr (item, dashes[i])) != NULL)
      dash_length = strlen (dashes[i]);
  if (dash == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("“%s” is not a stretch of working hours: write them like 09:00-12:00, 13:30-18:00"), item);
      return FALSE;
    }
  interval->start = parse_time (item, dash - item);
  interval->end = parse_time (dash + dash_length, strlen (dash + dash_length));
  if (interval->start < 0 || interval->end < 0 || interval->start == SECONDS_PER_DAY)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("“%s” does not hold two times of day from 00:00 to 24:00 (HH:MM)"), item);
      return FALSE;
    }
  if (interval->end <= interval->start)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("“%s” ends before it starts: hours past midnight belong to the next day"), item);
      return FALSE;
    }
  return TRUE;
}

/**
 * crm_business_time_parse_hours:
 * @text: (nullable): working hours, "09:00-12:00, 13:30-18:00"; %NULL or
 *   blank: none
 * @intervals: (out) (optional) (transfer full): the intervals, in order
 * @error: return location for a #GError
 *
 * Reads a day's working hours: stretches separated by commas, semicolons
 * or spaces, each from a time of day to a later one (24:00 at the latest),
 * none overlapping another.
 *
 * Returns: whether @text holds valid hours
 */
gboolean
crm_business_time_parse_hours (const char  *text,
                                   GArray     **intervals,
                                   GError     **error)
{
  g_autoptr(GArray) parsed = intervals_new ();
  g_auto(GStrv) items = g_strsplit_set (text ? text : "", ",; \t", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      Interval interval;

      if (*items[i] == '\0')
        continue;
      if (!parse_interval (items[i], &interval, error))
        return FALSE;
      g_array_append_val (parsed, interval);
    }
  g_array_sort (parsed, compare_intervals);
  for (guint i = 1; i < parsed->len; i++)
    {
      const Interval *before = &g_array_index (parsed, Interval, i - 1);
      const Interval *after = &g_array_index (parsed, Interval, i);

      if (after->start < before->end)
        {
          g_autofree char *first = format_interval (before);
          g_autofree char *second = format_interval (after);

          g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("%s overlaps %s"), first, second);
          return FALSE;
        }
    }
  if (intervals != NULL)
    *intervals = g_steal_pointer (&parsed);
  return TRUE;
}

/**
 * crm_business_time_set_hours:
 * @self: a calendar
 * @weekday: a day of the week
 * @hours: (nullable): its working hours (see
 *   crm_business_time_parse_hours()); %NULL or blank: a day off
 * @error: return location for a #GError
 *
 * Returns: whether @hours were valid and set
 */
gboolean
crm_business_time_set_hours (CrmBusinessTime  *self,
                                 GDateWeekday          weekday,
                                 const char           *hours,
                                 GError              **error)
{
  GArray *intervals = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (g_date_valid_weekday (weekday), FALSE);

  if (!crm_business_time_parse_hours (hours, &intervals, error))
    return FALSE;
  g_array_unref (self->weekly[weekday]);
  self->weekly[weekday] = intervals;
  return TRUE;
}

/**
 * crm_business_time_add_holiday:
 * @self: a calendar
 * @first: the holiday's first day
 * @last: (nullable): its last day; %NULL: @first
 * @error: return location for a #GError
 *
 * No working time on those days, whatever their weekday, except on a
 * make-up working day added for one of them.
 *
 * Returns: whether the range was valid and added
 */
gboolean
crm_business_time_add_holiday (CrmBusinessTime  *self,
                                   const GDate          *first,
                                   const GDate          *last,
                                   GError              **error)
{
  guint32 from, to;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (first != NULL && g_date_valid (first), FALSE);
  g_return_val_if_fail (last == NULL || g_date_valid (last), FALSE);

  from = g_date_get_julian (first);
  to = last != NULL ? g_date_get_julian (last) : from;
  if (to < from)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("A holiday’s last day comes before its first"));
      return FALSE;
    }
  if (to - from >= MAX_HOLIDAY_DAYS)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("A holiday lasts at most %d days"), MAX_HOLIDAY_DAYS);
      return FALSE;
    }
  for (guint32 day = from; day <= to; day++)
    {
      DayRule *rule = g_hash_table_lookup (self->days, GUINT_TO_POINTER (day));

      if (rule != NULL && rule->working)
        continue;
      rule = g_new0 (DayRule, 1);
      rule->intervals = intervals_new ();
      g_hash_table_replace (self->days, GUINT_TO_POINTER (day), rule);
    }
  return TRUE;
}

/**
 * crm_business_time_add_working_day:
 * @self: a calendar
 * @date: a day worked although its weekday or a holiday says otherwise
 *   (a 调休 Saturday), or worked with other hours
 * @hours: its working hours, not blank
 * @error: return location for a #GError
 *
 * Returns: whether @hours were valid and the day added
 */
gboolean
crm_business_time_add_working_day (CrmBusinessTime  *self,
                                       const GDate          *date,
                                       const char           *hours,
                                       GError              **error)
{
  GArray *intervals = NULL;
  DayRule *rule;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (!crm_business_time_parse_hours (hours, &intervals, error))
    return FALSE;
  if (intervals->len == 0)
    {
      g_array_unref (intervals);
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("A working day needs its working hours"));
      return FALSE;
    }
  rule = g_new0 (DayRule, 1);
  rule->working = TRUE;
  rule->intervals = intervals;
  g_hash_table_replace (self->days, GUINT_TO_POINTER (g_date_get_julian (date)), rule);
  return TRUE;
}

static GArray *
intervals_of (CrmBusinessTime *self,
              const GDate         *day)
{
  DayRule *rule = g_hash_table_lookup (self->days, GUINT_TO_POINTER (g_date_get_julian (day)));

  return rule != NULL ? rule->intervals : self->weekly[g_date_get_weekday (day)];
}

static gboolean
has_working_time (CrmBusinessTime *self)
{
  GHashTableIter iter;
  DayRule *rule;

  for (guint i = G_DATE_MONDAY; i <= G_DATE_SUNDAY; i++)
    if (self->weekly[i]->len > 0)
      return TRUE;
  g_hash_table_iter_init (&iter, self->days);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &rule))
    if (rule->working)
      return TRUE;
  return FALSE;
}

/* the local date an instant falls on */
static void
local_date (CrmBusinessTime *self,
            gint64               instant,
            GDate               *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->zone);
  int year, month, day;

  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

/* the instant of a local time of day; one in a gap of a change to summer
 * time moves on to the first that exists, one repeated at the change back
 * is GLib's pick */
static gint64
local_instant (CrmBusinessTime *self,
               const GDate         *day,
               gint32               seconds)
{
  GDate date = *day;
  g_autoptr(GDateTime) time = NULL;

  if (seconds >= SECONDS_PER_DAY)
    {
      g_date_add_days (&date, 1);
      seconds -= SECONDS_PER_DAY;
    }
  time = g_date_time_new (self->zone, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                          seconds / 3600, seconds / 60 % 60, seconds % 60);
  return g_date_time_to_unix (time);
}

static gboolean
check_instant (gint64   instant,
               GError **error)
{
  /* a day to spare on each side for the local dates */
  if (instant < FIRST_INSTANT + SECONDS_PER_DAY || instant > LAST_INSTANT - 2 * SECONDS_PER_DAY * CRM_BUSINESS_TIME_MAX_DAYS)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE, _("The time is out of the calendar’s range"));
      return FALSE;
    }
  return TRUE;
}

static int
compare_pauses (gconstpointer a,
                gconstpointer b)
{
  const CrmBusinessPause *x = a, *y = b;

  return (x->from > y->from) - (x->from < y->from);
}

/* sorted, merged, without empty stretches */
static GArray *
normalise_pauses (const CrmBusinessPause *pauses,
                  guint                   n_pauses)
{
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (CrmBusinessPause));
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (CrmBusinessPause));

  for (guint i = 0; i < n_pauses; i++)
    if (pauses[i].to > pauses[i].from)
      g_array_append_val (sorted, pauses[i]);
  g_array_sort (sorted, compare_pauses);
  for (guint i = 0; i < sorted->len; i++)
    {
      CrmBusinessPause *pause = &g_array_index (sorted, CrmBusinessPause, i);
      CrmBusinessPause *last = merged->len > 0 ? &g_array_index (merged, CrmBusinessPause, merged->len - 1) : NULL;

      if (last != NULL && pause->from <= last->to)
        last->to = MAX (last->to, pause->to);
      else
        g_array_append_val (merged, *pause);
    }
  return merged;
}

/* called with each stretch of business time in order; returns whether
 * to go on */
typedef gboolean (*VisitStretch) (gint64   start,
                                  gint64   end,
                                  gpointer user_data);

/* Walks the business time from @from on, day by day, leaving out the
 * (normalised) pauses, until @visit says stop (TRUE), a day starts at or
 * after @until (TRUE) or CRM_BUSINESS_TIME_MAX_DAYS are walked (FALSE). */
static gboolean
walk (CrmBusinessTime *self,
      gint64               from,
      gint64               until,
      GArray              *pauses,
      VisitStretch         visit,
      gpointer             user_data)
{
  GDate day;
  guint first_pause = 0;

  local_date (self, from, &day);
  for (guint n = 0; n < CRM_BUSINESS_TIME_MAX_DAYS; n++, g_date_add_days (&day, 1))
    {
      GArray *intervals = intervals_of (self, &day);

      if (n > 0 && local_instant (self, &day, 0) >= until)
        return TRUE;
      for (guint i = 0; i < intervals->len; i++)
        {
          const Interval *interval = &g_array_index (intervals, Interval, i);
          gint64 start = MAX (local_instant (self, &day, interval->start), from);
          gint64 end = local_instant (self, &day, interval->end);
          gint64 at = start;

          if (end <= start)
            continue;
          while (first_pause < pauses->len && g_array_index (pauses, CrmBusinessPause, first_pause).to <= start)
            first_pause++;
          for (guint p = first_pause; p < pauses->len && at < end; p++)
            {
              const CrmBusinessPause *pause = &g_array_index (pauses, CrmBusinessPause, p);

              if (pause->from >= end)
                break;
              if (pause->from > at && !visit (at, pause->from, user_data))
                return TRUE;
              at = MAX (at, pause->to);
            }
          if (at < end && !visit (at, end, user_data))
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * crm_business_time_contains:
 * @self: a calendar
 * @instant: seconds since the epoch
 *
 * Returns: whether @instant lies in the calendar's working time
 */
gboolean
crm_business_time_contains (CrmBusinessTime *self,
                                gint64               instant)
{
  GArray *intervals;
  GDate day;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_instant (instant, NULL))
    return FALSE;
  local_date (self, instant, &day);
  intervals = intervals_of (self, &day);
  for (guint i = 0; i < intervals->len; i++)
    {
      const Interval *interval = &g_array_index (intervals, Interval, i);

      if (local_instant (self, &day, interval->start) <= instant && instant < local_instant (self, &day, interval->end))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  gint64 to;
  gint64 total;
} Between;

static gboolean
add_stretch (gint64   start,
             gint64   end,
             gpointer user_data)
{
  Between *between = user_data;

  if (start >= between->to)
    return FALSE;
  between->total += MIN (end, between->to) - start;
  return end < between->to;
}

/**
 * crm_business_time_seconds_between:
 * @self: a calendar
 * @from: seconds since the epoch
 * @to: seconds since the epoch; at or before @from: no time
 * @pauses: (array length=n_pauses) (nullable): stretches not counted, in
 *   any order, overlapping or not
 * @n_pauses: their number
 * @error: return location for a #GError
 *
 * Counts the working time from @from to @to, exactly, in seconds: real
 * seconds, so a working day across a change to or from summer time has the
 * length the clocks on the wall show.
 *
 * Returns: the seconds, or -1 when @from and @to are further apart than
 *   %CRM_BUSINESS_TIME_MAX_DAYS days or out of range
 */
gint64
crm_business_time_seconds_between (CrmBusinessTime     *self,
                                       gint64                   from,
                                       gint64                   to,
                                       const CrmBusinessPause  *pauses,
                                       guint                    n_pauses,
                                       GError                 **error)
{
  g_autoptr(GArray) merged = NULL;
  Between between = { to, 0 };

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (pauses != NULL || n_pauses == 0, -1);

  if (!check_instant (from, error) || !check_instant (to, error))
    return -1;
  if (to <= from)
    return 0;
  if (to - from > (gint64) (CRM_BUSINESS_TIME_MAX_DAYS - 2) * SECONDS_PER_DAY)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                   _("Business time is counted over at most %d days"), CRM_BUSINESS_TIME_MAX_DAYS - 2);
      return -1;
    }
  merged = normalise_pauses (pauses, n_pauses);
  walk (self, from, to, merged, add_stretch, &between);
  return between.total;
}

typedef struct
{
  gint64 remaining;
  gint64 deadline;
} Deadline;

static gboolean
spend_stretch (gint64   start,
               gint64   end,
               gpointer user_data)
{
  Deadline *deadline = user_data;

  if (end - start >= deadline->remaining)
    {
      deadline->deadline = start + deadline->remaining;
      return FALSE;
    }
  deadline->remaining -= end - start;
  return TRUE;
}

/**
 * crm_business_time_deadline:
 * @self: a calendar
 * @start: seconds since the epoch
 * @seconds: business seconds to elapse, 0 or more
 * @pauses: (array length=n_pauses) (nullable): stretches not counted
 * @n_pauses: their number
 * @deadline: (out): the first instant by which @seconds of working time
 *   have elapsed after @start: @start itself for 0, the end of a working
 *   stretch (18:00, not the next morning) when the time runs out with it
 * @error: return location for a #GError
 *
 * Returns: whether the deadline falls within
 *   %CRM_BUSINESS_TIME_MAX_DAYS days; a calendar without working time
 *   has none
 */
gboolean
crm_business_time_deadline (CrmBusinessTime     *self,
                                gint64                   start,
                                gint64                   seconds,
                                const CrmBusinessPause  *pauses,
                                guint                    n_pauses,
                                gint64                  *deadline,
                                GError                 **error)
{
  g_autoptr(GArray) merged = NULL;
  Deadline state = { seconds, 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (pauses != NULL || n_pauses == 0, FALSE);
  g_return_val_if_fail (deadline != NULL, FALSE);

  if (!check_instant (start, error))
    return FALSE;
  if (seconds < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("A number of seconds is 0 or more"));
      return FALSE;
    }
  if (seconds == 0)
    {
      *deadline = start;
      return TRUE;
    }
  if (!has_working_time (self))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE, _("The calendar has no working time"));
      return FALSE;
    }
  merged = normalise_pauses (pauses, n_pauses);
  if (!walk (self, start, G_MAXINT64, merged, spend_stretch, &state))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                   _("The calendar and the pauses leave too little working time: no deadline within %d days"),
                   CRM_BUSINESS_TIME_MAX_DAYS);
      return FALSE;
    }
  *deadline = state.deadline;
  return TRUE;
}
