/* rapportd-import-references.c: an import's references found by what people know a record by: an account's code or name, a user's login
 *
 * A reference cell holds an id or, as crm_import_reference_ways() lists, a
 * code, an exact name (in any case) or a login. An id is tried first where
 * the cell is a whole number (a code may be one too), then each other way
 * in turn among the records the importer may see; two records with the
 * name refuse the row, as does none, unless create_missing=accounts makes
 * a missing account by that name, owned by the importer and audited as any
 * create. What is found or made is remembered for the rest of the file,
 * unless the row is refused: rolled back to its savepoint (mode=good_rows),
 * it takes back with it the accounts it made and what it learnt. */
#include "rapportd-import-references.h"
#include "rapportd-repo.h"
#include "rapportd-repo-private.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-import-reference.h"

#include <glib/gi18n-lib.h>

struct _RapportdImportReferences
{
  gboolean    create_missing_accounts;
  guint       n_created;
  /* "entity\037text" -> id */
  GHashTable *found;
  /* of the row being read: the keys it added to found, the accounts it made */
  GPtrArray  *row_keys;
  GPtrArray  *row_made;
};

RapportdImportReferences *
rapportd_import_references_new (gboolean create_missing_accounts)
{
  RapportdImportReferences *self = g_new0 (RapportdImportReferences, 1);

  self->create_missing_accounts = create_missing_accounts;
  self->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->row_keys = g_ptr_array_new_with_free_func (g_free);
  self->row_made = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

void
rapportd_import_references_free (RapportdImportReferences *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->found);
  g_ptr_array_unref (self->row_keys);
  g_ptr_array_unref (self->row_made);
  g_free (self);
}

/* whether a reference to no record makes an account (create_missing=accounts) */
gboolean
rapportd_import_references_makes_accounts (RapportdImportReferences *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->create_missing_accounts;
}

static gboolean
is_whole_number (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* the ids of up to two visible records whose @way is @text */
static RapportdDbResult *
find (RapportdDb           *db,
      const RapportdActor  *actor,
      CrmEntityClass       *target,
      const char           *way,
      const char           *text,
      GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  int field = crm_entity_class_find_json_key (target, way);

  g_assert (field >= 0);
  rapportd_sql_appendf (sql, "SELECT `id` FROM `%s` WHERE `%s` = ?", target->collection,
                        crm_field_spec_get_column (&target->fields[field]));
  if (g_str_equal (way, "id"))
    rapportd_sql_add_int (sql, g_ascii_strtoll (text, NULL, 10));
  else
    {
      rapportd_sql_add_text (sql, text);
      rapportd_sql_append (sql, " AND `archived` = 0");
    }
  rapportd_repo_append_scope (sql, target, actor, FALSE);
  rapportd_sql_append (sql, " LIMIT 2");
  return rapportd_db_query (db, sql, error);
}

static void
set_not_found (const CrmFieldSpec  *spec,
               CrmEntityClass      *target,
               const char          *text,
               GError             **error)
{
  const char *key = crm_field_spec_get_json_key (spec);
  g_autofree char *noun = crm_entity_class_dup_noun (target);

  if (g_str_equal (target->entity_name, "account"))
    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key, _("No account named “%s”"), text);
  else if (g_str_equal (target->entity_name, "user"))
    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key, _("No user with the login “%s”"), text);
  else if (g_str_equal (target->entity_name, "product"))
    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key, _("No product with the code “%s”"), text);
  else
    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key, _("No %s with the id “%s”"), noun, text);
}

/* a missing account, made by its name, the importer's */
static gint64
create_account (RapportdImportReferences  *self,
                RapportdDb                *db,
                const RapportdActor       *actor,
                GType                      type,
                const char                *name,
                GError                   **error)
{
  g_autoptr(CrmEntity) account = crm_entity_new (type);
  CrmEntity *stored;

  crm_entity_set_text (account, "name", name);
  if ((stored = rapportd_repo_create (db, actor, account, error)) == NULL)
    return 0;
  self->n_created++;
  g_ptr_array_add (self->row_made, stored);
  return crm_entity_get_id (stored);
}

/* @key names @id for the rest of the file, unless the row is refused */
static void
remember (RapportdImportReferences *self,
          char                     *key,
          gint64                    id)
{
  g_ptr_array_add (self->row_keys, g_strdup (key));
  g_hash_table_insert (self->found, key, g_memdup2 (&id, sizeof id));
}

static gboolean
resolve_one (RapportdImportReferences  *self,
             RapportdDb                *db,
             const RapportdActor       *actor,
             const CrmFieldSpec        *spec,
             const char                *text,
             gint64                    *id,
             GError                   **error)
{
  GType type = crm_entities_lookup_name (spec->reference);
  CrmEntityClass *target = g_type_class_peek (type);
  const char * const *ways = crm_import_reference_ways (spec);
  g_autofree char *cache_key = g_strdup_printf ("%s\037%s", spec->reference, text);
  gint64 *known = g_hash_table_lookup (self->found, cache_key);

  if (known != NULL)
    {
      *id = *known;
      return TRUE;
    }
  for (guint w = 0; ways[w]; w++)
    {
      g_autoptr(RapportdDbResult) result = NULL;

      if (g_str_equal (ways[w], "id") && !is_whole_number (text))
        continue;
      if ((result = find (db, actor, target, ways[w], text, error)) == NULL)
        return FALSE;
      if (result->n_rows > 1)
        {
          g_autofree char *noun = crm_entity_class_dup_noun (target);

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (spec),
                                     _("More than one %s is known by “%s”: give its code or id"), noun, text);
          return FALSE;
        }
      if (result->n_rows == 1)
        {
          *id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
          remember (self, g_steal_pointer (&cache_key), *id);
          return TRUE;
        }
    }
  if (self->create_missing_accounts && g_str_equal (target->entity_name, "account"))
    {
      if ((*id = create_account (self, db, actor, type, text, error)) <= 0)
        return FALSE;
      remember (self, g_steal_pointer (&cache_key), *id);
      return TRUE;
    }
  set_not_found (spec, target, text, error);
  return FALSE;
}

/**
 * rapportd_import_references_resolve:
 * @self: the import's references
 * @db: its connection, in its transaction
 * @actor: the importer
 * @klass: the kind of record imported
 * @object: a row's record as a client would send it, its reference members
 *   as the file wrote them (a number or a text)
 * @error: return location for a %CRM_ERROR_VALIDATION naming the field
 *
 * Replaces each reference member by the id of the record it names.
 *
 * Returns: whether each names one record
 */
gboolean
rapportd_import_references_resolve (RapportdImportReferences  *self,
                                    RapportdDb                *db,
                                    const RapportdActor       *actor,
                                    CrmEntityClass            *klass,
                                    JsonObject                *object,
                                    GError                   **error)
{
  g_return_val_if_fail (self != NULL && db != NULL && actor != NULL && klass != NULL && object != NULL, FALSE);

  for (guint f = CRM_ENTITY_N_SYSTEM_FIELDS; f < klass->n_fields; f++)
    {
      const CrmFieldSpec *spec = &klass->fields[f];
      const char *key = crm_field_spec_get_json_key (spec);
      JsonNode *node = json_object_get_member (object, key);
      g_autofree char *text = NULL;
      gint64 id = 0;

      if (spec->type != CRM_FIELD_REFERENCE || node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          crm_entities_lookup_name (spec->reference) == G_TYPE_INVALID)
        continue;
      text = json_node_get_value_type (node) == G_TYPE_STRING ? g_strdup (json_node_get_string (node))
                                                              : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (!resolve_one (self, db, actor, spec, text, &id, error))
        return FALSE;
      json_object_set_int_member (object, key, id);
    }
  return TRUE;
}

/* ,"created_references":N where missing accounts are made; nothing otherwise */
void
rapportd_import_references_append (RapportdImportReferences *self,
                                   GString                  *answer)
{
  g_return_if_fail (self != NULL && answer != NULL);

  if (self->create_missing_accounts)
    g_string_append_printf (answer, ",\"created_references\":%u", self->n_created);
}

/**
 * rapportd_import_references_keep_row:
 * @self: the import's references
 *
 * The row read since the last keep or drop is kept: what it found or made
 * stays known to the rows after it.
 *
 * Returns: (transfer container) (element-type CrmEntity): the accounts made
 *   for it, as stored, for the import's batch
 */
GPtrArray *
rapportd_import_references_keep_row (RapportdImportReferences *self)
{
  GPtrArray *made;

  g_return_val_if_fail (self != NULL, NULL);

  made = g_steal_pointer (&self->row_made);
  self->row_made = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_set_size (self->row_keys, 0);
  return made;
}

/**
 * rapportd_import_references_drop_row:
 * @self: the import's references
 *
 * The row read since the last keep or drop is refused, its writes rolled
 * back: the accounts it made are no longer counted, and the names it found
 * or made are forgotten, as they may name a record that is no more.
 */
void
rapportd_import_references_drop_row (RapportdImportReferences *self)
{
  g_return_if_fail (self != NULL);

  for (guint k = 0; k < self->row_keys->len; k++)
    g_hash_table_remove (self->found, self->row_keys->pdata[k]);
  g_ptr_array_set_size (self->row_keys, 0);
  self->n_created -= self->row_made->len;
  g_ptr_array_set_size (self->row_made, 0);
}
