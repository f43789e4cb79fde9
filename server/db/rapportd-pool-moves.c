/* rapportd-pool-moves.c: a record taken from or put back into its pool, and the moves that count against a rep's limits */
#include "rapportd-pool-moves.h"
#include "rapportd-repo.h"
#include "crm-entities.h"

static gboolean
add_move (RapportdDb  *db,
          const char  *entity,
          gint64       id,
          gint64       pool_id,
          gint64       user_id,
          const char  *kind,
          gint64       at,
          const char  *reason,
          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO pool_moves (entity, record_id, pool_id, user_id, kind, at, reason) "
                                                 "VALUES (?, ?, ?, ?, ?, ?, ?)");
  g_autofree char *when = rapportd_sql_format_time (at);

  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, pool_id);
  rapportd_sql_add_int (sql, user_id);
  rapportd_sql_add_text (sql, kind);
  rapportd_sql_add_text (sql, when);
  if (reason != NULL)
    rapportd_sql_add_text (sql, reason);
  else
    rapportd_sql_add_null (sql);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

static gboolean
set_from_pool (RapportdDb      *db,
               CrmEntityClass  *klass,
               gint64           id,
               gint64           pool_id,
               GError         **error)
{
  g_autofree char *statement = g_strdup_printf ("UPDATE `%s` SET from_pool_id = ? WHERE id = ?", klass->collection);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (statement);

  if (pool_id > 0)
    rapportd_sql_add_int (sql, pool_id);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_int (sql, id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/* the server writes the move whoever asked: @actor names who, for the
 * audit, while the record's visibility was checked by the caller */
static void
actor_unscoped (const RapportdActor *actor,
                RapportdActor       *unscoped)
{
  *unscoped = *actor;
  unscoped->scopes = NULL;
}

/**
 * rapportd_pool_moves_take:
 * @db: a connection inside the request's transaction, the record locked
 * @actor: who takes it (the claimer, or who assigns it)
 * @entity: the record's entity name
 * @id: the record
 * @version: its version as locked
 * @pool_id: the pool it leaves
 * @user_id: its new owner
 * @kind: "claim" or "assign"
 * @at: when
 * @reason: (nullable): why, for the audit trail and the move
 * @error: return location for a #GError
 *
 * The record leaves its pool for @user_id: owner set, pool cleared,
 * claimed_at @at, the pool kept as the one it came from; audited as
 * @actor's change and written as a pool move.
 *
 * Returns: (transfer full): the stored record
 */
CrmEntity *
rapportd_pool_moves_take (RapportdDb           *db,
                          const RapportdActor  *actor,
                          const char           *entity,
                          gint64                id,
                          gint64                version,
                          gint64                pool_id,
                          gint64                user_id,
                          const char           *kind,
                          gint64                at,
                          const char           *reason,
                          GError              **error)
{
  GType type = crm_entities_lookup_name (entity);
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  CrmEntityClass *klass;
  RapportdActor unscoped;

  g_return_val_if_fail (type != G_TYPE_INVALID, NULL);

  patch = crm_entity_new (type);
  klass = CRM_ENTITY_GET_CLASS (patch);
  crm_entity_set_version (patch, version);
  crm_entity_set_int (patch, klass->fields[crm_entity_class_find_owner (klass)].name, user_id);
  crm_entity_set_null (patch, crm_entity_class_find_field (klass, "pool"));
  crm_entity_set_int (patch, "claimed_at", at);
  actor_unscoped (actor, &unscoped);
  if (reason != NULL)
    unscoped.reason = (char *) reason;
  if ((stored = rapportd_repo_update_as_server (db, &unscoped, id, patch, error)) == NULL ||
      !set_from_pool (db, klass, id, pool_id, error) ||
      !add_move (db, entity, id, pool_id, user_id, kind, at, reason, error))
    return NULL;
  return g_steal_pointer (&stored);
}

/**
 * rapportd_pool_moves_put_back:
 * @db: a connection inside a transaction, the record locked
 * @actor: who puts it back (its owner releasing it, or the system)
 * @entity: the record's entity name
 * @id: the record
 * @version: its version as locked
 * @pool_id: the pool it goes back to
 * @from_user_id: the owner it leaves
 * @kind: "release" or "reclaim"
 * @at: when (the cool-down of @from_user_id starts then)
 * @reason: (nullable): why
 * @error: return location for a #GError
 *
 * The record goes back to @pool_id without an owner; audited and written
 * as a pool move.
 *
 * Returns: %FALSE on error
 */
gboolean
rapportd_pool_moves_put_back (RapportdDb           *db,
                              const RapportdActor  *actor,
                              const char           *entity,
                              gint64                id,
                              gint64                version,
                              gint64                pool_id,
                              gint64                from_user_id,
                              const char           *kind,
                              gint64                at,
                              const char           *reason,
                              GError              **error)
{
  GType type = crm_entities_lookup_name (entity);
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  CrmEntityClass *klass;
  RapportdActor unscoped;

  g_return_val_if_fail (type != G_TYPE_INVALID, FALSE);

  patch = crm_entity_new (type);
  klass = CRM_ENTITY_GET_CLASS (patch);
  crm_entity_set_version (patch, version);
  crm_entity_set_null (patch, crm_entity_class_find_owner (klass));
  crm_entity_set_int (patch, "pool", pool_id);
  crm_entity_set_null (patch, crm_entity_class_find_field (klass, "claimed_at"));
  actor_unscoped (actor, &unscoped);
  if (reason != NULL)
    unscoped.reason = (char *) reason;
  return (stored = rapportd_repo_update_as_server (db, &unscoped, id, patch, error)) != NULL &&
         set_from_pool (db, klass, id, 0, error) &&
         add_move (db, entity, id, pool_id, from_user_id, kind, at, reason, error);
}

static gint64
count (RapportdDb   *db,
       RapportdSql  *sql,
       GError      **error)
{
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);
  const char *cell;

  if (result == NULL)
    return -1;
  cell = result->n_rows > 0 ? rapportd_db_result_get (result, 0, 0) : NULL;
  return cell ? g_ascii_strtoll (cell, NULL, 10) : 0;
}

/**
 * rapportd_pool_moves_count_claims:
 * @db: a connection
 * @pool_id: the pool
 * @user_id: the rep
 * @since: from when (µs since the epoch)
 * @error: return location for a #GError
 *
 * Returns: how many records @user_id claimed from @pool_id since @since, or -1
 */
gint64
rapportd_pool_moves_count_claims (RapportdDb  *db,
                                  gint64       pool_id,
                                  gint64       user_id,
                                  gint64       since,
                                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COUNT(*) FROM pool_moves "
                                                 "WHERE user_id = ? AND kind = 'claim' AND at >= ? AND pool_id = ?");
  g_autofree char *when = rapportd_sql_format_time (since);

  rapportd_sql_add_int (sql, user_id);
  rapportd_sql_add_text (sql, when);
  rapportd_sql_add_int (sql, pool_id);
  return count (db, sql, error);
}

/**
 * rapportd_pool_moves_last_left:
 * @db: a connection
 * @entity: the record's entity name
 * @id: the record
 * @user_id: the rep
 * @error: return location for a #GError
 *
 * Returns: when the record last left @user_id for its pool (released or
 *   reclaimed), µs since the epoch; 0 if never, -1 on error
 */
gint64
rapportd_pool_moves_last_left (RapportdDb  *db,
                               const char  *entity,
                               gint64       id,
                               gint64       user_id,
                               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT CAST(UNIX_TIMESTAMP(MAX(at)) * 1000000 AS SIGNED) FROM pool_moves "
                                                 "WHERE entity = ? AND record_id = ? AND user_id = ? "
                                                 "AND kind IN ('release', 'reclaim')");

  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, user_id);
  return count (db, sql, error);
}

/**
 * rapportd_pool_moves_count_held:
 * @db: a connection
 * @klass: the kind of record
 * @pool_id: the pool
 * @user_id: the rep
 * @error: return location for a #GError
 *
 * Returns: how many open records of @klass that came from @pool_id
 *   @user_id holds (a lead converted or disqualified is no longer open), or -1
 */
gint64
rapportd_pool_moves_count_held (RapportdDb      *db,
                                CrmEntityClass  *klass,
                                gint64           pool_id,
                                gint64           user_id,
                                GError         **error)
{
  int owner = crm_entity_class_find_owner (klass);
  g_autofree char *statement = g_strdup_printf ("SELECT COUNT(*) FROM `%s` WHERE from_pool_id = ? AND `%s` = ? AND archived = 0%s",
                                                klass->collection, crm_field_spec_get_column (&klass->fields[owner]),
                                                crm_entity_class_find_field (klass, "status") >= 0
                                                ? " AND status NOT IN ('converted', 'disqualified')" : "");
  g_autoptr(RapportdSql) sql = rapportd_sql_new (statement);

  rapportd_sql_add_int (sql, pool_id);
  rapportd_sql_add_int (sql, user_id);
  return count (db, sql, error);
}
