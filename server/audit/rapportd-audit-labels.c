/* rapportd-audit-labels.c: the names of the records an audit page speaks of: each row's record, and what its changed references point at */
#include "rapportd-audit-labels.h"
#include "crm-entities.h"

static char *
label_key (const char *entity,
           gint64      id)
{
  return g_strdup_printf ("%s/%" G_GINT64_FORMAT, entity, id);
}

/* entity name -> GArray of ids wanted, each once (@seen holds "entity/id") */
static void
want (GHashTable *wanted,
      GHashTable *seen,
      const char *entity,
      gint64      id)
{
  GArray *ids;
  char *key;

  if (entity == NULL || id <= 0)
    return;
  key = label_key (entity, id);
  if (!g_hash_table_add (seen, key))
    return;
  ids = g_hash_table_lookup (wanted, entity);
  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (wanted, g_strdup (entity), ids);
    }
  g_array_append_val (ids, id);
}

static gint64
member_id (JsonNode   *node,
           const char *member)
{
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  value = json_object_get_member (json_node_get_object (node), member);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (value);
}

/* the references a row's before and after hold, by the descriptors of its kind */
static void
want_references (GHashTable         *wanted,
                 GHashTable         *seen,
                 RapportdHistoryRow *row)
{
  GType type = crm_entities_lookup_name (row->entity);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;

  for (guint f = 0; klass && f < klass->n_fields; f++)
    {
      const CrmFieldSpec *spec = &klass->fields[f];
      const char *key = crm_field_spec_get_json_key (spec);

      if (spec->type != CRM_FIELD_REFERENCE || spec->reference == NULL)
        continue;
      want (wanted, seen, spec->reference, member_id (row->before, key));
      want (wanted, seen, spec->reference, member_id (row->after, key));
    }
}

/* the number or name of the records of one kind, in queries of at most
 * LABELS_PER_QUERY ids (an export names thousands) */
#define LABELS_PER_QUERY 500

static gboolean
load_kind (RapportdDb  *db,
           const char  *entity,
           GArray      *ids,
           GHashTable  *labels,
           GError     **error)
{
  GType type = crm_entities_lookup_name (entity);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  int title = klass ? crm_entity_class_find_title (klass) : -1;

  if (title < 0 || (klass->fields[title].flags & CRM_FIELD_HIDDEN))
    return TRUE;
  for (guint first = 0; first < ids->len; first += LABELS_PER_QUERY)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
      g_autoptr(RapportdDbResult) result = NULL;

      rapportd_sql_appendf (sql, "SELECT `id`, `%s` FROM `%s` WHERE `id` IN (",
                            crm_field_spec_get_column (&klass->fields[title]), klass->collection);
      for (guint i = first; i < ids->len && i < first + LABELS_PER_QUERY; i++)
        {
          rapportd_sql_append (sql, i > first ? ", ?" : "?");
          rapportd_sql_add_int (sql, g_array_index (ids, gint64, i));
        }
      rapportd_sql_append (sql, ")");
      if ((result = rapportd_db_query (db, sql, error)) == NULL)
        return FALSE;
      for (guint r = 0; r < result->n_rows; r++)
        {
          const char *label = rapportd_db_result_get (result, r, 1);

          if (label && label[0])
            g_hash_table_insert (labels,
                                 label_key (entity, g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10)),
                                 g_strdup (label));
        }
    }
  return TRUE;
}

/**
 * rapportd_audit_labels_load:
 * @db: a connection
 * @rows: (element-type RapportdHistoryRow): audit rows
 * @error: return location for a #GError
 *
 * Names the record of each row and the records that the references in
 * its before and after point at, by their number or name as they are now
 * (an erased person reads as erased): one query per kind of record.
 *
 * Returns: (transfer full): "entity/id" -> label, for
 *   rapportd_audit_labels_lookup()
 */
GHashTable *
rapportd_audit_labels_load (RapportdDb  *db,
                            GPtrArray   *rows,
                            GError     **error)
{
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer entity, ids;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      RapportdHistoryRow *row = rows->pdata[r];

      want (wanted, seen, row->entity, row->entity_id);
      want_references (wanted, seen, row);
    }
  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &entity, &ids))
    if (!load_kind (db, entity, ids, labels, error))
      return NULL;
  return g_steal_pointer (&labels);
}

/**
 * rapportd_audit_labels_lookup:
 * @labels: (nullable): from rapportd_audit_labels_load()
 * @entity: an entity name
 * @id: a record
 *
 * Returns: (nullable): the record's number or name
 */
const char *
rapportd_audit_labels_lookup (GHashTable *labels,
                              const char *entity,
                              gint64      id)
{
  g_autofree char *key = NULL;

  if (labels == NULL || entity == NULL)
    return NULL;
  key = label_key (entity, id);
  return g_hash_table_lookup (labels, key);
}
