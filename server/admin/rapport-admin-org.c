/* rapport-admin-org.c: the organisation from the command line: teams, users, deactivation with transfer */
#include "rapport-admin-org.h"
#include "rapportd-repo.h"
#include "rapportd-password.h"
#include "rapportd-setup.h"
#include "rapportd-user.h"
#include "crm-error.h"
#include "crm-team.h"
#include "crm-user.h"

/* the command line acts for the system: no user, no scope */
static const RapportdActor system_actor = { 0, (char *) "system", (char *) "system", (char *) "admin", 0, NULL, NULL };

static gint64
find_id (RapportdDb  *db,
         const char  *table,
         const char  *column,
         const char  *value,
         GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_appendf (sql, "SELECT id FROM `%s` WHERE `%s` = ?", table, column);
  rapportd_sql_add_text (sql, value);
  result = rapportd_db_query (db, sql, error);
  if (result == NULL)
    return -1;
  if (result->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, "no %s “%s”", table, value);
      return -1;
    }
  return g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
}

static gboolean
in_transaction (RapportdDb  *db,
                gboolean     ok,
                GError     **error)
{
  if (ok && rapportd_db_commit (db, error))
    return TRUE;
  rapportd_db_rollback (db);
  return FALSE;
}

gboolean
rapport_admin_team_add (RapportdDb  *db,
                        const char  *name,
                        const char  *parent,
                        GError     **error)
{
  g_autoptr(CrmEntity) team = crm_entity_new (CRM_TYPE_TEAM);
  g_autoptr(CrmEntity) stored = NULL;
  gint64 parent_id = 0;

  crm_entity_set_text (team, "name", name);
  if (parent && (parent_id = find_id (db, "teams", "name", parent, error)) < 0)
    return FALSE;
  if (parent_id > 0)
    crm_entity_set_int (team, "parent", parent_id);
  if (!crm_entity_validate (team, CRM_VALIDATE_CREATE, error) || !rapportd_db_begin (db, error))
    return FALSE;
  stored = rapportd_repo_create (db, &system_actor, team, error);
  return in_transaction (db, stored != NULL, error);
}

gboolean
rapport_admin_user_add (RapportdDb  *db,
                        const char  *login,
                        const char  *name,
                        const char  *role,
                        const char  *team,
                        const char  *manager,
                        const char  *password,
                        GError     **error)
{
  g_autoptr(CrmEntity) user = crm_entity_new (CRM_TYPE_USER);
  g_autoptr(CrmEntity) stored = NULL;
  gint64 team_id = 0, manager_id = 0;

  if ((team && (team_id = find_id (db, "teams", "name", team, error)) < 0) ||
      (manager && (manager_id = find_id (db, "users", "login", manager, error)) < 0))
    return FALSE;
  crm_entity_set_text (user, "login", login);
  crm_entity_set_text (user, "name", name ? name : login);
  crm_entity_set_text (user, "role", role ? role : "sales");
  if (team_id > 0)
    crm_entity_set_int (user, "team", team_id);
  if (manager_id > 0)
    crm_entity_set_int (user, "manager", manager_id);
  if (!crm_entity_validate (user, CRM_VALIDATE_CREATE, error) || !rapportd_db_begin (db, error))
    return FALSE;
  stored = rapportd_repo_create (db, &system_actor, user, error);
  return in_transaction (db, stored != NULL &&
                         rapportd_password_set (db, crm_entity_get_id (stored), password, FALSE, error),
                         error);
}

/**
 * rapport_admin_user_deactivate:
 * @db: a connection
 * @login: the user who leaves
 * @transfer_to: the login of who takes over their records
 * @n_transferred: (out): records transferred
 * @error: return location for a #GError
 *
 * rapportd_user_deactivate() for the system, in a transaction of its own.
 */
gboolean
rapport_admin_user_deactivate (RapportdDb  *db,
                               const char  *login,
                               const char  *transfer_to,
                               guint       *n_transferred,
                               GError     **error)
{
  g_autoptr(CrmEntity) user = NULL;
  gint64 from, to;

  *n_transferred = 0;
  if ((from = find_id (db, "users", "login", login, error)) < 0 ||
      (to = find_id (db, "users", "login", transfer_to, error)) < 0 ||
      !rapportd_db_begin (db, error))
    return FALSE;
  user = rapportd_user_deactivate (db, 0, from, to, NULL, n_transferred, error);
  return in_transaction (db, user != NULL, error);
}
