/* rapportd-pool-view.c: who sees the records of a pool, and their contact details masked */
#include "rapportd-pool-view.h"
#include "crm-pool.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/**
 * rapportd_pool_view_append_member_pools:
 * @sql: a statement being built
 * @actor: who asks
 *
 * Appends a subquery, `(SELECT id FROM pools …)`, of the pools @actor is a
 * member of: those of their team and of every team above it, and every
 * pool of a region (a pool without a team).
 */
void
rapportd_pool_view_append_member_pools (RapportdSql         *sql,
                                        const RapportdActor *actor)
{
  g_return_if_fail (sql != NULL);
  g_return_if_fail (actor != NULL);

  rapportd_sql_append (sql, "(SELECT p.id FROM pools p WHERE p.archived = 0 AND (p.team_id IS NULL");
  if (actor->team_id > 0)
    {
      rapportd_sql_append (sql, " OR p.team_id IN (WITH RECURSIVE up (id, parent_id) AS ("
                           "SELECT t.id, t.parent_id FROM teams t WHERE t.id = ? UNION ALL "
                           "SELECT t.id, t.parent_id FROM teams t JOIN up ON t.id = up.parent_id) "
                           "SELECT id FROM up)");
      rapportd_sql_add_int (sql, actor->team_id);
    }
  rapportd_sql_append (sql, "))");
}

/**
 * rapportd_pool_view_append_scope:
 * @sql: a visibility condition being built, inside `AND (… `
 * @klass: the entity's class
 * @actor: who reads
 *
 * For an entity whose records lie in pools (a "pool" field), appends
 * ` OR <the record has no owner and lies in a pool @actor is a member of>`.
 * Only for reading: a member changes a record of the pool by claiming it.
 */
void
rapportd_pool_view_append_scope (RapportdSql         *sql,
                                 CrmEntityClass      *klass,
                                 const RapportdActor *actor)
{
  int owner;
  int pool;

  g_return_if_fail (sql != NULL);
  g_return_if_fail (klass != NULL);
  g_return_if_fail (actor != NULL);

  if (!crm_pool_class_has_pool (klass))
    return;
  owner = crm_entity_class_find_owner (klass);
  pool = crm_entity_class_find_field (klass, "pool");
  rapportd_sql_appendf (sql, " OR (`%s` IS NULL AND `%s` IN ",
                        crm_field_spec_get_column (&klass->fields[owner]),
                        crm_field_spec_get_column (&klass->fields[pool]));
  rapportd_pool_view_append_member_pools (sql, actor);
  rapportd_sql_append (sql, ")");
}

/* the ids of the pools that mask contact details, or NULL if none does */
static GHashTable *
masking_pools (RapportdDb  *db,
               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM pools WHERE mask_contacts = 1");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);
  g_autoptr(GHashTable) ids = NULL;

  if (result == NULL)
    return NULL;
  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < result->n_rows; i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10);
      g_hash_table_add (ids, id);
    }
  return g_steal_pointer (&ids);
}

/* a record in a pool, seen by someone who does not own it */
static gboolean
lies_in_pool (CrmEntity *record,
              int        owner,
              int        pool,
              gint64    *pool_id)
{
  if (crm_entity_has_value (record, owner) || !crm_entity_has_value (record, pool))
    return FALSE;
  *pool_id = crm_entity_value (record, pool)->i;
  return TRUE;
}

/* whether @actor sees @klass's pooled records masked at all */
static gboolean
masks_for (const RapportdActor *actor,
           CrmEntityClass      *klass)
{
  return actor != NULL && actor->scopes != NULL && crm_pool_class_has_pool (klass) &&
         !g_str_equal (rapportd_actor_scope (actor, klass->entity_name), "company");
}

/**
 * rapportd_pool_view_is_masked:
 * @db: a connection
 * @actor: (nullable): who reads
 * @record: a record as read
 * @masked: (out): whether @actor sees @record's contact details masked
 * @error: return location for a #GError
 *
 * Returns: %FALSE on a database error
 */
gboolean
rapportd_pool_view_is_masked (RapportdDb           *db,
                              const RapportdActor  *actor,
                              CrmEntity            *record,
                              gboolean             *masked,
                              GError              **error)
{
  CrmEntityClass *klass;
  g_autoptr(GHashTable) masking = NULL;
  gint64 pool_id;

  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);

  *masked = FALSE;
  klass = CRM_ENTITY_GET_CLASS (record);
  if (!masks_for (actor, klass) ||
      !lies_in_pool (record, crm_entity_class_find_owner (klass), crm_entity_class_find_field (klass, "pool"), &pool_id))
    return TRUE;
  if ((masking = masking_pools (db, error)) == NULL)
    return FALSE;
  *masked = g_hash_table_contains (masking, &pool_id);
  return TRUE;
}

/**
 * rapportd_pool_view_mask:
 * @db: a connection
 * @actor: (nullable): who reads; %NULL: the server itself, nothing masked
 * @records: (element-type CrmEntity): records of one kind, as read
 * @error: return location for a #GError
 *
 * Masks the phone and email fields (crm_pool_mask_contacts()) of each
 * record that lies in a pool set to mask them, unless @actor's role sees
 * the company's records of that kind anyway.
 *
 * Returns: %FALSE on a database error
 */
gboolean
rapportd_pool_view_mask (RapportdDb           *db,
                         const RapportdActor  *actor,
                         GPtrArray            *records,
                         GError              **error)
{
  g_autoptr(GHashTable) masking = NULL;
  CrmEntityClass *klass;
  int owner;
  int pool;
  gboolean any = FALSE;

  g_return_val_if_fail (records != NULL, FALSE);

  if (records->len == 0)
    return TRUE;
  klass = CRM_ENTITY_GET_CLASS (records->pdata[0]);
  if (!masks_for (actor, klass))
    return TRUE;
  owner = crm_entity_class_find_owner (klass);
  pool = crm_entity_class_find_field (klass, "pool");
  for (guint i = 0; i < records->len && !any; i++)
    {
      gint64 pool_id;

      any = lies_in_pool (records->pdata[i], owner, pool, &pool_id);
    }
  if (!any)
    return TRUE;
  if ((masking = masking_pools (db, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      gint64 pool_id;

      if (lies_in_pool (records->pdata[i], owner, pool, &pool_id) &&
          g_hash_table_contains (masking, &pool_id))
        crm_pool_mask_contacts (records->pdata[i]);
    }
  return TRUE;
}

/**
 * rapportd_pool_view_mask_one:
 * @db: a connection
 * @actor: (nullable): who reads
 * @record: a record as read
 * @error: return location for a #GError
 *
 * As rapportd_pool_view_mask() for one record.
 *
 * Returns: %FALSE on a database error
 */
gboolean
rapportd_pool_view_mask_one (RapportdDb           *db,
                             const RapportdActor  *actor,
                             CrmEntity            *record,
                             GError              **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);

  g_ptr_array_add (one, record);
  return rapportd_pool_view_mask (db, actor, one, error);
}

/**
 * rapportd_pool_view_check_history:
 * @db: a connection
 * @actor: who asks for @record's history
 * @record: the record, as @actor reads it
 * @error: return location for a %CRM_ERROR_FORBIDDEN
 *
 * A record whose contact details @actor sees masked keeps its history,
 * which holds them in the clear, until it is claimed.
 *
 * Returns: whether @actor may read @record's history
 */
gboolean
rapportd_pool_view_check_history (RapportdDb           *db,
                                  const RapportdActor  *actor,
                                  CrmEntity            *record,
                                  GError              **error)
{
  gboolean masked;

  if (!rapportd_pool_view_is_masked (db, actor, record, &masked, error))
    return FALSE;
  if (masked)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                   _("The history of a record in the pool is shown to the one who claims it"));
      return FALSE;
    }
  return TRUE;
}
