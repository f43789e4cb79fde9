/* rapportd-import-undo.c: an import undone: what it created archived, what it updated put back, while unchanged since */
#include "rapportd-import-batch.h"
#include "rapportd-import-batch-private.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

static GArray *
read_records (RapportdDb  *db,
              gint64       batch_id,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT entity, record_id, created, version, before_json "
                                                 "FROM import_batch_records WHERE batch_id = ? ORDER BY seq");
  g_autoptr(RapportdDbResult) result = NULL;
  GArray *records;

  rapportd_sql_add_int (sql, batch_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  records = g_array_sized_new (FALSE, TRUE, sizeof (RapportdImportBatchRecord), result->n_rows);
  g_array_set_clear_func (records, rapportd_import_batch_record_clear);
  for (guint r = 0; r < result->n_rows; r++)
    {
      RapportdImportBatchRecord record = {
        .entity = g_strdup (rapportd_db_result_get (result, r, 0)),
        .id = g_ascii_strtoll (rapportd_db_result_get (result, r, 1), NULL, 10),
        .created = g_strcmp0 (rapportd_db_result_get (result, r, 2), "1") == 0,
        .version = g_ascii_strtoll (rapportd_db_result_get (result, r, 3), NULL, 10),
        .before_json = g_strdup (rapportd_db_result_get (result, r, 4)),
      };

      g_array_append_val (records, record);
    }
  return records;
}

/* The records changed since the import left them (another version,
 * archived, gone), as {"entity","id"}; read in one statement an entity
 * and locked by the undo's own writes after. */
static GPtrArray *
find_changed (RapportdDb  *db,
              GArray      *records,
              GError     **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < records->len; i++)
    {
      RapportdImportBatchRecord *record = &g_array_index (records, RapportdImportBatchRecord, i);
      GArray *of_entity = g_hash_table_lookup (ids, record->entity);

      if (of_entity == NULL)
        g_hash_table_insert (ids, record->entity, (of_entity = g_array_new (FALSE, FALSE, sizeof (gint64))));
      g_array_append_val (of_entity, record->id);
    }
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GType type = crm_entities_lookup_name (key);
      GHashTable *records_of = type != G_TYPE_INVALID ? rapportd_repo_get_by_ids (db, type, value, error) : NULL;

      if (records_of == NULL)
        {
          if (type == G_TYPE_INVALID)
            g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "an import batch names entity %s", (char *) key);
          return NULL;
        }
      g_hash_table_insert (stored, key, records_of);
    }
  for (guint i = 0; i < records->len; i++)
    {
      RapportdImportBatchRecord *record = &g_array_index (records, RapportdImportBatchRecord, i);
      CrmEntity *now = g_hash_table_lookup (g_hash_table_lookup (stored, record->entity), &record->id);
      JsonObject *item;

      if (now != NULL && crm_entity_get_version (now) == record->version)
        continue;
      item = json_object_new ();
      json_object_set_string_member (item, "entity", record->entity);
      json_object_set_int_member (item, "id", record->id);
      g_ptr_array_add (changed, item);
    }
  return g_steal_pointer (&changed);
}

/* through the same code as PATCH and archive, each audited with the actor's reason */
static gboolean
undo_record (RapportdDb                 *db,
             const RapportdActor        *actor,
             RapportdImportBatchRecord  *record,
             GError                    **error)
{
  GType type = crm_entities_lookup_name (record->entity);
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(JsonObject) before = NULL;

  if (record->created)
    {
      stored = rapportd_repo_set_archived (db, actor, type, record->id, record->version, TRUE, error);
      return stored != NULL;
    }
  if ((before = crm_json_parse_object (record->before_json, -1, error)) == NULL)
    return FALSE;
  json_object_set_int_member (before, "version", record->version);
  patch = crm_entity_new (type);
  if (!crm_json_to_entity (patch, before, CRM_VALIDATE_PATCH, error))
    return FALSE;
  stored = rapportd_repo_update (db, actor, record->id, patch, error);
  return stored != NULL;
}

static gboolean
mark_undone (RapportdDb           *db,
             const RapportdActor  *actor,
             gint64                id,
             GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE import_batches SET undone_at = UTC_TIMESTAMP(6), undone_by = ? "
                                                 "WHERE id = ?");

  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_int (sql, id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_import_batch_undo:
 * @db: a connection inside the request's transaction
 * @actor: the batch's creator or an administrator; its reason is the
 *   undo's ("Import N undone") while it runs
 * @id: the batch's id
 * @undone: (out): how many records were archived or put back
 * @changed: (out) (transfer full) (element-type JsonObject): with a
 *   %CRM_ERROR_CONFLICT because of them, the records changed since the
 *   import, {"entity","id"}; else %NULL
 * @error: %CRM_ERROR_NOT_FOUND, %CRM_ERROR_FORBIDDEN, %CRM_ERROR_CONFLICT
 *   (undone already, or records changed since), or what a write refused
 *
 * Archives every record the import created and puts every record it
 * updated back to its values before, the last written first, each an
 * audited write of its own; all of them or, when any has changed since
 * the import, none.
 *
 * Returns: whether the batch is undone
 */
gboolean
rapportd_import_batch_undo (RapportdDb     *db,
                            RapportdActor  *actor,
                            gint64          id,
                            guint          *undone,
                            GPtrArray     **changed,
                            GError        **error)
{
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(GArray) records = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *reason = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (db != NULL && actor != NULL && undone != NULL && changed != NULL, FALSE);

  *undone = 0;
  *changed = NULL;
  /* locked: a second undo at the same time waits, then finds it undone */
  if ((batch = rapportd_import_batch_get (db, actor, id, TRUE, error)) == NULL)
    return FALSE;
  if (!json_object_get_null_member (json_node_get_object (batch), "undone_at"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("Import %lld is undone already"), (long long) id);
      return FALSE;
    }
  if ((records = read_records (db, id, error)) == NULL)
    return FALSE;
  if ((found = find_changed (db, records, error)) == NULL)
    return FALSE;
  if (found->len > 0)
    {
      *changed = g_steal_pointer (&found);
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                   _("Records of import %lld have changed since: nothing is undone"), (long long) id);
      return FALSE;
    }

  reason = actor->reason;
  /* in English, whatever the language of the request: the audit trail
   * reads the same to everyone, as other reasons rapportd writes */
  actor->reason = g_strdup_printf ("Import %lld undone", (long long) id);
  for (guint i = records->len; i > 0 && ok; i--)
    ok = undo_record (db, actor, &g_array_index (records, RapportdImportBatchRecord, i - 1), error);
  g_free (actor->reason);
  actor->reason = g_steal_pointer (&reason);
  if (ok)
    *undone = records->len;
  return ok && mark_undone (db, actor, id, error);
}
