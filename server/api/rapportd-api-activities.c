/* rapportd-api-activities.c: POST /activities/:id/corrections, a closed activity corrected by a new linked one */
#include "rapportd-api.h"
#include "rapportd-activities.h"
#include "crm-activity.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* "reason" and "version" are the correction's own; the rest, activity fields */
static gboolean
take_member (JsonObject   *body,
             const char   *member,
             GType         type,
             GValue       *value,
             GError      **error)
{
  JsonNode *node = json_object_get_member (body, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("%s has the wrong type"), member);
      return FALSE;
    }
  json_node_get_value (node, value);
  json_object_remove_member (body, member);
  return TRUE;
}

/* POST /activities/:id/corrections {"reason", "version"?, any activity
 * fields that differ}: 201 {"activity": the correction, "original"} */
RAPPORTD_HANDLER (rapportd_api_activities_correct)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) changes = crm_entity_new (CRM_TYPE_ACTIVITY);
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(CrmEntity) original = NULL;
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  g_auto(GValue) reason = G_VALUE_INIT;
  g_auto(GValue) version = G_VALUE_INIT;
  g_autofree char *activity_json = NULL;
  g_autofree char *original_json = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL ||
      !take_member (body, "reason", G_TYPE_STRING, &reason, error) ||
      !take_member (body, "version", G_TYPE_INT64, &version, error) ||
      !crm_json_to_entity (changes, body, CRM_VALIDATE_PATCH, error))
    return FALSE;
  stored = rapportd_activities_correct (db, &request->actor, id, changes,
                                        G_IS_VALUE (&reason) ? g_value_get_string (&reason) : NULL,
                                        G_IS_VALUE (&version) ? g_value_get_int64 (&version) : -1,
                                        &original, error);
  if (stored == NULL)
    return FALSE;
  g_ptr_array_add (named, stored);
  g_ptr_array_add (named, original);
  if (!rapportd_repo_name_references (db, named, error))
    return FALSE;
  activity_json = crm_json_entity_to_string (stored);
  original_json = crm_json_entity_to_string (original);
  rapportd_request_take_body (request, 201, g_strdup_printf ("{\"activity\":%s,\"original\":%s}",
                                                             activity_json, original_json));
  return TRUE;
}
