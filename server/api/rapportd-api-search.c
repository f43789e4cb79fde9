/* rapportd-api-search.c: GET /search?q=TEXT&limit=N, one term over every kind of business record, grouped by kind */
#include "rapportd-api.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-search-text.h"

#include <glib/gi18n-lib.h>

#define SEARCH_DEFAULT_LIMIT 5
#define SEARCH_MAX_LIMIT 20
/* a term longer than any searchable value is a mistake, not a search */
#define SEARCH_MAX_LENGTH 200

/* records of business data: searchable, and not administration (users,
 * teams, templates and workflows are changed by administrators only) */
static gboolean
is_searched (CrmEntityClass *klass)
{
  if (klass->admin_writes)
    return FALSE;
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_SEARCHABLE)
      return TRUE;
  return FALSE;
}

/* a single Han character is a word; a single Latin letter or digit, or
 * punctuation alone, would match nearly everything */
static gboolean
check_term (const char  *q,
            GError     **error)
{
  g_autofree char *normalized = NULL;
  glong length;

  if (q == NULL || q[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "q", _("Type something to search for"));
      return FALSE;
    }
  if (!g_utf8_validate (q, -1, NULL) || g_utf8_strlen (q, -1) > SEARCH_MAX_LENGTH)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "q",
                                 _("A search term has at most %d characters"), SEARCH_MAX_LENGTH);
      return FALSE;
    }
  normalized = crm_search_text_normalize (q);
  length = g_utf8_strlen (normalized, -1);
  if (length == 0 || (length == 1 && g_ascii_isalnum (normalized[0])))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "q",
                                 _("Type at least two letters or digits, or one Chinese character"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_parameters (RapportdRequest  *request,
                  const char      **q,
                  guint            *limit,
                  GError          **error)
{
  GHashTableIter iter;
  const char *name;
  const char *text;

  *q = NULL;
  *limit = SEARCH_DEFAULT_LIMIT;
  if (request->query != NULL)
    {
      g_hash_table_iter_init (&iter, request->query);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &text))
        {
          guint64 value;

          if (g_str_equal (name, "q"))
            *q = text;
          else if (!g_str_equal (name, "limit"))
            {
              crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name,
                                         _("Unknown parameter “%s”"), name);
              return FALSE;
            }
          else if (!g_ascii_string_to_unsigned (text, 10, 1, SEARCH_MAX_LIMIT, &value, NULL))
            {
              crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "limit",
                                         _("limit must be between 1 and %d"), SEARCH_MAX_LIMIT);
              return FALSE;
            }
          else
            *limit = value;
        }
    }
  return check_term (*q, error);
}

/* the field that names a record: its name, else its number, else its first searchable one */
static int
title_field (CrmEntityClass *klass)
{
  int field = crm_entity_class_find_field (klass, "name");

  if (field < 0)
    field = crm_entity_class_find_field (klass, "number");
  for (guint i = 0; field < 0 && i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_SEARCHABLE)
      field = i;
  return field;
}

static const char *
text_of (CrmEntity *entity,
         guint      field)
{
  CrmValue *value = crm_entity_value (entity, field);

  return value->set && !value->is_null && value->s && value->s[0] ? value->s : NULL;
}

/* {"id","title","subtitle"}: the subtitle joins the other searchable columns that have a value */
static void
add_item (JsonBuilder    *builder,
          CrmEntityClass *klass,
          int             title,
          CrmEntity      *entity)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const char *text;

      if ((int) i == title || !(klass->fields[i].flags & CRM_FIELD_SEARCHABLE) ||
          !(klass->fields[i].flags & CRM_FIELD_COLUMN) || (text = text_of (entity, i)) == NULL)
        continue;
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, text);
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, crm_entity_get_id (entity));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title >= 0 && text_of (entity, title) ? text_of (entity, title) : "");
  json_builder_set_member_name (builder, "subtitle");
  json_builder_add_string_value (builder, subtitle->str);
  json_builder_end_object (builder);
}

/* one kind's group, under the same visibility as its list; nothing when it has no hit */
static gboolean
add_group (JsonBuilder          *builder,
           RapportdDb           *db,
           const RapportdActor  *actor,
           GType                 type,
           const char           *q,
           guint                 limit,
           GError              **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  RapportdListQuery query;
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 total;
  gboolean exact = TRUE;
  int title = title_field (klass);

  rapportd_list_query_init (&query);
  query.q = g_strdup (q);
  query.limit = limit;
  if (title >= 0 && (klass->fields[title].flags & CRM_FIELD_SORTABLE))
    query.sort_field = title;
  items = rapportd_repo_list (db, actor, type, &query, &next, error);
  total = items ? (gint64) items->len : -1;
  /* counted only when there is more than the page: a bounded count, exact when cheap */
  if (items != NULL && next != NULL)
    {
      query.count = RAPPORTD_COUNT_CHEAP;
      total = rapportd_repo_count (db, actor, type, &query, &exact, error);
    }
  rapportd_list_query_clear (&query);
  if (total < 0)
    return FALSE;
  if (items->len == 0)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, klass->collection);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, klass->plural_label ? _(klass->plural_label) : klass->collection);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "total_exact");
  json_builder_add_boolean_value (builder, exact);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_item (builder, klass, title, items->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

/* GET /search: not audited, as list reads are not */
RAPPORTD_HANDLER (rapportd_api_search)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *q;
  guint limit;
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  if (!parse_parameters (request, &q, &limit, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint t = 0; t < n_types; t++)
    if (is_searched (g_type_class_peek (types[t])) &&
        !add_group (builder, db, &request->actor, types[t], q, limit, error))
      return FALSE;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
