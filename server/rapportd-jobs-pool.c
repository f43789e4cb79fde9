/* rapportd-jobs-pool.c: records held from a pool, their reclaim dates, the reclaim and its warnings */
#include "rapportd-jobs-pool.h"
#include "rapportd-event-log.h"
#include "rapportd-pool-moves.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-pool.h"

#include <glib/gi18n-lib.h>

void
rapportd_pool_holding_free (RapportdPoolHolding *holding)
{
  if (holding == NULL)
    return;
  g_free (holding->pool_name);
  g_free (holding->title);
  g_free (holding);
}

/* whether a held record counts as converted, so that reclaim_unconverted_days
 * no longer applies: a lead is converted; an account has a confirmed or
 * fulfilled order */
static const char *
converted_condition (CrmEntityClass *klass)
{
  if (g_str_equal (klass->entity_name, "account"))
    return "EXISTS (SELECT 1 FROM orders o WHERE o.account_id = r.id AND o.status IN ('confirmed', 'fulfilled'))";
  if (crm_entity_class_find_field (klass, "status") >= 0)
    return "r.status = 'converted'";
  return "FALSE";
}

static gint64
cell_int (RapportdDbResult *result,
          guint             row,
          guint             col)
{
  const char *cell = rapportd_db_result_get (result, row, col);

  return cell ? g_ascii_strtoll (cell, NULL, 10) : 0;
}

static RapportdPoolHolding *
holding_from_row (CrmEntityClass   *klass,
                  RapportdDbResult *result,
                  guint             row)
{
  RapportdPoolHolding *holding = g_new0 (RapportdPoolHolding, 1);
  gint64 idle_at = cell_int (result, row, 5);
  gint64 unconverted_at = cell_int (result, row, 6);
  gint64 warn_days = cell_int (result, row, 7);

  holding->entity = klass->entity_name;
  holding->id = cell_int (result, row, 0);
  holding->version = cell_int (result, row, 1);
  holding->owner_id = cell_int (result, row, 2);
  holding->pool_id = cell_int (result, row, 3);
  holding->title = g_strdup (rapportd_db_result_get (result, row, 4));
  holding->pool_name = g_strdup (rapportd_db_result_get (result, row, 8));
  if (idle_at > 0 && (unconverted_at == 0 || idle_at <= unconverted_at))
    {
      holding->reclaim_at = idle_at;
      holding->reason = "idle";
      holding->days = cell_int (result, row, 9);
    }
  else if (unconverted_at > 0)
    {
      holding->reclaim_at = unconverted_at;
      holding->reason = "unconverted";
      holding->days = cell_int (result, row, 10);
    }
  if (holding->reclaim_at > 0)
    holding->warn_at = holding->reclaim_at - warn_days * 24 * G_TIME_SPAN_HOUR;
  return holding;
}

static gboolean
append_holdings (RapportdDb      *db,
                 CrmEntityClass  *klass,
                 gint64           owner_id,
                 gint64           record_id,
                 gboolean         for_update,
                 GPtrArray       *holdings,
                 GError         **error)
{
  int title = crm_entity_class_find_title (klass);
  int owner = crm_entity_class_find_owner (klass);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  const char *owner_column = crm_field_spec_get_column (&klass->fields[owner]);

  /* idle: from the last activity, or the claim if that came later */
  rapportd_sql_appendf (sql,
                        "SELECT r.id, r.version, r.`%s`, r.from_pool_id, r.`%s`, "
                        "IF(p.reclaim_idle_days IS NULL, NULL, CAST(UNIX_TIMESTAMP("
                        "GREATEST(r.claimed_at, COALESCE(r.last_activity_at, r.claimed_at)) "
                        "+ INTERVAL p.reclaim_idle_days DAY) * 1000000 AS SIGNED)), "
                        "IF(p.reclaim_unconverted_days IS NULL OR %s, NULL, CAST(UNIX_TIMESTAMP("
                        "r.claimed_at + INTERVAL p.reclaim_unconverted_days DAY) * 1000000 AS SIGNED)), "
                        "COALESCE(p.warn_days, 0), p.name, p.reclaim_idle_days, p.reclaim_unconverted_days "
                        "FROM `%s` r JOIN pools p ON p.id = r.from_pool_id "
                        "WHERE r.`%s` IS NOT NULL AND r.claimed_at IS NOT NULL AND r.archived = 0",
                        owner_column, crm_field_spec_get_column (&klass->fields[title]),
                        converted_condition (klass), klass->collection, owner_column);
  /* a converted lead became an account: it is not reclaimed */
  if (!g_str_equal (klass->entity_name, "account") && crm_entity_class_find_field (klass, "status") >= 0)
    rapportd_sql_append (sql, " AND r.status <> 'converted'");
  if (owner_id > 0)
    {
      rapportd_sql_appendf (sql, " AND r.`%s` = ?", owner_column);
      rapportd_sql_add_int (sql, owner_id);
    }
  if (record_id > 0)
    {
      rapportd_sql_append (sql, " AND r.id = ?");
      rapportd_sql_add_int (sql, record_id);
    }
  rapportd_sql_append (sql, " ORDER BY r.id");
  if (for_update)
    rapportd_sql_append (sql, " FOR UPDATE");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < result->n_rows; i++)
    g_ptr_array_add (holdings, holding_from_row (klass, result, i));
  return TRUE;
}

/**
 * rapportd_jobs_pool_holdings:
 * @db: a connection
 * @entity: (nullable): one kind of record ("lead"), or %NULL for every kind
 *   that lies in pools
 * @owner_id: one owner's records, or 0 for everyone's
 * @record_id: one record (with @entity), or 0
 * @for_update: lock the rows read
 * @error: return location for a #GError
 *
 * The records owned that came from a pool, each with the date it goes back
 * (the earlier of its pool's idle and unconverted limits) and the date its
 * owner is warned.
 *
 * Returns: (transfer container) (element-type RapportdPoolHolding): the holdings
 */
GPtrArray *
rapportd_jobs_pool_holdings (RapportdDb  *db,
                             const char  *entity,
                             gint64       owner_id,
                             gint64       record_id,
                             gboolean     for_update,
                             GError     **error)
{
  g_autoptr(GPtrArray) holdings = g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_pool_holding_free);
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  g_return_val_if_fail (db != NULL, NULL);

  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *klass = g_type_class_peek (types[t]);

      if (!crm_pool_class_has_pool (klass) || (entity != NULL && !g_str_equal (entity, klass->entity_name)))
        continue;
      if (!append_holdings (db, klass, owner_id, record_id, for_update, holdings, error))
        return NULL;
    }
  return g_steal_pointer (&holdings);
}

static char *
move_reason (const RapportdPoolHolding *holding)
{
  if (g_str_equal (holding->reason, "idle"))
    return g_strdup_printf (_("No follow-up for %lld days"), (long long) holding->days);
  return g_strdup_printf (_("Not converted within %lld days"), (long long) holding->days);
}

static gboolean
lock_record (RapportdDb                *db,
             const RapportdPoolHolding *holding,
             GError                   **error)
{
  CrmEntityClass *klass = g_type_class_peek (crm_entities_lookup_name (holding->entity));
  g_autofree char *statement = g_strdup_printf ("SELECT id FROM `%s` WHERE id = ? FOR UPDATE", klass->collection);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (statement);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, holding->id);
  result = rapportd_db_query (db, sql, error);
  return result != NULL;
}

/* the record goes back to its pool, if it is still held as it was read */
static gboolean
reclaim (RapportdDb                *db,
         const RapportdPoolHolding *seen,
         gint64                     now,
         gboolean                  *reclaimed,
         GError                   **error)
{
  g_autoptr(GPtrArray) locked = NULL;
  RapportdPoolHolding *holding;
  g_autofree char *reason = NULL;
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };

  *reclaimed = FALSE;
  /* the record alone is locked, then read again as it is now (the reads
   * see what is committed): a claim locks its record, then its pool */
  if (!lock_record (db, seen, error) ||
      (locked = rapportd_jobs_pool_holdings (db, seen->entity, 0, seen->id, FALSE, error)) == NULL)
    return FALSE;
  /* claimed, released or followed up since it was read: judged again */
  if (locked->len != 1 || ((RapportdPoolHolding *) locked->pdata[0])->reclaim_at == 0 ||
      ((RapportdPoolHolding *) locked->pdata[0])->reclaim_at > now)
    return TRUE;
  holding = locked->pdata[0];
  reason = move_reason (holding);
  system.reason = reason;
  if (!rapportd_pool_moves_put_back (db, &system, holding->entity, holding->id, holding->version,
                                     holding->pool_id, holding->owner_id, "reclaim", now, reason, error))
    return FALSE;
  *reclaimed = TRUE;
  return TRUE;
}

/* one warning per record and reclaim date, told to its owner alone */
static gboolean
warn (RapportdDb                *db,
      const RapportdPoolHolding *holding,
      gint64                     now,
      gboolean                  *warned,
      GError                   **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT IGNORE INTO pool_warnings "
                                                 "(entity, record_id, reclaim_at, user_id, warned_at) "
                                                 "VALUES (?, ?, ?, ?, ?)");
  g_autofree char *reclaim_at = rapportd_sql_format_time (holding->reclaim_at);
  g_autofree char *at = rapportd_sql_format_time (now);
  g_autofree char *when = crm_json_format_timestamp (holding->reclaim_at);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  guint64 added = 0;

  *warned = FALSE;
  rapportd_sql_add_text (sql, holding->entity);
  rapportd_sql_add_int (sql, holding->id);
  rapportd_sql_add_text (sql, reclaim_at);
  rapportd_sql_add_int (sql, holding->owner_id);
  rapportd_sql_add_text (sql, at);
  if (!rapportd_db_execute (db, sql, &added, NULL, error))
    return FALSE;
  if (added == 0)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, holding->entity);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, holding->id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, holding->title);
  json_builder_set_member_name (builder, "pool_id");
  json_builder_add_int_value (builder, holding->pool_id);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, holding->reason);
  json_builder_set_member_name (builder, "reclaim_at");
  json_builder_add_string_value (builder, when);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = crm_json_to_string (root);
  if (!rapportd_event_log_add (db, holding->owner_id, "pool.warning", holding->entity, holding->id, payload, error))
    return FALSE;
  *warned = TRUE;
  return TRUE;
}

/**
 * rapportd_jobs_pool_run:
 * @db: a connection inside a transaction
 * @now: the time to judge the dates by
 * @n_reclaimed: (out): how many records went back to their pool
 * @n_warned: (out): how many owners were warned
 * @error: return location for a #GError
 *
 * Puts back into its pool each record held past its reclaim date (audited
 * as the system's change with the limit as the reason, a "reclaim" pool
 * move), and warns the owner of each record within its pool's warn_days of
 * that date with a "pool.warning" event, once per record and date.
 */
gboolean
rapportd_jobs_pool_run (RapportdDb  *db,
                        gint64       now,
                        guint       *n_reclaimed,
                        guint       *n_warned,
                        GError     **error)
{
  g_autoptr(GPtrArray) holdings = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  *n_reclaimed = 0;
  *n_warned = 0;
  if ((holdings = rapportd_jobs_pool_holdings (db, NULL, 0, 0, FALSE, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < holdings->len; i++)
    {
      RapportdPoolHolding *holding = holdings->pdata[i];
      gboolean done = FALSE;

      if (holding->reclaim_at == 0 || now < holding->warn_at)
        continue;
      if (now >= holding->reclaim_at)
        {
          if (!reclaim (db, holding, now, &done, error))
            return FALSE;
          *n_reclaimed += done;
        }
      else if (holding->warn_at < holding->reclaim_at)
        {
          if (!warn (db, holding, now, &done, error))
            return FALSE;
          *n_warned += done;
        }
    }
  return TRUE;
}
