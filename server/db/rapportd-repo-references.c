/* rapportd-repo-references.c: what a record may point at: visible records of its own account, owners only by who may give, an account only by who may change it */
#include "rapportd-repo-private.h"
#include "rapportd-repo-memo.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* handing a record to someone else: administrators, and whoever sees more than their own */
static gboolean
may_assign (CrmEntityClass      *klass,
            const RapportdActor *actor)
{
  const char *scope;

  if (actor->scopes == NULL || rapportd_actor_is_admin (actor))
    return TRUE;
  scope = rapportd_actor_scope (actor, klass->entity_name);
  return g_str_equal (scope, "team") || g_str_equal (scope, "company");
}

/* what a record points at belongs to the same customer: a quote's contact
 * works for the quote's account, a payment's order was placed by its account */
static gboolean
check_same_account (CrmEntity           *entity,
                    const CrmFieldSpec  *spec,
                    CrmEntity           *found,
                    GError             **error)
{
  int mine = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), "account");
  int theirs = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (found), "account");

  if (mine < 0 || theirs < 0 || g_strcmp0 (spec->reference, "account") == 0 ||
      !crm_entity_has_value (entity, mine) || crm_entity_value (entity, mine)->is_null ||
      crm_entity_value (entity, mine)->i == crm_entity_value (found, theirs)->i)
    return TRUE;
  {
    g_autofree char *noun = crm_entity_class_dup_noun (CRM_ENTITY_GET_CLASS (found));

    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (spec),
                               _("This %s belongs to another account"), noun);
  }
  return FALSE;
}

/* the account @entity belongs to, 0 for none: what check_same_account() compares */
static gint64
account_of (CrmEntity *entity)
{
  int mine = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), "account");

  return mine >= 0 && crm_entity_has_value (entity, mine) && !crm_entity_value (entity, mine)->is_null
         ? crm_entity_value (entity, mine)->i : 0;
}

/* A record that belongs to an account (a contact, a quote, an order…) is
 * added to it, or moved under it, only by one who may change the account:
 * a read share shows the account and adds nothing to it. */
static gboolean
check_parent_writable (RapportdDb           *db,
                       const RapportdActor  *actor,
                       const CrmFieldSpec   *spec,
                       CrmEntity            *parent,
                       GError              **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (parent);
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autofree char *noun = NULL;

  if (g_strcmp0 (spec->reference, "account") != 0 || (spec->flags & CRM_FIELD_OWNER) ||
      actor == NULL || actor->scopes == NULL)
    return TRUE;
  sql = rapportd_sql_new (NULL);
  rapportd_sql_appendf (sql, "SELECT `id` FROM `%s` WHERE `id` = ?", klass->collection);
  rapportd_sql_add_int (sql, crm_entity_get_id (parent));
  rapportd_repo_append_scope (sql, klass, actor, TRUE);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 1)
    return TRUE;
  noun = crm_entity_class_dup_noun (klass);
  crm_error_set_field_error (error, CRM_ERROR_FORBIDDEN, crm_field_spec_get_json_key (spec),
                             _("You may read this %s but not add records to it"), noun);
  return FALSE;
}

/* A line that names a record kept by owner (a contact taking part, a
 * contact's role on an opportunity) names one the writer can see. Lines
 * that name records everyone sees (a quote line's product) are left to the
 * foreign key, so a long quote costs no read per line. */
static gboolean
check_line_references (RapportdDb           *db,
                       const RapportdActor  *actor,
                       CrmEntity            *entity,
                       GError              **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  GPtrArray *lines = crm_entity_get_lines (entity);

  if (lines == NULL || klass->line_type == G_TYPE_INVALID || actor == NULL || actor->scopes == NULL)
    return TRUE;
  for (guint n = 0; n < lines->len; n++)
    {
      CrmEntity *line = lines->pdata[n];
      guint n_fields;
      const CrmFieldSpec *fields = crm_entity_get_fields (line, &n_fields);

      for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < n_fields; i++)
        {
          const CrmFieldSpec *spec = &fields[i];
          CrmValue *value = crm_entity_value (line, i);
          GType target;
          g_autoptr(CrmEntity) found = NULL;
          g_autoptr(GError) local_error = NULL;

          if (spec->type != CRM_FIELD_REFERENCE || !value->set || value->is_null)
            continue;
          target = crm_entities_lookup_name (spec->reference);
          g_assert (target != G_TYPE_INVALID);
          if (crm_entity_class_find_owner (g_type_class_peek (target)) < 0)
            continue;
          found = rapportd_repo_get (db, actor, target, value->i, FALSE, &local_error);
          if (found != NULL)
            continue;
          if (!g_error_matches (local_error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_entity_class_lines_member (klass),
                                     _("Line %u: no %s with id %lld"), n + 1, spec->reference, (long long) value->i);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rapportd_repo_check_references:
 * @db: a connection
 * @actor: who writes
 * @entity: the record as it is to be written
 * @before: (nullable): the record as stored, for a change
 * @error: why a reference is refused
 *
 * Every reference that is new or changed must name a record the actor can
 * see (no pointing at hidden rows), of the same account as @entity, and
 * so must every record its lines name that is kept by owner; an
 * owner is given only by who may give records; a record is put under an
 * account only by who may change that account.
 *
 * Returns: %TRUE when every reference may be written
 */
gboolean
rapportd_repo_check_references (RapportdDb           *db,
                                const RapportdActor  *actor,
                                CrmEntity            *entity,
                                CrmEntity            *before,
                                GError              **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);
  g_autofree char *memo_key = NULL;
  char *memo_value = NULL;

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < n_fields; i++)
    {
      const CrmFieldSpec *spec = &fields[i];
      CrmValue *value = crm_entity_value (entity, i);
      GType target;
      g_autoptr(CrmEntity) found = NULL;
      g_autoptr(GError) local_error = NULL;

      if (spec->type != CRM_FIELD_REFERENCE || !value->set || value->is_null)
        continue;
      if (before && crm_entity_value (before, i)->i == value->i)
        continue;

      if ((spec->flags & CRM_FIELD_OWNER) && value->i != actor->user_id && !may_assign (klass, actor))
        {
          crm_error_set_field_error (error, CRM_ERROR_FORBIDDEN, crm_field_spec_get_json_key (spec),
                                     _("Only a manager, a director or an administrator may give records to someone else"));
          return FALSE;
        }

      /* oneself: the write read one's own row already, active and locked */
      if ((spec->flags & CRM_FIELD_OWNER) && actor->refreshed && value->i == actor->user_id)
        continue;
      /* a bulk write checks each reference once (rapportd-repo-memo.h) */
      g_free (memo_key);
      memo_key = g_strdup_printf ("reference\037%s.%s=%" G_GINT64_FORMAT "\037%" G_GINT64_FORMAT, klass->entity_name,
                                  crm_field_spec_get_json_key (spec), value->i, account_of (entity));
      if (rapportd_repo_memo_lookup (memo_key, &memo_value))
        {
          g_clear_pointer (&memo_value, g_free);
          continue;
        }
      target = crm_entities_lookup_name (spec->reference);
      g_assert (target != G_TYPE_INVALID);
      found = rapportd_repo_get (db, actor, target, value->i, FALSE, &local_error);
      if (found == NULL)
        {
          if (!g_error_matches (local_error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (spec),
                                     _("No %s with id %lld"), spec->reference, (long long) value->i);
          return FALSE;
        }
      if (!check_same_account (entity, spec, found, error) ||
          !check_parent_writable (db, actor, spec, found, error))
        return FALSE;
      rapportd_repo_memo_store (memo_key, "");
    }
  return check_line_references (db, actor, entity, error);
}
