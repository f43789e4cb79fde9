/* rapportd-import-batch.c: an import's batch: the records it created or updated, stored with it and listed */
#include "rapportd-import-batch.h"
#include "rapportd-import-batch-private.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* rows of import_batch_records an INSERT writes at once */
#define RECORDS_PER_STATEMENT 100

#define BATCH_COLUMNS "id, collection, format, created, updated, skipped, rejected, created_by, created_at, undone_at"

struct _RapportdImportBatch
{
  char       *collection;
  char       *format;
  /* RapportdImportBatchRecord, in the order written */
  GArray     *records;
  /* "entity:id" → index in records: a record written twice is one row */
  GHashTable *seen;
  guint       skipped;
};

void
rapportd_import_batch_record_clear (gpointer data)
{
  RapportdImportBatchRecord *record = data;

  g_free (record->entity);
  g_free (record->before_json);
}

/**
 * rapportd_import_batch_new:
 * @collection: the collection imported into
 * @format: the file's format ("csv", "xlsx"…)
 *
 * Returns: (transfer full): an empty batch, kept in memory until stored
 */
RapportdImportBatch *
rapportd_import_batch_new (const char *collection,
                           const char *format)
{
  RapportdImportBatch *batch = g_new0 (RapportdImportBatch, 1);

  g_return_val_if_fail (collection != NULL && format != NULL, NULL);

  batch->collection = g_strdup (collection);
  batch->format = g_strdup (format);
  batch->records = g_array_new (FALSE, TRUE, sizeof (RapportdImportBatchRecord));
  g_array_set_clear_func (batch->records, rapportd_import_batch_record_clear);
  batch->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return batch;
}

void
rapportd_import_batch_free (RapportdImportBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->collection);
  g_free (batch->format);
  g_array_unref (batch->records);
  g_hash_table_unref (batch->seen);
  g_free (batch);
}

/* the fields an update changed, as they were before it: what an undo writes back */
static char *
changed_before (CrmEntity *before,
                CrmEntity *after)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (before);
  g_autoptr(JsonNode) before_node = crm_json_from_entity (before);
  g_autoptr(JsonNode) after_node = crm_json_from_entity (after);
  JsonObject *was = json_node_get_object (before_node);
  JsonObject *is = json_node_get_object (after_node);
  g_autoptr(JsonObject) changed = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    {
      const char *key = crm_field_spec_get_json_key (&klass->fields[i]);
      JsonNode *old = json_object_get_member (was, key);
      JsonNode *new = json_object_get_member (is, key);

      if (klass->fields[i].flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN))
        continue;
      if (old != NULL && (new == NULL || !json_node_equal (old, new)))
        json_object_set_member (changed, key, json_node_copy (old));
    }
  node = json_node_init_object (json_node_alloc (), changed);
  return json_to_string (node, FALSE);
}

/**
 * rapportd_import_batch_note:
 * @batch: the import's batch
 * @before: (nullable): the record before the import updated it, or %NULL
 *   for one it created
 * @after: the record as the import left it
 *
 * Adds a record the import wrote.  A record written again later in the
 * same import keeps what it was first (created, or its values before),
 * with the version it is left at now.
 */
void
rapportd_import_batch_note (RapportdImportBatch *batch,
                            CrmEntity           *before,
                            CrmEntity           *after)
{
  g_autofree char *key = NULL;
  gpointer index;

  g_return_if_fail (batch != NULL);
  g_return_if_fail (CRM_IS_ENTITY (after));

  key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, crm_entity_get_entity_name (after), crm_entity_get_id (after));
  if (g_hash_table_lookup_extended (batch->seen, key, NULL, &index))
    {
      g_array_index (batch->records, RapportdImportBatchRecord, GPOINTER_TO_UINT (index)).version =
        crm_entity_get_version (after);
      return;
    }
  {
    RapportdImportBatchRecord record = {
      .entity = g_strdup (crm_entity_get_entity_name (after)),
      .id = crm_entity_get_id (after),
      .created = before == NULL,
      .version = crm_entity_get_version (after),
      .before_json = before ? changed_before (before, after) : NULL,
    };

    g_array_append_val (batch->records, record);
  }
  g_hash_table_insert (batch->seen, g_steal_pointer (&key), GUINT_TO_POINTER (batch->records->len - 1));
}

/**
 * rapportd_import_batch_skipped:
 * @batch: the import's batch
 *
 * Counts a row not written because it matched a record (on_duplicate=skip).
 */
void
rapportd_import_batch_skipped (RapportdImportBatch *batch)
{
  g_return_if_fail (batch != NULL);

  batch->skipped++;
}

static gboolean
insert_records (RapportdDb           *db,
                gint64                batch_id,
                GArray               *records,
                guint                 first,
                guint                 n,
                GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO import_batch_records "
                                                 "(batch_id, seq, entity, record_id, created, version, before_json) VALUES ");

  for (guint i = 0; i < n; i++)
    {
      RapportdImportBatchRecord *record = &g_array_index (records, RapportdImportBatchRecord, first + i);

      rapportd_sql_append (sql, i ? ", (?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?)");
      rapportd_sql_add_int (sql, batch_id);
      rapportd_sql_add_int (sql, first + i);
      rapportd_sql_add_text (sql, record->entity);
      rapportd_sql_add_int (sql, record->id);
      rapportd_sql_add_int (sql, record->created);
      rapportd_sql_add_int (sql, record->version);
      if (record->before_json)
        rapportd_sql_add_text (sql, record->before_json);
      else
        rapportd_sql_add_null (sql);
    }
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_import_batch_store:
 * @batch: the import's batch, every record noted
 * @db: a connection inside the import's transaction
 * @actor: the importer
 * @rejected: how many rows were not imported
 * @id: (out): the batch's id
 * @error: return location for a #GError
 *
 * Writes the batch and its records, in the import's transaction: both or
 * neither.
 *
 * Returns: whether it is stored
 */
gboolean
rapportd_import_batch_store (RapportdImportBatch  *batch,
                             RapportdDb           *db,
                             const RapportdActor  *actor,
                             guint                 rejected,
                             gint64               *id,
                             GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO import_batches (collection, format, created, updated, "
                                                 "skipped, rejected, created_by, created_at) "
                                                 "VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))");
  GType type = crm_entities_lookup_collection (batch->collection);
  const char *entity = type != G_TYPE_INVALID ? ((CrmEntityClass *) g_type_class_peek (type))->entity_name : NULL;
  guint created = 0, updated = 0;
  guint64 batch_id = 0;
  guint done = 0;

  g_return_val_if_fail (batch != NULL && db != NULL && actor != NULL && id != NULL, FALSE);

  /* the counts are of the collection's records, not the accounts made for them */
  for (guint i = 0; i < batch->records->len; i++)
    {
      RapportdImportBatchRecord *record = &g_array_index (batch->records, RapportdImportBatchRecord, i);

      if (g_strcmp0 (record->entity, entity) != 0)
        continue;
      created += record->created;
      updated += !record->created;
    }
  rapportd_sql_add_text (sql, batch->collection);
  rapportd_sql_add_text (sql, batch->format);
  rapportd_sql_add_int (sql, created);
  rapportd_sql_add_int (sql, updated);
  rapportd_sql_add_int (sql, batch->skipped);
  rapportd_sql_add_int (sql, rejected);
  rapportd_sql_add_int (sql, actor->user_id);
  if (!rapportd_db_execute (db, sql, NULL, &batch_id, error))
    return FALSE;
  for (; done + RECORDS_PER_STATEMENT <= batch->records->len; done += RECORDS_PER_STATEMENT)
    if (!insert_records (db, batch_id, batch->records, done, RECORDS_PER_STATEMENT, error))
      return FALSE;
  /* the rest one by one: two shapes of statement, not one a length */
  for (; done < batch->records->len; done++)
    if (!insert_records (db, batch_id, batch->records, done, 1, error))
      return FALSE;
  *id = (gint64) batch_id;
  return TRUE;
}

static void
add_time_member (JsonObject *object,
                 const char *name,
                 const char *sql_time)
{
  gint64 usec;

  if (sql_time != NULL && rapportd_sql_parse_time (sql_time, &usec))
    {
      g_autofree char *text = crm_json_format_timestamp (usec);

      json_object_set_string_member (object, name, text);
    }
  else
    json_object_set_null_member (object, name);
}

static JsonObject *
batch_object (RapportdDbResult *result,
              guint             r)
{
  JsonObject *object = json_object_new ();
  const char *const counts[] = { "created", "updated", "skipped", "rejected" };

  json_object_set_int_member (object, "id", g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10));
  json_object_set_string_member (object, "collection", rapportd_db_result_get (result, r, 1));
  json_object_set_string_member (object, "format", rapportd_db_result_get (result, r, 2));
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    json_object_set_int_member (object, counts[c], g_ascii_strtoll (rapportd_db_result_get (result, r, 3 + c), NULL, 10));
  json_object_set_int_member (object, "created_by", g_ascii_strtoll (rapportd_db_result_get (result, r, 7), NULL, 10));
  add_time_member (object, "created_at", rapportd_db_result_get (result, r, 8));
  add_time_member (object, "undone_at", rapportd_db_result_get (result, r, 9));
  return object;
}

/**
 * rapportd_import_batches_list:
 * @db: a connection
 * @actor: who asks: an administrator sees every batch, another user theirs
 * @collection: (nullable): only the batches of this collection
 * @error: return location for a #GError
 *
 * Returns: (transfer full): `{"items":[…]}`, the newest first (at most 500)
 */
JsonNode *
rapportd_import_batches_list (RapportdDb           *db,
                              const RapportdActor  *actor,
                              const char           *collection,
                              GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " BATCH_COLUMNS " FROM import_batches WHERE 1 = 1");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items = json_array_new ();

  g_return_val_if_fail (db != NULL && actor != NULL, NULL);

  json_object_set_array_member (answer, "items", items);
  if (!rapportd_actor_is_admin (actor))
    {
      rapportd_sql_append (sql, " AND created_by = ?");
      rapportd_sql_add_int (sql, actor->user_id);
    }
  if (collection != NULL)
    {
      rapportd_sql_append (sql, " AND collection = ?");
      rapportd_sql_add_text (sql, collection);
    }
  rapportd_sql_append (sql, " ORDER BY id DESC LIMIT 500");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    json_array_add_object_element (items, batch_object (result, r));
  return json_node_init_object (json_node_alloc (), answer);
}

/**
 * rapportd_import_batch_get:
 * @db: a connection
 * @actor: who asks: the batch's creator or an administrator
 * @id: the batch's id
 * @for_update: lock its row until the transaction ends
 * @error: %CRM_ERROR_NOT_FOUND, %CRM_ERROR_FORBIDDEN or a database error
 *
 * Returns: (transfer full): the batch as listed
 */
JsonNode *
rapportd_import_batch_get (RapportdDb           *db,
                           const RapportdActor  *actor,
                           gint64                id,
                           gboolean              for_update,
                           GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " BATCH_COLUMNS " FROM import_batches WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) batch = NULL;

  g_return_val_if_fail (db != NULL && actor != NULL, NULL);

  if (for_update)
    rapportd_sql_append (sql, " FOR UPDATE");
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No import with id %lld"), (long long) id);
      return NULL;
    }
  batch = batch_object (result, 0);
  if (!rapportd_actor_is_admin (actor) && json_object_get_int_member (batch, "created_by") != actor->user_id)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Only the user who imported or an administrator may do this"));
      return NULL;
    }
  return json_node_init_object (json_node_alloc (), batch);
}
