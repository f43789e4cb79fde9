/* rapportd-calendar.c: each user's read-only iCalendar feed of their activities and tasks, by a secret address */
#include "rapportd-calendar.h"
#include "rapportd-ical-event.h"
#include "audit/rapportd-audit.h"
#include "rapportd-auth.h"
#include "rapportd-sql.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <string.h>

/* Thunderbird, Evolution and Outlook subscribe to a feed by its address
 * alone, with no way to sign in: the address holds a secret of 256 random
 * bits, of which only the SHA-256 is kept, like an intake key's. */
#define TOKEN_MARK "rcf_"
#define SECRET_BYTES 32
#define PREFIX_LENGTH 10
/* a feed holds what lies from this many days back to a year ahead, at most so many items a kind */
#define DAYS_BACK 90
#define MAX_ITEMS 2000

static JsonObject *
feed_object (RapportdDbResult *result,
             guint             row)
{
  JsonObject *feed = json_object_new ();
  const char *used = rapportd_db_result_get (result, row, 3);
  const char *revoked = rapportd_db_result_get (result, row, 4);

  json_object_set_int_member (feed, "id", g_ascii_strtoll (rapportd_db_result_get (result, row, 0), NULL, 10));
  json_object_set_string_member (feed, "prefix", rapportd_db_result_get (result, row, 1));
  json_object_set_string_member (feed, "created_at", rapportd_db_result_get (result, row, 2));
  if (used != NULL)
    json_object_set_string_member (feed, "last_used_at", used);
  else
    json_object_set_null_member (feed, "last_used_at");
  json_object_set_boolean_member (feed, "revoked", revoked != NULL);
  return feed;
}

static const char feed_columns[] =
  "SELECT id, token_prefix, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "
  "DATE_FORMAT(last_used_at, '%Y-%m-%dT%H:%i:%sZ'), revoked_at FROM calendar_feeds ";

static gboolean
audit_feed (RapportdDb           *db,
            const RapportdActor  *actor,
            const char           *action,
            JsonObject           *feed,
            GError              **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), feed);
  g_autofree char *json = json_to_string (node, FALSE);
  gint64 id = json_object_get_int_member (feed, "id");

  return rapportd_audit_append (db, actor->user_id, "calendar_feed", id, action, actor->reason,
                                g_str_equal (action, "create") ? NULL : json,
                                g_str_equal (action, "create") ? json : NULL, error);
}

static JsonObject *
read_feed (RapportdDb  *db,
           gint64       id,
           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (feed_columns);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_append (sql, "WHERE id = ?");
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such calendar feed"));
      return NULL;
    }
  return feed_object (result, 0);
}

/**
 * rapportd_calendar_feed_create:
 * @db: a connection inside the request's transaction
 * @actor: whose feed it is
 * @error: return location for a #GError
 *
 * Makes a feed of @actor's activities and tasks; audited.
 *
 * Returns: (transfer full): the feed as listed, with its secret address
 *   as "path", the only time it is shown
 */
JsonNode *
rapportd_calendar_feed_create (RapportdDb           *db,
                               const RapportdActor  *actor,
                               GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO calendar_feeds (user_id, token_hash, token_prefix, created_at) "
                                                 "VALUES (?, ?, ?, UTC_TIMESTAMP(6))");
  g_autofree char *random = rapportd_auth_random_secret (SECRET_BYTES);
  g_autofree char *token = g_strconcat (TOKEN_MARK, random, NULL);
  g_autofree char *hash = rapportd_auth_token_hash (token);
  g_autofree char *prefix = g_strndup (token, PREFIX_LENGTH);
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) feed = NULL;
  guint64 id = 0;

  g_return_val_if_fail (actor != NULL, NULL);

  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_text (sql, hash);
  rapportd_sql_add_text (sql, prefix);
  if (!rapportd_db_execute (db, sql, NULL, &id, error) ||
      (feed = read_feed (db, id, error)) == NULL)
    return NULL;
  if (!audit_feed (db, actor, "create", feed, error))
    return NULL;
  path = g_strdup_printf ("/api/v1/calendar/%s.ics", token);
  json_object_set_string_member (feed, "path", path);
  return json_node_init_object (json_node_alloc (), feed);
}

/**
 * rapportd_calendar_feeds_list:
 * @db: a connection
 * @actor: whose feeds
 * @error: return location for a #GError
 *
 * Returns: (transfer full): `{"items":[…]}`, @actor's feeds, the newest
 *   first, without their secrets
 */
JsonNode *
rapportd_calendar_feeds_list (RapportdDb           *db,
                              const RapportdActor  *actor,
                              GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (feed_columns);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *items;

  g_return_val_if_fail (actor != NULL, NULL);

  rapportd_sql_append (sql, "WHERE user_id = ? ORDER BY id DESC");
  rapportd_sql_add_int (sql, actor->user_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  answer = json_object_new ();
  items = json_array_new ();
  for (guint row = 0; row < result->n_rows; row++)
    json_array_add_object_element (items, feed_object (result, row));
  json_object_set_array_member (answer, "items", items);
  return json_node_init_object (json_node_alloc (), answer);
}

/**
 * rapportd_calendar_feed_revoke:
 * @db: a connection inside the request's transaction
 * @actor: who revokes: the feed's user, or an administrator
 * @id: the feed
 * @error: %CRM_ERROR_NOT_FOUND for a feed that is not @actor's to revoke
 *
 * Revokes the feed at once and for good; audited. Revoking a revoked feed
 * changes nothing.
 */
gboolean
rapportd_calendar_feed_revoke (RapportdDb           *db,
                               const RapportdActor  *actor,
                               gint64                id,
                               GError              **error)
{
  g_autoptr(RapportdSql) owner = rapportd_sql_new ("SELECT user_id, revoked_at FROM calendar_feeds WHERE id = ? FOR UPDATE");
  g_autoptr(RapportdSql) revoke = rapportd_sql_new ("UPDATE calendar_feeds SET revoked_at = UTC_TIMESTAMP(6) WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) feed = NULL;

  g_return_val_if_fail (actor != NULL, FALSE);

  rapportd_sql_add_int (owner, id);
  if ((result = rapportd_db_query (db, owner, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0 ||
      (g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) != actor->user_id &&
       !rapportd_actor_is_admin (actor)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such calendar feed"));
      return FALSE;
    }
  if (rapportd_db_result_get (result, 0, 1) != NULL)
    return TRUE;
  rapportd_sql_add_int (revoke, id);
  return rapportd_db_execute (db, revoke, NULL, NULL, error) &&
         (feed = read_feed (db, id, error)) != NULL &&
         audit_feed (db, actor, "revoke", feed, error);
}

/* the user's activities, and those they take part in, as events */
static gboolean
add_activities (RapportdDb     *db,
                gint64          user_id,
                icalcomponent  *calendar,
                GError        **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_appendf (sql, "SELECT id, kind, subject, discussion, place, UNIX_TIMESTAMP(starts_at), "
                        "UNIX_TIMESTAMP(ends_at), UNIX_TIMESTAMP(updated_at) FROM activities "
                        "WHERE archived = 0 AND starts_at >= UTC_TIMESTAMP() - INTERVAL %d DAY "
                        "AND starts_at < UTC_TIMESTAMP() + INTERVAL 1 YEAR "
                        "AND (owner_id = ? OR id IN (SELECT activity_id FROM activity_participants WHERE user_id = ?)) "
                        "ORDER BY starts_at, id LIMIT %d", DAYS_BACK, MAX_ITEMS);
  rapportd_sql_add_int (sql, user_id);
  rapportd_sql_add_int (sql, user_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint row = 0; row < result->n_rows; row++)
    {
      RapportdIcalActivity activity = {
        .id = rapportd_db_result_get (result, row, 0),
        .kind = rapportd_db_result_get (result, row, 1),
        .subject = rapportd_db_result_get (result, row, 2),
        .discussion = rapportd_db_result_get (result, row, 3),
        .place = rapportd_db_result_get (result, row, 4),
        .starts = rapportd_db_result_get (result, row, 5),
        .ends = rapportd_db_result_get (result, row, 6),
        .stamp = rapportd_db_result_get (result, row, 7),
      };

      icalcomponent_add_component (calendar, rapportd_ical_activity_event (&activity));
    }
  return TRUE;
}

/* the user's open tasks, as to-dos with their due time and recurrence */
static gboolean
add_tasks (RapportdDb     *db,
           gint64          user_id,
           icalcomponent  *calendar,
           GError        **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_appendf (sql, "SELECT id, subject, notes, UNIX_TIMESTAMP(due_at), recurrence, UNIX_TIMESTAMP(updated_at) "
                        "FROM tasks WHERE assignee_id = ? AND done = 0 AND archived = 0 "
                        "ORDER BY due_at, id LIMIT %d", MAX_ITEMS);
  rapportd_sql_add_int (sql, user_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint row = 0; row < result->n_rows; row++)
    {
      icalcomponent *todo = icalcomponent_new (ICAL_VTODO_COMPONENT);
      g_autofree char *uid = rapportd_ical_uid ("task", rapportd_db_result_get (result, row, 0));
      const char *due = rapportd_db_result_get (result, row, 3);
      const char *recurrence = rapportd_db_result_get (result, row, 4);

      icalcomponent_add_property (todo, icalproperty_new_uid (uid));
      icalcomponent_add_property (todo, icalproperty_new_dtstamp (rapportd_ical_utc_time (rapportd_db_result_get (result, row, 5))));
      if (due != NULL)
        icalcomponent_add_property (todo, icalproperty_new_due (rapportd_ical_utc_time (due)));
      if (rapportd_db_result_get (result, row, 1) != NULL)
        icalcomponent_add_property (todo, icalproperty_new_summary (rapportd_db_result_get (result, row, 1)));
      if (rapportd_db_result_get (result, row, 2) != NULL && rapportd_db_result_get (result, row, 2)[0] != '\0')
        icalcomponent_add_property (todo, icalproperty_new_description (rapportd_db_result_get (result, row, 2)));
      icalcomponent_add_property (todo, icalproperty_new_status (ICAL_STATUS_NEEDSACTION));
      /* stored only once libical read it (the task's own check) */
      if (recurrence != NULL && due != NULL)
        {
          struct icalrecurrencetype rule = icalrecurrencetype_from_string (recurrence);

          if (rule.freq != ICAL_NO_RECURRENCE)
            icalcomponent_add_property (todo, icalproperty_new_rrule (rule));
        }
      icalcomponent_add_component (calendar, todo);
    }
  return TRUE;
}

/**
 * rapportd_calendar_feed_render:
 * @db: a connection
 * @token: the secret of the feed's address
 * @error: %CRM_ERROR_NOT_FOUND for an unknown or revoked feed, or one
 *   whose user is deactivated
 *
 * Returns: (transfer full): the feed as an iCalendar text (RFC 5545):
 *   the user's activities from 90 days back to a year ahead as events, and
 *   their open tasks as to-dos, times in UTC
 */
char *
rapportd_calendar_feed_render (RapportdDb  *db,
                               const char  *token,
                               GError     **error)
{
  g_autoptr(RapportdSql) find = rapportd_sql_new ("SELECT f.id, f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id "
                                                  "WHERE f.token_hash = ? AND f.revoked_at IS NULL AND u.active = 1");
  g_autoptr(RapportdSql) used = rapportd_sql_new ("UPDATE calendar_feeds SET last_used_at = UTC_TIMESTAMP(6) WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autofree char *hash = NULL;
  icalcomponent *calendar;
  char *text;
  gint64 user_id;

  g_return_val_if_fail (token != NULL, NULL);

  /* no need to hash what cannot be a feed's secret */
  if (!g_str_has_prefix (token, TOKEN_MARK) || strlen (token) > 128)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No calendar feed at this address (it may have been revoked)"));
      return NULL;
    }
  hash = rapportd_auth_token_hash (token);
  rapportd_sql_add_text (find, hash);
  if ((result = rapportd_db_query (db, find, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No calendar feed at this address (it may have been revoked)"));
      return NULL;
    }
  user_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10);
  rapportd_sql_add_int (used, g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10));
  if (!rapportd_db_execute (db, used, NULL, NULL, error))
    return NULL;

  calendar = icalcomponent_vanew (ICAL_VCALENDAR_COMPONENT,
                                  icalproperty_new_version ("2.0"),
                                  icalproperty_new_prodid ("-//Rapport//Rapport CRM//EN"),
                                  (void *) 0);
  if (!add_activities (db, user_id, calendar, error) || !add_tasks (db, user_id, calendar, error))
    {
      icalcomponent_free (calendar);
      return NULL;
    }
  text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);
  return text;
}
