/* rapportd-api-cases.c: a service case's conversation (its messages) and the merge of a duplicate case */
#include "rapportd-api.h"
#include "rapportd-case-merge.h"
#include "rapportd-case-messages.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

static const char * const text_members[] = { "kind", "direction", "body", "from_address", "to_address", "subject" };

static gboolean
read_text (JsonObject   *body,
           const char   *member,
           const char  **out,
           GError      **error)
{
  JsonNode *node = json_object_get_member (body, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = json_node_get_string (node);
      return TRUE;
    }
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("%s must be text"), member);
  return FALSE;
}

static gboolean
read_attachment_ids (JsonObject  *body,
                     GArray     **ids,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (body, "attachment_ids");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64 ||
          (id = json_node_get_int (element)) <= 0)
        break;
      g_array_append_val (*ids, id);
    }
  if (array != NULL && (*ids)->len == json_array_get_length (array))
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "attachment_ids",
                             _("attachment_ids is a list of the ids of files attached to the case"));
  return FALSE;
}

/* {"kind", "direction"?, "body", "from_address"?, "to_address"?, "subject"?, "attachment_ids"?} */
static gboolean
parse_message (JsonObject           *body,
               RapportdCaseMessage  *message,
               GArray              **ids,
               GError              **error)
{
  const char **texts[] = { &message->kind, &message->direction, &message->body,
                           &message->from_address, &message->to_address, &message->subject };
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  G_STATIC_ASSERT (G_N_ELEMENTS (texts) == G_N_ELEMENTS (text_members));

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_strv_contains (text_members, member) && !g_str_equal (member, "attachment_ids"))
      {
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                   _("A message takes only kind, direction, body, from_address, to_address, "
                                     "subject and attachment_ids"));
        return FALSE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (!read_text (body, text_members[i], texts[i], error))
      return FALSE;
  if (message->direction == NULL)
    message->direction = "outbound";
  if (!read_attachment_ids (body, ids, error))
    return FALSE;
  message->attachment_ids = *ids;
  return TRUE;
}

/* POST /cases/:id/messages: 201 the message, stored on the case, or on
 * the case it opened or was merged into (its "case_id") */
RAPPORTD_HANDLER (rapportd_api_case_messages_create)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *stored = NULL;
  RapportdCaseMessage message = { 0 };
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL ||
      !parse_message (body, &message, &ids, error) ||
      (stored = rapportd_case_messages_add (db, &request->actor, id, &message, NULL, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 201, g_steal_pointer (&stored));
  return TRUE;
}

/* GET /cases/:id/messages[?kind=reply|note]: {"items": oldest first, "more"} */
RAPPORTD_HANDLER (rapportd_api_case_messages_list)
{
  g_autofree char *list = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (list = rapportd_case_messages_list (db, &request->actor, id, rapportd_request_query (request, "kind"),
                                           error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, g_steal_pointer (&list));
  return TRUE;
}

/* GET /cases/:id/messages/:message_id: the message (a message is never
 * changed: PATCH and DELETE of it are 405) */
RAPPORTD_HANDLER (rapportd_api_case_messages_get)
{
  g_autofree char *message = NULL;
  gint64 id, message_id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_request_segment_id (request, 3, &message_id, error) ||
      (message = rapportd_case_messages_get (db, &request->actor, id, message_id, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, g_steal_pointer (&message));
  return TRUE;
}

/* {"into": N} */
static gboolean
parse_merge (JsonObject  *body,
             gint64      *into,
             GError     **error)
{
  JsonNode *node = json_object_get_member (body, "into");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (*into = json_node_get_int (node)) <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "into",
                                 _("Name the case to merge this one into by its id (into)"));
      return FALSE;
    }
  return TRUE;
}

/* POST /cases/:id/merge: the case :id merged into "into" (rapportd-case-merge.c);
 * 200 {"record": the case kept, "merged": this case, "moved": {"message": N, "attachment": M}} */
RAPPORTD_HANDLER (rapportd_api_cases_merge)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  g_autofree char *into_json = NULL;
  g_autofree char *from_json = NULL;
  RapportdCaseMergeResult result = { 0 };
  gint64 id, into = 0;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL ||
      !parse_merge (body, &into, error) ||
      !rapportd_case_merge (db, &request->actor, id, into, &result, error))
    return FALSE;
  g_ptr_array_add (named, result.into);
  g_ptr_array_add (named, result.from);
  if (!rapportd_repo_name_references (db, named, error))
    {
      rapportd_case_merge_result_clear (&result);
      return FALSE;
    }
  into_json = crm_json_entity_to_string (result.into);
  from_json = crm_json_entity_to_string (result.from);
  rapportd_request_take_body (request, 200,
                              g_strdup_printf ("{\"record\":%s,\"merged\":%s,\"moved\":{\"message\":%u,\"attachment\":%u}}",
                                               into_json, from_json, result.moved_messages, result.moved_attachments));
  rapportd_case_merge_result_clear (&result);
  return TRUE;
}
