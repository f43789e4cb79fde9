/* rapportd-repo-list.c: lists with filters, substring search, sort and keyset pagination */
#include "rapportd-repo-private.h"
#include "rapportd-search-index.h"
#include "rapportd-pool-view.h"
#include "rapportd-tree.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
rapportd_list_query_init (RapportdListQuery *query)
{
  memset (query, 0, sizeof *query);
  query->filters = g_ptr_array_new ();
  query->sort_field = CRM_ENTITY_FIELD_ID;
  query->limit = RAPPORTD_LIST_DEFAULT_LIMIT;
}

static void
filter_free (RapportdFilter *filter)
{
  g_ptr_array_unref (filter->values);
  g_free (filter);
}

void
rapportd_list_query_clear (RapportdListQuery *query)
{
  g_clear_pointer (&query->q, g_free);
  g_clear_pointer (&query->after, g_free);
  if (query->filters)
    for (guint i = 0; i < query->filters->len; i++)
      filter_free (query->filters->pdata[i]);
  g_clear_pointer (&query->filters, g_ptr_array_unref);
}

static RapportdFilter *
lookup_filter (RapportdListQuery *query,
               int                field)
{
  RapportdFilter *filter;

  for (guint i = 0; i < query->filters->len; i++)
    if (((RapportdFilter *) query->filters->pdata[i])->field == field)
      return query->filters->pdata[i];
  filter = g_new0 (RapportdFilter, 1);
  filter->field = field;
  filter->values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (query->filters, filter);
  return filter;
}

void
rapportd_list_query_add_filter (RapportdListQuery *query,
                                int                field,
                                const char        *value)
{
  g_return_if_fail (query != NULL && value != NULL);

  g_ptr_array_add (lookup_filter (query, field)->values, g_strdup (value));
}

/**
 * rapportd_list_query_add_team:
 * @query: a list query
 * @field: a reference to a user, such as the owner
 * @team_id: a team
 *
 * The field also matches the users of @team_id and of every team below it.
 */
void
rapportd_list_query_add_team (RapportdListQuery *query,
                              int                field,
                              gint64             team_id)
{
  g_return_if_fail (query != NULL && team_id > 0);

  lookup_filter (query, field)->team_id = team_id;
}

/**
 * rapportd_list_query_add_none:
 * @query: a list query
 * @field: a field that may be empty, such as a case's owner
 *
 * The field also matches the records where it is empty.
 */
void
rapportd_list_query_add_none (RapportdListQuery *query,
                              int                field)
{
  g_return_if_fail (query != NULL);

  lookup_filter (query, field)->none = TRUE;
}

/* the cursor is the last row's sort value and id, as JSON, base64url-encoded */
static char *
encode_cursor (const char *sort_value,
               const char *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  char *encoded;

  json_builder_begin_array (builder);
  if (sort_value)
    json_builder_add_string_value (builder, sort_value);
  else
    json_builder_add_null_value (builder);
  json_builder_add_string_value (builder, id);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json = crm_json_to_string (root);

  encoded = g_base64_encode ((const guchar *) json, strlen (json));
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');
  return encoded;
}

static gboolean
decode_cursor (const char  *cursor,
               char       **sort_value,
               char       **id,
               GError     **error)
{
  g_autofree char *b64 = g_strdup (cursor);
  g_autoptr(GString) padded = NULL;
  g_autofree guchar *json = NULL;
  gsize len = 0;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonNode *value_node;
  JsonNode *id_node;

  g_strdelimit (b64, "-", '+');
  g_strdelimit (b64, "_", '/');
  padded = g_string_new (b64);
  while (padded->len % 4)
    g_string_append_c (padded, '=');
  json = g_base64_decode (padded->str, &len);

  if (len == 0 || (root = crm_json_parse ((const char *) json, len, CRM_JSON_MAX_VALUES, NULL)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (root) ||
      json_array_get_length ((array = json_node_get_array (root))) != 2 ||
      !(JSON_NODE_HOLDS_NULL ((value_node = json_array_get_element (array, 0))) ||
        json_node_get_value_type (value_node) == G_TYPE_STRING) ||
      !JSON_NODE_HOLDS_VALUE ((id_node = json_array_get_element (array, 1))) ||
      json_node_get_value_type (id_node) != G_TYPE_STRING)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "after",
                                 _("The pagination cursor is not valid"));
      return FALSE;
    }
  *sort_value = JSON_NODE_HOLDS_NULL (value_node) ? NULL : g_strdup (json_node_get_string (value_node));
  *id = g_strdup (json_node_get_string (id_node));
  return TRUE;
}

static void
append_filter (RapportdSql        *sql,
               const CrmFieldSpec *spec,
               RapportdFilter     *filter)
{
  const char *column = crm_field_spec_get_column (spec);

  rapportd_sql_append (sql, " AND (FALSE");
  if (filter->values->len > 0 && filter->tree != NULL)
    {
      rapportd_sql_appendf (sql, " OR `%s` IN ", column);
      rapportd_tree_append_subtree (sql, filter->tree, filter->values);
    }
  else if (filter->values->len > 0)
    {
      rapportd_sql_appendf (sql, " OR `%s` IN (", column);
      for (guint i = 0; i < filter->values->len; i++)
        {
          rapportd_sql_append (sql, i ? ", ?" : "?");
          rapportd_sql_add_text (sql, filter->values->pdata[i]);
        }
      rapportd_sql_append (sql, ")");
    }
  if (filter->team_id > 0)
    {
      rapportd_sql_appendf (sql, " OR `%s` IN (SELECT u.id FROM users u WHERE u.team_id IN ("
                            "WITH RECURSIVE subtree (id) AS (SELECT ? UNION ALL "
                            "SELECT t.id FROM teams t JOIN subtree ON t.parent_id = subtree.id) "
                            "SELECT id FROM subtree))", column);
      rapportd_sql_add_int (sql, filter->team_id);
    }
  if (filter->none)
    rapportd_sql_appendf (sql, " OR `%s` IS NULL", column);
  rapportd_sql_append (sql, ")");
}

/* rows strictly after (value, id) in the order (col, id), NULLs first
 * ascending and last descending, or last both ways for a field so flagged */
static void
append_keyset (RapportdSql *sql,
               const char  *column,
               gboolean     by_id,
               gboolean     descending,
               gboolean     nulls_last,
               const char  *value,
               const char  *id)
{
  const char *cmp = descending ? "<" : ">";

  if (by_id)
    {
      rapportd_sql_appendf (sql, " AND `id` %s ?", cmp);
      rapportd_sql_add_text (sql, id);
      return;
    }
  if (value == NULL && nulls_last)
    {
      rapportd_sql_appendf (sql, " AND `%s` IS NULL AND `id` %s ?", column, cmp);
      rapportd_sql_add_text (sql, id);
    }
  else if (value == NULL && !descending)
    {
      rapportd_sql_appendf (sql, " AND ((`%s` IS NULL AND `id` > ?) OR `%s` IS NOT NULL)", column, column);
      rapportd_sql_add_text (sql, id);
    }
  else if (value == NULL)
    {
      rapportd_sql_appendf (sql, " AND `%s` IS NULL AND `id` < ?", column);
      rapportd_sql_add_text (sql, id);
    }
  else
    {
      rapportd_sql_appendf (sql, " AND (`%s` %s ? OR (`%s` = ? AND `id` %s ?)",
                            column, cmp, column, cmp);
      /* descending, NULLs come last */
      if (descending || nulls_last)
        rapportd_sql_appendf (sql, " OR `%s` IS NULL", column);
      rapportd_sql_append (sql, ")");
      rapportd_sql_add_text (sql, value);
      rapportd_sql_add_text (sql, value);
      rapportd_sql_add_text (sql, id);
    }
}

/* the rows a query selects, before paging: archived state, visibility, filters, search */
static void
append_where (RapportdSql         *sql,
              CrmEntityClass      *klass,
              const RapportdActor *actor,
              RapportdListQuery   *query,
              RapportdSearchPlan  *plan)
{
  switch (query->archived)
    {
    case RAPPORTD_ARCHIVED_EXCLUDE:
      rapportd_sql_append (sql, " WHERE `archived` = 0");
      break;
    case RAPPORTD_ARCHIVED_ONLY:
      rapportd_sql_append (sql, " WHERE `archived` = 1");
      break;
    case RAPPORTD_ARCHIVED_INCLUDE:
      rapportd_sql_append (sql, " WHERE TRUE");
      break;
    }
  rapportd_repo_append_scope (sql, klass, actor, FALSE);
  for (guint i = 0; i < query->filters->len; i++)
    {
      RapportdFilter *filter = query->filters->pdata[i];
      append_filter (sql, &klass->fields[filter->field], filter);
    }
  if (plan != NULL)
    {
      rapportd_sql_append (sql, " AND ");
      rapportd_search_append_match (sql, klass, query->q, plan);
    }
}

/* the search of a query, planned; NULL without one */
static gboolean
plan_search (RapportdDb          *db,
             CrmEntityClass      *klass,
             RapportdListQuery   *query,
             RapportdSearchPlan  *plan,
             RapportdSearchPlan **planned,
             GError             **error)
{
  *planned = NULL;
  if (query->q == NULL || query->q[0] == '\0')
    return TRUE;
  if (!rapportd_search_plan (db, klass, query->q, plan, error))
    return FALSE;
  *planned = plan;
  return TRUE;
}

/* the one figure a result of one row and one column holds */
static gint64
single_number (RapportdDb   *db,
               RapportdSql  *sql,
               GError      **error)
{
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

  if (result == NULL)
    return -1;
  return g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
}

/* the optimiser's guess of the rows of the query without its search */
static gint64
explain_rows (RapportdDb          *db,
              CrmEntityClass      *klass,
              const RapportdActor *actor,
              RapportdListQuery   *query,
              GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("EXPLAIN SELECT 1");
  g_autoptr(RapportdDbResult) result = NULL;
  int table_col = -1;
  int rows_col = -1;

  rapportd_search_append_from (sql, klass, NULL);
  append_where (sql, klass, actor, query, NULL);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return -1;
  for (guint c = 0; c < result->n_cols; c++)
    {
      if (g_str_equal (result->names[c], "table"))
        table_col = c;
      else if (g_str_equal (result->names[c], "rows"))
        rows_col = c;
    }
  for (guint r = 0; table_col >= 0 && rows_col >= 0 && r < result->n_rows; r++)
    if (g_strcmp0 (rapportd_db_result_get (result, r, table_col), klass->collection) == 0 &&
        rapportd_db_result_get (result, r, rows_col) != NULL)
      return g_ascii_strtoll (rapportd_db_result_get (result, r, rows_col), NULL, 10);
  return 0;
}

/* an estimate of a count past the cap. With common grams: the rows
 * holding the rarest, times the share of them that match among the first
 * of them. Otherwise: the rows without the search, times the share of them
 * that match among the first rows. */
static gint64
estimate_count (RapportdDb          *db,
                CrmEntityClass      *klass,
                const RapportdActor *actor,
                RapportdListQuery   *query,
                RapportdSearchPlan  *plan,
                GError             **error)
{
  g_autoptr(RapportdSql) sample = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  gint64 rows;
  gint64 n;
  gint64 hits;

  if (plan != NULL && plan->grams->len > 0)
    {
      sample = rapportd_sql_new ("SELECT COUNT(*)");
      rapportd_search_append_sample_from (sample, klass, plan);
      append_where (sample, klass, actor, query, plan);
      if ((hits = single_number (db, sample, error)) < 0 ||
          (rows = rapportd_search_estimate_postings (db, plan, error)) < 0)
        return -1;
      return MAX ((gint64) ((double) rows * hits / RAPPORTD_SEARCH_CANDIDATES), hits);
    }

  if ((rows = explain_rows (db, klass, actor, query, error)) < 0)
    return -1;
  if (plan == NULL)
    return MAX (rows, RAPPORTD_SEARCH_CAP + 1);

  sample = rapportd_sql_new ("SELECT COUNT(*), COALESCE(SUM(hit), 0) FROM (SELECT ");
  rapportd_search_append_match (sample, klass, query->q, plan);
  rapportd_sql_append (sample, " AS hit");
  rapportd_search_append_from (sample, klass, NULL);
  append_where (sample, klass, actor, query, NULL);
  rapportd_sql_appendf (sample, " LIMIT %d) AS sample", RAPPORTD_SEARCH_CANDIDATES);
  if ((result = rapportd_db_query (db, sample, error)) == NULL)
    return -1;
  n = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  hits = g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10);
  return MAX (n > 0 ? (gint64) ((double) rows * hits / n) : 0, RAPPORTD_SEARCH_CAP + 1);
}

/**
 * rapportd_repo_count:
 * @db: a connection
 * @actor: who asks
 * @type: the entity type
 * @query: filters and search; sort and page are ignored
 * @exact: (out): whether the figure is exact rather than an estimate
 * @error: return location for a #GError
 *
 * Without a search, counts exactly up to %RAPPORTD_SEARCH_CAP rows; a
 * search is counted exactly when the index drives it (at most
 * %RAPPORTD_SEARCH_CANDIDATES candidates) or when the table is walked
 * and at most %RAPPORTD_SEARCH_CAP rows match. Anything else is an
 * estimate unless @query asks for %RAPPORTD_COUNT_EXACT: every count but
 * the exact one reads a bounded number of rows.
 *
 * Returns: how many rows the query selects, or -1 on error
 */
gint64
rapportd_repo_count (RapportdDb          *db,
                     const RapportdActor *actor,
                     GType                type,
                     RapportdListQuery   *query,
                     gboolean            *exact,
                     GError             **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COUNT(*) FROM (SELECT 1");
  RapportdSearchPlan search = { 0 };
  RapportdSearchPlan *plan = NULL;
  gboolean bounded;
  gint64 total;

  *exact = TRUE;
  if (!plan_search (db, klass, query, &search, &plan, error))
    {
      rapportd_search_plan_clear (&search);
      return -1;
    }
  /* the index's candidates are at most the cap: their count is bounded already */
  bounded = query->count != RAPPORTD_COUNT_EXACT && !(plan && plan->use_index);
  /* every gram common: even a bounded count might read the whole table */
  if (bounded && plan != NULL && plan->grams->len > 0)
    {
      *exact = FALSE;
      total = estimate_count (db, klass, actor, query, plan, error);
      rapportd_search_plan_clear (&search);
      return total;
    }
  rapportd_search_append_from (sql, klass, plan);
  append_where (sql, klass, actor, query, plan);
  if (bounded)
    rapportd_sql_appendf (sql, " LIMIT %d", RAPPORTD_SEARCH_CAP + 1);
  rapportd_sql_append (sql, ") AS counted");
  if (bounded)
    total = single_number (db, sql, error);
  else
    {
      /* an unbounded count must not inherit a cached plan (rapportd_db_query_uncached()) */
      g_autoptr(RapportdDbResult) result = rapportd_db_query_uncached (db, sql, error);

      total = result ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) : -1;
    }
  if (total > RAPPORTD_SEARCH_CAP && bounded)
    {
      *exact = FALSE;
      total = estimate_count (db, klass, actor, query, plan, error);
    }
  rapportd_search_plan_clear (&search);
  return total;
}

/* names the records that the rows' references to @target point at */
static gboolean
name_references_to (RapportdDb     *db,
                    CrmEntityClass *klass,
                    GPtrArray      *items,
                    const char     *target,
                    GError        **error)
{
  GType target_type = crm_entities_lookup_name (target);
  CrmEntityClass *target_class = target_type != G_TYPE_INVALID ? g_type_class_peek (target_type) : NULL;
  int title = target_class ? crm_entity_class_find_title (target_class) : -1;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *column = NULL;

  if (title < 0 || (target_class->fields[title].flags & CRM_FIELD_HIDDEN))
    return TRUE;
  for (guint r = 0; r < items->len; r++)
    for (guint f = 0; f < klass->n_fields; f++)
      {
        const CrmValue *value = crm_entity_value (items->pdata[r], f);

        if (klass->fields[f].type != CRM_FIELD_REFERENCE || g_strcmp0 (klass->fields[f].reference, target) != 0 ||
            !value->set || value->is_null || g_hash_table_contains (names, &value->i))
          continue;
        g_hash_table_insert (names, g_memdup2 (&value->i, sizeof value->i), NULL);
        g_array_append_val (ids, value->i);
      }
  if (ids->len == 0)
    return TRUE;

  column = g_strdup_printf ("`%s`", crm_field_spec_get_column (&target_class->fields[title]));
  if (!rapportd_repo_read_texts_by_ids (db, target_class->collection, column, ids, names, error))
    return FALSE;

  for (guint r = 0; r < items->len; r++)
    for (guint f = 0; f < klass->n_fields; f++)
      {
        const CrmValue *value = crm_entity_value (items->pdata[r], f);

        if (klass->fields[f].type == CRM_FIELD_REFERENCE && g_strcmp0 (klass->fields[f].reference, target) == 0 &&
            value->set && !value->is_null)
          crm_entity_set_reference_name (items->pdata[r], f, g_hash_table_lookup (names, &value->i));
      }
  return TRUE;
}

/**
 * rapportd_repo_name_references:
 * @db: a connection
 * @items: (element-type CrmEntity): records of one type
 * @error: return location for a #GError
 *
 * Every reference of the records gets the name of the record it points at
 * ("owner_name", "account_name" in JSON): one query per referenced table.
 * The name is shown with the record that refers to it, as a printed
 * document shows its customer; nothing else of that record.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_repo_name_references (RapportdDb  *db,
                               GPtrArray   *items,
                               GError     **error)
{
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  CrmEntityClass *klass;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  if (items->len == 0)
    return TRUE;
  klass = CRM_ENTITY_GET_CLASS (items->pdata[0]);

  for (guint f = 0; f < klass->n_fields; f++)
    {
      const char *target = klass->fields[f].reference;

      if (klass->fields[f].type != CRM_FIELD_REFERENCE || target == NULL || g_hash_table_contains (done, target))
        continue;
      g_hash_table_add (done, (gpointer) target);
      if (!name_references_to (db, klass, items, target, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_repo_list:
 * @db: a connection
 * @actor: who asks; only rows visible to them are listed
 * @type: the entity type
 * @query: filters, search, sort and page
 * @next_cursor: (out) (nullable): the cursor of the next page, or %NULL at the end
 * @error: return location for a #GError
 *
 * Keyset pagination over (sort column, id): every row that exists for the
 * whole walk is returned exactly once, however rows are inserted meanwhile.
 *
 * Returns: (transfer full) (element-type CrmEntity): one page of records
 */
GPtrArray *
rapportd_repo_list (RapportdDb          *db,
                    const RapportdActor *actor,
                    GType                type,
                    RapportdListQuery   *query,
                    char               **next_cursor,
                    GError             **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  const CrmFieldSpec *sort = &klass->fields[query->sort_field];
  const char *sort_column = crm_field_spec_get_column (sort);
  gboolean by_id = query->sort_field == CRM_ENTITY_FIELD_ID;
  gboolean nulls_last = (sort->flags & CRM_FIELD_NULLS_LAST) != 0;
  const char *dir = query->descending ? "DESC" : "ASC";
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint limit = CLAMP (query->limit, 1, RAPPORTD_LIST_MAX_LIMIT);
  g_autofree char *after_value = NULL;
  g_autofree char *after_id = NULL;
  RapportdSearchPlan search = { 0 };
  RapportdSearchPlan *plan = NULL;

  *next_cursor = NULL;

  if (query->after && !decode_cursor (query->after, &after_value, &after_id, error))
    return NULL;
  if (!plan_search (db, klass, query, &search, &plan, error))
    {
      rapportd_search_plan_clear (&search);
      return NULL;
    }
  rapportd_sql_append (sql, "SELECT ");
  for (guint i = 0; i < klass->n_fields; i++)
    rapportd_sql_appendf (sql, "%s`%s`.`%s`", i ? ", " : "", klass->collection,
                          crm_field_spec_get_column (&klass->fields[i]));
  rapportd_search_append_from (sql, klass, plan);
  append_where (sql, klass, actor, query, plan);
  rapportd_search_plan_clear (&search);
  if (query->after)
    append_keyset (sql, sort_column, by_id, query->descending, nulls_last, after_value, after_id);
  if (by_id)
    rapportd_sql_appendf (sql, " ORDER BY `id` %s", dir);
  else if (nulls_last)
    rapportd_sql_appendf (sql, " ORDER BY `%s` IS NULL, `%s` %s, `id` %s", sort_column, sort_column, dir, dir);
  else
    rapportd_sql_appendf (sql, " ORDER BY `%s` %s, `id` %s", sort_column, dir, dir);
  rapportd_sql_appendf (sql, " LIMIT %u", limit + 1);

  result = rapportd_db_query (db, sql, error);
  if (result == NULL)
    return NULL;

  for (guint r = 0; r < MIN (result->n_rows, limit); r++)
    {
      CrmEntity *entity = rapportd_repo_entity_from_row (type, result, r, error);

      if (entity == NULL)
        return NULL;
      g_ptr_array_add (items, entity);
    }
  if (!rapportd_repo_name_references (db, items, error) ||
      !rapportd_pool_view_mask (db, actor, items, error))
    return NULL;
  /* lists of a few records carry their lines, a pipeline its stages */
  for (guint i = 0; klass->lines_in_lists && i < items->len; i++)
    if (!rapportd_repo_lines_load (db, items->pdata[i], error))
      return NULL;
  if (result->n_rows > limit)
    *next_cursor = encode_cursor (rapportd_db_result_get (result, limit - 1, query->sort_field),
                                  rapportd_db_result_get (result, limit - 1, CRM_ENTITY_FIELD_ID));
  return g_steal_pointer (&items);
}
