/* rapportd-api-merge.c: POST /{collection}/:id/merge, another record of the same kind merged into this one */
#include "rapportd-api.h"
#include "rapportd-merge.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

static gboolean
read_id (JsonNode     *node,
         const char   *member,
         gboolean      positive,
         gint64       *out,
         GError      **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
      (!positive || json_node_get_int (node) > 0))
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("%s must be a whole number"), member);
  return FALSE;
}

static gboolean
read_fields (JsonNode    *node,
             GHashTable **fields,
             GError     **error)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "fields",
                                 _("fields names each field whose value is taken “from” the merged record or kept “into” this one"));
      return FALSE;
    }
  *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          g_autofree char *name = g_strdup_printf ("fields.%s", member);

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name,
                                     _("A field’s value is taken “from” the merged record or kept “into” the survivor"));
          return FALSE;
        }
      g_hash_table_insert (*fields, g_strdup (member), g_strdup (json_node_get_string (value)));
    }
  return TRUE;
}

/* {"from_id":N, "version"?:V, "from_version"?:W, "fields"?:{"phone":"from"|"into"}} */
static gboolean
parse_options (RapportdRequest       *request,
               RapportdMergeOptions  *options,
               GError               **error)
{
  g_autoptr(JsonObject) body = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  options->into_version = -1;
  options->from_version = -1;
  options->from_id = 0;
  options->fields = NULL;
  if ((body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    {
      gboolean ok;

      if (g_str_equal (member, "from_id"))
        ok = read_id (node, member, TRUE, &options->from_id, error);
      else if (g_str_equal (member, "version"))
        ok = read_id (node, member, FALSE, &options->into_version, error);
      else if (g_str_equal (member, "from_version"))
        ok = read_id (node, member, FALSE, &options->from_version, error);
      else if (g_str_equal (member, "fields") && options->fields == NULL)
        ok = read_fields (node, &options->fields, error);
      else
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                     _("A merge takes only from_id, version, from_version and fields"));
          ok = FALSE;
        }
      if (!ok)
        return FALSE;
    }
  if (options->from_id <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "from_id",
                                 _("Name the record to merge into this one by its id (from_id)"));
      return FALSE;
    }
  return TRUE;
}

static char *
moved_json (GHashTable *moved)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (moved), (GCompareFunc) g_strcmp0);

  json_builder_begin_object (builder);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (moved, l->data)));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* POST /{collection}/:id/merge: the record from_id merged into :id, in the
 * request's one transaction (rapportd-merge.c); answers 200
 * {"record":SURVIVOR,"merged":OTHER,"moved":{"contact":N,…}} */
RAPPORTD_HANDLER (rapportd_api_records_merge)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  RapportdMergeOptions options = { 0 };
  RapportdMergeResult result = { 0 };
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  g_autofree char *into_json = NULL;
  g_autofree char *from_json = NULL;
  g_autofree char *moved = NULL;
  gboolean ok;

  if (type == G_TYPE_INVALID || crm_entity_class_find_field (g_type_class_peek (type), "merged_into") < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return FALSE;
    }
  if (!rapportd_request_segment_id (request, 1, &options.into_id, error))
    return FALSE;
  ok = parse_options (request, &options, error) &&
       rapportd_merge (db, &request->actor, type, &options, &result, error);
  g_clear_pointer (&options.fields, g_hash_table_unref);
  if (!ok)
    return FALSE;

  g_ptr_array_add (named, result.into);
  g_ptr_array_add (named, result.from);
  if (!rapportd_repo_name_references (db, named, error))
    {
      rapportd_merge_result_clear (&result);
      return FALSE;
    }
  into_json = crm_json_entity_to_string (result.into);
  from_json = crm_json_entity_to_string (result.from);
  moved = moved_json (result.moved);
  rapportd_merge_result_clear (&result);
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"record\":%s,\"merged\":%s,\"moved\":%s}",
                                                             into_json, from_json, moved));
  return TRUE;
}
