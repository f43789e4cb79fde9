/* rapport-admin-org.c: the organisation from the command line: teams, users, deactivation with transfer */
#include "rapport-admin-org.h"
#include "rapportd-audit.h"
#include "rapportd-repo.h"
#include "rapportd-password.h"
#include "rapportd-setup.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
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

/* every record the user owns, of every kind, goes to the new owner */
static gboolean
transfer_all (RapportdDb          *db,
              const RapportdActor *actor,
              gint64               from,
              gint64               to,
              guint               *n_transferred,
              GError             **error)
{
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *klass = g_type_class_peek (types[t]);
      int owner = crm_entity_class_find_owner (klass);
      g_autoptr(RapportdSql) sql = NULL;
      g_autoptr(RapportdDbResult) owned = NULL;

      if (owner < 0)
        continue;
      sql = rapportd_sql_new (NULL);
      rapportd_sql_appendf (sql, "SELECT id, version FROM `%s` WHERE `%s` = ? FOR UPDATE",
                            klass->collection, crm_field_spec_get_column (&klass->fields[owner]));
      rapportd_sql_add_int (sql, from);
      if ((owned = rapportd_db_query (db, sql, error)) == NULL)
        return FALSE;
      for (guint r = 0; r < owned->n_rows; r++)
        {
          g_autoptr(CrmEntity) patch = crm_entity_new (types[t]);
          g_autoptr(CrmEntity) stored = NULL;

          crm_entity_set_version (patch, g_ascii_strtoll (rapportd_db_result_get (owned, r, 1), NULL, 10));
          crm_entity_set_int (patch, klass->fields[owner].name, to);
          stored = rapportd_repo_update (db, actor, g_ascii_strtoll (rapportd_db_result_get (owned, r, 0), NULL, 10),
                                         patch, error);
          if (stored == NULL)
            return FALSE;
          (*n_transferred)++;
        }
    }
  return TRUE;
}

/**
 * rapport_admin_user_deactivate:
 * @db: a connection
 * @login: the user who leaves
 * @transfer_to: the login of who takes over their records
 * @n_transferred: (out): records transferred
 * @error: return location for a #GError
 *
 * Users are deactivated, never deleted, and their records are never
 * orphaned: in one transaction every record they own is transferred, with
 * the reason audited, their sessions end and they can no longer sign in.
 */
gboolean
rapport_admin_user_deactivate (RapportdDb  *db,
                               const char  *login,
                               const char  *transfer_to,
                               guint       *n_transferred,
                               GError     **error)
{
  g_autofree char *reason = g_strdup_printf ("%s deactivated; records transferred to %s", login, transfer_to);
  RapportdActor actor = system_actor;
  g_autoptr(CrmEntity) before = NULL;
  g_autoptr(CrmEntity) after = NULL;
  g_autoptr(RapportdSql) deactivate = rapportd_sql_new ("UPDATE users SET active = 0, version = version + 1 WHERE id = ?");
  g_autoptr(RapportdSql) sessions = rapportd_sql_new ("DELETE FROM sessions WHERE user_id = ?");
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  gint64 from, to;
  gboolean ok;

  *n_transferred = 0;
  actor.reason = reason;
  if ((from = find_id (db, "users", "login", login, error)) < 0 ||
      (to = find_id (db, "users", "login", transfer_to, error)) < 0)
    return FALSE;
  if (from == to)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, "records cannot be transferred to the user who leaves");
      return FALSE;
    }
  if (!rapportd_db_begin (db, error))
    return FALSE;

  rapportd_sql_add_int (deactivate, from);
  rapportd_sql_add_int (sessions, from);
  ok = (before = rapportd_repo_get (db, NULL, CRM_TYPE_USER, from, TRUE, error)) != NULL &&
       transfer_all (db, &actor, from, to, n_transferred, error) &&
       rapportd_db_execute (db, deactivate, NULL, NULL, error) &&
       rapportd_db_execute (db, sessions, NULL, NULL, error) &&
       (after = rapportd_repo_get (db, NULL, CRM_TYPE_USER, from, FALSE, error)) != NULL;
  if (ok)
    {
      before_json = crm_json_entity_to_string (before);
      after_json = crm_json_entity_to_string (after);
      ok = rapportd_audit_append (db, 0, "user", from, "deactivate", reason, before_json, after_json, error);
    }
  return in_transaction (db, ok, error);
}
