/* rapportd-api-import-mappings.c: /api/v1/import-mappings, saved choices of fields for a file's columns */
#include "rapportd-api.h"
#include "rapportd-import-mappings.h"
#include "rapportd-import-options.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

static CrmEntityClass *
collection_class (const char  *collection,
                  const char  *field,
                  GError     **error)
{
  GType type = collection ? crm_entities_lookup_collection (collection) : G_TYPE_INVALID;

  if (type == G_TYPE_INVALID)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, field,
                                 _("collection names a collection, such as accounts"));
      return NULL;
    }
  return g_type_class_peek (type);
}

/* GET /import-mappings[?collection=C], by name */
RAPPORTD_HANDLER (rapportd_api_import_mappings_list)
{
  const char *collection = rapportd_request_query (request, "collection");
  g_autoptr(JsonNode) answer = NULL;

  if (collection != NULL && collection_class (collection, "collection", error) == NULL)
    return FALSE;
  if ((answer = rapportd_import_mappings_list (db, collection, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /import-mappings {"name","collection","columns"}: 201, or 409 where
 * the collection has a mapping of that name */
RAPPORTD_HANDLER (rapportd_api_import_mappings_create)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *name = NULL;
  CrmEntityClass *klass;
  JsonNode *columns;

  if ((body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  name = g_strstrip (g_strdup (json_object_get_string_member_with_default (body, "name", "")));
  if (*name == '\0' || g_utf8_strlen (name, -1) > 200)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "name", _("A mapping needs a name of at most 200 characters"));
      return FALSE;
    }
  if ((klass = collection_class (json_object_get_string_member_with_default (body, "collection", NULL),
                                 "collection", error)) == NULL)
    return FALSE;
  columns = json_object_get_member (body, "columns");
  if (columns == NULL || !JSON_NODE_HOLDS_OBJECT (columns) || json_object_get_size (json_node_get_object (columns)) == 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "columns",
                                 _("columns is an object of the file’s columns and the fields they fill"));
      return FALSE;
    }
  if (!rapportd_import_options_check_columns (klass, json_node_get_object (columns), "columns", error))
    return FALSE;
  answer = rapportd_import_mappings_create (db, &request->actor, name, klass->collection,
                                            json_node_get_object (columns), error);
  if (answer == NULL)
    return FALSE;
  rapportd_request_set_json (request, 201, answer);
  return TRUE;
}

/* DELETE /import-mappings/:id: by who saved it or an administrator */
RAPPORTD_HANDLER (rapportd_api_import_mappings_delete)
{
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_import_mappings_delete (db, &request->actor, id, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"deleted\":%" G_GINT64_FORMAT "}", id));
  return TRUE;
}
