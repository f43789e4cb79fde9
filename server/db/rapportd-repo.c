/* rapportd-repo.c: the generic repository: read and create any entity, and the checks every write makes */
#include "rapportd-repo-private.h"
#include "rapportd-audit.h"
#include "rapportd-dedup.h"
#include "rapportd-event-log.h"
#include "rapportd-webhook-outbox.h"
#include "rapportd-personal.h"
#include "rapportd-repo-rules.h"
#include "rapportd-search-index.h"
#include "rapportd-pool-view.h"
#include "crm-currency.h"
#include "crm-document-pricing.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * rapportd_repo_get:
 * @db: a connection
 * @actor: who asks; the row must be visible to them
 * @type: the entity type
 * @id: the record id
 * @for_update: the row is to be changed: lock it for the rest of the
 *   transaction, and find it only if the actor may change it
 * @error: return location for a %CRM_ERROR_NOT_FOUND
 *
 * A row the actor may not see is reported exactly like a missing one.
 *
 * Returns: (transfer full): the record
 */
static CrmEntity *
get_record (RapportdDb          *db,
            const RapportdActor *actor,
            GType                type,
            gint64               id,
            gboolean             for_update,
            gboolean             named,
            GError             **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(CrmEntity) entity = NULL;

  if (named)
    rapportd_repo_append_select_named (sql, klass);
  else
    rapportd_repo_append_select (sql, klass);
  rapportd_sql_append (sql, " WHERE `id` = ?");
  rapportd_sql_add_int (sql, id);
  rapportd_repo_append_scope (sql, klass, actor, for_update);
  if (for_update)
    rapportd_sql_append (sql, " FOR UPDATE");

  result = rapportd_db_query (db, sql, error);
  if (result == NULL)
    return NULL;
  if (result->n_rows == 0 && for_update && actor != NULL)
    {
      /* one who may read it learns that they may not change it; others, nothing */
      g_autoptr(CrmEntity) readable = rapportd_repo_get (db, actor, type, id, FALSE, NULL);

      if (readable != NULL)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                       _("You may read this %s but not change it"), klass->entity_name);
          return NULL;
        }
    }
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("No %s with id %lld"), klass->entity_name, (long long) id);
      return NULL;
    }
  entity = rapportd_repo_entity_from_row (type, result, 0, error);
  if (entity != NULL && named)
    rapportd_repo_entity_take_names (entity, result, 0);
  if (entity != NULL && !for_update && !rapportd_pool_view_mask_one (db, actor, entity, error))
    return NULL;
  if (entity != NULL && klass->line_type != G_TYPE_INVALID &&
      !rapportd_repo_lines_load (db, entity, error))
    return NULL;
  return g_steal_pointer (&entity);
}

CrmEntity *
rapportd_repo_get (RapportdDb          *db,
                   const RapportdActor *actor,
                   GType                type,
                   gint64               id,
                   gboolean             for_update,
                   GError             **error)
{
  return get_record (db, actor, type, id, for_update, FALSE, error);
}

/**
 * rapportd_repo_get_named:
 * @db: a connection
 * @actor: (nullable): who asks
 * @type: the entity type
 * @id: the record id
 * @error: return location for a %CRM_ERROR_NOT_FOUND
 *
 * As rapportd_repo_get() for reading, with the names its references point
 * at (as rapportd_repo_name_references() gives them), in one statement.
 *
 * Returns: (transfer full): the record
 */
CrmEntity *
rapportd_repo_get_named (RapportdDb          *db,
                         const RapportdActor *actor,
                         GType                type,
                         gint64               id,
                         GError             **error)
{
  return get_record (db, actor, type, id, FALSE, TRUE, error);
}

/* Art. 18: a record whose processing is restricted is kept, and not changed */
gboolean
rapportd_repo_check_not_restricted (CrmEntity  *record,
                                    GError    **error)
{
  int restricted = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), "restricted");

  if (restricted >= 0 && crm_entity_value (record, restricted)->i != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_LOCKED,
                   _("Processing of this %s is restricted; it cannot be changed"),
                   crm_entity_get_entity_name (record));
      return FALSE;
    }
  return TRUE;
}

gboolean
rapportd_repo_check_may_write (CrmEntityClass       *klass,
                               const RapportdActor  *actor,
                               GError              **error)
{
  if (rapportd_actor_is_read_only (actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role can read records but not change them"));
      return FALSE;
    }
  if (klass->admin_writes && !rapportd_actor_is_admin (actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                   _("Only an administrator may change %s records"), klass->entity_name);
      return FALSE;
    }
  if (actor->scopes != NULL && !crm_entity_class_may_write (klass, actor->role))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role may read but not change this kind of record (%s)"), noun);
      return FALSE;
    }
  return rapportd_repo_check_reason (klass, actor, error);
}

/* a unique key named <table>_<column> tells which field holds the duplicate */
void
rapportd_repo_explain_duplicate (CrmEntityClass  *klass,
                                 GError         **error)
{
  const char *key = rapportd_db_duplicate_key (*error);
  g_autofree char *column = NULL;
  const char *end;

  if (key == NULL || !g_str_has_prefix (key, klass->collection) || key[strlen (klass->collection)] != '_')
    return;
  key += strlen (klass->collection) + 1;
  end = strchr (key, '\'');
  column = end ? g_strndup (key, end - key) : g_strdup (key);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];

      if (g_strcmp0 (crm_field_spec_get_column (spec), column) == 0)
        {
          /* the record's kind and the field in the words the forms use, a label's context included */
          g_autofree char *noun = crm_entity_class_dup_noun (klass);

          g_clear_error (error);
          crm_error_set_field_error (error, CRM_ERROR_DUPLICATE, crm_field_spec_get_json_key (spec),
                                     _("Another %s already has this %s"), noun, crm_field_spec_get_label (spec));
          return;
        }
    }
}

/* Clients who may see the record hear of the change: which record, its
 * version, what happened and who did it, nothing of its content; they
 * read the record again with their own rights. */
char *
rapportd_repo_change_payload (const RapportdActor *actor,
                              const char          *action,
                              CrmEntity           *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, crm_entity_get_entity_name (record));
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, crm_entity_get_id (record));
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, crm_entity_get_version (record));
  json_builder_set_member_name (builder, "actor_id");
  json_builder_add_int_value (builder, actor->user_id);
  json_builder_set_member_name (builder, "actor_name");
  if (actor->name != NULL)
    json_builder_add_string_value (builder, actor->name);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * rapportd_repo_audit:
 * @db: a connection inside the transaction that made the change
 * @actor: who
 * @action: what, e.g. "update"
 * @before: (nullable): the record before
 * @after: (nullable): the record after
 * @error: return location for a #GError
 *
 * Appends the change to the audit chain, personal values sealed, and
 * writes the "change" event that clients who may read the record hear
 * once the transaction commits, and its webhook deliveries.
 */
gboolean
rapportd_repo_audit (RapportdDb           *db,
                     const RapportdActor  *actor,
                     const char           *action,
                     CrmEntity            *before,
                     CrmEntity            *after,
                     GError              **error)
{
  /* personal values go into the trail sealed under their person's key */
  g_autofree char *before_json = before ? rapportd_personal_seal (db, before, error) : NULL;
  g_autofree char *after_json = NULL;
  g_autofree char *payload = NULL;
  CrmEntity *any = after ? after : before;

  if (before && before_json == NULL)
    return FALSE;
  if (after && (after_json = rapportd_personal_seal (db, after, error)) == NULL)
    return FALSE;
  if (!rapportd_audit_append (db, actor->user_id, crm_entity_get_entity_name (any),
                              crm_entity_get_id (any), action, actor->reason, before_json, after_json, error))
    return FALSE;
  payload = rapportd_repo_change_payload (actor, action, any);
  if (!rapportd_event_log_add (db, 0, "change", crm_entity_get_entity_name (any), crm_entity_get_id (any),
                               payload, error) ||
      !rapportd_webhook_outbox_add (db, before, after, action, payload, error))
    return FALSE;
  /* who may see the record is judged when the event is told: an owner who
   * transferred it away sees it no more, and hears of it on their own */
  {
    int owner = crm_entity_class_find_owner (CRM_ENTITY_GET_CLASS (any));
    gint64 previous = before && owner >= 0 && crm_entity_has_value (before, owner)
                      ? crm_entity_value (before, owner)->i : 0;

    if (previous > 0 && after != NULL && crm_entity_has_value (after, owner) &&
        crm_entity_value (after, owner)->i != previous &&
        !rapportd_event_log_add (db, previous, "change", crm_entity_get_entity_name (any), crm_entity_get_id (any),
                                 payload, error))
      return FALSE;
  }
  return TRUE;
}

/**
 * rapportd_repo_prepare_create:
 * @db: a connection inside the request's transaction
 * @actor: who creates; becomes the owner unless one is given
 * @entity: a validated record from a client, made ready to insert here
 * @error: return location for a #GError naming the field
 *
 * Everything a create checks and sets before its INSERT: the right to
 * write, the owner, the initial status, the class's rules, the
 * references, the exchange rate, derived values and the document number.
 *
 * Returns: whether the record may be inserted
 */
gboolean
rapportd_repo_prepare_create (RapportdDb          *db,
                              const RapportdActor *actor,
                              CrmEntity           *entity,
                              GError             **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  int owner = crm_entity_class_find_owner (klass);
  const RapportdRepoRules *rules = rapportd_repo_rules_lookup (klass->entity_name);

  if (!rapportd_repo_check_may_write (klass, actor, error))
    return FALSE;
  /* a role without a data scope (an administrator, by default) keeps out of business data */
  if (owner >= 0 && actor->scopes != NULL && g_str_equal (rapportd_actor_scope (actor, klass->entity_name), "none"))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                   _("Your role has no data scope for this kind of record (%s); an administrator can grant one"), noun);
      return FALSE;
    }
  /* the server writing for no user (an intake) leaves a record without an
   * owner, and so does a null owner of a kind that may wait unowned */
  if (owner >= 0 && !crm_entity_has_value (entity, owner) && actor->user_id > 0 &&
      !(klass->may_wait_unowned && crm_entity_value (entity, owner)->set))
    {
      CrmValue *value = crm_entity_value (entity, owner);

      value->set = TRUE;
      value->is_null = FALSE;
      value->i = actor->user_id;
    }
  /* a guarded status starts where the class says, and only there */
  if (klass->status_transitions != NULL &&
      !crm_entity_has_value (entity, crm_entity_class_find_field (klass, "status")))
    crm_entity_set_text (entity, "status", crm_entity_class_initial_status (klass));
  if (!crm_entity_check_status_change (NULL, entity, error) ||
      (rules != NULL && rules->prepare != NULL && !rules->prepare (db, actor, NULL, entity, FALSE, error)) ||
      !rapportd_repo_check_references (db, actor, entity, NULL, error))
    return FALSE;

  if (!crm_currency_check_exchange_rate (entity, rapportd_repo_base_currency_set (), error) ||
      (klass->derive != NULL && !klass->derive (entity, rapportd_repo_rounding (), error)))
    return FALSE;
  /* a revision keeps its document's number */
  if (klass->number_prefix != NULL && !crm_entity_has_value (entity, crm_entity_class_find_field (klass, "number")))
    {
      g_autofree char *number = rapportd_repo_next_number (db, klass->number_prefix, error);

      if (number == NULL)
        return FALSE;
      crm_entity_set_text (entity, "number", number);
    }
  return TRUE;
}

/**
 * rapportd_repo_create:
 * @db: a connection inside the request's transaction
 * @actor: who creates; becomes the owner unless one is given
 * @entity: a validated record from a client
 * @error: return location for a #GError naming the field
 *
 * Returns: (transfer full): the stored record, as read back
 */
CrmEntity *
rapportd_repo_create (RapportdDb          *db,
                      const RapportdActor *actor,
                      CrmEntity           *entity,
                      GError             **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(CrmEntity) stored = NULL;
  const RapportdRepoRules *rules = rapportd_repo_rules_lookup (klass->entity_name);
  guint64 id = 0;

  if (!rapportd_repo_prepare_create (db, actor, entity, error))
    return NULL;
  rapportd_repo_build_insert (sql, entity, actor, NULL, NULL);

  if (!rapportd_db_execute (db, sql, NULL, &id, error))
    {
      rapportd_repo_explain_duplicate (klass, error);
      return NULL;
    }

  if (klass->line_type != G_TYPE_INVALID &&
      !rapportd_repo_lines_store (db, actor, klass->entity_name, id, crm_entity_get_lines (entity), error))
    return NULL;
  stored = rapportd_repo_get (db, NULL, G_OBJECT_TYPE (entity), id, FALSE, error);
  if (stored == NULL || !rapportd_search_index_replace (db, NULL, stored, error) ||
      !rapportd_dedup_index_replace (db, NULL, stored, error) ||
      (rules != NULL && rules->written != NULL && !rules->written (db, actor, NULL, stored, error)) ||
      !rapportd_repo_audit (db, actor, "create", NULL, stored, error))
    return NULL;
  return g_steal_pointer (&stored);
}
