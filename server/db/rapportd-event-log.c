/* rapportd-event-log.c: the events table: written with each change, read by every rapportd for its clients */
#include "rapportd-event-log.h"
#include "rapportd-sql-rows.h"

/**
 * rapportd_event_log_add:
 * @db: a connection inside the transaction of the change it tells of
 * @user_id: the one user it is for, or 0: whoever may see the record
 * @kind: "change", "approval"…
 * @entity: (nullable): the record's entity
 * @record_id: the record's id, or 0
 * @payload: a JSON object
 * @error: return location for a #GError
 */
gboolean
rapportd_event_log_add (RapportdDb  *db,
                        gint64       user_id,
                        const char  *kind,
                        const char  *entity,
                        gint64       record_id,
                        const char  *payload,
                        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO events (created_at, user_id, kind, entity, record_id, payload) "
                                                 "VALUES (UTC_TIMESTAMP(6), ?, ?, ?, ?, ?)");

  if (user_id > 0)
    rapportd_sql_add_int (sql, user_id);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_text (sql, kind);
  if (entity != NULL)
    rapportd_sql_add_text (sql, entity);
  else
    rapportd_sql_add_null (sql);
  if (record_id > 0)
    rapportd_sql_add_int (sql, record_id);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_text (sql, payload);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_event_log_add_many:
 * @db: a connection inside the transaction that made the changes
 * @kind: the events' kind, e.g. "change"
 * @entity: the records' entity
 * @record_ids: (array length=n): the records
 * @payloads: (array length=n): each event's payload
 * @n: how many events
 * @error: return location for a #GError
 *
 * As @n calls of rapportd_event_log_add() for no one user, in as few
 * statements as the parameters allow.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_event_log_add_many (RapportdDb          *db,
                             const char          *kind,
                             const char          *entity,
                             const gint64        *record_ids,
                             const char * const  *payloads,
                             guint                n,
                             GError             **error)
{
  g_autoptr(RapportdSqlRows) rows = rapportd_sql_rows_new (db, "INSERT INTO events (created_at, user_id, kind, entity, "
                                                               "record_id, payload) VALUES ",
                                                           "(UTC_TIMESTAMP(6), NULL, ?, ?, ?, ?)");

  for (guint i = 0; i < n; i++)
    {
      RapportdSql *sql = rapportd_sql_rows_add (rows, error);

      if (sql == NULL)
        return FALSE;
      rapportd_sql_add_text (sql, kind);
      rapportd_sql_add_text (sql, entity);
      rapportd_sql_add_int (sql, record_ids[i]);
      rapportd_sql_add_text (sql, payloads[i]);
    }
  return rapportd_sql_rows_finish (rows, error);
}

void
rapportd_event_free (RapportdEvent *event)
{
  g_free (event->kind);
  g_free (event->entity);
  g_free (event->payload);
  g_free (event);
}

static gint64
int_or_zero (const char *text)
{
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static GPtrArray *
events_from (RapportdDbResult *result)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_event_free);

  for (guint i = 0; i < result->n_rows; i++)
    {
      RapportdEvent *event = g_new0 (RapportdEvent, 1);

      event->id = int_or_zero (rapportd_db_result_get (result, i, 0));
      event->user_id = int_or_zero (rapportd_db_result_get (result, i, 1));
      event->kind = g_strdup (rapportd_db_result_get (result, i, 2));
      event->entity = g_strdup (rapportd_db_result_get (result, i, 3));
      event->record_id = int_or_zero (rapportd_db_result_get (result, i, 4));
      event->payload = g_strdup (rapportd_db_result_get (result, i, 5));
      g_ptr_array_add (events, event);
    }
  return events;
}

/**
 * rapportd_event_log_since:
 * @db: a connection
 * @after_id: the last event already handled
 * @limit: at most this many
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type RapportdEvent): the events after
 *   @after_id, oldest first
 */
GPtrArray *
rapportd_event_log_since (RapportdDb  *db,
                          gint64       after_id,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, user_id, kind, entity, record_id, payload FROM events "
                                                 "WHERE id > ? ORDER BY id LIMIT ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, after_id);
  rapportd_sql_add_int (sql, limit);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  return events_from (result);
}

/**
 * rapportd_event_log_by_ids:
 * @db: a connection
 * @ids: (element-type gint64): event ids
 * @error: return location for a #GError
 *
 * The events of @ids that exist now: a transaction that took its event's
 * id before another's committed may commit after it.
 *
 * Returns: (transfer full) (element-type RapportdEvent): those found,
 *   oldest first; %NULL on error
 */
GPtrArray *
rapportd_event_log_by_ids (RapportdDb  *db,
                           GArray      *ids,
                           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, user_id, kind, entity, record_id, payload FROM events "
                                                 "WHERE id IN (");
  g_autoptr(RapportdDbResult) result = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (ids != NULL, NULL);

  if (ids->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_event_free);
  for (guint i = 0; i < ids->len; i++)
    {
      rapportd_sql_append (sql, i > 0 ? ", ?" : "?");
      rapportd_sql_add_int (sql, g_array_index (ids, gint64, i));
    }
  rapportd_sql_append (sql, ") ORDER BY id");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  return events_from (result);
}

/**
 * rapportd_event_log_replay:
 * @db: a connection
 * @seen_id: the last event a client saw
 * @upto_id: the last event already told to the clients connected now
 * @max_events: at most this many events are replayed
 * @max_hours: from an event at most this old
 * @too_far: (out): set when the client is too far behind to catch up
 * @error: return location for a #GError
 *
 * What a client that comes back missed: the events after @seen_id up
 * to @upto_id. It is too far behind when @seen_id is not an event of
 * the last @max_hours (pruned, too old, or never written here) or when
 * more than @max_events followed it.
 *
 * Returns: (transfer full) (element-type RapportdEvent): the events,
 *   oldest first, none when @too_far; %NULL on error
 */
GPtrArray *
rapportd_event_log_replay (RapportdDb  *db,
                           gint64       seen_id,
                           gint64       upto_id,
                           guint        max_events,
                           guint        max_hours,
                           gboolean    *too_far,
                           GError     **error)
{
  g_autoptr(RapportdSql) seen = rapportd_sql_new ("SELECT COUNT(*) FROM events WHERE id = ? "
                                                  "AND created_at >= UTC_TIMESTAMP(6) - INTERVAL ? HOUR");
  g_autoptr(RapportdSql) missed = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) events = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (too_far != NULL, NULL);

  *too_far = FALSE;
  rapportd_sql_add_int (seen, seen_id);
  rapportd_sql_add_int (seen, max_hours);
  if ((result = rapportd_db_query (db, seen, error)) == NULL)
    return NULL;
  if (int_or_zero (rapportd_db_result_get (result, 0, 0)) == 0)
    {
      *too_far = TRUE;
      return g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_event_free);
    }
  g_clear_pointer (&result, rapportd_db_result_free);

  /* one more than the bound tells whether it is exceeded */
  missed = rapportd_sql_new ("SELECT id, user_id, kind, entity, record_id, payload FROM events "
                             "WHERE id > ? AND id <= ? ORDER BY id LIMIT ?");
  rapportd_sql_add_int (missed, seen_id);
  rapportd_sql_add_int (missed, upto_id);
  rapportd_sql_add_int (missed, (gint64) max_events + 1);
  if ((result = rapportd_db_query (db, missed, error)) == NULL)
    return NULL;
  events = events_from (result);
  if (events->len > max_events)
    {
      *too_far = TRUE;
      g_ptr_array_set_size (events, 0);
    }
  return g_steal_pointer (&events);
}

/* the newest event's id: a rapportd that starts tells its clients only what happens from then on */
gint64
rapportd_event_log_last (RapportdDb  *db,
                         GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COALESCE(MAX(id), 0) FROM events");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

  return result ? int_or_zero (rapportd_db_result_get (result, 0, 0)) : -1;
}

/* events are for clients connected now; old ones go */
gboolean
rapportd_event_log_prune (RapportdDb  *db,
                          guint        keep_hours,
                          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM events WHERE created_at < UTC_TIMESTAMP(6) - INTERVAL ? HOUR");

  rapportd_sql_add_int (sql, keep_hours);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}
