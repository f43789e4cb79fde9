/* rapportd-api-activities.c: an activity's own verbs: logged with its follow-up task, corrected by a new linked one */
#include "rapportd-api.h"
#include "rapportd-activities.h"
#include "crm-activity.h"
#include "crm-task.h"
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

/* an error inside the follow-up names its member as "follow_up.MEMBER",
 * with the code the task's own create gave */
static void
name_in_follow_up (GError **error,
                   GError  *problem)
{
  const char *member = crm_error_get_field (problem);
  g_autofree char *field = member != NULL ? g_strdup_printf ("follow_up.%s", member) : g_strdup ("follow_up");

  if (problem->domain != CRM_ERROR)
    {
      g_propagate_error (error, problem);
      return;
    }
  crm_error_set_field_error (error, problem->code, field, "%s", problem->message);
  g_error_free (problem);
}

/* the follow-up relates to what the activity relates to, unless it names
 * its own records; it follows the activity */
static void
link_follow_up (CrmEntity *task,
                CrmEntity *activity)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (task);

  for (guint i = 0; crm_activity_related_fields[i] != NULL; i++)
    {
      const char *name = crm_activity_related_fields[i];
      int field = crm_entity_class_find_field (klass, name);
      gint64 related = crm_entity_get_int (activity, name);

      if (field >= 0 && !crm_entity_value (task, field)->set && related > 0)
        crm_entity_set_int (task, name, related);
    }
  crm_entity_set_int (task, "activity", crm_entity_get_id (activity));
}

/* POST /activities/with-follow-up {activity fields…, "follow_up": {task
 * fields…}?}: the activity and its follow-up task in the request's one
 * transaction, so a task refused leaves no activity behind:
 * 201 {"activity", "follow_up": the task or null} */
RAPPORTD_HANDLER (rapportd_api_activities_log)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) activity = crm_entity_new (CRM_TYPE_ACTIVITY);
  g_autoptr(CrmEntity) task = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(CrmEntity) follow_up = NULL;
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  g_autofree char *activity_json = NULL;
  g_autofree char *follow_up_json = NULL;
  JsonObject *task_body = NULL;
  JsonNode *member;

  if ((body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  member = json_object_get_member (body, "follow_up");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "follow_up",
                                     _("follow_up must be an object (a task) or null"));
          return FALSE;
        }
      task_body = json_object_ref (json_node_get_object (member));
    }
  if (member != NULL)
    json_object_remove_member (body, "follow_up");
  if (task_body != NULL)
    {
      GError *problem = NULL;

      task = crm_entity_new (CRM_TYPE_TASK);
      if (json_object_has_member (task_body, "activity_id"))
        json_object_remove_member (task_body, "activity_id");
      if (!crm_json_to_entity (task, task_body, CRM_VALIDATE_CREATE, &problem))
        {
          json_object_unref (task_body);
          name_in_follow_up (error, problem);
          return FALSE;
        }
      json_object_unref (task_body);
    }
  if (!crm_json_to_entity (activity, body, CRM_VALIDATE_CREATE, error) ||
      (stored = rapportd_repo_create (db, &request->actor, activity, error)) == NULL)
    return FALSE;
  if (task != NULL)
    {
      GError *problem = NULL;

      link_follow_up (task, stored);
      follow_up = rapportd_repo_create (db, &request->actor, task, &problem);
      if (follow_up == NULL)
        {
          name_in_follow_up (error, problem);
          return FALSE;
        }
    }
  /* named one class at a time */
  g_ptr_array_add (named, stored);
  if (!rapportd_repo_name_references (db, named, error))
    return FALSE;
  if (follow_up != NULL)
    {
      g_ptr_array_index (named, 0) = follow_up;
      if (!rapportd_repo_name_references (db, named, error))
        return FALSE;
    }
  activity_json = crm_json_entity_to_string (stored);
  follow_up_json = follow_up != NULL ? crm_json_entity_to_string (follow_up) : g_strdup ("null");
  rapportd_request_take_body (request, 201, g_strdup_printf ("{\"activity\":%s,\"follow_up\":%s}",
                                                             activity_json, follow_up_json));
  return TRUE;
}
