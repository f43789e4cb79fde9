/* rapportd-password.c: the password policy, and setting a password with its history */
#include "rapportd-password.h"
#include "rapportd-auth.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * rapportd_password_check:
 * @db: a connection
 * @user_id: whose password
 * @login: their login
 * @password: the password they want
 * @min_length: fewest characters allowed
 * @error: a %CRM_ERROR_VALIDATION naming "password"
 *
 * Long enough, not the login (nor containing it), and none of the last
 * %RAPPORTD_PASSWORD_HISTORY passwords, the current one included.
 */
gboolean
rapportd_password_check (RapportdDb  *db,
                         gint64       user_id,
                         const char  *login,
                         const char  *password,
                         guint        min_length,
                         GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?");
  g_autoptr(RapportdDbResult) history = NULL;
  g_autofree char *lower_password = NULL;
  g_autofree char *lower_login = NULL;

  if (!g_utf8_validate (password, -1, NULL) || g_utf8_strlen (password, -1) < min_length)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "password",
                                 _("A password needs at least %u characters"), min_length);
      return FALSE;
    }
  lower_password = g_utf8_strdown (password, -1);
  lower_login = g_utf8_strdown (login, -1);
  if (strstr (lower_password, lower_login) != NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "password",
                                 _("A password must not contain the login"));
      return FALSE;
    }

  rapportd_sql_add_int (sql, user_id);
  rapportd_sql_add_int (sql, RAPPORTD_PASSWORD_HISTORY);
  if ((history = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < history->n_rows; r++)
    if (rapportd_auth_check_password (rapportd_db_result_get (history, r, 0), password))
      {
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "password",
                                   _("Choose a password you have not used for your last %d passwords"),
                                   RAPPORTD_PASSWORD_HISTORY);
        return FALSE;
      }
  return TRUE;
}

/**
 * rapportd_password_set:
 * @db: a connection
 * @user_id: whose password
 * @password: the new password (already checked, where a policy applies)
 * @must_change: whether the user must change it at their next sign-in
 * @error: return location for a #GError
 *
 * Stores the argon2id hash, remembers it in the history, and ends any
 * lockout.
 */
gboolean
rapportd_password_set (RapportdDb  *db,
                       gint64       user_id,
                       const char  *password,
                       gboolean     must_change,
                       GError     **error)
{
  g_autofree char *hash = rapportd_auth_hash_password (password, error);
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  g_autoptr(RapportdSql) update = NULL;
  g_autoptr(RapportdSql) remember = NULL;
  g_autoptr(RapportdSql) forget = NULL;

  if (hash == NULL)
    return FALSE;
  update = rapportd_sql_new ("UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = ?, "
                             "failed_logins = 0, locked_until = NULL, locked = 0 WHERE id = ?");
  rapportd_sql_add_text (update, hash);
  rapportd_sql_add_text (update, now);
  rapportd_sql_add_int (update, must_change ? 1 : 0);
  rapportd_sql_add_int (update, user_id);
  remember = rapportd_sql_new ("INSERT INTO password_history (user_id, hash, created_at) VALUES (?, ?, ?)");
  rapportd_sql_add_int (remember, user_id);
  rapportd_sql_add_text (remember, hash);
  rapportd_sql_add_text (remember, now);
  /* keep only the newest few */
  forget = rapportd_sql_new ("DELETE FROM password_history WHERE user_id = ? AND id NOT IN "
                             "(SELECT id FROM (SELECT id FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?) AS newest)");
  rapportd_sql_add_int (forget, user_id);
  rapportd_sql_add_int (forget, user_id);
  rapportd_sql_add_int (forget, RAPPORTD_PASSWORD_HISTORY);
  return rapportd_db_execute (db, update, NULL, NULL, error) &&
         rapportd_db_execute (db, remember, NULL, NULL, error) &&
         rapportd_db_execute (db, forget, NULL, NULL, error);
}
