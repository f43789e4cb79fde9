/* rapportd-merge.c: two records of one entity made one: the survivor's values, the children re-pointed, the other archived */
#include "rapportd-merge.h"
#include "rapportd-audit.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * A merge runs in the request's one transaction: both records are locked
 * (the lower id first, so two merges of one pair never deadlock), their
 * versions checked, the survivor takes the chosen values as a change of
 * its own, every record of any entity whose reference points at the other
 * one (found from the metamodel: each field whose reference names the
 * entity) is changed to point at the survivor, the other's shares move
 * too, and the other is marked merged into the survivor and archived.
 * Every one of those writes is audited and told as an event, with the
 * request's reason or else one that names the merge.
 */

void
rapportd_merge_result_clear (RapportdMergeResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_object (&result->into);
  g_clear_object (&result->from);
  g_clear_pointer (&result->moved, g_hash_table_unref);
}

static void
count_moved (GHashTable *moved,
             const char *entity)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (moved, entity));

  g_hash_table_insert (moved, (gpointer) entity, GUINT_TO_POINTER (n + 1));
}

static gboolean
has_value (const CrmFieldSpec *spec,
           const CrmValue     *value)
{
  if (!value->set || value->is_null)
    return FALSE;
  if (spec->type == CRM_FIELD_TAGS)
    return value->tags != NULL && value->tags[0] != NULL;
  if (value->s != NULL)
    return value->s[0] != '\0';
  return TRUE;
}

static void
copy_value (const CrmValue *src,
            CrmValue       *dest)
{
  g_free (dest->s);
  g_strfreev (dest->tags);
  *dest = *src;
  dest->set = TRUE;
  dest->s = g_strdup (src->s);
  dest->tags = g_strdupv (src->tags);
}

static gboolean
same_value (const CrmFieldSpec *spec,
            const CrmValue     *a,
            const CrmValue     *b)
{
  if (!has_value (spec, a) || !has_value (spec, b))
    return has_value (spec, a) == has_value (spec, b);
  if (spec->type == CRM_FIELD_TAGS)
    return g_strv_equal ((const char * const *) a->tags, (const char * const *) b->tags);
  if (a->s != NULL || b->s != NULL)
    return g_strcmp0 (a->s, b->s) == 0;
  return a->i == b->i;
}

static gboolean
is_choosable (const CrmFieldSpec *spec,
              guint               index)
{
  return index >= CRM_ENTITY_N_SYSTEM_FIELDS && !(spec->flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN));
}

/* every named field is one a client may write, chosen "from" or "into" */
static gboolean
check_choices (CrmEntityClass  *klass,
               GHashTable      *fields,
               GError         **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (fields == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int index = crm_entity_class_find_json_key (klass, key);
      g_autofree char *member = g_strdup_printf ("fields.%s", (const char *) key);

      if (index < 0 || !is_choosable (&klass->fields[index], index))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                     _("“%s” is not a field whose value a merge chooses"), (const char *) key);
          return FALSE;
        }
      if (!g_str_equal (value, "from") && !g_str_equal (value, "into"))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                     _("A field’s value is taken “from” the merged record or kept “into” the survivor"));
          return FALSE;
        }
    }
  return TRUE;
}

/* the survivor's change: each chosen value that differs from its own */
static CrmEntity *
survivor_patch (CrmEntity  *into,
                CrmEntity  *from,
                GHashTable *fields)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (into);
  CrmEntity *patch = crm_entity_new (G_OBJECT_TYPE (into));

  crm_entity_set_version (patch, crm_entity_get_version (into));
  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      const char *choice = fields ? g_hash_table_lookup (fields, crm_field_spec_get_json_key (spec)) : NULL;
      const CrmValue *mine = crm_entity_value (into, i);
      const CrmValue *theirs = crm_entity_value (from, i);
      gboolean take;

      if (!is_choosable (spec, i))
        continue;
      take = choice ? g_str_equal (choice, "from") : !has_value (spec, mine) && has_value (spec, theirs);
      if (take && !same_value (spec, mine, theirs))
        copy_value (theirs, crm_entity_value (patch, i));
    }
  return patch;
}

/* what a record belongs to (a contact's account) stays one: records
 * pointing at both would otherwise belong to two */
static gboolean
check_same_parent (CrmEntity  *into,
                   CrmEntity  *from,
                   CrmEntity  *patch,
                   GError    **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (into);
  int account = crm_entity_class_find_field (klass, "account");
  const CrmValue *chosen;

  if (account < 0 || klass->fields[account].type != CRM_FIELD_REFERENCE)
    return TRUE;
  chosen = crm_entity_has_value (patch, account) ? crm_entity_value (patch, account) : crm_entity_value (into, account);
  if (same_value (&klass->fields[account], chosen, crm_entity_value (from, account)))
    return TRUE;
  {
    g_autofree char *noun = crm_entity_class_dup_noun (klass);

    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "from_id",
                               _("These records (%s) belong to different accounts: merge the accounts first, "
                                 "or take the other’s account"), noun);
  }
  return FALSE;
}

static gboolean
check_mergeable (CrmEntity   *record,
                 const char  *field,
                 gint64       expected_version,
                 GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
  int merged = crm_entity_class_find_field (klass, "merged_into");
  g_autofree char *noun = crm_entity_class_dup_noun (klass);

  if (merged >= 0 && crm_entity_has_value (record, merged) && !crm_entity_value (record, merged)->is_null)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field,
                                 _("This %s was merged into another (id %lld) already"), noun,
                                 (long long) crm_entity_value (record, merged)->i);
      return FALSE;
    }
  if (crm_entity_value (record, CRM_ENTITY_FIELD_ARCHIVED)->i != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field,
                                 _("This %s is archived: restore it before merging"), noun);
      return FALSE;
    }
  if (expected_version >= 0 && crm_entity_get_version (record) != expected_version)
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, g_str_equal (field, "id") ? "version" : "from_version",
                                 _("This %s was changed since you read it (version %lld; yours is %lld); "
                                   "reload it and merge again"), noun,
                                 (long long) crm_entity_get_version (record), (long long) expected_version);
      return FALSE;
    }
  return TRUE;
}

/* one record that pointed at the merged one, written with @patch to point
 * at the survivor, audited on it as the server's change, and counted */
static gboolean
follow_merge (RapportdDb           *db,
              const RapportdActor  *system,
              CrmEntityClass       *child_class,
              gint64                id,
              CrmEntity            *patch,
              GHashTable           *moved,
              GError              **error)
{
  g_autoptr(CrmEntity) stored = rapportd_repo_update_as_server (db, system, id, patch, error);

  if (stored == NULL)
    {
      g_autofree char *noun = crm_entity_class_dup_noun (child_class);

      g_prefix_error (error, _("%s %lld cannot follow the merge: "), noun, (long long) id);
      return FALSE;
    }
  count_moved (moved, child_class->entity_name);
  return TRUE;
}

/* every record of @child_class whose @field points at @from_id, now at @into_id */
static gboolean
repoint_field (RapportdDb           *db,
               const RapportdActor  *system,
               CrmEntityClass       *child_class,
               guint                 field,
               gint64                from_id,
               gint64                into_id,
               GHashTable           *moved,
               GError              **error)
{
  const CrmFieldSpec *spec = &child_class->fields[field];
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_appendf (sql, "SELECT `id`, `version` FROM `%s` WHERE `%s` = ? AND `id` <> ? ORDER BY `id` FOR UPDATE",
                        child_class->collection, crm_field_spec_get_column (spec));
  rapportd_sql_add_int (sql, from_id);
  /* the merged record itself is no child of its own */
  rapportd_sql_add_int (sql, g_str_equal (child_class->entity_name, spec->reference) ? from_id : 0);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);
      g_autoptr(CrmEntity) patch = crm_entity_new (G_TYPE_FROM_CLASS (child_class));
      CrmValue *value = crm_entity_value (patch, field);

      crm_entity_set_version (patch, g_ascii_strtoll (rapportd_db_result_get (result, r, 1), NULL, 10));
      value->set = TRUE;
      value->is_null = FALSE;
      value->i = into_id;
      if (!follow_merge (db, system, child_class, id, patch, moved, error))
        return FALSE;
    }
  return TRUE;
}

/* the children of every registered entity: each field whose reference names @klass */
static gboolean
repoint_children (RapportdDb           *db,
                  const RapportdActor  *system,
                  CrmEntityClass       *klass,
                  gint64                from_id,
                  gint64                into_id,
                  GHashTable           *moved,
                  GError              **error)
{
  guint n_types = 0;
  const GType *types = crm_entities_list (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *child_class = g_type_class_peek (types[t]);

      for (guint f = 0; child_class != NULL && f < child_class->n_fields; f++)
        {
          const CrmFieldSpec *spec = &child_class->fields[f];

          if (spec->type != CRM_FIELD_REFERENCE || g_strcmp0 (spec->reference, klass->entity_name) != 0)
            continue;
          if (!repoint_field (db, system, child_class, f, from_id, into_id, moved, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* every record whose lines (kept in a table of their own) point at
 * @from_id through @field: written again with those lines at @into_id, so
 * the change is audited on the record, as any change of its lines */
static gboolean
repoint_line_field (RapportdDb           *db,
                    const RapportdActor  *system,
                    CrmEntityClass       *child_class,
                    CrmEntityClass       *line_class,
                    guint                 field,
                    gint64                from_id,
                    gint64                into_id,
                    GHashTable           *moved,
                    GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_appendf (sql, "SELECT DISTINCT `%s` FROM `%s` WHERE `%s` = ? ORDER BY 1",
                        line_class->parent_column, line_class->collection,
                        crm_field_spec_get_column (&line_class->fields[field]));
  rapportd_sql_add_int (sql, from_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);
      g_autoptr(CrmEntity) record = rapportd_repo_get (db, system, G_TYPE_FROM_CLASS (child_class), id, TRUE, error);
      g_autoptr(CrmEntity) patch = crm_entity_new (G_TYPE_FROM_CLASS (child_class));
      GPtrArray *lines;

      if (record == NULL)
        return FALSE;
      lines = crm_entity_get_lines (record);
      for (guint i = 0; lines != NULL && i < lines->len; i++)
        {
          CrmValue *value = crm_entity_value (lines->pdata[i], field);

          if (value->set && !value->is_null && value->i == from_id)
            value->i = into_id;
        }
      crm_entity_set_version (patch, crm_entity_get_version (record));
      crm_entity_set_lines (patch, lines != NULL ? g_ptr_array_ref (lines) : NULL);
      if (!follow_merge (db, system, child_class, id, patch, moved, error))
        return FALSE;
    }
  return TRUE;
}

/* the records of every registered entity whose own-table lines name @klass
 * (an opportunity's contacts, an activity's participants) */
static gboolean
repoint_lines (RapportdDb           *db,
               const RapportdActor  *system,
               CrmEntityClass       *klass,
               gint64                from_id,
               gint64                into_id,
               GHashTable           *moved,
               GError              **error)
{
  guint n_types = 0;
  const GType *types = crm_entities_list (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *child_class = g_type_class_peek (types[t]);
      CrmEntityClass *line_class;

      if (child_class == NULL || child_class->line_type == G_TYPE_INVALID)
        continue;
      line_class = g_type_class_peek (child_class->line_type);
      if (line_class == NULL || line_class->parent_column == NULL)
        continue;
      for (guint f = 0; f < line_class->n_fields; f++)
        {
          const CrmFieldSpec *spec = &line_class->fields[f];

          if (spec->type == CRM_FIELD_REFERENCE && g_strcmp0 (spec->reference, klass->entity_name) == 0 &&
              !repoint_line_field (db, system, child_class, line_class, f, from_id, into_id, moved, error))
            return FALSE;
        }
    }
  return TRUE;
}

static char *
share_json (RapportdDbResult *result,
            guint             row)
{
  const char *user = rapportd_db_result_get (result, row, 1);
  const char *team = rapportd_db_result_get (result, row, 2);

  return g_strdup_printf ("{\"id\":%s,\"user_id\":%s,\"team_id\":%s,\"access\":\"%s\"}",
                          rapportd_db_result_get (result, row, 0), user ? user : "null", team ? team : "null",
                          g_str_equal (rapportd_db_result_get (result, row, 3), "write") ? "write" : "read");
}

/* the other's shares are the survivor's now, each move audited on both */
static gboolean
move_shares (RapportdDb           *db,
             const RapportdActor  *actor,
             const char           *entity,
             gint64                from_id,
             gint64                into_id,
             GHashTable           *moved,
             GError              **error)
{
  g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT id, user_id, team_id, access FROM shares "
                                                    "WHERE entity = ? AND record_id = ? ORDER BY id FOR UPDATE");
  g_autoptr(RapportdSql) update = NULL;
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (select, entity);
  rapportd_sql_add_int (select, from_id);
  if ((result = rapportd_db_query (db, select, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    return TRUE;
  update = rapportd_sql_new ("UPDATE shares SET record_id = ? WHERE entity = ? AND record_id = ?");
  rapportd_sql_add_int (update, into_id);
  rapportd_sql_add_text (update, entity);
  rapportd_sql_add_int (update, from_id);
  if (!rapportd_db_execute (db, update, NULL, NULL, error))
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autofree char *json = share_json (result, r);

      if (!rapportd_audit_append (db, actor->user_id, entity, from_id, "unshare", actor->reason, json, NULL, error) ||
          !rapportd_audit_append (db, actor->user_id, entity, into_id, "share", actor->reason, NULL, json, error))
        return FALSE;
      count_moved (moved, "share");
    }
  return TRUE;
}

/* both records locked, the lower id first, each as the actor may change it */
static gboolean
lock_both (RapportdDb                  *db,
           const RapportdActor         *actor,
           GType                        type,
           const RapportdMergeOptions  *options,
           CrmEntity                  **into,
           CrmEntity                  **from,
           GError                     **error)
{
  gboolean into_first = options->into_id < options->from_id;
  gint64 first_id = into_first ? options->into_id : options->from_id;
  gint64 second_id = into_first ? options->from_id : options->into_id;
  g_autoptr(CrmEntity) first = NULL;
  g_autoptr(CrmEntity) second = NULL;

  if ((first = rapportd_repo_get (db, actor, type, first_id, TRUE, error)) == NULL ||
      (second = rapportd_repo_get (db, actor, type, second_id, TRUE, error)) == NULL)
    return FALSE;
  *into = g_object_ref (into_first ? first : second);
  *from = g_object_ref (into_first ? second : first);
  return TRUE;
}

static gboolean
merge_locked (RapportdDb                  *db,
              const RapportdActor         *actor,
              const RapportdActor         *system,
              CrmEntity                   *into,
              CrmEntity                   *from,
              const RapportdMergeOptions  *options,
              RapportdMergeResult         *result,
              GError                     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (into);
  GType type = G_OBJECT_TYPE (into);
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) survivor = NULL;
  g_autoptr(CrmEntity) marked = NULL;
  g_autoptr(CrmEntity) mark = crm_entity_new (type);
  CrmValue *pointer;

  if (!check_mergeable (into, "id", options->into_version, error) ||
      !check_mergeable (from, "from_id", options->from_version, error) ||
      !check_choices (klass, options->fields, error))
    return FALSE;
  patch = survivor_patch (into, from, options->fields);
  if (!check_same_parent (into, from, patch, error) ||
      (survivor = rapportd_repo_update (db, actor, options->into_id, patch, error)) == NULL ||
      !repoint_children (db, system, klass, options->from_id, options->into_id, result->moved, error) ||
      !repoint_lines (db, system, klass, options->from_id, options->into_id, result->moved, error) ||
      !move_shares (db, actor, klass->entity_name, options->from_id, options->into_id, result->moved, error))
    return FALSE;

  /* the other keeps its values and history, points at the survivor, and is archived (its keys go) */
  crm_entity_set_version (mark, crm_entity_get_version (from));
  pointer = crm_entity_value (mark, crm_entity_class_find_field (klass, "merged_into"));
  pointer->set = TRUE;
  pointer->is_null = FALSE;
  pointer->i = options->into_id;
  if ((marked = rapportd_repo_update_as_server (db, actor, options->from_id, mark, error)) == NULL ||
      (result->from = rapportd_repo_set_archived (db, actor, type, options->from_id, -1, TRUE, error)) == NULL)
    return FALSE;
  result->into = g_steal_pointer (&survivor);
  return TRUE;
}

/**
 * rapportd_merge:
 * @db: a connection inside the request's transaction
 * @actor: who merges: they must be able to change both records
 * @type: the entity of both records; it has a `merged_into` field
 * @options: which records, their versions and the values chosen
 * @result: (out caller-allocates): the survivor, the merged record and
 *   how many records were re-pointed; clear it with
 *   rapportd_merge_result_clear()
 * @error: return location for a #GError: 404 or 403 as for a change, 422
 *   for a record merged into itself or into (or from) an archived or
 *   merged one, 409 for a stale version
 *
 * Returns: %TRUE when merged; on failure the transaction is to be rolled back
 */
gboolean
rapportd_merge (RapportdDb                 *db,
                const RapportdActor        *actor,
                GType                       type,
                const RapportdMergeOptions *options,
                RapportdMergeResult        *result,
                GError                    **error)
{
  CrmEntityClass *klass;
  g_autoptr(CrmEntity) into = NULL;
  g_autoptr(CrmEntity) from = NULL;
  RapportdActor reasoned = { 0 };
  RapportdActor system = { 0 };
  gboolean ok;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (options != NULL && result != NULL, FALSE);
  klass = g_type_class_peek (type);
  g_return_val_if_fail (klass != NULL && crm_entity_class_find_field (klass, "merged_into") >= 0, FALSE);

  memset (result, 0, sizeof *result);
  if (options->from_id == options->into_id)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "from_id", _("A record cannot be merged into itself"));
      return FALSE;
    }
  if (!lock_both (db, actor, type, options, &into, &from, error))
    return FALSE;

  /* every row the merge writes says why: the client's reason, or the merge */
  rapportd_actor_copy (actor, &reasoned);
  reasoned.refreshed = actor->refreshed;
  if (actor->reason != NULL && actor->reason[0] != '\0')
    reasoned.reason = g_strdup (actor->reason);
  else
    reasoned.reason = g_strdup_printf (_("Merged %s %lld into %s %lld"), klass->entity_name,
                                       (long long) options->from_id, klass->entity_name,
                                       (long long) options->into_id);
  /* the children are re-pointed whoever may see them: none is left
   * pointing at an archived record */
  rapportd_actor_copy (&reasoned, &system);
  g_clear_pointer (&system.scopes, g_hash_table_unref);
  system.reason = g_strdup (reasoned.reason);
  system.refreshed = actor->refreshed;

  result->moved = g_hash_table_new (g_str_hash, g_str_equal);
  ok = merge_locked (db, &reasoned, &system, into, from, options, result, error);
  if (!ok)
    rapportd_merge_result_clear (result);
  rapportd_actor_clear (&reasoned);
  rapportd_actor_clear (&system);
  return ok;
}
