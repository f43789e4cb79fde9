/* rapportd-invitation.c: a visit's or a meeting's invitation (iTIP METHOD:REQUEST) as one .ics */
#include "rapportd-invitation.h"
#include "rapportd-ical-event.h"
#include "rapportd-repo.h"
#include "rapportd-sql.h"
#include "crm-activity.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

static icalproperty *
new_person (icalproperty *(*make) (const char *),
            const char     *name,
            const char     *email)
{
  g_autofree char *address = g_strconcat ("mailto:", email, NULL);
  icalproperty *person = make (address);

  if (name != NULL && name[0] != '\0')
    icalproperty_add_parameter (person, icalparameter_new_cn (name));
  return person;
}

/* the colleagues and contacts taking part who have an email address, in order */
static gboolean
add_attendees (RapportdDb     *db,
               gint64          activity_id,
               icalcomponent  *event,
               GError        **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COALESCE(u.name, c.name), COALESCE(u.email, c.email) "
                                                 "FROM activity_participants p "
                                                 "LEFT JOIN users u ON u.id = p.user_id "
                                                 "LEFT JOIN contacts c ON c.id = p.contact_id "
                                                 "WHERE p.activity_id = ? AND p.archived = 0 ORDER BY p.position, p.id");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, activity_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint row = 0; row < result->n_rows; row++)
    {
      const char *email = rapportd_db_result_get (result, row, 1);
      icalproperty *attendee;

      if (email == NULL || email[0] == '\0')
        continue;
      attendee = new_person (icalproperty_new_attendee, rapportd_db_result_get (result, row, 0), email);
      icalproperty_add_parameter (attendee, icalparameter_new_role (ICAL_ROLE_REQPARTICIPANT));
      icalproperty_add_parameter (attendee, icalparameter_new_partstat (ICAL_PARTSTAT_NEEDSACTION));
      icalproperty_add_parameter (attendee, icalparameter_new_rsvp (ICAL_RSVP_TRUE));
      icalcomponent_add_property (event, attendee);
    }
  return TRUE;
}

/**
 * rapportd_invitation_render:
 * @db: a connection
 * @actor: who asks: they must be able to read the activity
 * @activity_id: a visit or a meeting
 * @error: %CRM_ERROR_NOT_FOUND for an activity @actor may not read,
 *   %CRM_ERROR_VALIDATION on "kind" for another kind of activity and on
 *   "owner_id" when its owner has no email address to invite from
 *
 * The invitation is the feed's event for the activity, with the owner as
 * its ORGANIZER and first ATTENDEE (its chair), then each participant with
 * an email address as an ATTENDEE,
 * the UID the feed gives it, and the activity's version less one as its
 * SEQUENCE, so that a calendar program takes a later export as an update
 * of the one it has.
 *
 * Returns: (transfer full): an iCalendar text with METHOD:REQUEST
 */
char *
rapportd_invitation_render (RapportdDb           *db,
                            const RapportdActor  *actor,
                            gint64                activity_id,
                            GError              **error)
{
  g_autoptr(CrmEntity) visible = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT a.id, a.kind, a.subject, a.discussion, a.place, "
                                                 "UNIX_TIMESTAMP(a.starts_at), UNIX_TIMESTAMP(a.ends_at), "
                                                 "UNIX_TIMESTAMP(a.updated_at), a.version, u.name, u.email "
                                                 "FROM activities a JOIN users u ON u.id = a.owner_id WHERE a.id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  RapportdIcalActivity activity;
  const char *kind;
  const char *email;
  icalcomponent *calendar;
  icalcomponent *event;
  icalproperty *chair;
  gint64 version;
  char *text;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  /* read under the reader's scope: one they may not see is not found */
  if ((visible = rapportd_repo_get (db, actor, CRM_TYPE_ACTIVITY, activity_id, FALSE, error)) == NULL)
    return NULL;
  rapportd_sql_add_int (sql, activity_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such activity"));
      return NULL;
    }
  kind = rapportd_db_result_get (result, 0, 1);
  if (!g_str_equal (kind, "visit") && !g_str_equal (kind, "meeting"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "kind",
                                 _("Only a visit or a meeting has an invitation"));
      return NULL;
    }
  email = rapportd_db_result_get (result, 0, 10);
  if (email == NULL || email[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "owner_id",
                                 _("The activity's owner has no email address to send the invitation from"));
      return NULL;
    }

  activity = (RapportdIcalActivity) {
    .id = rapportd_db_result_get (result, 0, 0),
    .kind = kind,
    .subject = rapportd_db_result_get (result, 0, 2),
    .discussion = rapportd_db_result_get (result, 0, 3),
    .place = rapportd_db_result_get (result, 0, 4),
    .starts = rapportd_db_result_get (result, 0, 5),
    .ends = rapportd_db_result_get (result, 0, 6),
    .stamp = rapportd_db_result_get (result, 0, 7),
  };
  event = rapportd_ical_activity_event (&activity);
  version = g_ascii_strtoll (rapportd_db_result_get (result, 0, 8), NULL, 10);
  icalcomponent_add_property (event, icalproperty_new_sequence ((int) MAX (version - 1, 0)));
  icalcomponent_add_property (event, icalproperty_new_status (ICAL_STATUS_CONFIRMED));
  icalcomponent_add_property (event, new_person (icalproperty_new_organizer, rapportd_db_result_get (result, 0, 9), email));
  /* the organizer attends as its chair, as Evolution and Outlook write it:
   * an iTIP request names at least one attendee */
  chair = new_person (icalproperty_new_attendee, rapportd_db_result_get (result, 0, 9), email);
  icalproperty_add_parameter (chair, icalparameter_new_role (ICAL_ROLE_CHAIR));
  icalproperty_add_parameter (chair, icalparameter_new_partstat (ICAL_PARTSTAT_ACCEPTED));
  icalcomponent_add_property (event, chair);
  if (!add_attendees (db, activity_id, event, error))
    {
      icalcomponent_free (event);
      return NULL;
    }
  calendar = icalcomponent_vanew (ICAL_VCALENDAR_COMPONENT,
                                  icalproperty_new_version ("2.0"),
                                  icalproperty_new_prodid ("-//Rapport//Rapport CRM//EN"),
                                  icalproperty_new_method (ICAL_METHOD_REQUEST),
                                  (void *) 0);
  icalcomponent_add_component (calendar, event);
  text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);
  return text;
}
