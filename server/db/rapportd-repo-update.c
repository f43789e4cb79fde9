/* rapportd-repo-update.c: the generic repository's changes to a stored record: update (by a user, by the server, on a row already locked), archive and restore */
#include "rapportd-repo-private.h"
#include "rapportd-dedup.h"
#include "rapportd-repo-rules.h"
#include "rapportd-search-index.h"
#include "crm-currency.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

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
      rapportd_repo_explain_duplicate (klass, error);
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
  if (!rapportd_repo_check_may_write (CRM_ENTITY_GET_CLASS (patch), actor, error))
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

  if (!check_patch (actor, patch, error) || !rapportd_repo_check_not_restricted (before, error))
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
  if (before == NULL || !rapportd_repo_check_not_restricted (before, error) ||
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

  if (!rapportd_repo_check_may_write (klass, actor, error))
    return NULL;
  if (klass->never_archived)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("A %s is not archived: deactivate it, transferring what it owns"), klass->entity_name);
      return NULL;
    }
  before = rapportd_repo_get (db, actor, type, id, TRUE, error);
  if (before == NULL || !rapportd_repo_check_not_restricted (before, error))
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
