/* rapportd-repo.c: the generic repository: read, create, change and archive any entity */
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
static gboolean
check_not_restricted (CrmEntity  *record,
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

static gboolean
check_may_write (CrmEntityClass       *klass,
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
static void
explain_duplicate (CrmEntityClass  *klass,
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

  if (!check_may_write (klass, actor, error))
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
      explain_duplicate (klass, error);
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

static gboolean
values_equal (const CrmFieldSpec *spec,
              const CrmValue     *a,
              const CrmValue     *b)
{
  if (a->is_null || b->is_null)
    return a->is_null == b->is_null;
  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
    case CRM_FIELD_BOOL:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_TIMESTAMP:
      return a->i == b->i;
    case CRM_FIELD_TAGS:
      return g_strv_equal ((const char * const *) a->tags, (const char * const *) b->tags);
    default:
      return g_strcmp0 (a->s, b->s) == 0;
    }
}

static void
value_copy (const CrmValue *src,
            CrmValue       *dest)
{
  g_free (dest->s);
  g_strfreev (dest->tags);
  *dest = *src;
  dest->s = g_strdup (src->s);
  dest->tags = g_strdupv (src->tags);
}

/* who last changed a record, as people know them */
static char *
updater_name (RapportdDb *db,
              CrmEntity  *current)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT name, login FROM users WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, crm_entity_value (current, CRM_ENTITY_FIELD_UPDATED_BY)->i);
  result = rapportd_db_query (db, sql, NULL);
  if (result == NULL || result->n_rows != 1)
    return g_strdup ("?");
  return g_strdup_printf ("%s (%s)", rapportd_db_result_get (result, 0, 0), rapportd_db_result_get (result, 0, 1));
}

static void
set_stale_error (RapportdDb      *db,
                 CrmEntityClass  *klass,
                 CrmEntity       *current,
                 gint64           expected,
                 GError         **error)
{
  g_autofree char *when = crm_json_format_timestamp (crm_entity_value (current, CRM_ENTITY_FIELD_UPDATED_AT)->i);
  g_autofree char *who = updater_name (db, current);

  crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version",
                             _("%s changed this %s at %s (version %lld; your copy is version %lld). "
                               "Reload it and apply your changes again."),
                             who, klass->entity_name, when,
                             (long long) crm_entity_get_version (current), (long long) expected);
}

static gboolean
write_row (RapportdDb           *db,
           const RapportdActor  *actor,
           CrmEntity            *before,
           CrmEntity            *after,
           GError              **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (after);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  guint64 affected = 0;

  rapportd_sql_appendf (sql, "UPDATE `%s` SET `version` = `version` + 1, `updated_at` = ?, `updated_by` = ?",
                        klass->collection);
  rapportd_sql_add_text (sql, now);
  rapportd_sql_add_int (sql, actor->user_id);
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    {
      /* read-only fields differ only where the server changed them (totals, a status) */
      if (values_equal (&klass->fields[i], crm_entity_value (before, i), crm_entity_value (after, i)))
        continue;
      rapportd_sql_appendf (sql, ", `%s` = ?", crm_field_spec_get_column (&klass->fields[i]));
      rapportd_repo_add_value_param (sql, &klass->fields[i], crm_entity_value (after, i));
    }
  if (crm_entity_value (before, CRM_ENTITY_FIELD_ARCHIVED)->i != crm_entity_value (after, CRM_ENTITY_FIELD_ARCHIVED)->i)
    {
      rapportd_sql_append (sql, ", `archived` = ?");
      rapportd_sql_add_int (sql, crm_entity_value (after, CRM_ENTITY_FIELD_ARCHIVED)->i);
    }
  rapportd_sql_append (sql, " WHERE `id` = ? AND `version` = ?");
  rapportd_sql_add_int (sql, crm_entity_get_id (before));
  rapportd_sql_add_int (sql, crm_entity_get_version (before));

  if (!rapportd_db_execute (db, sql, &affected, NULL, error))
    {
      explain_duplicate (klass, error);
      return FALSE;
    }
  if (affected != 1)
    {
      set_stale_error (db, klass, before, crm_entity_get_version (before), error);
      return FALSE;
    }
  return TRUE;
}

/* who may write this kind of record, with a patch that says which version it changes */
static gboolean
check_patch (const RapportdActor  *actor,
             CrmEntity            *patch,
             GError              **error)
{
  if (!check_may_write (CRM_ENTITY_GET_CLASS (patch), actor, error))
    return FALSE;
  if (!crm_entity_value (patch, CRM_ENTITY_FIELD_VERSION)->set)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "version",
                                 _("A change must carry the record’s version"));
      return FALSE;
    }
  return TRUE;
}

static CrmEntity *update (RapportdDb          *db,
                         const RapportdActor *actor,
                         gint64               id,
                         CrmEntity           *patch,
                         gboolean             as_server,
                         GError             **error);
static CrmEntity *update_locked (RapportdDb          *db,
                                const RapportdActor *actor,
                                CrmEntity           *before,
                                CrmEntity           *patch,
                                gboolean             as_server,
                                GError             **error);

/* a document is changed by its owner only in its editable statuses */
static gboolean
check_editable (CrmEntity  *record,
                GError    **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
  const char *status;

  if (klass->editable_statuses == NULL || crm_entity_class_find_field (klass, "status") < 0)
    return TRUE;
  status = crm_entity_get_text (record, "status");
  if (status == NULL || g_strv_contains (klass->editable_statuses, status))
    return TRUE;
  {
    g_autofree char *noun = crm_entity_class_dup_noun (klass);

    g_set_error (error, CRM_ERROR, CRM_ERROR_LOCKED, _("This %s is “%s” and can no longer be changed"), noun,
                 crm_field_spec_enum_label (&klass->fields[crm_entity_class_find_field (klass, "status")], status));
  }
  return FALSE;
}

static GPtrArray *
copy_lines (CrmEntity *document)
{
  GPtrArray *lines = crm_entity_get_lines (document);
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; lines && i < lines->len; i++)
    g_ptr_array_add (copy, crm_entity_copy (lines->pdata[i]));
  return copy;
}

static gboolean
same_json (CrmEntity *a,
           CrmEntity *b)
{
  g_autofree char *json_a = crm_json_entity_to_string (a);
  g_autofree char *json_b = crm_json_entity_to_string (b);

  return g_str_equal (json_a, json_b);
}

/**
 * rapportd_repo_update:
 * @db: a connection inside the request's transaction
 * @actor: who changes it
 * @id: the record id
 * @patch: the fields to change, and the version the client last saw
 * @error: return location for a #GError
 *
 * A stale version changes nothing and fails with %CRM_ERROR_CONFLICT.
 *
 * Returns: (transfer full): the record after the change
 */
CrmEntity *
rapportd_repo_update (RapportdDb          *db,
                      const RapportdActor *actor,
                      gint64               id,
                      CrmEntity           *patch,
                      GError             **error)
{
  return update (db, actor, id, patch, FALSE, error);
}

/**
 * rapportd_repo_update_as_server:
 * @db: a connection inside the request's transaction
 * @actor: on whose request the server changes the record
 * @id: the record id
 * @patch: the fields to change, read-only ones included (a status, a
 *   number), and the version the change is based on
 * @error: return location for a #GError
 *
 * Like rapportd_repo_update(), for the server's own steps (sending a
 * quote, revising it): read-only fields are written too, and a document
 * is changed whatever its status.
 *
 * Returns: (transfer full): the stored record
 */
CrmEntity *
rapportd_repo_update_as_server (RapportdDb          *db,
                                const RapportdActor *actor,
                                gint64               id,
                                CrmEntity           *patch,
                                GError             **error)
{
  return update (db, actor, id, patch, TRUE, error);
}

/**
 * rapportd_repo_update_locked_as_server:
 * @db: a connection inside the transaction that locked @before
 * @actor: on whose request the server changes the record
 * @before: the record as stored, read with `FOR UPDATE` in this
 *   transaction (rapportd_repo_get() for update, or a job's claim of the
 *   rows it works on, rapportd_repo_append_select() … `FOR UPDATE`)
 * @patch: as for rapportd_repo_update_as_server()
 * @error: return location for a #GError
 *
 * As rapportd_repo_update_as_server(), without reading the record again:
 * for a job that claimed many rows in one statement. A document's lines,
 * when @before has none read, are read into it first.
 *
 * Returns: (transfer full): the stored record
 */
CrmEntity *
rapportd_repo_update_locked_as_server (RapportdDb          *db,
                                       const RapportdActor *actor,
                                       CrmEntity           *before,
                                       CrmEntity           *patch,
                                       GError             **error)
{
  g_return_val_if_fail (G_OBJECT_TYPE (before) == G_OBJECT_TYPE (patch), NULL);

  if (!check_patch (actor, patch, error) || !check_not_restricted (before, error))
    return NULL;
  /* a claim reads rows, not a document's lines: kept, not taken for none */
  if (CRM_ENTITY_GET_CLASS (before)->line_type != G_TYPE_INVALID && crm_entity_get_lines (before) == NULL &&
      !rapportd_repo_lines_load (db, before, error))
    return NULL;
  return update_locked (db, actor, before, patch, TRUE, error);
}

static CrmEntity *
update (RapportdDb          *db,
        const RapportdActor *actor,
        gint64               id,
        CrmEntity           *patch,
        gboolean             as_server,
        GError             **error)
{
  g_autoptr(CrmEntity) before = NULL;

  if (!check_patch (actor, patch, error))
    return NULL;
  before = rapportd_repo_get (db, actor, G_OBJECT_TYPE (patch), id, TRUE, error);
  if (before == NULL || !check_not_restricted (before, error) ||
      (!as_server && !check_editable (before, error)))
    return NULL;
  return update_locked (db, actor, before, patch, as_server, error);
}

static CrmEntity *
update_locked (RapportdDb          *db,
               const RapportdActor *actor,
               CrmEntity           *before,
               CrmEntity           *patch,
               gboolean             as_server,
               GError             **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (patch);
  g_autoptr(CrmEntity) after = NULL;
  const RapportdRepoRules *rules = rapportd_repo_rules_lookup (klass->entity_name);
  gint64 id = crm_entity_get_id (before);
  gboolean changed = FALSE;

  if (crm_entity_get_version (before) != crm_entity_get_version (patch))
    {
      set_stale_error (db, klass, before, crm_entity_get_version (patch), error);
      return NULL;
    }

  after = crm_entity_new (G_OBJECT_TYPE (patch));
  for (guint i = 0; i < klass->n_fields; i++)
    {
      CrmValue *value = crm_entity_value (patch, i);

      if (i >= CRM_ENTITY_N_SYSTEM_FIELDS && value->set &&
          (as_server || !(klass->fields[i].flags & CRM_FIELD_READONLY)))
        {
          value_copy (value, crm_entity_value (after, i));
          changed |= !values_equal (&klass->fields[i], value, crm_entity_value (before, i));
        }
      else
        value_copy (crm_entity_value (before, i), crm_entity_value (after, i));
    }
  if (klass->line_type != G_TYPE_INVALID)
    {
      gboolean new_lines = crm_entity_get_lines (patch) != NULL;

      crm_entity_set_lines (after, copy_lines (new_lines ? patch : before));
      changed |= new_lines;
    }
  if (changed && rules != NULL && rules->prepare != NULL && !rules->prepare (db, actor, before, after, as_server, error))
    return NULL;
  /* the server's own steps (workflow, expiry) move records whatever their rate */
  if (!as_server && !crm_currency_check_exchange_rate (after, rapportd_repo_base_currency_set (), error))
    return NULL;
  if (klass->derive != NULL)
    {
      if (!klass->derive (after, rapportd_repo_rounding (), error))
        return NULL;
      changed |= !same_json (before, after);
    }

  if (!changed)
    return g_object_ref (before);
  if (!crm_entity_validate (after, CRM_VALIDATE_CREATE, error) ||
      (!as_server && !crm_entity_check_status_change (before, after, error)) ||
      !rapportd_repo_check_references (db, actor, after, before, error) ||
      !write_row (db, actor, before, after, error) ||
      (klass->line_type != G_TYPE_INVALID &&
       !rapportd_repo_lines_store (db, actor, klass->entity_name, id, crm_entity_get_lines (after), error)))
    return NULL;

  g_clear_object (&after);
  after = rapportd_repo_get (db, NULL, G_OBJECT_TYPE (patch), id, FALSE, error);
  if (after == NULL || !rapportd_search_index_replace (db, before, after, error) ||
      !rapportd_dedup_index_replace (db, before, after, error) ||
      (rules != NULL && rules->written != NULL && !rules->written (db, actor, before, after, error)) ||
      !rapportd_repo_audit (db, actor, "update", before, after, error))
    return NULL;
  return g_steal_pointer (&after);
}

/**
 * rapportd_repo_set_archived:
 * @db: a connection inside the request's transaction
 * @actor: who archives or restores
 * @type: the entity type
 * @id: the record id
 * @expected_version: the version the client saw, or -1 to skip the check
 * @archived: archive (%TRUE) or restore (%FALSE)
 * @error: return location for a #GError
 *
 * Records are archived, never deleted. Archiving an archived record is a no-op.
 *
 * Returns: (transfer full): the record after the change
 */
CrmEntity *
rapportd_repo_set_archived (RapportdDb          *db,
                            const RapportdActor *actor,
                            GType                type,
                            gint64               id,
                            gint64               expected_version,
                            gboolean             archived,
                            GError             **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  const RapportdRepoRules *rules = rapportd_repo_rules_lookup (klass->entity_name);
  g_autoptr(CrmEntity) before = NULL;
  g_autoptr(CrmEntity) after = NULL;

  if (!check_may_write (klass, actor, error))
    return NULL;
  if (klass->never_archived)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("A %s is not archived: deactivate it, transferring what it owns"), klass->entity_name);
      return NULL;
    }
  before = rapportd_repo_get (db, actor, type, id, TRUE, error);
  if (before == NULL || !check_not_restricted (before, error))
    return NULL;
  if (expected_version >= 0 && crm_entity_get_version (before) != expected_version)
    {
      set_stale_error (db, klass, before, expected_version, error);
      return NULL;
    }
  if ((crm_entity_value (before, CRM_ENTITY_FIELD_ARCHIVED)->i != 0) == archived)
    return g_steal_pointer (&before);
  /* new records start in the default one (a pipeline): another becomes the default first */
  if (archived && crm_entity_class_find_field (klass, "is_default") >= 0 &&
      crm_entity_get_bool (before, "is_default"))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "is_default",
                                 _("The default %s is not archived: make another one the default first"), noun);
      return NULL;
    }
  /* a merged record lives on in its survivor, which holds what pointed at it */
  if (!archived && crm_entity_class_find_field (klass, "merged_into") >= 0 &&
      crm_entity_has_value (before, crm_entity_class_find_field (klass, "merged_into")) &&
      !crm_entity_value (before, crm_entity_class_find_field (klass, "merged_into"))->is_null)
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "merged_into_id",
                                 _("This %s was merged into another and is not restored: open that one"), noun);
      return NULL;
    }

  after = crm_entity_new (type);
  for (guint i = 0; i < klass->n_fields; i++)
    value_copy (crm_entity_value (before, i), crm_entity_value (after, i));
  crm_entity_value (after, CRM_ENTITY_FIELD_ARCHIVED)->i = archived ? 1 : 0;
  if (!write_row (db, actor, before, after, error))
    return NULL;

  g_clear_object (&after);
  after = rapportd_repo_get (db, NULL, type, id, FALSE, error);
  /* an archived record is offered as no one's duplicate */
  if (after == NULL || !rapportd_dedup_index_replace (db, before, after, error) ||
      (rules != NULL && rules->archived != NULL && !rules->archived (db, actor, before, after, error)) ||
      !rapportd_repo_audit (db, actor, archived ? "archive" : "restore", before, after, error))
    return NULL;
  return g_steal_pointer (&after);
}
