/* rapportd-backfill.c: bringing an index kept beside the records up to date for rows written before it, a batch a transaction */
#include "rapportd-backfill.h"
#include "rapportd-repo-private.h"
#include "crm-entities.h"

#define BACKFILL_BATCH 500

/* Gives the next batch of rows after @last_id to @row, and notes how far
 * it went, in one transaction.  Returns the new last id; -1 when the
 * entity is done; -2 on error. */
/* what an index writes for records: one at a time, or a batch at once */
typedef struct
{
  RapportdBackfillRow  row;
  RapportdBackfillRows rows;
  /* records a transaction */
  guint                batch;
} Writer;

static gint64
backfill_batch (RapportdDb           *db,
                GType                 type,
                const char           *progress_table,
                gint64                last_id,
                const Writer         *writer,
                guint64              *n_done,
                GError              **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdSql) mark = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 next = last_id;

  rapportd_repo_append_select (sql, klass);
  rapportd_sql_appendf (sql, " WHERE `id` > ? ORDER BY `id` LIMIT %u", writer->batch);
  rapportd_sql_add_int (sql, last_id);
  rapportd_sql_appendf (mark, "UPDATE `%s` SET last_id = ?, done = ? WHERE entity = ?", progress_table);

  if (!rapportd_db_begin (db, error))
    return -2;
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    goto fail;
  for (guint r = 0; r < result->n_rows; r++)
    {
      CrmEntity *record = rapportd_repo_entity_from_row (type, result, r, error);

      if (record == NULL)
        goto fail;
      g_ptr_array_add (records, record);
      if (writer->row != NULL && !writer->row (db, record, error))
        goto fail;
      next = crm_entity_get_id (record);
    }
  if (writer->rows != NULL && records->len > 0 && !writer->rows (db, records, error))
    goto fail;
  rapportd_sql_add_int (mark, next);
  rapportd_sql_add_int (mark, result->n_rows < writer->batch);
  rapportd_sql_add_text (mark, klass->entity_name);
  if (!rapportd_db_execute (db, mark, NULL, NULL, error) || !rapportd_db_commit (db, error))
    goto fail;
  *n_done += result->n_rows;
  return result->n_rows < writer->batch ? -1 : next;

fail:
  rapportd_db_rollback (db);
  return -2;
}

/**
 * rapportd_backfill_position:
 * @db: a connection outside any transaction
 * @progress_table: the index's table of progress (entity, signature,
 *   last_id, done)
 * @klass: the entity
 * @signature: the index's rules for @klass now (a version and the fields
 *   that feed it)
 * @restarted: (out): set when the rules changed and the backfill starts
 *   again from the first row
 * @error: return location for a #GError
 *
 * Returns: where the backfill of @klass stands: the last id done, -1 when
 *   done, -2 on error
 */
gint64
rapportd_backfill_position (RapportdDb      *db,
                            const char      *progress_table,
                            CrmEntityClass  *klass,
                            const char      *signature,
                            gboolean        *restarted,
                            GError         **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdSql) reset = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  *restarted = FALSE;
  rapportd_sql_appendf (sql, "SELECT signature, last_id, done FROM `%s` WHERE entity = ?", progress_table);
  rapportd_sql_add_text (sql, klass->entity_name);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return -2;
  if (result->n_rows == 1 && g_str_equal (rapportd_db_result_get (result, 0, 0), signature))
    return g_str_equal (rapportd_db_result_get (result, 0, 2), "1")
           ? -1 : g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10);

  rapportd_sql_appendf (reset, "REPLACE INTO `%s` (entity, signature, last_id, done) VALUES (?, ?, 0, 0)",
                        progress_table);
  rapportd_sql_add_text (reset, klass->entity_name);
  rapportd_sql_add_text (reset, signature);
  if (!rapportd_db_execute (db, reset, NULL, NULL, error))
    return -2;
  *restarted = TRUE;
  return 0;
}

static gboolean
run (RapportdDb               *db,
     const char               *progress_table,
     RapportdBackfillApplies   applies,
     RapportdBackfillStart     start,
     const Writer             *writer,
     guint64                  *n_done,
     GError                  **error)
{
  guint n_types = 0;
  const GType *types = crm_entities_list (&n_types);
  guint64 count = 0;

  g_return_val_if_fail (db != NULL, FALSE);

  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *klass = g_type_class_ref (types[t]);
      gint64 last_id;

      g_type_class_unref (klass);
      if (!applies (klass))
        continue;
      if ((last_id = start (db, klass, error)) < -1)
        return FALSE;
      while (last_id >= 0)
        if ((last_id = backfill_batch (db, types[t], progress_table, last_id, writer, &count, error)) < -1)
          return FALSE;
    }
  if (n_done)
    *n_done = count;
  return TRUE;
}

/**
 * rapportd_backfill_run:
 * @db: a connection outside any transaction
 * @progress_table: where the index remembers how far it went: a table with
 *   the columns entity, last_id and done
 * @applies: which entities the index keeps anything for
 * @start: where an entity's backfill stands (and starts it afresh when
 *   the index's rules changed)
 * @row: writes the index's rows for one record
 * @n_done: (out) (optional): how many records were done
 * @error: return location for a #GError
 *
 * Brings the index up to date for the rows written before it, a batch a
 * transaction, remembering how far it went: stopped halfway, it goes on
 * from there next time.
 *
 * Returns: %TRUE when every entity is done
 */
gboolean
rapportd_backfill_run (RapportdDb               *db,
                       const char               *progress_table,
                       RapportdBackfillApplies   applies,
                       RapportdBackfillStart     start,
                       RapportdBackfillRow       row,
                       guint64                  *n_done,
                       GError                  **error)
{
  Writer writer = { row, NULL, BACKFILL_BATCH };

  g_return_val_if_fail (row != NULL, FALSE);

  return run (db, progress_table, applies, start, &writer, n_done, error);
}

/**
 * rapportd_backfill_run_many:
 * @db: a connection outside any transaction
 * @progress_table: as for rapportd_backfill_run()
 * @applies: as for rapportd_backfill_run()
 * @start: as for rapportd_backfill_run()
 * @rows: writes the index's rows for every record of a batch at once
 * @batch: how many records a batch holds, each batch a transaction
 * @n_done: (out) (optional): how many records were done
 * @error: return location for a #GError
 *
 * As rapportd_backfill_run(), each batch's records given to @rows
 * together, so that the index writes them in few statements.
 *
 * Returns: %TRUE when every entity is done
 */
gboolean
rapportd_backfill_run_many (RapportdDb               *db,
                            const char               *progress_table,
                            RapportdBackfillApplies   applies,
                            RapportdBackfillStart     start,
                            RapportdBackfillRows      rows,
                            guint                     batch,
                            guint64                  *n_done,
                            GError                  **error)
{
  Writer writer = { NULL, rows, batch };

  g_return_val_if_fail (rows != NULL && batch > 0, FALSE);

  return run (db, progress_table, applies, start, &writer, n_done, error);
}
