/* rapportd-api-users.c: a user's departure over the API: deactivation with transfer, and "active" kept out of PATCH */
#include "rapportd-api.h"
#include "rapportd-repo.h"
#include "rapportd-user.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-user.h"

#include <glib/gi18n-lib.h>

/* POST /users/:id/deactivate {"transfer_to":N}: everything they own goes to N, in one transaction */
RAPPORTD_HANDLER (rapportd_api_users_deactivate)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) user = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonNode *transfer_to;
  guint n_transferred = 0;
  gint64 id;

  if (!rapportd_actor_is_admin (&request->actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Only an administrator may do this"));
      return FALSE;
    }
  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  transfer_to = json_object_get_member (body, "transfer_to");
  if (transfer_to == NULL || !JSON_NODE_HOLDS_VALUE (transfer_to) ||
      json_node_get_value_type (transfer_to) != G_TYPE_INT64)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "transfer_to",
                                 _("transfer_to must name the user who takes over the records"));
      return FALSE;
    }
  if (id == request->actor.user_id)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("Administrators cannot deactivate themselves"));
      return FALSE;
    }
  user = rapportd_user_deactivate (db, request->actor.user_id, id, json_node_get_int (transfer_to),
                                   request->actor.reason, &n_transferred, error);
  if (user == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, crm_json_from_entity (user));
  json_builder_set_member_name (builder, "transferred");
  json_builder_add_int_value (builder, n_transferred);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}

/**
 * rapportd_api_users_check_patch:
 * @db: a connection
 * @id: the user being changed
 * @body: the PATCH body
 * @error: a %CRM_ERROR_VALIDATION on "active"
 *
 * "active" is read-only, so PATCH would ignore it; a PATCH that tries to
 * change it is refused instead, so that nobody believes a user deactivated
 * whose records were not handed over. A body that repeats the stored value
 * passes.
 */
gboolean
rapportd_api_users_check_patch (RapportdDb  *db,
                                gint64       id,
                                JsonObject  *body,
                                GError     **error)
{
  JsonNode *active = json_object_get_member (body, "active");
  g_autoptr(CrmEntity) user = NULL;
  g_autoptr(GError) local_error = NULL;

  if (active == NULL)
    return TRUE;
  user = rapportd_repo_get (db, NULL, CRM_TYPE_USER, id, FALSE, &local_error);
  /* a missing user is the update's to report */
  if (user == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (active) && json_node_get_value_type (active) == G_TYPE_BOOLEAN &&
      json_node_get_boolean (active) == crm_entity_get_bool (user, "active"))
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "active",
                             _("“active” cannot be changed here: deactivate a user with "
                               "POST /api/v1/users/%lld/deactivate, which hands their records to someone else"),
                             (long long) id);
  return FALSE;
}
