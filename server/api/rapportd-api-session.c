/* rapportd-api-session.c: sign in (POST), who am I (GET) and sign out (DELETE) at /api/v1/session */
#include "rapportd-api.h"
#include "rapportd-auth.h"
#include "rapportd-repo.h"
#include "rapportd-audit.h"
#include "rapportd-event-log.h"
#include "rapportd-password.h"
#include "rapportd-session-cache.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-user.h"

#include <glib/gi18n-lib.h>

/* "scopes": what the user's role sees of each kind of record, so that a
 * client opens on a section that shows them something */
static gboolean
add_scopes (RapportdDb  *db,
            JsonObject  *object,
            const char  *role,
            GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT entity, scope FROM role_scopes WHERE role = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  JsonObject *scopes;

  rapportd_sql_add_text (sql, role ? role : "");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  scopes = json_object_new ();
  for (guint r = 0; r < result->n_rows; r++)
    json_object_set_string_member (scopes, rapportd_db_result_get (result, r, 0), rapportd_db_result_get (result, r, 1));
  json_object_set_object_member (object, "scopes", scopes);
  return TRUE;
}

static JsonNode *
user_node (RapportdDb           *db,
           const RapportdActor  *actor,
           GError              **error)
{
  g_autoptr(CrmEntity) user = rapportd_repo_get (db, NULL, CRM_TYPE_USER, actor->user_id, FALSE, error);
  g_autoptr(JsonNode) node = NULL;

  if (user == NULL)
    return NULL;
  node = crm_json_from_entity (user);
  if (!add_scopes (db, json_node_get_object (node), crm_entity_get_text (user, "role"), error))
    return NULL;
  return g_steal_pointer (&node);
}

RAPPORTD_HANDLER (rapportd_api_session_create)
{
  g_autoptr(JsonObject) body = rapportd_request_body_object (request, error);
  g_auto(RapportdSignIn) sign_in = { 0 };
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expires = NULL;
  gint64 events_after;
  const char *login;
  const char *password;
  gboolean ok;

  if (body == NULL)
    return FALSE;
  login = json_object_get_string_member_with_default (body, "login", NULL);
  password = json_object_get_string_member_with_default (body, "password", NULL);
  if (login == NULL || login[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "login", _("Login is required"));
      return FALSE;
    }
  if (password == NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "password", _("Password is required"));
      return FALSE;
    }

  if (!rapportd_db_begin (db, error))
    return FALSE;
  ok = rapportd_auth_sign_in (db, login, password, request->source, &settings->auth,
                              &sign_in, &request->actor, error);
  /* a failure is counted towards throttling and audited, so it is committed too */
  if (ok || g_error_matches (*error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED) ||
      g_error_matches (*error, CRM_ERROR, CRM_ERROR_TOO_MANY_REQUESTS) ||
      g_error_matches (*error, CRM_ERROR, CRM_ERROR_LOCKED))
    {
      if (!rapportd_db_commit (db, ok ? error : NULL))
        return FALSE;
    }
  else
    rapportd_db_rollback (db);
  if (!ok)
    {
      request->retry_after = sign_in.retry_after;
      return FALSE;
    }

  /* the last event written before the client loads its pages: its event
   * WebSocket opens with ?after= this id and is told what came between */
  if ((events_after = rapportd_event_log_last (db, error)) < 0)
    return FALSE;

  builder = json_builder_new ();
  expires = crm_json_format_timestamp (sign_in.expires_at);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, sign_in.token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_set_member_name (builder, "events_after");
  json_builder_add_int_value (builder, events_after);
  json_builder_set_member_name (builder, "user");
  {
    JsonNode *user = user_node (db, &request->actor, error);

    if (user == NULL)
      return FALSE;
    json_builder_add_value (builder, user);
  }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 201, root);
  return TRUE;
}

RAPPORTD_HANDLER (rapportd_api_session_get)
{
  g_autoptr(JsonNode) user = user_node (db, &request->actor, error);

  if (user == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, user);
  return TRUE;
}

/* DELETE /session signs this session out; ?all=true every session of the user */
RAPPORTD_HANDLER (rapportd_api_session_delete)
{
  gboolean all = g_strcmp0 (rapportd_request_query (request, "all"), "true") == 0;

  if (!(all ? rapportd_auth_end_sessions (db, request->actor.user_id, error)
            : rapportd_auth_sign_out (db, request->token, error)))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup ("{}"));
  return TRUE;
}

static gboolean
audit_user (RapportdDb      *db,
            RapportdRequest *request,
            gint64           user_id,
            const char      *action,
            GError         **error)
{
  g_autoptr(CrmEntity) user = rapportd_repo_get (db, NULL, CRM_TYPE_USER, user_id, FALSE, error);
  g_autofree char *json = user ? crm_json_entity_to_string (user) : NULL;

  return json && rapportd_audit_append (db, request->actor.user_id, "user", user_id, action,
                                        request->actor.reason, NULL, json, error);
}

/* POST /session/password {"current","new"}: the user's own change, under the policy */
RAPPORTD_HANDLER (rapportd_api_session_password)
{
  g_autoptr(JsonObject) body = rapportd_request_body_object (request, error);
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT password_hash FROM users WHERE id = ? FOR UPDATE");
  g_autoptr(RapportdDbResult) current = NULL;
  const char *old_password, *new_password;

  if (body == NULL)
    return FALSE;
  old_password = json_object_get_string_member_with_default (body, "current", "");
  new_password = json_object_get_string_member_with_default (body, "new", "");
  rapportd_sql_add_int (sql, request->actor.user_id);
  if ((current = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (current->n_rows != 1 || !rapportd_auth_check_password (rapportd_db_result_get (current, 0, 0), old_password))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "current", _("The current password is wrong"));
      return FALSE;
    }
  if (!rapportd_password_check (db, request->actor.user_id, request->actor.login, new_password,
                                settings->auth.min_password_length, error) ||
      !rapportd_password_set (db, request->actor.user_id, new_password, FALSE, error) ||
      !audit_user (db, request, request->actor.user_id, "password_change", error))
    return FALSE;
  /* the cached session still says "must change" */
  rapportd_session_cache_clear ();
  rapportd_request_take_body (request, 200, g_strdup ("{}"));
  return TRUE;
}

static gboolean
admin_user_id (RapportdRequest  *request,
               gint64           *id,
               GError          **error)
{
  if (!rapportd_actor_is_admin (&request->actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Only an administrator may do this"));
      return FALSE;
    }
  return rapportd_request_segment_id (request, 1, id, error);
}

/* POST /users/:id/unlock */
RAPPORTD_HANDLER (rapportd_api_users_unlock)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE users SET locked = 0, failed_logins = 0, locked_until = NULL WHERE id = ?");
  guint64 affected = 0;
  gint64 id;

  if (!admin_user_id (request, &id, error))
    return FALSE;
  rapportd_sql_add_int (sql, id);
  if (!rapportd_db_execute (db, sql, &affected, NULL, error))
    return FALSE;
  if (affected == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No user with id %lld"), (long long) id);
      return FALSE;
    }
  if (!audit_user (db, request, id, "unlock", error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup ("{}"));
  return TRUE;
}

/* DELETE /users/:id/sessions: an administrator signs someone out everywhere */
RAPPORTD_HANDLER (rapportd_api_users_end_sessions)
{
  gint64 id;

  if (!admin_user_id (request, &id, error) ||
      !rapportd_auth_end_sessions (db, id, error) ||
      !audit_user (db, request, id, "end_sessions", error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup ("{}"));
  return TRUE;
}

/* POST /users/:id/password {"password"}: a temporary one, to be changed at the next sign-in */
RAPPORTD_HANDLER (rapportd_api_users_set_password)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) user = NULL;
  const char *password;
  gint64 id;

  if (!admin_user_id (request, &id, error) || (body = rapportd_request_body_object (request, error)) == NULL ||
      (user = rapportd_repo_get (db, NULL, CRM_TYPE_USER, id, TRUE, error)) == NULL)
    return FALSE;
  password = json_object_get_string_member_with_default (body, "password", "");
  if (!rapportd_password_check (db, id, crm_entity_get_text (user, "login"), password,
                                settings->auth.min_password_length, error) ||
      !rapportd_password_set (db, id, password, TRUE, error) ||
      !rapportd_auth_end_sessions (db, id, error) ||
      !audit_user (db, request, id, "password_reset", error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup ("{}"));
  return TRUE;
}
