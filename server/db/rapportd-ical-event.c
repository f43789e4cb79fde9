/* rapportd-ical-event.c: an activity as an iCalendar event (VEVENT), for the calendar feed and for invitations */
#include "rapportd-ical-event.h"

/**
 * rapportd_ical_utc_time:
 * @epoch: seconds since the epoch, as text
 *
 * Returns: @epoch as a time in UTC
 */
struct icaltimetype
rapportd_ical_utc_time (const char *epoch)
{
  g_return_val_if_fail (epoch != NULL, icaltime_null_time ());

  return icaltime_from_timet_with_zone ((time_t) g_ascii_strtoll (epoch, NULL, 10), 0,
                                        icaltimezone_get_utc_timezone ());
}

/**
 * rapportd_ical_uid:
 * @kind: "activity" or "task"
 * @id: the record's id
 *
 * The UID a record keeps in every calendar it is sent to, so that a
 * calendar program that has it from the feed and from an invitation
 * knows it is one event.
 *
 * Returns: (transfer full): "KIND-ID@rapport"
 */
char *
rapportd_ical_uid (const char *kind,
                   const char *id)
{
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_strdup_printf ("%s-%s@rapport", kind, id);
}

static void
add_text (icalcomponent  *component,
          icalproperty *(*make) (const char *),
          const char     *text)
{
  if (text != NULL && text[0] != '\0')
    icalcomponent_add_property (component, make (text));
}

/**
 * rapportd_ical_activity_event:
 * @activity: the activity's columns
 *
 * Returns: (transfer full): a VEVENT with its UID, stamp, start and end in
 *   UTC, summary, description, location and the kind as its category
 */
icalcomponent *
rapportd_ical_activity_event (const RapportdIcalActivity *activity)
{
  icalcomponent *event;
  g_autofree char *uid = NULL;

  g_return_val_if_fail (activity != NULL, NULL);
  g_return_val_if_fail (activity->id != NULL && activity->starts != NULL && activity->stamp != NULL, NULL);

  event = icalcomponent_new (ICAL_VEVENT_COMPONENT);
  uid = rapportd_ical_uid ("activity", activity->id);
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (rapportd_ical_utc_time (activity->stamp)));
  icalcomponent_add_property (event, icalproperty_new_dtstart (rapportd_ical_utc_time (activity->starts)));
  if (activity->ends != NULL)
    icalcomponent_add_property (event, icalproperty_new_dtend (rapportd_ical_utc_time (activity->ends)));
  add_text (event, icalproperty_new_summary, activity->subject);
  add_text (event, icalproperty_new_description, activity->discussion);
  add_text (event, icalproperty_new_location, activity->place);
  add_text (event, icalproperty_new_categories, activity->kind);
  return event;
}
