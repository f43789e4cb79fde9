/* rapportd-api-signer.c: an electronic signature's re-entered credentials, checked for any request that signs */
#include "rapportd-api-signer.h"
#include "rapportd-auth.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/**
 * rapportd_api_signer_session_has_signed:
 * @db: a connection
 * @token: the session's token
 *
 * Part 11 §11.200(a)(1): the first signature of a session takes the login
 * and the password; later ones in the same continuous session the password.
 *
 * Returns: whether the session signed before
 */
gboolean
rapportd_api_signer_session_has_signed (RapportdDb *db,
                                        const char *token)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT signed_at IS NOT NULL FROM sessions WHERE token_hash = ?");
  g_autofree char *hash = NULL;
  g_autoptr(RapportdDbResult) result = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  hash = rapportd_auth_token_hash (token);
  rapportd_sql_add_text (sql, hash);
  result = rapportd_db_query (db, sql, NULL);
  return result && result->n_rows == 1 && g_strcmp0 (rapportd_db_result_get (result, 0, 0), "1") == 0;
}

/**
 * rapportd_api_signer_mark_signed:
 * @db: a connection inside the signature's transaction
 * @token: the session's token
 * @error: return location for a #GError
 *
 * Records that the session signed, so that its next signature needs the
 * password alone.
 */
gboolean
rapportd_api_signer_mark_signed (RapportdDb  *db,
                                 const char  *token,
                                 GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE sessions SET signed_at = UTC_TIMESTAMP(6) WHERE token_hash = ?");
  g_autofree char *hash = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  hash = rapportd_auth_token_hash (token);
  rapportd_sql_add_text (sql, hash);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_api_signer_check:
 * @request: a request that signs, inside its transaction
 * @db: its connection
 * @settings: the lockout rules
 * @body: (nullable): its body: "password", and "login" on the session's
 *   first signature
 * @error: return location for a #GError: 422 naming "password" or
 *   "login" when one is missing, 401 for a wrong password, 403 for
 *   someone else's login
 *
 * Checks the signer's credentials as signing in does. A failure is
 * committed at once, audited and counted toward lockout, and a fresh
 * transaction begun for the caller to roll back: the signature itself is
 * not given.
 */
gboolean
rapportd_api_signer_check (RapportdRequest            *request,
                           RapportdDb                 *db,
                           const RapportdApiSettings  *settings,
                           JsonObject                 *body,
                           GError                    **error)
{
  const char *password = body ? json_object_get_string_member_with_default (body, "password", NULL) : NULL;
  const char *login = body ? json_object_get_string_member_with_default (body, "login", NULL) : NULL;
  g_autoptr(GError) failure = NULL;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);

  if (password == NULL || password[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "password", _("Sign with your password"));
      return FALSE;
    }
  if ((login == NULL || login[0] == '\0') && !rapportd_api_signer_session_has_signed (db, request->token))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "login",
                                 _("Your first signature in this session needs your login as well as your password"));
      return FALSE;
    }
  if (rapportd_auth_verify_signer (db, login && login[0] ? login : request->actor.login, password, request->source,
                                   &settings->auth, request->actor.user_id, &failure))
    return TRUE;

  /* the failure is kept: audited and counted toward lockout */
  if (!rapportd_db_commit (db, NULL))
    rapportd_db_rollback (db);
  if (!rapportd_db_begin (db, NULL))
    g_debug ("no transaction after a failed signature; the caller's rollback has nothing to undo");
  if (g_error_matches (failure, CRM_ERROR, CRM_ERROR_UNAUTHORIZED))
    g_set_error (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("Wrong password: the signature was not given"));
  else
    g_propagate_error (error, g_steal_pointer (&failure));
  return FALSE;
}
