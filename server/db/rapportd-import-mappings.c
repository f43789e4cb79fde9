/* rapportd-import-mappings.c: saved import mappings, a file's columns and their fields under a name, shared by the company */
#include "rapportd-import-mappings.h"
#include "audit/rapportd-audit.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

#define MAPPING_COLUMNS "id, name, collection, columns_json, created_by, created_at"

/* a row of MAPPING_COLUMNS as the API shows it */
static JsonObject *
mapping_object (RapportdDbResult *result,
                guint             r)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonObject) columns = crm_json_parse_object (rapportd_db_result_get (result, r, 3), -1, NULL);
  gint64 usec = 0;

  json_object_set_int_member (object, "id", g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10));
  json_object_set_string_member (object, "name", rapportd_db_result_get (result, r, 1));
  json_object_set_string_member (object, "collection", rapportd_db_result_get (result, r, 2));
  json_object_set_object_member (object, "columns", columns ? json_object_ref (columns) : json_object_new ());
  json_object_set_int_member (object, "created_by", g_ascii_strtoll (rapportd_db_result_get (result, r, 4), NULL, 10));
  if (rapportd_sql_parse_time (rapportd_db_result_get (result, r, 5), &usec))
    {
      g_autofree char *created_at = crm_json_format_timestamp (usec);

      json_object_set_string_member (object, "created_at", created_at);
    }
  return object;
}

static JsonObject *
read_mapping (RapportdDb  *db,
              gint64       id,
              gboolean     for_update,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " MAPPING_COLUMNS " FROM import_mappings WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  if (for_update)
    rapportd_sql_append (sql, " FOR UPDATE");
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No import mapping with id %lld"), (long long) id);
      return NULL;
    }
  return mapping_object (result, 0);
}

static gboolean
audit_mapping (RapportdDb           *db,
               const RapportdActor  *actor,
               const char           *action,
               JsonObject           *before,
               JsonObject           *after,
               GError              **error)
{
  JsonObject *mapping = after ? after : before;
  g_autoptr(JsonNode) before_node = before ? json_node_init_object (json_node_alloc (), before) : NULL;
  g_autoptr(JsonNode) after_node = after ? json_node_init_object (json_node_alloc (), after) : NULL;
  g_autofree char *before_json = before_node ? json_to_string (before_node, FALSE) : NULL;
  g_autofree char *after_json = after_node ? json_to_string (after_node, FALSE) : NULL;

  return rapportd_audit_append (db, actor->user_id, "import_mapping", json_object_get_int_member (mapping, "id"),
                                action, actor->reason, before_json, after_json, error);
}

/**
 * rapportd_import_mappings_list:
 * @db: a connection
 * @collection: (nullable): only this collection's mappings
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items":[…]} by name
 */
JsonNode *
rapportd_import_mappings_list (RapportdDb  *db,
                               const char  *collection,
                               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " MAPPING_COLUMNS " FROM import_mappings");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *items;

  g_return_val_if_fail (db != NULL, NULL);

  if (collection != NULL)
    {
      rapportd_sql_append (sql, " WHERE collection = ?");
      rapportd_sql_add_text (sql, collection);
    }
  rapportd_sql_append (sql, " ORDER BY name, id");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  items = json_array_sized_new (result->n_rows);
  for (guint r = 0; r < result->n_rows; r++)
    json_array_add_object_element (items, mapping_object (result, r));
  answer = json_object_new ();
  json_object_set_array_member (answer, "items", items);
  return json_node_init_object (json_node_alloc (), answer);
}

/**
 * rapportd_import_mappings_create:
 * @db: a connection inside the request's transaction
 * @actor: who saves it
 * @name: its name, not used yet for @collection
 * @collection: the collection it imports into
 * @columns: {column: key or null}, checked by the caller
 * @error: return location for a #GError: %CRM_ERROR_CONFLICT on "name"
 *   where the name is taken
 *
 * Saves a mapping, audited.
 *
 * Returns: (transfer full): the mapping as the API shows it
 */
JsonNode *
rapportd_import_mappings_create (RapportdDb           *db,
                                 const RapportdActor  *actor,
                                 const char           *name,
                                 const char           *collection,
                                 JsonObject           *columns,
                                 GError              **error)
{
  g_autoptr(RapportdSql) taken = rapportd_sql_new ("SELECT id FROM import_mappings WHERE collection = ? AND name = ? FOR UPDATE");
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonNode) columns_node = NULL;
  g_autofree char *columns_json = NULL;
  g_autofree char *now = NULL;
  g_autoptr(JsonObject) stored = NULL;
  guint64 id = 0;

  g_return_val_if_fail (db != NULL && actor != NULL && name != NULL && collection != NULL && columns != NULL, NULL);

  rapportd_sql_add_text (taken, collection);
  rapportd_sql_add_text (taken, name);
  if ((result = rapportd_db_query (db, taken, error)) == NULL)
    return NULL;
  if (result->n_rows > 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "name",
                                 _("A mapping named “%s” exists already for %s"), name, collection);
      return NULL;
    }
  columns_node = json_node_init_object (json_node_alloc (), columns);
  columns_json = json_to_string (columns_node, FALSE);
  now = rapportd_sql_format_time (g_get_real_time ());
  insert = rapportd_sql_new ("INSERT INTO import_mappings (name, collection, columns_json, created_by, created_at) "
                             "VALUES (?, ?, ?, ?, ?)");
  rapportd_sql_add_text (insert, name);
  rapportd_sql_add_text (insert, collection);
  rapportd_sql_add_text (insert, columns_json);
  rapportd_sql_add_int (insert, actor->user_id);
  rapportd_sql_add_text (insert, now);
  if (!rapportd_db_execute (db, insert, NULL, &id, error) ||
      (stored = read_mapping (db, (gint64) id, FALSE, error)) == NULL)
    return NULL;
  if (!audit_mapping (db, actor, "create", NULL, stored, error))
    return NULL;
  return json_node_init_object (json_node_alloc (), stored);
}

/**
 * rapportd_import_mappings_delete:
 * @db: a connection inside the request's transaction
 * @actor: who deletes it: its creator or an administrator
 * @id: the mapping
 * @error: return location for a #GError: %CRM_ERROR_FORBIDDEN for anyone else
 *
 * Deletes a mapping, audited.
 *
 * Returns: whether it is deleted
 */
gboolean
rapportd_import_mappings_delete (RapportdDb           *db,
                                 const RapportdActor  *actor,
                                 gint64                id,
                                 GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM import_mappings WHERE id = ?");
  g_autoptr(JsonObject) before = NULL;

  g_return_val_if_fail (db != NULL && actor != NULL, FALSE);

  if ((before = read_mapping (db, id, TRUE, error)) == NULL)
    return FALSE;
  if (json_object_get_int_member (before, "created_by") != actor->user_id && !rapportd_actor_is_admin (actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                   _("Only who saved this mapping, or an administrator, may delete it"));
      return FALSE;
    }
  rapportd_sql_add_int (sql, id);
  return rapportd_db_execute (db, sql, NULL, NULL, error) &&
         audit_mapping (db, actor, "delete", before, NULL, error);
}

/**
 * rapportd_import_mappings_columns:
 * @db: a connection
 * @id: a saved mapping
 * @collection: the collection imported into
 * @error: return location for a %CRM_ERROR_BAD_REQUEST on "mapping_id"
 *   where there is no such mapping for @collection
 *
 * Returns: (transfer full): the mapping's {column: key or null}
 */
JsonObject *
rapportd_import_mappings_columns (RapportdDb  *db,
                                  gint64       id,
                                  const char  *collection,
                                  GError     **error)
{
  g_autoptr(JsonObject) mapping = NULL;
  g_autoptr(GError) read_error = NULL;

  g_return_val_if_fail (db != NULL && collection != NULL, NULL);

  mapping = read_mapping (db, id, FALSE, &read_error);
  if (mapping == NULL && !g_error_matches (read_error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return NULL;
    }
  if (mapping == NULL || g_strcmp0 (json_object_get_string_member (mapping, "collection"), collection) != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "mapping_id",
                                 _("No saved mapping %lld for %s"), (long long) id, collection);
      return NULL;
    }
  return json_object_ref (json_object_get_object_member (mapping, "columns"));
}
