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

/* "active" is read-only, so PATCH would ignore it; a PATCH that tries to
 * change it is refused instead, so that nobody believes a user deactivated
 * whose records were not handed over. A body that repeats the stored value
 * passes. */
static gboolean
check_active (CrmEntity   *user,
              JsonObject  *body,
              GError     **error)
{
  JsonNode *active = json_object_get_member (body, "active");

  if (active == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (active) && json_node_get_value_type (active) == G_TYPE_BOOLEAN &&
      json_node_get_boolean (active) == crm_entity_get_bool (user, "active"))
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "active",
                             _("“active” cannot be changed here: deactivate a user with "
                               "POST /api/v1/users/%lld/deactivate, which hands their records to someone else"),
                             (long long) crm_entity_get_id (user));
  return FALSE;
}

static gint64
query_int (RapportdDb   *db,
           RapportdSql  *sql,
           gboolean     *found,
           GError      **error)
{
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);
  const char *text;

  *found = result != NULL && result->n_rows > 0;
  if (!*found)
    return 0;
  text = rapportd_db_result_get (result, 0, 0);
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* nobody manages themselves, not even through others: the chain of
 * managers above the new one never reaches the user */
static gboolean
check_manager (RapportdDb  *db,
               gint64       id,
               JsonObject  *body,
               GError     **error)
{
  JsonNode *manager = json_object_get_member (body, "manager_id");
  gint64 above;

  if (manager == NULL || !JSON_NODE_HOLDS_VALUE (manager) || json_node_get_value_type (manager) != G_TYPE_INT64)
    return TRUE;
  above = json_node_get_int (manager);
  for (guint depth = 0; above > 0 && depth < 1000; depth++)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT manager_id FROM users WHERE id = ?");
      gboolean found;

      if (above == id)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "manager_id",
                                     _("A user cannot be their own manager, nor the manager of their manager"));
          return FALSE;
        }
      rapportd_sql_add_int (sql, above);
      above = query_int (db, sql, &found, error);
      if (!found)
        return error == NULL || *error == NULL;
    }
  return TRUE;
}

/* someone must be left to administer: the last active administrator keeps the role */
static gboolean
check_role (RapportdDb  *db,
            CrmEntity   *user,
            JsonObject  *body,
            GError     **error)
{
  const char *role = json_object_get_string_member_with_default (body, "role", NULL);
  g_autoptr(RapportdSql) sql = NULL;
  gboolean found;
  gint64 others;

  if (role == NULL || g_str_equal (role, "admin") ||
      g_strcmp0 (crm_entity_get_text (user, "role"), "admin") != 0 || !crm_entity_get_bool (user, "active"))
    return TRUE;
  sql = rapportd_sql_new ("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active AND id <> ?");
  rapportd_sql_add_int (sql, crm_entity_get_id (user));
  others = query_int (db, sql, &found, error);
  if (!found)
    return FALSE;
  if (others > 0)
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "role",
                             _("This is the last active administrator: make someone else an administrator first"));
  return FALSE;
}

/**
 * rapportd_api_users_check_patch:
 * @db: a connection
 * @id: the user being changed
 * @body: the PATCH body
 * @error: a %CRM_ERROR_VALIDATION naming the field
 *
 * What a PATCH of a user may not do, beyond the descriptors' rules: change
 * "active" (deactivation hands the user's records over, see
 * rapportd_api_users_deactivate()), make a user manage themselves directly
 * or through others, or take the role from the last active administrator.
 * Who may PATCH a user at all (administrators) and the audit of the change
 * are the repository's, as for every record.
 */
gboolean
rapportd_api_users_check_patch (RapportdDb  *db,
                                gint64       id,
                                JsonObject  *body,
                                GError     **error)
{
  g_autoptr(CrmEntity) user = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  user = rapportd_repo_get (db, NULL, CRM_TYPE_USER, id, FALSE, &local_error);
  /* a missing user is the update's to report */
  if (user == NULL)
    return TRUE;
  return check_active (user, body, error) &&
         check_manager (db, id, body, error) &&
         check_role (db, user, body, error);
}
