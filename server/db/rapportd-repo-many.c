/* rapportd-repo-many.c: many records of one kind created at once, as many creates would, in a few statements (an import's rows) */
#include "rapportd-repo-private.h"
#include "rapportd-repo-rules.h"
#include "rapportd-audit.h"
#include "rapportd-dedup.h"
#include "rapportd-event-log.h"
#include "rapportd-personal.h"
#include "rapportd-search-index.h"
#include "rapportd-webhook-outbox.h"
#include "crm-error.h"

/* the one INSERT of all @entities: the columns any of them sets, DEFAULT
 * where one leaves a column unset */
static void
build_insert (RapportdSql         *sql,
              GPtrArray           *entities,
              const RapportdActor *actor,
              const char          *now)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entities->pdata[0]);
  g_autofree gboolean *used = g_new0 (gboolean, klass->n_fields);

  for (guint e = 0; e < entities->len; e++)
    for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
      used[i] |= crm_entity_value (entities->pdata[e], i)->set;
  rapportd_repo_begin_insert (sql, klass);
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    if (used[i])
      rapportd_sql_appendf (sql, ", `%s`", crm_field_spec_get_column (&klass->fields[i]));
  rapportd_sql_append (sql, ") VALUES ");
  for (guint e = 0; e < entities->len; e++)
    {
      rapportd_sql_append (sql, e ? ", (1, ?, ?, ?, ?, 0" : "(1, ?, ?, ?, ?, 0");
      rapportd_repo_add_created (sql, actor, now);
      for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
        {
          CrmValue *value = crm_entity_value (entities->pdata[e], i);

          if (!used[i])
            continue;
          if (!value->set)
            {
              rapportd_sql_append (sql, ", DEFAULT");
              continue;
            }
          rapportd_sql_append (sql, ", ?");
          rapportd_repo_add_value_param (sql, &klass->fields[i], value);
        }
      rapportd_sql_append (sql, ")");
    }
}

/* the rows just inserted, read back in the order of their ids: those from
 * @first_id on that this INSERT wrote (its time and author), so that ids
 * given to other writers in between are left out */
static GPtrArray *
read_back (RapportdDb          *db,
           const RapportdActor *actor,
           CrmEntityClass      *klass,
           guint64              first_id,
           const char          *now,
           guint                n,
           GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  GType type = G_TYPE_FROM_CLASS (klass);

  rapportd_repo_append_select (sql, klass);
  rapportd_sql_appendf (sql, " WHERE `id` >= ? AND `created_at` = ? AND `created_by` <=> ? ORDER BY `id` LIMIT %u", n);
  rapportd_sql_add_int (sql, (gint64) first_id);
  rapportd_sql_add_text (sql, now);
  if (actor->user_id > 0)
    rapportd_sql_add_int (sql, actor->user_id);
  else
    rapportd_sql_add_null (sql);
  if ((result = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows != n)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "%u %s written, %u read back", n, klass->collection,
                   result->n_rows);
      return NULL;
    }
  for (guint r = 0; r < result->n_rows; r++)
    {
      CrmEntity *entity = rapportd_repo_entity_from_row (type, result, r, error);

      if (entity == NULL)
        return NULL;
      g_ptr_array_add (stored, entity);
    }
  return g_steal_pointer (&stored);
}

/* as rapportd_repo_audit() for the creation of each of @stored */
static gboolean
audit_created (RapportdDb          *db,
               const RapportdActor *actor,
               GPtrArray           *stored,
               GError             **error)
{
  const char *entity = crm_entity_get_entity_name (stored->pdata[0]);
  g_autoptr(GPtrArray) sealed = NULL;
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint64 *ids = g_new (gint64, stored->len);

  if ((sealed = rapportd_personal_seal_new_many (db, stored, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      ids[i] = crm_entity_get_id (stored->pdata[i]);
      g_ptr_array_add (payloads, rapportd_repo_change_payload (actor, "create", stored->pdata[i]));
    }
  if (!rapportd_audit_append_many (db, actor->user_id, entity, ids, "create", actor->reason, NULL,
                                   (const char * const *) sealed->pdata, stored->len, error) ||
      !rapportd_event_log_add_many (db, "change", entity, ids, (const char * const *) payloads->pdata,
                                    stored->len, error))
    return FALSE;
  return rapportd_webhook_outbox_add_created (db, stored, payloads, error);
}

/**
 * rapportd_repo_create_many:
 * @db: a connection inside the request's transaction
 * @actor: who creates; becomes the owner of those that name none
 * @entities: (element-type CrmEntity): validated records of one kind
 * @error: return location for a #GError; where it names a field, it does
 *   not say of which record: create one by one to learn that
 *
 * Creates @entities as rapportd_repo_create() would create each in turn:
 * each checked and prepared alone, then all inserted by one statement,
 * read back by one, indexed for search and duplicates, and audited with
 * their events, each kind of write in one statement. Nothing is kept of
 * a failure: the caller rolls the transaction (or its savepoint) back.
 *
 * Returns: (transfer full) (element-type CrmEntity): the stored records, in
 *   order
 */
GPtrArray *
rapportd_repo_create_many (RapportdDb          *db,
                           const RapportdActor *actor,
                           GPtrArray           *entities,
                           GError             **error)
{
  CrmEntityClass *klass;
  const RapportdRepoRules *rules;
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(GPtrArray) stored = NULL;
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  guint64 first_id = 0;

  g_return_val_if_fail (db != NULL && actor != NULL && entities != NULL, NULL);

  if (entities->len == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);
  klass = CRM_ENTITY_GET_CLASS (entities->pdata[0]);
  rules = rapportd_repo_rules_lookup (klass->entity_name);
  for (guint e = 0; e < entities->len; e++)
    {
      g_return_val_if_fail (CRM_ENTITY_GET_CLASS (entities->pdata[e]) == klass, NULL);
      if (!rapportd_repo_prepare_create (db, actor, entities->pdata[e], error))
        return NULL;
    }
  build_insert (sql, entities, actor, now);
  if (!rapportd_db_execute_uncached (db, sql, NULL, &first_id, error) ||
      (stored = read_back (db, actor, klass, first_id, now, entities->len, error)) == NULL)
    return NULL;
  /* lines, where the kind has them, one record at a time, stored then read back */
  for (guint e = 0; klass->line_type != G_TYPE_INVALID && e < entities->len; e++)
    if (!rapportd_repo_lines_store (db, actor, klass->entity_name, crm_entity_get_id (stored->pdata[e]),
                                    crm_entity_get_lines (entities->pdata[e]), error) ||
        !rapportd_repo_lines_load (db, stored->pdata[e], error))
      return NULL;
  if (!rapportd_search_index_add_many (db, stored, error) || !rapportd_dedup_index_add_many (db, stored, error))
    return NULL;
  for (guint e = 0; rules != NULL && rules->written != NULL && e < stored->len; e++)
    if (!rules->written (db, actor, NULL, stored->pdata[e], error))
      return NULL;
  if (!audit_created (db, actor, stored, error))
    return NULL;
  return g_steal_pointer (&stored);
}
