/* rapportd-audit-history.c: audit rows found by record, actor, action or time, personal values opened */
#include "rapportd-audit-history.h"
#include "rapportd-audit-labels.h"
#include "rapportd-personal.h"
#include "crm-entities.h"
#include "crm-json.h"

static void
history_row_free (RapportdHistoryRow *row)
{
  g_free (row->at);
  g_free (row->actor_id);
  g_free (row->actor);
  g_free (row->entity);
  g_free (row->action);
  g_free (row->reason);
  g_clear_pointer (&row->before, json_node_unref);
  g_clear_pointer (&row->after, json_node_unref);
  g_free (row);
}

/**
 * rapportd_audit_query:
 * @db: a connection
 * @filter: which rows
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type RapportdHistoryRow): matching
 *   rows, newest first, with who acted by name and before and after
 *   opened (null where the person was erased)
 */
GPtrArray *
rapportd_audit_query (RapportdDb                *db,
                      const RapportdAuditFilter *filter,
                      GError                   **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT a.id, a.at, a.actor_id, u.name, a.entity, a.entity_id, a.action, "
                                                 "a.reason, a.before_json, a.after_json FROM audit_log a "
                                                 "LEFT JOIN users u ON u.id = a.actor_id WHERE TRUE");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) history_row_free);

  if (filter->entity)
    {
      rapportd_sql_append (sql, " AND a.entity = ?");
      rapportd_sql_add_text (sql, filter->entity);
    }
  if (filter->entity_id > 0)
    {
      rapportd_sql_append (sql, " AND a.entity_id = ?");
      rapportd_sql_add_int (sql, filter->entity_id);
    }
  if (filter->actor_id > 0)
    {
      rapportd_sql_append (sql, " AND a.actor_id = ?");
      rapportd_sql_add_int (sql, filter->actor_id);
    }
  if (filter->action)
    {
      rapportd_sql_append (sql, " AND a.action = ?");
      rapportd_sql_add_text (sql, filter->action);
    }
  if (filter->from_usec > 0)
    {
      g_autofree char *from = rapportd_sql_format_time (filter->from_usec);
      rapportd_sql_append (sql, " AND a.at >= ?");
      rapportd_sql_add_text (sql, from);
    }
  if (filter->to_usec > 0)
    {
      g_autofree char *to = rapportd_sql_format_time (filter->to_usec);
      rapportd_sql_append (sql, " AND a.at <= ?");
      rapportd_sql_add_text (sql, to);
    }
  if (filter->before_id > 0)
    {
      rapportd_sql_append (sql, " AND a.id < ?");
      rapportd_sql_add_int (sql, filter->before_id);
    }
  rapportd_sql_append (sql, " ORDER BY a.id DESC LIMIT ?");
  rapportd_sql_add_int (sql, filter->limit > 0 ? filter->limit : G_MAXINT32);

  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    {
      RapportdHistoryRow *row = g_new0 (RapportdHistoryRow, 1);
      gint64 usec = 0;

      g_ptr_array_add (rows, row);
      row->id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);
      row->at = rapportd_sql_parse_time (rapportd_db_result_get (result, r, 1), &usec) ? crm_json_format_timestamp (usec) : NULL;
      row->actor_id = g_strdup (rapportd_db_result_get (result, r, 2));
      row->actor = g_strdup (rapportd_db_result_get (result, r, 3));
      row->entity = g_strdup (rapportd_db_result_get (result, r, 4));
      row->entity_id = g_ascii_strtoll (rapportd_db_result_get (result, r, 5), NULL, 10);
      row->action = g_strdup (rapportd_db_result_get (result, r, 6));
      row->reason = g_strdup (rapportd_db_result_get (result, r, 7));
      if ((row->before = rapportd_personal_open (db, row->entity, row->entity_id,
                                                 rapportd_db_result_get (result, r, 8), error)) == NULL ||
          (row->after = rapportd_personal_open (db, row->entity, row->entity_id,
                                                rapportd_db_result_get (result, r, 9), error)) == NULL)
        return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * rapportd_audit_history:
 * @db: a connection
 * @entity: entity name
 * @id: the record
 * @limit: the newest rows to return, 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type RapportdHistoryRow): one record's
 *   rows, oldest first
 */
GPtrArray *
rapportd_audit_history (RapportdDb  *db,
                        const char  *entity,
                        gint64       id,
                        guint        limit,
                        GError     **error)
{
  RapportdAuditFilter filter = { .entity = entity, .entity_id = id, .limit = limit };
  GPtrArray *rows = rapportd_audit_query (db, &filter, error);

  if (rows)
    for (guint i = 0; i < rows->len / 2; i++)
      {
        gpointer swap = rows->pdata[i];
        rows->pdata[i] = rows->pdata[rows->len - 1 - i];
        rows->pdata[rows->len - 1 - i] = swap;
      }
  return rows;
}

/* bookkeeping every change touches: not worth showing */
static gboolean
is_bookkeeping (const char *member)
{
  return g_str_equal (member, "version") || g_str_equal (member, "updated_at") || g_str_equal (member, "updated_by") ||
         g_str_equal (member, "created_at") || g_str_equal (member, "created_by") || g_str_equal (member, "id");
}

static JsonNode *
member_or_null (JsonNode   *node,
                const char *member)
{
  if (node && JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), member))
    return json_node_copy (json_object_get_member (json_node_get_object (node), member));
  return json_node_new (JSON_NODE_NULL);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* a changed reference: the label of the record it pointed at, and points at */
static void
add_reference_label (JsonBuilder *builder,
                     const char  *name,
                     GHashTable  *labels,
                     const char  *target,
                     JsonNode    *value)
{
  const char *label = NULL;

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
    label = rapportd_audit_labels_lookup (labels, target, json_node_get_int (value));
  add_string_or_null (builder, name, label);
}

/**
 * rapportd_audit_add_row:
 * @builder: a builder inside an array
 * @row: an audit row
 *
 * rapportd_audit_add_row_labelled() without labels.
 */
void
rapportd_audit_add_row (JsonBuilder        *builder,
                        RapportdHistoryRow *row)
{
  rapportd_audit_add_row_labelled (builder, row, NULL);
}

/**
 * rapportd_audit_add_row_labelled:
 * @builder: a builder inside an array
 * @row: an audit row
 * @labels: (nullable): from rapportd_audit_labels_load()
 *
 * Adds the row as an object: who ("actor" and "user_name", their name),
 * when, what ("record_label", the record's number or name, when @labels
 * has it), why, and "changes", the fields whose values differ between
 * before and after; a changed reference also has "before_label" and
 * "after_label".
 */
void
rapportd_audit_add_row_labelled (JsonBuilder        *builder,
                                 RapportdHistoryRow *row,
                                 GHashTable         *labels)
{
  JsonNode *any = JSON_NODE_HOLDS_OBJECT (row->after) ? row->after : row->before;
  GType type = crm_entities_lookup_name (row->entity ? row->entity : "");
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  g_autoptr(GList) members = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, row->id);
  add_string_or_null (builder, "at", row->at);
  add_string_or_null (builder, "actor_id", row->actor_id);
  add_string_or_null (builder, "actor", row->actor);
  add_string_or_null (builder, "user_name", row->actor);
  add_string_or_null (builder, "entity", row->entity);
  json_builder_set_member_name (builder, "entity_id");
  json_builder_add_int_value (builder, row->entity_id);
  add_string_or_null (builder, "record_label", rapportd_audit_labels_lookup (labels, row->entity, row->entity_id));
  add_string_or_null (builder, "action", row->action);
  add_string_or_null (builder, "reason", row->reason);
  json_builder_set_member_name (builder, "before");
  json_builder_add_value (builder, json_node_copy (row->before));
  json_builder_set_member_name (builder, "after");
  json_builder_add_value (builder, json_node_copy (row->after));

  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  if (JSON_NODE_HOLDS_OBJECT (any))
    members = json_object_get_members (json_node_get_object (any));
  for (GList *l = members; l; l = l->next)
    {
      g_autoptr(JsonNode) was = member_or_null (row->before, l->data);
      g_autoptr(JsonNode) is = member_or_null (row->after, l->data);
      int field = klass ? crm_entity_class_find_json_key (klass, l->data) : -1;

      if (is_bookkeeping (l->data) || json_node_equal (was, is))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, l->data);
      if (field >= 0 && klass->fields[field].type == CRM_FIELD_REFERENCE && klass->fields[field].reference)
        {
          add_reference_label (builder, "before_label", labels, klass->fields[field].reference, was);
          add_reference_label (builder, "after_label", labels, klass->fields[field].reference, is);
        }
      json_builder_set_member_name (builder, "before");
      json_builder_add_value (builder, g_steal_pointer (&was));
      json_builder_set_member_name (builder, "after");
      json_builder_add_value (builder, g_steal_pointer (&is));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
