/* rapportd-api-session.c: sign in (POST), who am I (GET) and sign out (DELETE) at /api/v1/session */
#include "rapportd-api.h"
#include "rapportd-auth.h"
#include "rapportd-repo.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-user.h"

#include <glib/gi18n-lib.h>

static JsonNode *
user_node (RapportdDb           *db,
           const RapportdActor  *actor,
           GError              **error)
{
  g_autoptr(CrmEntity) user = rapportd_repo_get (db, NULL, CRM_TYPE_USER, actor->user_id, FALSE, error);

  return user ? crm_json_from_entity (user) : NULL;
}

RAPPORTD_HANDLER (rapportd_api_session_create)
{
  g_autoptr(JsonObject) body = rapportd_request_body_object (request, error);
  g_auto(RapportdSignIn) sign_in = { 0 };
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expires = NULL;
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
  ok = rapportd_auth_sign_in (db, login, password, request->source, settings->session_seconds,
                              &sign_in, &request->actor, error);
  /* a failure is counted towards throttling, so it is committed too */
  if (ok || g_error_matches (*error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED))
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

  builder = json_builder_new ();
  expires = crm_json_format_timestamp (sign_in.expires_at);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, sign_in.token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
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

RAPPORTD_HANDLER (rapportd_api_session_delete)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  if (!rapportd_auth_sign_out (db, request->token, error))
    return FALSE;
  json_node_take_object (root, json_object_new ());
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
