/* rapportd-audit-history.c: one record's audit rows, personal values opened */
#include "rapportd-audit-history.h"
#include "rapportd-personal.h"
#include "crm-json.h"

static void
history_row_free (RapportdHistoryRow *row)
{
  g_free (row->id);
  g_free (row->at);
  g_free (row->actor_id);
  g_free (row->actor);
  g_free (row->action);
  g_free (row->reason);
  g_clear_pointer (&row->before, json_node_unref);
  g_clear_pointer (&row->after, json_node_unref);
  g_free (row);
}

/**
 * rapportd_audit_history:
 * @db: a connection
 * @entity: entity name
 * @id: the record
 * @limit: the newest rows to return, 0 for all, oldest first
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type RapportdHistoryRow): the rows,
 *   with who acted by name, and before and after opened (null where the
 *   person was erased)
 */
GPtrArray *
rapportd_audit_history (RapportdDb  *db,
                        const char  *entity,
                        gint64       id,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT * FROM (SELECT a.id, a.at, a.actor_id, u.name, a.action, a.reason, "
                                                 "a.before_json, a.after_json FROM audit_log a "
                                                 "LEFT JOIN users u ON u.id = a.actor_id "
                                                 "WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id DESC LIMIT ?) AS newest "
                                                 "ORDER BY id");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) history_row_free);

  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, limit > 0 ? limit : G_MAXINT32);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    {
      RapportdHistoryRow *row = g_new0 (RapportdHistoryRow, 1);
      gint64 usec = 0;

      g_ptr_array_add (rows, row);
      row->id = g_strdup (rapportd_db_result_get (result, r, 0));
      row->at = rapportd_sql_parse_time (rapportd_db_result_get (result, r, 1), &usec) ? crm_json_format_timestamp (usec) : NULL;
      row->actor_id = g_strdup (rapportd_db_result_get (result, r, 2));
      row->actor = g_strdup (rapportd_db_result_get (result, r, 3));
      row->action = g_strdup (rapportd_db_result_get (result, r, 4));
      row->reason = g_strdup (rapportd_db_result_get (result, r, 5));
      if ((row->before = rapportd_personal_open (db, entity, id, rapportd_db_result_get (result, r, 6), error)) == NULL ||
          (row->after = rapportd_personal_open (db, entity, id, rapportd_db_result_get (result, r, 7), error)) == NULL)
        return NULL;
    }
  return g_steal_pointer (&rows);
}
