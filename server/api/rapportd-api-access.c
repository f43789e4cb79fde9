/* rapportd-api-access.c: who may see what: role scopes, shares of single records, transfers to another owner */
#include "rapportd-api.h"
#include "rapportd-audit.h"
#include "rapportd-repo.h"
#include "rapportd-session-cache.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-user.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_TRANSFER 500

static const char * const scope_values[] = { "own", "team", "company", "none", NULL };

static GType
owned_collection (RapportdRequest  *request,
                  GError          **error)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);

  if (type == G_TYPE_INVALID || crm_entity_class_find_owner (g_type_class_peek (type)) < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return G_TYPE_INVALID;
    }
  return type;
}

/**
 * rapportd_api_require_admin:
 * @request: the request
 * @or_auditor: whether an auditor (the read-only role) may too
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the caller is an administrator (or an auditor, with
 *   @or_auditor); otherwise %FALSE with a 403 in @error
 */
gboolean
rapportd_api_require_admin (RapportdRequest  *request,
                            gboolean          or_auditor,
                            GError          **error)
{
  if (rapportd_actor_is_admin (&request->actor) || (or_auditor && rapportd_actor_is_read_only (&request->actor)))
    return TRUE;
  g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Only an administrator may do this"));
  return FALSE;
}

static gboolean
audit_text (RapportdDb      *db,
            RapportdRequest *request,
            const char      *entity,
            gint64           id,
            const char      *action,
            const char      *before,
            const char      *after,
            GError         **error)
{
  return rapportd_audit_append (db, request->actor.user_id, entity, id, action, request->actor.reason,
                                before, after, error);
}

static char *
scope_json (const char *role,
            const char *entity,
            const char *scope)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, entity);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, scope);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return crm_json_to_string (root);
}

/* GET /role-scopes: the data scope of every role, per entity */
RAPPORTD_HANDLER (rapportd_api_role_scopes_list)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT role, entity, scope FROM role_scopes ORDER BY role, entity");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GString) out = g_string_new ("{\"items\":[");

  if (!rapportd_api_require_admin (request, TRUE, error) || (result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autofree char *item = scope_json (rapportd_db_result_get (result, r, 0), rapportd_db_result_get (result, r, 1),
                                          rapportd_db_result_get (result, r, 2));
      g_string_append_printf (out, "%s%s", r ? "," : "", item);
    }
  g_string_append (out, "]}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

/* PUT /role-scopes {"role","entity","scope"} */
RAPPORTD_HANDLER (rapportd_api_role_scopes_set)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(RapportdSql) before_sql = rapportd_sql_new ("SELECT scope FROM role_scopes WHERE role = ? AND entity = ? FOR UPDATE");
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("REPLACE INTO role_scopes (role, entity, scope) VALUES (?, ?, ?)");
  g_autoptr(RapportdDbResult) before = NULL;
  CrmEntityClass *users = g_type_class_peek (CRM_TYPE_USER);
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  const char *role, *entity, *scope;
  GType type;

  if (!rapportd_api_require_admin (request, FALSE, error) || (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  role = json_object_get_string_member_with_default (body, "role", "");
  entity = json_object_get_string_member_with_default (body, "entity", "");
  scope = json_object_get_string_member_with_default (body, "scope", "");
  type = crm_entities_lookup_name (entity);
  if (!crm_field_spec_has_enum (&users->fields[crm_entity_class_find_field (users, "role")], role))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "role", _("No such role: “%s”"), role);
      return FALSE;
    }
  if (type == G_TYPE_INVALID || crm_entity_class_find_owner (g_type_class_peek (type)) < 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "entity", _("“%s” has no owners to scope by"), entity);
      return FALSE;
    }
  if (!g_strv_contains (scope_values, scope))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "scope", _("scope must be own, team, company or none"));
      return FALSE;
    }

  rapportd_sql_add_text (before_sql, role);
  rapportd_sql_add_text (before_sql, entity);
  if ((before = rapportd_db_query (db, before_sql, error)) == NULL)
    return FALSE;
  if (before->n_rows == 1)
    before_json = scope_json (role, entity, rapportd_db_result_get (before, 0, 0));
  after_json = scope_json (role, entity, scope);
  rapportd_sql_add_text (sql, role);
  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_text (sql, scope);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error) ||
      !audit_text (db, request, "role_scope", 0, "update", before_json, after_json, error))
    return FALSE;
  /* sessions pick the new scope up at once here, within seconds elsewhere */
  rapportd_session_cache_clear ();
  rapportd_request_take_body (request, 200, g_steal_pointer (&after_json));
  return TRUE;
}

static JsonArray *
int_array (JsonObject *body,
           const char *member)
{
  JsonNode *node = json_object_get_member (body, member);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* POST /{collection}/transfer {"ids":[…],"owner_id":N,"reason":"…"}: all or nothing */
RAPPORTD_HANDLER (rapportd_api_records_transfer)
{
  GType type = owned_collection (request, error);
  g_autoptr(JsonObject) body = NULL;
  CrmEntityClass *klass;
  JsonArray *ids;
  const char *reason;
  g_autofree char *trimmed = NULL;
  gint64 owner;
  guint n;

  if (type == G_TYPE_INVALID || (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  klass = g_type_class_peek (type);
  ids = int_array (body, "ids");
  owner = json_object_get_int_member_with_default (body, "owner_id", 0);
  reason = json_object_get_string_member_with_default (body, "reason", NULL);
  trimmed = reason ? g_strstrip (g_strdup (reason)) : NULL;
  n = ids ? json_array_get_length (ids) : 0;
  if (n == 0 || n > MAX_TRANSFER)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "ids", _("ids must list 1 to %d records"), MAX_TRANSFER);
      return FALSE;
    }
  if (owner <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "owner_id", _("owner_id must name the new owner"));
      return FALSE;
    }
  if (trimmed == NULL || trimmed[0] == '\0' || g_utf8_strlen (trimmed, -1) > 500)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "reason", _("A transfer needs a reason (at most 500 characters)"));
      return FALSE;
    }
  g_free (request->actor.reason);
  request->actor.reason = g_steal_pointer (&trimmed);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (ids, i);
      g_autoptr(CrmEntity) current = NULL;
      g_autoptr(CrmEntity) patch = NULL;
      g_autoptr(CrmEntity) stored = NULL;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_INT64)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "ids", _("ids must be record ids"));
          return FALSE;
        }
      current = rapportd_repo_get (db, &request->actor, type, json_node_get_int (item), TRUE, error);
      if (current == NULL)
        return FALSE;
      patch = crm_entity_new (type);
      crm_entity_set_version (patch, crm_entity_get_version (current));
      crm_entity_set_int (patch, klass->fields[crm_entity_class_find_owner (klass)].name, owner);
      stored = rapportd_repo_update (db, &request->actor, crm_entity_get_id (current), patch, error);
      if (stored == NULL)
        return FALSE;
    }
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"transferred\":%u}", n));
  return TRUE;
}

static char *
share_json (RapportdDbResult *result,
            guint             row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *names[] = { "id", "user_id", "team_id", "access", "until" };

  json_builder_begin_object (builder);
  for (guint c = 0; c < G_N_ELEMENTS (names); c++)
    {
      const char *cell = rapportd_db_result_get (result, row, c);

      json_builder_set_member_name (builder, names[c]);
      if (cell == NULL)
        json_builder_add_null_value (builder);
      else if (c == 3)
        json_builder_add_string_value (builder, cell);
      else if (c == 4)
        {
          gint64 usec = 0;
          g_autofree char *text = rapportd_sql_parse_time (cell, &usec) ? crm_json_format_timestamp (usec) : NULL;
          json_builder_add_string_value (builder, text);
        }
      else
        json_builder_add_int_value (builder, g_ascii_strtoll (cell, NULL, 10));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return crm_json_to_string (root);
}

static RapportdDbResult *
query_shares (RapportdDb  *db,
              const char  *entity,
              gint64       record,
              gint64       share,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, user_id, team_id, access, until FROM shares "
                                                 "WHERE entity = ? AND record_id = ?");

  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, record);
  if (share > 0)
    {
      rapportd_sql_append (sql, " AND id = ?");
      rapportd_sql_add_int (sql, share);
    }
  rapportd_sql_append (sql, " ORDER BY id");
  return rapportd_db_query (db, sql, error);
}

/* GET /{collection}/:id/shares */
RAPPORTD_HANDLER (rapportd_api_shares_list)
{
  GType type = owned_collection (request, error);
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GString) out = g_string_new ("{\"items\":[");
  gint64 id;

  if (type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error) ||
      (record = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL ||
      (result = query_shares (db, crm_entity_get_entity_name (record), id, 0, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autofree char *item = share_json (result, r);
      g_string_append_printf (out, "%s%s", r ? "," : "", item);
    }
  g_string_append (out, "]}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

static gboolean
exists (RapportdDb  *db,
        const char  *table,
        gint64       id,
        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_appendf (sql, "SELECT id FROM `%s` WHERE id = ? AND archived = 0", table);
  rapportd_sql_add_int (sql, id);
  result = rapportd_db_query (db, sql, error);
  return result != NULL && result->n_rows == 1;
}

/* POST /{collection}/:id/shares {"user_id"|"team_id","access":"read"|"write","until"?}: whoever may change a record may share it */
RAPPORTD_HANDLER (rapportd_api_shares_create)
{
  GType type = owned_collection (request, error);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdDbResult) created = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *until_db = NULL;
  const char *access, *until;
  gint64 id, user, team;
  guint64 share = 0;

  if (type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  if (rapportd_actor_is_read_only (&request->actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role can read records but not change them"));
      return FALSE;
    }
  record = rapportd_repo_get (db, &request->actor, type, id, TRUE, error);
  if (record == NULL)
    return FALSE;

  user = json_object_get_int_member_with_default (body, "user_id", 0);
  team = json_object_get_int_member_with_default (body, "team_id", 0);
  access = json_object_get_string_member_with_default (body, "access", "read");
  until = json_object_get_string_member_with_default (body, "until", NULL);
  if ((user > 0) == (team > 0))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "user_id", _("Share with either a user_id or a team_id"));
      return FALSE;
    }
  if ((user > 0 && !exists (db, "users", user, error)) || (team > 0 && !exists (db, "teams", team, error)))
    {
      if (error && *error)
        return FALSE;
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, user > 0 ? "user_id" : "team_id",
                                 _("No such user or team"));
      return FALSE;
    }
  if (!g_str_equal (access, "read") && !g_str_equal (access, "write"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "access", _("access must be read or write"));
      return FALSE;
    }
  if (until)
    {
      gint64 usec;

      if (!crm_json_parse_timestamp (until, &usec) || usec <= g_get_real_time ())
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "until", _("until must be a time in the future"));
          return FALSE;
        }
      until_db = rapportd_sql_format_time (usec);
    }

  insert = rapportd_sql_new ("INSERT INTO shares (entity, record_id, user_id, team_id, access, until, created_at, created_by) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  rapportd_sql_add_text (insert, crm_entity_get_entity_name (record));
  rapportd_sql_add_int (insert, id);
  if (user > 0)
    rapportd_sql_add_int (insert, user);
  else
    rapportd_sql_add_null (insert);
  if (team > 0)
    rapportd_sql_add_int (insert, team);
  else
    rapportd_sql_add_null (insert);
  rapportd_sql_add_text (insert, access);
  rapportd_sql_add_text (insert, until_db);
  rapportd_sql_add_text (insert, now);
  rapportd_sql_add_int (insert, request->actor.user_id);
  if (!rapportd_db_execute (db, insert, NULL, &share, error) ||
      (created = query_shares (db, crm_entity_get_entity_name (record), id, share, error)) == NULL)
    return FALSE;
  after = share_json (created, 0);
  if (!audit_text (db, request, crm_entity_get_entity_name (record), id, "share", NULL, after, error))
    return FALSE;
  rapportd_request_take_body (request, 201, g_steal_pointer (&after));
  return TRUE;
}

/* DELETE /{collection}/:id/shares/:share */
RAPPORTD_HANDLER (rapportd_api_shares_delete)
{
  GType type = owned_collection (request, error);
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdDbResult) found = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM shares WHERE id = ?");
  g_autofree char *before = NULL;
  gint64 id, share;

  if (type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_request_segment_id (request, 3, &share, error))
    return FALSE;
  if (rapportd_actor_is_read_only (&request->actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role can read records but not change them"));
      return FALSE;
    }
  if ((record = rapportd_repo_get (db, &request->actor, type, id, TRUE, error)) == NULL ||
      (found = query_shares (db, crm_entity_get_entity_name (record), id, share, error)) == NULL)
    return FALSE;
  if (found->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such share"));
      return FALSE;
    }
  before = share_json (found, 0);
  rapportd_sql_add_int (sql, share);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error) ||
      !audit_text (db, request, crm_entity_get_entity_name (record), id, "unshare", before, NULL, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_steal_pointer (&before));
  return TRUE;
}
