/* rapportd-api-history.c: GET /api/v1/{collection}/:id/history, what changed, when, by whom */
#include "rapportd-api.h"
#include "rapportd-audit-history.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

#define HISTORY_DEFAULT 100
#define HISTORY_MAX 500

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

/* the fields whose values differ between before and after */
static void
add_changes (JsonBuilder *builder,
             JsonNode    *before,
             JsonNode    *after)
{
  JsonNode *any = after && JSON_NODE_HOLDS_OBJECT (after) ? after : before;
  g_autoptr(GList) members = NULL;

  json_builder_begin_array (builder);
  if (any && JSON_NODE_HOLDS_OBJECT (any))
    members = json_object_get_members (json_node_get_object (any));
  for (GList *l = members; l; l = l->next)
    {
      g_autoptr(JsonNode) was = member_or_null (before, l->data);
      g_autoptr(JsonNode) is = member_or_null (after, l->data);

      if (is_bookkeeping (l->data) || json_node_equal (was, is))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, l->data);
      json_builder_set_member_name (builder, "before");
      json_builder_add_value (builder, g_steal_pointer (&was));
      json_builder_set_member_name (builder, "after");
      json_builder_add_value (builder, g_steal_pointer (&is));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

RAPPORTD_HANDLER (rapportd_api_records_history)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  const char *limit_text = rapportd_request_query (request, "limit");
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint64 limit = HISTORY_DEFAULT;
  gint64 id;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such collection: %s"), request->segments[0]);
      return FALSE;
    }
  if (limit_text && !g_ascii_string_to_unsigned (limit_text, 10, 1, HISTORY_MAX, &limit, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "limit", _("limit must be between 1 and %d"), HISTORY_MAX);
      return FALSE;
    }
  /* whoever may read the record may read its history */
  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (record = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL ||
      (rows = rapportd_audit_history (db, crm_entity_get_entity_name (record), id, limit, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint r = 0; r < rows->len; r++)
    {
      RapportdHistoryRow *row = rows->pdata[r];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_ascii_strtoll (row->id, NULL, 10));
      json_builder_set_member_name (builder, "at");
      json_builder_add_string_value (builder, row->at);
      json_builder_set_member_name (builder, "actor");
      if (row->actor)
        json_builder_add_string_value (builder, row->actor);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, row->action);
      json_builder_set_member_name (builder, "reason");
      if (row->reason)
        json_builder_add_string_value (builder, row->reason);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "changes");
      add_changes (builder, row->before, row->after);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
