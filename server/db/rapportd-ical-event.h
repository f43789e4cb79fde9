/* rapportd-ical-event.h: an activity as an iCalendar event (VEVENT), for the calendar feed and for invitations */
#pragma once

#include <glib.h>
#include <libical/ical.h>

G_BEGIN_DECLS

typedef struct
{
  const char *id;
  const char *kind;
  const char *subject;
  const char *discussion;
  const char *place;
  /* seconds since the epoch, as MariaDB's UNIX_TIMESTAMP() gives them; ends may be NULL */
  const char *starts;
  const char *ends;
  const char *stamp;
} RapportdIcalActivity;

struct icaltimetype  rapportd_ical_utc_time       (const char                 *epoch);
char                *rapportd_ical_uid            (const char                 *kind,
                                                   const char                 *id);
icalcomponent       *rapportd_ical_activity_event (const RapportdIcalActivity *activity);

G_END_DECLS
