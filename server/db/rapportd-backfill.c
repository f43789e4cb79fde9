/* rapportd-backfill.c: bringing an index kept beside the records up to date for rows written before it, a batch a transaction */
#include "rapportd-backfill.h"
#include "rapportd-repo-private.h"

#define BACKFILL_BATCH 500

/**
 * rapportd_backfill_batch:
 * @db: a connection outside any transaction
 * @type: the entity type
 * @progress_table: where the index remembers how far it went: a table with
 *   the columns entity, last_id and done
 * @last_id: the last id done
 * @row: writes the index's rows for one record
 * @n_done: (inout): counts the records done
 * @error: return location for a #GError
 *
 * Gives the next batch of rows after @last_id to @row, and notes how far it
 * went, in one transaction: stopped halfway, the work goes on from there.
 *
 * Returns: the new last id; -1 when the entity is done; -2 on error
 */
gint64
rapportd_backfill_batch (RapportdDb           *db,
                         GType                 type,
                         const char           *progress_table,
                         gint64                last_id,
                         RapportdBackfillRow   row,
                         guint64              *n_done,
                         GError              **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdSql) mark = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  gint64 next = last_id;

  rapportd_repo_append_select (sql, klass);
  rapportd_sql_appendf (sql, " WHERE `id` > ? ORDER BY `id` LIMIT %d", BACKFILL_BATCH);
  rapportd_sql_add_int (sql, last_id);
  rapportd_sql_appendf (mark, "UPDATE `%s` SET last_id = ?, done = ? WHERE entity = ?", progress_table);

  if (!rapportd_db_begin (db, error))
    return -2;
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    goto fail;
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autoptr(CrmEntity) record = rapportd_repo_entity_from_row (type, result, r, error);

      if (record == NULL || !row (db, record, error))
        goto fail;
      next = crm_entity_get_id (record);
    }
  rapportd_sql_add_int (mark, next);
  rapportd_sql_add_int (mark, result->n_rows < BACKFILL_BATCH);
  rapportd_sql_add_text (mark, klass->entity_name);
  if (!rapportd_db_execute (db, mark, NULL, NULL, error) || !rapportd_db_commit (db, error))
    goto fail;
  *n_done += result->n_rows;
  return result->n_rows < BACKFILL_BATCH ? -1 : next;

fail:
  rapportd_db_rollback (db);
  return -2;
}
