/* rapportd-presence.c: who has unsaved edits in a record: the record_presence table, and the events that tell it */
#include "rapportd-presence.h"
#include "rapportd-event-log.h"
#include "rapportd-sql.h"
#include "crm-json.h"

/* expired rows cleared by one sweep, at most; the next takes the rest */
#define EXPIRE_BATCH 500

/* whether @user_id still edits the record in a live session */
static gboolean
still_editing (RapportdDb  *db,
               const char  *entity,
               gint64       record_id,
               gint64       user_id,
               const char  *now,
               gboolean    *editing,
               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT 1 FROM record_presence p "
                                                 "JOIN sessions s ON s.token_hash = p.session AND s.expires_at > ? "
                                                 "WHERE p.entity = ? AND p.record_id = ? AND p.user_id = ? "
                                                 "AND p.expires_at > ? LIMIT 1");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (sql, now);
  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, record_id);
  rapportd_sql_add_int (sql, user_id);
  rapportd_sql_add_text (sql, now);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *editing = result->n_rows > 0;
  return TRUE;
}

/* an event for whoever may read the record: who, and whether they edit
 * it now; never a value of the record */
static gboolean
tell (RapportdDb  *db,
      const char  *entity,
      gint64       record_id,
      gint64       user_id,
      const char  *user_name,
      gboolean     editing,
      GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, entity);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record_id);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_int_value (builder, user_id);
  json_builder_set_member_name (builder, "user_name");
  json_builder_add_string_value (builder, user_name ? user_name : "");
  json_builder_set_member_name (builder, "editing");
  json_builder_add_boolean_value (builder, editing);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  return rapportd_event_log_add (db, 0, "presence", entity, record_id, payload, error);
}

/**
 * rapportd_presence_put:
 * @db: a connection inside the request's transaction
 * @actor: who edits; the caller has checked that they may read the record
 * @session: their session's token hash
 * @entity: the record's entity name
 * @record_id: the record
 * @now: the time, real, in microseconds
 * @error: return location for a #GError
 *
 * Records that @actor has unsaved edits in the record from @session, for
 * %RAPPORTD_PRESENCE_TTL_SECONDS from @now. The first such call (not a
 * renewal) tells those who may read the record.
 */
gboolean
rapportd_presence_put (RapportdDb          *db,
                       const RapportdActor *actor,
                       const char          *session,
                       const char          *entity,
                       gint64               record_id,
                       gint64               now,
                       GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO record_presence "
                                                 "(entity, record_id, user_id, session, started_at, expires_at) "
                                                 "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
                                                 /* assigned in order: started_at reads the old expires_at */
                                                 "started_at = IF(expires_at > ?, started_at, VALUES(started_at)), "
                                                 "expires_at = VALUES(expires_at)");
  g_autofree char *now_text = rapportd_sql_format_time (now);
  g_autofree char *until = rapportd_sql_format_time (now + (gint64) RAPPORTD_PRESENCE_TTL_SECONDS * G_USEC_PER_SEC);
  gboolean was_editing = FALSE;

  g_return_val_if_fail (db != NULL && actor != NULL && session != NULL && entity != NULL, FALSE);
  g_return_val_if_fail (record_id > 0, FALSE);

  if (!still_editing (db, entity, record_id, actor->user_id, now_text, &was_editing, error))
    return FALSE;
  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, record_id);
  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_text (sql, session);
  rapportd_sql_add_text (sql, now_text);
  rapportd_sql_add_text (sql, until);
  rapportd_sql_add_text (sql, now_text);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error))
    return FALSE;
  return was_editing || tell (db, entity, record_id, actor->user_id, actor->name, TRUE, error);
}

/**
 * rapportd_presence_delete:
 * @db: a connection inside the request's transaction
 * @actor: who stops editing
 * @session: their session's token hash
 * @entity: the record's entity name
 * @record_id: the record
 * @now: the time, real, in microseconds
 * @error: return location for a #GError
 *
 * @actor no longer edits the record from @session (saved, discarded or
 * closed). Unless they still edit it from another session, those who may
 * read the record are told. Deleting what is not there does nothing.
 */
gboolean
rapportd_presence_delete (RapportdDb          *db,
                          const RapportdActor *actor,
                          const char          *session,
                          const char          *entity,
                          gint64               record_id,
                          gint64               now,
                          GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM record_presence "
                                                 "WHERE entity = ? AND record_id = ? AND user_id = ? AND session = ?");
  g_autofree char *now_text = rapportd_sql_format_time (now);
  guint64 deleted = 0;
  gboolean editing = FALSE;

  g_return_val_if_fail (db != NULL && actor != NULL && session != NULL && entity != NULL, FALSE);
  g_return_val_if_fail (record_id > 0, FALSE);

  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, record_id);
  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_text (sql, session);
  if (!rapportd_db_execute (db, sql, &deleted, NULL, error))
    return FALSE;
  if (deleted == 0)
    return TRUE;
  if (!still_editing (db, entity, record_id, actor->user_id, now_text, &editing, error))
    return FALSE;
  return editing || tell (db, entity, record_id, actor->user_id, actor->name, FALSE, error);
}

/**
 * rapportd_presence_list:
 * @db: a connection
 * @entity: the record's entity name
 * @record_id: the record; the caller has checked that it may be read
 * @now: the time, real, in microseconds
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items":[{"user_id","user_name","since",
 *   "expires_at"}]}, one item per user editing the record in a live
 *   session, the earliest first
 */
JsonNode *
rapportd_presence_list (RapportdDb  *db,
                        const char  *entity,
                        gint64       record_id,
                        gint64       now,
                        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT p.user_id, u.name, MIN(p.started_at), MAX(p.expires_at) "
                                                 "FROM record_presence p JOIN users u ON u.id = p.user_id "
                                                 "JOIN sessions s ON s.token_hash = p.session AND s.expires_at > ? "
                                                 "WHERE p.entity = ? AND p.record_id = ? AND p.expires_at > ? "
                                                 "GROUP BY p.user_id, u.name ORDER BY MIN(p.started_at), p.user_id");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now_text = rapportd_sql_format_time (now);

  g_return_val_if_fail (db != NULL && entity != NULL, NULL);

  rapportd_sql_add_text (sql, now_text);
  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, record_id);
  rapportd_sql_add_text (sql, now_text);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint r = 0; r < result->n_rows; r++)
    {
      gint64 since = 0, until = 0;
      g_autofree char *since_text = NULL;
      g_autofree char *until_text = NULL;

      rapportd_sql_parse_time (rapportd_db_result_get (result, r, 2), &since);
      rapportd_sql_parse_time (rapportd_db_result_get (result, r, 3), &until);
      since_text = crm_json_format_timestamp (since);
      until_text = crm_json_format_timestamp (until);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user_id");
      json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10));
      json_builder_set_member_name (builder, "user_name");
      json_builder_add_string_value (builder, rapportd_db_result_get (result, r, 1));
      json_builder_set_member_name (builder, "since");
      json_builder_add_string_value (builder, since_text);
      json_builder_set_member_name (builder, "expires_at");
      json_builder_add_string_value (builder, until_text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * rapportd_presence_expire:
 * @db: a connection inside a transaction
 * @now: the time to judge expiry by, real, in microseconds
 * @n_expired: (out) (optional): how many rows went
 * @error: return location for a #GError
 *
 * Clears the presence not renewed in time, or whose session has ended
 * (a client that crashed, lost its network or signed out), and tells
 * those who may read each record that its user no longer edits it.
 * Several rapportd may sweep at once: a row is told by the one whose
 * delete took it.
 */
gboolean
rapportd_presence_expire (RapportdDb  *db,
                          gint64       now,
                          guint       *n_expired,
                          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT p.entity, p.record_id, p.user_id, p.session, u.name "
                                                 "FROM record_presence p JOIN users u ON u.id = p.user_id "
                                                 "LEFT JOIN sessions s ON s.token_hash = p.session "
                                                 "WHERE p.expires_at <= ? OR s.token_hash IS NULL OR s.expires_at <= ? "
                                                 "LIMIT " G_STRINGIFY (EXPIRE_BATCH));
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *now_text = rapportd_sql_format_time (now);
  guint n = 0;

  g_return_val_if_fail (db != NULL, FALSE);

  if (n_expired)
    *n_expired = 0;
  rapportd_sql_add_text (sql, now_text);
  rapportd_sql_add_text (sql, now_text);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autoptr(RapportdSql) delete = rapportd_sql_new ("DELETE FROM record_presence "
                                                        "WHERE entity = ? AND record_id = ? AND user_id = ? AND session = ? "
                                                        "AND (expires_at <= ? OR NOT EXISTS (SELECT 1 FROM sessions "
                                                        "WHERE token_hash = ? AND expires_at > ?))");
      const char *entity = rapportd_db_result_get (result, r, 0);
      gint64 record_id = g_ascii_strtoll (rapportd_db_result_get (result, r, 1), NULL, 10);
      gint64 user_id = g_ascii_strtoll (rapportd_db_result_get (result, r, 2), NULL, 10);
      const char *session = rapportd_db_result_get (result, r, 3);
      g_autofree char *key = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, entity, record_id, user_id);
      guint64 deleted = 0;
      gboolean editing = FALSE;

      rapportd_sql_add_text (delete, entity);
      rapportd_sql_add_int (delete, record_id);
      rapportd_sql_add_int (delete, user_id);
      rapportd_sql_add_text (delete, session);
      rapportd_sql_add_text (delete, now_text);
      rapportd_sql_add_text (delete, session);
      rapportd_sql_add_text (delete, now_text);
      if (!rapportd_db_execute (db, delete, &deleted, NULL, error))
        return FALSE;
      if (deleted == 0)
        continue;
      n++;
      /* one user's two sessions gone at once are told once */
      if (g_hash_table_contains (told, key))
        continue;
      if (!still_editing (db, entity, record_id, user_id, now_text, &editing, error))
        return FALSE;
      if (!editing && !tell (db, entity, record_id, user_id, rapportd_db_result_get (result, r, 4), FALSE, error))
        return FALSE;
      g_hash_table_add (told, g_steal_pointer (&key));
    }
  if (n_expired)
    *n_expired = n;
  return TRUE;
}
