/* rapportd-import-queue.c: an import's rows written in chunks by bulk creates, or one by one where a chunk cannot be
 *
 * A row read is queued; every RAPPORTD_IMPORT_CHUNK rows (or fewer, long
 * ones, every RAPPORTD_IMPORT_CHUNK_BYTES of cells), and before a row that
 * is rejected as it is read, the queue is written. Where each row
 * makes a new record (on_duplicate=create, no accounts made for missing
 * references), the chunk is tried in bulk, under a savepoint: each row's
 * references found and record validated, checked for duplicates, then all
 * created by rapportd_repo_create_many(). A row whose keys it shares with
 * an earlier row of the chunk starts a new part of it, written after that
 * row is, so that its duplicate check sees that row as a one-by-one import
 * would. Anything that makes a row fail (a bad reference, a refused
 * duplicate, a unique key) rolls the chunk back to its savepoint, and its
 * rows are written one by one as before, each with its exact error. The
 * answer is the same either way; only the statements differ. */
#include "rapportd-import-queue.h"
#include "rapportd-api-import.h"
#include "rapportd-import-run.h"
#include "rapportd-assign.h"
#include "rapportd-dedup.h"
#include "rapportd-repo.h"
#include "rapportd-repo-memo.h"
#include "crm-error.h"
#include "crm-json.h"

#include <string.h>

#define RAPPORTD_IMPORT_CHUNK 500
/* and the text of at most this many bytes of cells: a chunk's statements
 * hold a few copies of it at once (rows of long notes stay in small chunks) */
#define RAPPORTD_IMPORT_CHUNK_BYTES (256 * 1024)

typedef struct
{
  guint              row;
  const char *const *cells;
  JsonObject        *object;
  GError            *error;
  char              *value;
} QueuedRow;

/* a row created in bulk, told once its whole chunk is kept */
typedef struct
{
  guint      row;
  CrmEntity *stored;
  GPtrArray *matches;
} CreatedRow;

struct _RapportdImportQueue
{
  RapportdRequest          *request;
  RapportdDb               *db;
  GType                     type;
  RapportdImportDuplicates *duplicates;
  RapportdImportReferences *references;
  RapportdImportRejected   *rejected;
  RapportdImportCellFunc    cell_of;
  gpointer                  cell_data;
  gboolean                  bulk;
  GArray                   *rows;
  gsize                     bytes;
  GArray                   *created;
};

static void
queued_row_clear (gpointer data)
{
  QueuedRow *queued = data;

  g_clear_pointer (&queued->object, json_object_unref);
  g_clear_error (&queued->error);
  g_clear_pointer (&queued->value, g_free);
}

static void
created_row_clear (gpointer data)
{
  CreatedRow *created = data;

  g_clear_object (&created->stored);
  g_clear_pointer (&created->matches, g_ptr_array_unref);
}

/**
 * rapportd_import_queue_new:
 * @request: the import
 * @db: its transaction
 * @type: the kind of record imported
 * @duplicates: its duplicate checks and policy
 * @references: its references
 * @rejected: its error mode and rejected rows
 * @cell_of: finds the cell an error's field was read from
 * @cell_data: for @cell_of
 *
 * Returns: (transfer full): the queue, empty
 */
RapportdImportQueue *
rapportd_import_queue_new (RapportdRequest           *request,
                           RapportdDb                *db,
                           GType                      type,
                           RapportdImportDuplicates  *duplicates,
                           RapportdImportReferences  *references,
                           RapportdImportRejected    *rejected,
                           RapportdImportCellFunc     cell_of,
                           gpointer                   cell_data)
{
  RapportdImportQueue *self = g_new0 (RapportdImportQueue, 1);

  self->request = request;
  self->db = db;
  self->type = type;
  self->duplicates = duplicates;
  self->references = references;
  self->rejected = rejected;
  self->cell_of = cell_of;
  self->cell_data = cell_data;
  /* rows that may match a record, or make accounts, go one by one */
  self->bulk = rapportd_import_duplicates_get_policy (duplicates) == RAPPORTD_IMPORT_CREATE &&
               !rapportd_import_references_makes_accounts (references);
  /* the records the rows point at are read once (rapportd-repo-memo.h) */
  if (self->bulk)
    rapportd_repo_memo_begin ();
  self->rows = g_array_new (FALSE, TRUE, sizeof (QueuedRow));
  g_array_set_clear_func (self->rows, queued_row_clear);
  self->created = g_array_new (FALSE, TRUE, sizeof (CreatedRow));
  g_array_set_clear_func (self->created, created_row_clear);
  return self;
}

void
rapportd_import_queue_free (RapportdImportQueue *self)
{
  if (self == NULL)
    return;
  if (self->bulk)
    rapportd_repo_memo_end ();
  g_array_unref (self->rows);
  g_array_unref (self->created);
  g_free (self);
}

/* one row as an import always wrote it: created (or matched), or
 * rejected with its number, field, value and reason; *@refused where
 * duplicates=block refuses it (the answer is set) */
static gboolean
write_one (RapportdImportQueue  *self,
           QueuedRow            *queued,
           gboolean             *refused,
           GError              **error)
{
  g_autoptr(GError) row_error = g_steal_pointer (&queued->error);
  g_autofree char *value = g_steal_pointer (&queued->value);

  if (!rapportd_import_rejected_begin_row (self->rejected, self->db, error))
    return FALSE;
  if (row_error == NULL &&
      rapportd_api_import_create (self->request, self->db, self->type, self->duplicates, self->references,
                                  queued->object, queued->row, refused, &row_error))
    return TRUE;
  if (*refused)
    return TRUE;
  if (value == NULL)
    value = self->cell_of (self->cell_data, queued->cells, crm_error_get_field (row_error));
  if (!rapportd_import_rejected_keep (self->rejected, self->db, queued->row, queued->cells, value, &row_error))
    {
      g_propagate_error (error, g_steal_pointer (&row_error));
      return FALSE;
    }
  return TRUE;
}

/* a copy that a failed chunk's references can be found in without
 * touching the row, which is written one by one after */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    json_object_set_member (copy, member, json_node_copy (node));
  return copy;
}

/* the rows @from to @to (not included) of the chunk, made into @entities:
 * checked for duplicates, then created together; FALSE where any of them
 * would not be */
static gboolean
create_part (RapportdImportQueue  *self,
             GPtrArray            *entities,
             guint                 from,
             GError              **error)
{
  RapportdActor *actor = &self->request->actor;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  if (entities->len == 0)
    return TRUE;
  g_autofree gboolean *assign = g_new0 (gboolean, MAX (entities->len, 1));

  if (!rapportd_import_duplicates_is_checked (self->duplicates))
    matches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  else if ((matches = rapportd_dedup_find_many (self->db, actor, entities, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < entities->len; i++)
    {
      if (matches->len <= i)
        g_ptr_array_add (matches, g_ptr_array_new ());
      /* a refusal is written one by one, with its answer */
      if (rapportd_import_duplicates_blocks (self->duplicates, self->request, matches->pdata[i]))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE, "row %u is refused as a duplicate",
                       g_array_index (self->rows, QueuedRow, from + i).row);
          return FALSE;
        }
      assign[i] = rapportd_assign_is_requested (entities->pdata[i], TRUE);
    }
  if ((stored = rapportd_repo_create_many (self->db, actor, entities, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      CreatedRow created = { g_array_index (self->rows, QueuedRow, from + i).row, NULL, NULL };

      /* a row without an owner goes by the assignment rules, or stays the importer's */
      if (assign[i] && !rapportd_api_assign_stored (self->db, actor, (CrmEntity **) &stored->pdata[i], error))
        return FALSE;
      created.stored = g_object_ref (stored->pdata[i]);
      created.matches = g_ptr_array_ref (matches->pdata[i]);
      g_array_append_val (self->created, created);
    }
  return TRUE;
}

/* whether a row with @keys would match one of the part's earlier rows,
 * whose keys @taken holds ("kind\nkey" -> the rows that have it, bits) */
static gboolean
matches_taken (GHashTable *keys,
               GHashTable *taken)
{
  g_autoptr(GHashTable) kinds = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GArray *rows = g_hash_table_lookup (taken, key);

      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          gpointer row = GUINT_TO_POINTER (g_array_index (rows, guint, i) + 1);

          g_hash_table_replace (kinds, row, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (kinds, row)) |
                                                             rapportd_dedup_kind_of (key)));
        }
    }
  /* a shared trade name alone is no match, and needs no new part */
  g_hash_table_iter_init (&iter, kinds);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (rapportd_dedup_kinds_score (GPOINTER_TO_UINT (value)) > 0)
      return TRUE;
  return FALSE;
}

/* the queued rows, all good, created in bulk, in parts where a row shares
 * a key with an earlier one; FALSE (nothing told) where any row fails */
static gboolean
create_chunk (RapportdImportQueue  *self,
              GError              **error)
{
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  guint from = 0;

  for (guint r = 0; r < self->rows->len; r++)
    {
      QueuedRow *queued = &g_array_index (self->rows, QueuedRow, r);
      g_autoptr(JsonObject) object = copy_object (queued->object);
      g_autoptr(CrmEntity) entity = crm_entity_new (self->type);
      g_autoptr(GHashTable) stored_keys = NULL;
      g_autoptr(GHashTable) query_keys = NULL;
      g_autoptr(GPtrArray) made = NULL;
      gboolean matched = FALSE;

      if (!rapportd_api_import_match (self->request, self->db, self->type, self->duplicates, self->references,
                                      object, queued->row, &matched, error) ||
          !crm_json_to_entity (entity, object, CRM_VALIDATE_CREATE, error))
        return FALSE;
      /* nothing is made for a row here (the queue's condition) */
      made = rapportd_import_references_keep_row (self->references);
      if (rapportd_import_duplicates_is_checked (self->duplicates) &&
          !rapportd_dedup_record_keys (self->db, entity, &stored_keys, &query_keys, error))
        return FALSE;
      if (query_keys != NULL && matches_taken (query_keys, taken))
        {
          if (!create_part (self, entities, from, error))
            return FALSE;
          g_ptr_array_set_size (entities, 0);
          g_hash_table_remove_all (taken);
          from = r;
        }
      if (stored_keys != NULL)
        {
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, stored_keys);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            {
              GArray *rows = g_hash_table_lookup (taken, key);

              if (rows == NULL)
                g_hash_table_insert (taken, g_strdup (key), rows = g_array_new (FALSE, FALSE, sizeof (guint)));
              g_array_append_val (rows, r);
            }
        }
      g_ptr_array_add (entities, g_steal_pointer (&entity));
    }
  return create_part (self, entities, from, error);
}

/* what the chunk created, told in the order of its rows as one-by-one
 * creates tell it: possible duplicates, the row each record came from,
 * the batch */
static void
tell_created (RapportdImportQueue *self)
{
  for (guint i = 0; i < self->created->len; i++)
    {
      CreatedRow *created = &g_array_index (self->created, CreatedRow, i);

      rapportd_import_duplicates_report (self->duplicates, created->matches, created->row);
      rapportd_import_duplicates_created (self->duplicates, created->stored, created->row);
      rapportd_import_run_created (self->request, created->stored);
    }
}

static gboolean
write_queued (RapportdImportQueue  *self,
              gboolean             *refused,
              GError              **error)
{
  g_autoptr(GError) bulk_error = NULL;

  if (self->rows->len == 0)
    return TRUE;
  if (self->bulk && self->rows->len > 1)
    {
      if (!rapportd_db_exec (self->db, "SAVEPOINT import_chunk", error))
        return FALSE;
      if (create_chunk (self, &bulk_error))
        {
          tell_created (self);
          g_array_set_size (self->created, 0);
          g_array_set_size (self->rows, 0);
          self->bytes = 0;
          return TRUE;
        }
      g_array_set_size (self->created, 0);
      /* a deadlock or a lost connection took the savepoint with it */
      if (!rapportd_db_exec (self->db, "ROLLBACK TO SAVEPOINT import_chunk", NULL))
        {
          g_propagate_error (error, g_steal_pointer (&bulk_error));
          return FALSE;
        }
      g_debug ("import: rows %u to %u one by one: %s", g_array_index (self->rows, QueuedRow, 0).row,
               g_array_index (self->rows, QueuedRow, self->rows->len - 1).row, bulk_error->message);
    }
  for (guint r = 0; r < self->rows->len; r++)
    if (!write_one (self, &g_array_index (self->rows, QueuedRow, r), refused, error) || *refused)
      return *refused;
  g_array_set_size (self->rows, 0);
  self->bytes = 0;
  return TRUE;
}

/**
 * rapportd_import_queue_add:
 * @self: the queue
 * @row: the row's number in the file, the header's being 0
 * @cells: its cells, %NULL-terminated, kept by the caller until the import ends
 * @object: the row's record as a client would send it, with the "id" the
 *   row carries; a reference is taken
 * @row_error: (nullable) (transfer full): why the row was rejected as it was
 *   read, prefixed with its number
 * @value: (nullable): the cell @row_error is about
 * @refused: (out): set where duplicates=block refuses a row: the answer is
 *   set, and the import ends without an error
 * @error: return location for a #GError that ends the import
 *
 * Queues the row, writing the queue when it is full, and before a row
 * rejected as it was read, so that rows are told in their order.
 *
 * Returns: whether the import goes on (also %TRUE with *@refused)
 */
gboolean
rapportd_import_queue_add (RapportdImportQueue  *self,
                           guint                 row,
                           const char *const    *cells,
                           JsonObject           *object,
                           GError               *row_error,
                           const char           *value,
                           gboolean             *refused,
                           GError              **error)
{
  QueuedRow queued = { row, cells, json_object_ref (object), row_error, g_strdup (value) };

  g_return_val_if_fail (self != NULL && object != NULL && refused != NULL, FALSE);

  *refused = FALSE;
  if (row_error != NULL && (!write_queued (self, refused, error) || *refused))
    {
      queued_row_clear (&queued);
      return *refused;
    }
  g_array_append_val (self->rows, queued);
  for (guint c = 0; cells != NULL && cells[c] != NULL; c++)
    self->bytes += strlen (cells[c]);
  if (row_error != NULL || self->rows->len >= RAPPORTD_IMPORT_CHUNK || self->bytes >= RAPPORTD_IMPORT_CHUNK_BYTES)
    return write_queued (self, refused, error);
  return TRUE;
}

/**
 * rapportd_import_queue_finish:
 * @self: the queue
 * @refused: (out): as for rapportd_import_queue_add()
 * @error: return location for a #GError that ends the import
 *
 * Writes the rows still queued.
 *
 * Returns: whether the import goes on (also %TRUE with *@refused)
 */
gboolean
rapportd_import_queue_finish (RapportdImportQueue  *self,
                              gboolean             *refused,
                              GError              **error)
{
  g_return_val_if_fail (self != NULL && refused != NULL, FALSE);

  *refused = FALSE;
  return write_queued (self, refused, error);
}
