/* rapportd-repo-lines.c: a document's lines, stored and read with it, and per-year document numbers */
#include "rapportd-repo-private.h"
#include "crm-entities.h"
#include "crm-error.h"

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
  if (line_class->parent_column != NULL)
    rapportd_sql_appendf (sql, " WHERE `%s` = ? ORDER BY `position`", line_class->parent_column);
  else
    {
      rapportd_sql_append (sql, " WHERE `document_entity` = ? AND `document_id` = ? ORDER BY `position`");
      rapportd_sql_add_text (sql, klass->entity_name);
    }
  g_type_class_unref (line_class);
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

/* a line's row changed in place: the id others point at stays */
static gboolean
update_line (RapportdDb          *db,
             const RapportdActor *actor,
             CrmEntity           *line,
             GError             **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (line);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());

  rapportd_sql_appendf (sql, "UPDATE `%s` SET `version` = `version` + 1, `updated_at` = ?, `updated_by` = ?",
                        klass->collection);
  rapportd_sql_add_text (sql, now);
  if (actor->user_id > 0)
    rapportd_sql_add_int (sql, actor->user_id);
  else
    rapportd_sql_add_null (sql);
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    {
      rapportd_sql_appendf (sql, ", `%s` = ?", crm_field_spec_get_column (&klass->fields[i]));
      rapportd_repo_add_value_param (sql, &klass->fields[i], crm_entity_value (line, i));
    }
  rapportd_sql_append (sql, " WHERE `id` = ?");
  rapportd_sql_add_int (sql, crm_entity_get_id (line));
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/* Lines in a table of their own keep their ids: those named by id are
 * changed in place, new ones inserted, the others removed, which fails
 * while another record points at one. */
static gboolean
store_owned_lines (RapportdDb          *db,
                   const RapportdActor *actor,
                   CrmEntityClass      *klass,
                   gint64               parent_id,
                   GPtrArray           *lines,
                   GError             **error)
{
  CrmEntityClass *line_class = g_type_class_peek (klass->line_type);
  const char *member = crm_entity_class_lines_member (klass);
  const char *extra[] = { line_class->parent_column, NULL };
  g_autofree char *parent_text = g_strdup_printf ("%" G_GINT64_FORMAT, parent_id);
  g_autoptr(RapportdSql) current = rapportd_sql_new (NULL);
  g_autoptr(RapportdSql) remove = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GHashTable) existing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GString) kept = g_string_new ("0");
  g_autoptr(GError) local_error = NULL;

  rapportd_sql_appendf (current, "SELECT `id` FROM `%s` WHERE `%s` = ? FOR UPDATE",
                        line_class->collection, line_class->parent_column);
  rapportd_sql_add_int (current, parent_id);
  if ((result = rapportd_db_query (db, current, error)) == NULL)
    return FALSE;
  for (guint row = 0; row < result->n_rows; row++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = g_ascii_strtoll (rapportd_db_result_get (result, row, 0), NULL, 10);
      g_hash_table_add (existing, id);
    }
  for (guint i = 0; i < lines->len; i++)
    {
      CrmEntity *line = lines->pdata[i];
      gint64 id = crm_entity_get_id (line);

      if (id > 0 && !g_hash_table_contains (existing, &id))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                     _("Line %u: no line with id %lld belongs to this record"), i + 1, (long long) id);
          return FALSE;
        }
      if (id > 0)
        {
          if (!update_line (db, actor, line, error))
            return FALSE;
          g_string_append_printf (kept, ", %" G_GINT64_FORMAT, id);
        }
      else
        {
          const char *values[] = { parent_text };
          g_autoptr(RapportdSql) insert = rapportd_sql_new (NULL);
          guint64 new_id = 0;

          rapportd_repo_build_insert (insert, line, actor, extra, values);
          if (!rapportd_db_execute (db, insert, NULL, &new_id, error))
            return FALSE;
          g_string_append_printf (kept, ", %" G_GUINT64_FORMAT, new_id);
        }
    }
  /* the kept ids are numbers the server formatted */
  rapportd_sql_appendf (remove, "DELETE FROM `%s` WHERE `%s` = ? AND `id` NOT IN (%s)",
                        line_class->collection, line_class->parent_column, kept->str);
  rapportd_sql_add_int (remove, parent_id);
  if (!rapportd_db_execute (db, remove, NULL, NULL, &local_error))
    {
      if (g_error_matches (local_error, CRM_ERROR, CRM_ERROR_CONFLICT))
        crm_error_set_field_error (error, CRM_ERROR_CONFLICT, member,
                                   _("A line that other records point at cannot be removed"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
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

  CrmEntityClass *klass = g_type_class_peek (crm_entities_lookup_name (entity_name));

  if (lines == NULL)
    return TRUE;
  if (((CrmEntityClass *) g_type_class_peek (klass->line_type))->parent_column != NULL)
    return store_owned_lines (db, actor, klass, document_id, lines, error);
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
