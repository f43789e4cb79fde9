/* crm-rrule.c: RFC 5545 recurrence rules (RRULE), parsed and expanded by libical */
#include "crm-rrule.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>

/* the occurrences looked through for one after a time: ten years of hours */
#define MAX_STEPS 100000

/* the rule itself, without the "RRULE:" a property would carry */
static const char *
rule_text (const char *rule)
{
  if (g_ascii_strncasecmp (rule, "RRULE:", 6) == 0)
    return rule + 6;
  return rule;
}

static void
set_recurrence_error (GError     **error,
                      const char  *reason)
{
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "recurrence",
                             _("The recurrence is not a valid RRULE: %s"), reason);
}

static gboolean
parse (const char                 *rule,
       struct icalrecurrencetype  *recur,
       GError                    **error)
{
  icalerror_clear_errno ();
  *recur = icalrecurrencetype_from_string (rule_text (rule));
  if (icalerrno != ICAL_NO_ERROR || recur->freq == ICAL_NO_RECURRENCE)
    {
      set_recurrence_error (error, icalerrno != ICAL_NO_ERROR ? icalerror_strerror (icalerrno)
                                                             : _("FREQ is missing"));
      icalerror_clear_errno ();
      return FALSE;
    }
  if (recur->count > 0 && !icaltime_is_null_time (recur->until))
    {
      set_recurrence_error (error, _("COUNT and UNTIL may not both be given"));
      return FALSE;
    }
  if (recur->freq == ICAL_SECONDLY_RECURRENCE || recur->freq == ICAL_MINUTELY_RECURRENCE)
    {
      set_recurrence_error (error, _("a task recurs at most hourly"));
      return FALSE;
    }
  return TRUE;
}

/**
 * crm_rrule_check:
 * @rule: an RRULE value ("FREQ=MONTHLY;BYMONTHDAY=-1"), with or without
 *   its "RRULE:" name
 * @error: return location for a %CRM_ERROR_VALIDATION naming "recurrence",
 *   with libical's reason
 *
 * Returns: whether @rule is a recurrence rule a task may follow
 */
gboolean
crm_rrule_check (const char  *rule,
                 GError     **error)
{
  struct icalrecurrencetype recur;

  g_return_val_if_fail (rule != NULL, FALSE);

  return parse (rule, &recur, error);
}

static icaltimezone *
find_zone (const char  *tzid,
           GError     **error)
{
  icaltimezone *zone;

  if (tzid == NULL || g_str_equal (tzid, "UTC"))
    return icaltimezone_get_utc_timezone ();
  zone = icaltimezone_get_builtin_timezone (tzid);
  if (zone == NULL)
    g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "unknown time zone %s", tzid);
  return zone;
}

/**
 * crm_rrule_next:
 * @rule: an RRULE value
 * @start: the first occurrence (DTSTART), µs since the epoch
 * @after: the time the occurrence must follow, µs since the epoch
 * @tzid: (nullable): the Olson name of the zone whose wall clock the rule
 *   follows ("Asia/Shanghai"), or %NULL for UTC
 * @next: (out): the first occurrence later than @after, µs since the epoch,
 *   or 0 when the rule has none (its COUNT or UNTIL passed)
 * @error: return location for a #GError
 *
 * Expands @rule from @start in the wall clock of @tzid: a daily rule at
 * 09:00 stays at 09:00 across a change to or from daylight saving time,
 * and BYMONTHDAY=-1 is each month's last day. The start counts as the
 * first occurrence, as in RFC 5545.
 *
 * Returns: %FALSE when @rule does not parse or @tzid is unknown
 */
gboolean
crm_rrule_next (const char  *rule,
                gint64       start,
                gint64       after,
                const char  *tzid,
                gint64      *next,
                GError     **error)
{
  struct icalrecurrencetype recur;
  icaltimezone *zone;
  struct icaltimetype dtstart;
  icalrecur_iterator *iter;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);

  *next = 0;
  if (!parse (rule, &recur, error) || (zone = find_zone (tzid, error)) == NULL)
    return FALSE;
  dtstart = icaltime_from_timet_with_zone ((time_t) (start / G_USEC_PER_SEC), 0, zone);
  iter = icalrecur_iterator_new (recur, dtstart);
  if (iter == NULL)
    {
      set_recurrence_error (error, icalerror_strerror (icalerrno));
      icalerror_clear_errno ();
      return FALSE;
    }
  for (guint step = 0; step < MAX_STEPS; step++)
    {
      struct icaltimetype occurrence = icalrecur_iterator_next (iter);
      gint64 at;

      if (icaltime_is_null_time (occurrence))
        break;
      at = (gint64) icaltime_as_timet_with_zone (occurrence, zone) * G_USEC_PER_SEC;
      if (at > after)
        {
          *next = at;
          break;
        }
    }
  icalrecur_iterator_free (iter);
  return TRUE;
}
