/* rapportd-repo-lines.c: a document's lines, stored and read with it, and per-year document numbers */
#include "rapportd-repo-private.h"

#include <glib/gi18n-lib.h>

/**
 * rapportd_repo_lines_load:
 * @db: a connection
 * @document: a document read from its row
 * @error: return location for a #GError
 *
 * Reads the document's lines, in order, into it.
 */
gboolean
rapportd_repo_lines_load (RapportdDb  *db,
                          CrmEntity   *document,
                          GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (document);
  CrmEntityClass *line_class = g_type_class_ref (klass->line_type);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  rapportd_repo_append_select (sql, line_class);
  g_type_class_unref (line_class);
  rapportd_sql_append (sql, " WHERE `document_entity` = ? AND `document_id` = ? ORDER BY `position`");
  rapportd_sql_add_text (sql, klass->entity_name);
  rapportd_sql_add_int (sql, crm_entity_get_id (document));
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint row = 0; row < result->n_rows; row++)
    {
      CrmEntity *line = rapportd_repo_entity_from_row (klass->line_type, result, row, error);

      if (line == NULL)
        return FALSE;
      g_ptr_array_add (lines, line);
    }
  crm_entity_set_lines (document, g_steal_pointer (&lines));
  return TRUE;
}

/**
 * rapportd_repo_lines_store:
 * @db: a connection inside the transaction that writes the document
 * @actor: who writes
 * @entity_name: the document's entity, e.g. "quote"
 * @document_id: its id
 * @lines: (nullable) (element-type CrmEntity): the lines, in order;
 *   %NULL leaves the stored ones as they are
 * @error: return location for a #GError
 *
 * Replaces the document's lines. They are audited as part of the
 * document, in its audit row.
 */
gboolean
rapportd_repo_lines_store (RapportdDb          *db,
                           const RapportdActor *actor,
                           const char          *entity_name,
                           gint64               document_id,
                           GPtrArray           *lines,
                           GError             **error)
{
  static const char * const extra[] = { "document_entity", "document_id", "position", NULL };
  g_autoptr(RapportdSql) clear = rapportd_sql_new ("DELETE FROM document_lines WHERE document_entity = ? AND document_id = ?");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, document_id);

  if (lines == NULL)
    return TRUE;
  rapportd_sql_add_text (clear, entity_name);
  rapportd_sql_add_int (clear, document_id);
  if (!rapportd_db_execute (db, clear, NULL, NULL, error))
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *position = g_strdup_printf ("%u", i + 1);
      const char *values[] = { entity_name, id_text, position };
      g_autoptr(RapportdSql) insert = rapportd_sql_new (NULL);

      rapportd_repo_build_insert (insert, lines->pdata[i], actor, extra, values);
      if (!rapportd_db_execute (db, insert, NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_repo_next_number:
 * @db: a connection inside the transaction that creates the document
 * @prefix: e.g. "Q"
 * @error: return location for a #GError
 *
 * Takes the next number of this year's sequence, e.g. "Q-2026-00001".
 * The sequence row stays locked until the transaction ends, so concurrent
 * creators wait in turn, and a rollback gives the number back: no gaps.
 *
 * Returns: (transfer full): the number
 */
char *
rapportd_repo_next_number (RapportdDb  *db,
                           const char  *prefix,
                           GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  g_autoptr(RapportdSql) take = rapportd_sql_new ("INSERT INTO document_sequences (prefix, year, last) VALUES (?, ?, 1) "
                                                  "ON DUPLICATE KEY UPDATE last = last + 1");
  g_autoptr(RapportdSql) read = rapportd_sql_new ("SELECT last FROM document_sequences WHERE prefix = ? AND year = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (take, prefix);
  rapportd_sql_add_int (take, year);
  rapportd_sql_add_text (read, prefix);
  rapportd_sql_add_int (read, year);
  if (!rapportd_db_execute (db, take, NULL, NULL, error) ||
      (result = rapportd_db_query (db, read, error)) == NULL)
    return NULL;
  return g_strdup_printf ("%s-%d-%05" G_GINT64_FORMAT, prefix, year,
                          g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10));
}
