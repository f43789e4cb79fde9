/* rapportd-user.c: a user leaves: deactivation, with everything they own handed to someone else */
#include "rapportd-user.h"
#include "rapportd-auth.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-user.h"

#include <glib/gi18n-lib.h>

/* the audit column holds at most this many characters */
#define MAX_REASON 500

/* every record the user owns, of every kind, goes to the new owner, each change audited */
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

static gboolean
is_last_admin (RapportdDb  *db,
               CrmEntity   *user,
               gboolean    *last,
               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id <> ?");
  g_autoptr(RapportdDbResult) others = NULL;

  *last = FALSE;
  if (g_strcmp0 (crm_entity_get_text (user, "role"), "admin") != 0)
    return TRUE;
  rapportd_sql_add_int (sql, crm_entity_get_id (user));
  if ((others = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *last = g_ascii_strtoll (rapportd_db_result_get (others, 0, 0), NULL, 10) == 0;
  return TRUE;
}

/* the one who takes over: an existing, active user other than the one who leaves */
static CrmEntity *
successor (RapportdDb  *db,
           gint64       user_id,
           gint64       transfer_to,
           GError     **error)
{
  g_autoptr(CrmEntity) found = NULL;
  g_autoptr(GError) local_error = NULL;

  if (transfer_to <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "transfer_to",
                                 _("transfer_to must name the user who takes over the records"));
      return NULL;
    }
  if (transfer_to == user_id)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "transfer_to",
                                 _("Records cannot be transferred to the user who leaves"));
      return NULL;
    }
  found = rapportd_repo_get (db, NULL, CRM_TYPE_USER, transfer_to, TRUE, &local_error);
  if (found == NULL)
    {
      if (!g_error_matches (local_error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "transfer_to",
                                   _("No user with id %lld to take over the records"), (long long) transfer_to);
      return NULL;
    }
  if (!crm_entity_get_bool (found, "active"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "transfer_to",
                                 _("%s is deactivated and cannot take over records"),
                                 crm_entity_get_text (found, "login"));
      return NULL;
    }
  return g_steal_pointer (&found);
}

/**
 * rapportd_user_deactivate:
 * @db: a connection inside a transaction, which the caller commits
 * @actor_id: the administrator who does it, or 0 for the system (the
 *   command line)
 * @user_id: the user who leaves
 * @transfer_to: the user who takes over their records
 * @note: (nullable): why, as the administrator puts it
 * @n_transferred: (out): records transferred
 * @error: return location for a #GError: %CRM_ERROR_NOT_FOUND for an
 *   unknown @user_id, %CRM_ERROR_VALIDATION on "transfer_to" for a missing,
 *   unknown, deactivated or identical successor, %CRM_ERROR_CONFLICT when
 *   the user is already deactivated or is the last active administrator
 *
 * Users are deactivated, never deleted, and their records are never
 * orphaned: every record they own, of every kind and archived ones too, is
 * transferred with the reason audited; their sessions end and they can no
 * longer sign in. The command line and the API both come here.
 *
 * Returns: (transfer full): the user as now stored
 */
CrmEntity *
rapportd_user_deactivate (RapportdDb  *db,
                          gint64       actor_id,
                          gint64       user_id,
                          gint64       transfer_to,
                          const char  *note,
                          guint       *n_transferred,
                          GError     **error)
{
  g_autoptr(CrmEntity) before = NULL;
  g_autoptr(CrmEntity) heir = NULL;
  g_autoptr(CrmEntity) after = NULL;
  g_autoptr(RapportdSql) deactivate = rapportd_sql_new ("UPDATE users SET active = 0, version = version + 1, "
                                                        "updated_at = ?, updated_by = ? WHERE id = ?");
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *reason = NULL;
  /* sees and may hand over every record, whatever the administrator's own data scope */
  RapportdActor actor = { actor_id, (char *) "system", (char *) "system", (char *) "admin", 0, NULL, NULL };
  gboolean last = FALSE;

  *n_transferred = 0;
  if ((before = rapportd_repo_get (db, NULL, CRM_TYPE_USER, user_id, TRUE, error)) == NULL)
    return NULL;
  if (!crm_entity_get_bool (before, "active"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("%s is already deactivated"),
                   crm_entity_get_text (before, "login"));
      return NULL;
    }
  if ((heir = successor (db, user_id, transfer_to, error)) == NULL || !is_last_admin (db, before, &last, error))
    return NULL;
  if (last)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("The last active administrator cannot be deactivated"));
      return NULL;
    }

  reason = g_strdup_printf ("%s deactivated; records transferred to %s%s%s", crm_entity_get_text (before, "login"),
                            crm_entity_get_text (heir, "login"), note && note[0] ? ": " : "", note ? note : "");
  if (g_utf8_strlen (reason, -1) > MAX_REASON)
    {
      char *cut = g_utf8_substring (reason, 0, MAX_REASON);
      g_free (reason);
      reason = cut;
    }
  actor.reason = reason;

  rapportd_sql_add_text (deactivate, now);
  if (actor_id > 0)
    rapportd_sql_add_int (deactivate, actor_id);
  else
    rapportd_sql_add_null (deactivate);
  rapportd_sql_add_int (deactivate, user_id);
  if (!transfer_all (db, &actor, user_id, transfer_to, n_transferred, error) ||
      !rapportd_db_execute (db, deactivate, NULL, NULL, error) ||
      !rapportd_auth_end_sessions (db, user_id, error) ||
      (after = rapportd_repo_get (db, NULL, CRM_TYPE_USER, user_id, FALSE, error)) == NULL ||
      !rapportd_repo_audit (db, &actor, "deactivate", before, after, error))
    return NULL;
  return g_steal_pointer (&after);
}
