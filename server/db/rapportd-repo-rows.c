/* rapportd-repo-rows.c: row <-> entity conversion and visibility, shared by the repository's files */
#include "rapportd-repo-private.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"
#include "crm-entities.h"
#include "rapportd-pool-view.h"

/**
 * rapportd_repo_append_select:
 * @sql: a statement being built
 * @klass: the entity's class
 *
 * Appends `SELECT <every column> FROM <table>` in descriptor order.
 */
void
rapportd_repo_append_select (RapportdSql    *sql,
                             CrmEntityClass *klass)
{
  rapportd_sql_append (sql, "SELECT ");
  for (guint i = 0; i < klass->n_fields; i++)
    rapportd_sql_appendf (sql, "%s`%s`", i ? ", " : "", crm_field_spec_get_column (&klass->fields[i]));
  rapportd_sql_appendf (sql, " FROM `%s`", klass->collection);
}

/* the field that names a record that @spec points at, or -1 */
static int
reference_title (const CrmFieldSpec  *spec,
                 CrmEntityClass     **target)
{
  GType type;
  int title;

  if (spec->type != CRM_FIELD_REFERENCE || spec->reference == NULL ||
      (type = crm_entities_lookup_name (spec->reference)) == G_TYPE_INVALID)
    return -1;
  *target = g_type_class_peek (type);
  title = *target ? crm_entity_class_find_title (*target) : -1;
  if (title < 0 || ((*target)->fields[title].flags & CRM_FIELD_HIDDEN))
    return -1;
  return title;
}

/**
 * rapportd_repo_append_select_named:
 * @sql: a statement being built
 * @klass: the entity's class
 *
 * As rapportd_repo_append_select(), and after the columns, for each
 * reference, the name of the record it points at (NULL for none), as
 * rapportd_repo_name_references() gives it: one statement for a record and
 * its names.  rapportd_repo_entity_take_names() reads them.
 */
void
rapportd_repo_append_select_named (RapportdSql    *sql,
                                   CrmEntityClass *klass)
{
  rapportd_sql_append (sql, "SELECT ");
  for (guint i = 0; i < klass->n_fields; i++)
    rapportd_sql_appendf (sql, "%s`%s`", i ? ", " : "", crm_field_spec_get_column (&klass->fields[i]));
  for (guint i = 0; i < klass->n_fields; i++)
    {
      CrmEntityClass *target = NULL;
      int title = reference_title (&klass->fields[i], &target);

      if (title >= 0)
        /* the target aliased: a reference to its own table (a merged
         * account's survivor, a user's manager) reads the outer row's column */
        rapportd_sql_appendf (sql, ", (SELECT t.`%s` FROM `%s` t WHERE t.`id` = `%s`.`%s`)",
                              crm_field_spec_get_column (&target->fields[title]), target->collection,
                              klass->collection, crm_field_spec_get_column (&klass->fields[i]));
    }
  rapportd_sql_appendf (sql, " FROM `%s`", klass->collection);
}

/**
 * rapportd_repo_entity_take_names:
 * @entity: a record read from @row
 * @result: rows selected with rapportd_repo_append_select_named()
 * @row: which row
 *
 * Gives @entity's references the names selected with them.
 */
void
rapportd_repo_entity_take_names (CrmEntity        *entity,
                                 RapportdDbResult *result,
                                 guint             row)
{
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);
  guint column = n_fields;

  for (guint i = 0; i < n_fields; i++)
    {
      CrmEntityClass *target = NULL;
      const CrmValue *value = crm_entity_value (entity, i);

      if (reference_title (&fields[i], &target) < 0)
        continue;
      if (value->set && !value->is_null)
        crm_entity_set_reference_name (entity, i, rapportd_db_result_get (result, row, column));
      column++;
    }
}

/**
 * rapportd_repo_append_scope:
 * @sql: a statement whose WHERE clause is open
 * @klass: the entity's class
 * @actor: (nullable): who asks; %NULL, or an actor without scopes (the
 *   command line acting for the system), sees everything
 * @write: whether the rows are to be changed
 *
 * The one place that decides which rows an actor may see or change, in SQL:
 * the role's data scope for the entity (own records; those of one's team
 * and the teams below it; the whole company; none), widened by records
 * without an owner waiting in the actor's team's queue and by records
 * shared with the actor or their team, for reading or also for writing.
 * A role that may not write a kind with readers_status (knowledge-base
 * articles) reads only its records in that status; the auditor reads all.
 */
void
rapportd_repo_append_scope (RapportdSql         *sql,
                            CrmEntityClass      *klass,
                            const RapportdActor *actor,
                            gboolean             write)
{
  int owner = crm_entity_class_find_owner (klass);
  const char *scope;
  const char *owner_column;

  if (klass->readers_status != NULL && actor != NULL && actor->scopes != NULL &&
      !crm_entity_class_may_write (klass, actor->role) && !rapportd_actor_is_read_only (actor))
    {
      rapportd_sql_append (sql, " AND `status` = ?");
      rapportd_sql_add_text (sql, klass->readers_status);
    }
  if (owner < 0 || actor == NULL || actor->scopes == NULL)
    return;
  scope = rapportd_actor_scope (actor, klass->entity_name);
  if (g_str_equal (scope, "company"))
    return;

  owner_column = crm_field_spec_get_column (&klass->fields[owner]);
  rapportd_sql_append (sql, " AND (");
  if (g_str_equal (scope, "own") || g_str_equal (scope, "team"))
    {
      rapportd_sql_appendf (sql, "`%s` = ?", owner_column);
      rapportd_sql_add_int (sql, actor->user_id);
    }
  else
    rapportd_sql_append (sql, "FALSE");
  if (g_str_equal (scope, "team") && actor->team_id > 0)
    {
      rapportd_sql_appendf (sql, " OR `%s` IN (SELECT u.id FROM users u WHERE u.team_id IN ("
                            "WITH RECURSIVE subtree (id) AS (SELECT ? UNION ALL "
                            "SELECT t.id FROM teams t JOIN subtree ON t.parent_id = subtree.id) "
                            "SELECT id FROM subtree))", owner_column);
      rapportd_sql_add_int (sql, actor->team_id);
    }
  /* a record no one has taken, waiting with the actor's team (a case in its queue) */
  if (klass->queue_field != NULL && actor->team_id > 0 && !g_str_equal (scope, "none"))
    {
      int queue = crm_entity_class_find_field (klass, klass->queue_field);

      rapportd_sql_appendf (sql, " OR (`%s` IS NULL AND `%s` = ?)", owner_column,
                            crm_field_spec_get_column (&klass->fields[queue]));
      rapportd_sql_add_int (sql, actor->team_id);
    }
  if (!write && !g_str_equal (scope, "none"))
    rapportd_pool_view_append_scope (sql, klass, actor);
  rapportd_sql_appendf (sql, " OR `id` IN (SELECT s.record_id FROM shares s WHERE s.entity = ? "
                        "AND (s.user_id = ? OR s.team_id = ?) "
                        "AND (s.until IS NULL OR s.until > UTC_TIMESTAMP(6))%s))",
                        write ? " AND s.access = 'write'" : "");
  rapportd_sql_add_text (sql, klass->entity_name);
  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_int (sql, actor->team_id);
}

static char **
tags_from_text (const char *text)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = crm_json_parse (text, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      const char *tag = json_array_get_string_element (json_node_get_array (root), i);
      if (tag)
        g_ptr_array_add (tags, g_strdup (tag));
    }
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_steal (tags, NULL);
}

static char *
tags_to_text (char **tags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; tags && tags[i]; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return crm_json_to_string (root);
}

/**
 * rapportd_repo_entity_from_row:
 * @type: the entity type
 * @result: rows selected with rapportd_repo_append_select()
 * @row: which row
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record
 */
CrmEntity *
rapportd_repo_entity_from_row (GType              type,
                               RapportdDbResult  *result,
                               guint              row,
                               GError           **error)
{
  g_autoptr(CrmEntity) entity = crm_entity_new (type);
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const char *cell = rapportd_db_result_get (result, row, i);
      CrmValue *value = crm_entity_value (entity, i);

      value->set = TRUE;
      if (cell == NULL)
        {
          value->is_null = TRUE;
          continue;
        }
      switch (fields[i].type)
        {
        case CRM_FIELD_INT:
        case CRM_FIELD_REFERENCE:
        case CRM_FIELD_BOOL:
          value->i = g_ascii_strtoll (cell, NULL, 10);
          break;
        case CRM_FIELD_MONEY:
          {
            CrmMoney money;

            if (!crm_money_parse (cell, fields[i].scale, &money, error))
              return NULL;
            value->i = money.value;
          }
          break;
        case CRM_FIELD_TIMESTAMP:
          if (!rapportd_sql_parse_time (cell, &value->i))
            {
              g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "bad time in %s: %s", fields[i].name, cell);
              return NULL;
            }
          break;
        case CRM_FIELD_TAGS:
          value->tags = tags_from_text (cell);
          value->is_null = value->tags == NULL;
          break;
        default:
          value->s = g_strdup (cell);
          break;
        }
    }
  return g_steal_pointer (&entity);
}

/**
 * rapportd_repo_add_value_param:
 * @sql: a statement being built
 * @spec: the field
 * @value: its value
 *
 * Binds a value in the form its column stores.
 */
void
rapportd_repo_add_value_param (RapportdSql        *sql,
                               const CrmFieldSpec *spec,
                               const CrmValue     *value)
{
  if (!value->set || value->is_null)
    {
      rapportd_sql_add_null (sql);
      return;
    }
  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
    case CRM_FIELD_BOOL:
      rapportd_sql_add_int (sql, value->i);
      break;
    case CRM_FIELD_MONEY:
      {
        g_autofree char *text = crm_money_to_string (crm_money_new (value->i, spec->scale));
        rapportd_sql_add_text (sql, text);
      }
      break;
    case CRM_FIELD_TIMESTAMP:
      {
        g_autofree char *text = rapportd_sql_format_time (value->i);
        rapportd_sql_add_text (sql, text);
      }
      break;
    case CRM_FIELD_TAGS:
      {
        g_autofree char *text = tags_to_text (value->tags);
        rapportd_sql_add_text (sql, text);
      }
      break;
    default:
      rapportd_sql_add_text (sql, value->s);
      break;
    }
}

/* "INSERT INTO `collection` (the system columns a new row sets": the
 * columns of its fields follow, then ") VALUES (1, ?, ?, ?, ?, 0" */
void
rapportd_repo_begin_insert (RapportdSql    *sql,
                            CrmEntityClass *klass)
{
  rapportd_sql_appendf (sql, "INSERT INTO `%s` (`version`, `created_at`, `created_by`, "
                        "`updated_at`, `updated_by`, `archived`", klass->collection);
}

/* the parameters of a new row's created and updated, at @now by @actor */
void
rapportd_repo_add_created (RapportdSql         *sql,
                           const RapportdActor *actor,
                           const char          *now)
{
  for (guint i = 0; i < 2; i++)
    {
      rapportd_sql_add_text (sql, now);
      if (actor->user_id > 0)
        rapportd_sql_add_int (sql, actor->user_id);
      else
        rapportd_sql_add_null (sql);
    }
}

/**
 * rapportd_repo_build_insert:
 * @sql: an empty statement
 * @entity: the record to insert: every field that is set; read-only ones
 *   are set only by the server, never from a client
 * @actor: who creates it (user 0, the system, is no author)
 * @extra_columns: (nullable) (array zero-terminated=1): more columns the
 *   descriptors do not hold, such as a line's document and position
 * @extra_values: (nullable): their values, as text
 *
 * Builds the one INSERT of a new row, version 1, from the descriptors.
 */
void
rapportd_repo_build_insert (RapportdSql         *sql,
                            CrmEntity           *entity,
                            const RapportdActor *actor,
                            const char * const  *extra_columns,
                            const char * const  *extra_values)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  g_autoptr(GString) placeholders = g_string_new (NULL);
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());

  rapportd_repo_begin_insert (sql, klass);
  rapportd_repo_add_created (sql, actor, now);
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    {
      CrmValue *value = crm_entity_value (entity, i);

      if (!value->set)
        continue;
      rapportd_sql_appendf (sql, ", `%s`", crm_field_spec_get_column (&klass->fields[i]));
      g_string_append (placeholders, ", ?");
      rapportd_repo_add_value_param (sql, &klass->fields[i], value);
    }
  for (guint i = 0; extra_columns && extra_columns[i]; i++)
    {
      rapportd_sql_appendf (sql, ", `%s`", extra_columns[i]);
      g_string_append (placeholders, ", ?");
      rapportd_sql_add_text (sql, extra_values[i]);
    }
  rapportd_sql_appendf (sql, ") VALUES (1, ?, ?, ?, ?, 0%s)", placeholders->str);
}
