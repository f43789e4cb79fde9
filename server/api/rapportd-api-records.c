/* rapportd-api-records.c: the generic record endpoints, /api/v1/{collection}[/:id[/restore|/{child}]] */
#include "rapportd-api.h"
#include "rapportd-repo.h"
#include "rapportd-repo-rules.h"
#include "rapportd-assign.h"
#include "rapportd-tree.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-user.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static GType
collection_type (RapportdRequest  *request,
                 guint             index,
                 GError          **error)
{
  GType type = crm_entities_lookup_collection (request->segments[index]);

  if (type == G_TYPE_INVALID)
    g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                 _("No such collection: %s"), request->segments[index]);
  return type;
}

/* the record as the API shows it, with what its rules compute as it is read */
static gboolean
answer_entity (RapportdRequest  *request,
               RapportdDb       *db,
               guint             status,
               CrmEntity        *entity,
               GError          **error)
{
  g_autoptr(GString) out = g_string_sized_new (1024);
  g_autoptr(GHashTable) cache = NULL;

  if (!rapportd_repo_rules_append_json (db, out, entity, &cache, error))
    return FALSE;
  rapportd_request_take_body (request, status, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

/* the record as a list row shows it: with the names its references point at */
static gboolean
answer_named (RapportdRequest  *request,
              RapportdDb       *db,
              guint             status,
              CrmEntity        *entity,
              GError          **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, entity);
  if (!rapportd_repo_name_references (db, one, error))
    return FALSE;
  return answer_entity (request, db, status, entity, error);
}

static gboolean
parse_version (const char  *text,
               gint64      *version,
               GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "version",
                                 _("version must be a positive integer"));
      return FALSE;
    }
  *version = value;
  return TRUE;
}

/* checks one filter value against its field's type; "me" names the actor, "mine" their team */
static char *
filter_value (const CrmFieldSpec   *spec,
              const char           *param,
              const char           *text,
              const RapportdActor  *actor,
              GError              **error)
{
  gint64 number;

  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      if (spec->reference && g_str_equal (spec->reference, "user") && g_str_equal (text, "me"))
        return g_strdup_printf ("%" G_GINT64_FORMAT, actor->user_id);
      /* "mine": one's own team (no team: none) */
      if (spec->reference && g_str_equal (spec->reference, "team") && g_str_equal (text, "mine"))
        return g_strdup_printf ("%" G_GINT64_FORMAT, MAX (actor->team_id, 0));
      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
        break;
      return g_strdup_printf ("%" G_GINT64_FORMAT, number);
    case CRM_FIELD_BOOL:
      if (g_str_equal (text, "true") || g_str_equal (text, "false"))
        return g_strdup (g_str_equal (text, "true") ? "1" : "0");
      break;
    case CRM_FIELD_ENUM:
      if (crm_field_spec_has_enum (spec, text))
        return g_strdup (text);
      break;
    default:
      return g_strdup (text);
    }
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, param,
                             _("“%s” is not a valid value for %s"), text, param);
  return NULL;
}

static gboolean
parse_sort (CrmEntityClass     *klass,
            const char         *text,
            RapportdListQuery  *query,
            GError            **error)
{
  gboolean descending = text[0] == '-';
  int field = crm_entity_class_find_json_key (klass, descending ? text + 1 : text);

  if (field < 0 || !(klass->fields[field].flags & CRM_FIELD_SORTABLE))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "sort",
                                 _("Cannot sort by “%s”"), text);
      return FALSE;
    }
  query->sort_field = field;
  query->descending = descending;
  return TRUE;
}

static gboolean
parse_subtree (const char  *text,
               gboolean    *subtree,
               GError     **error)
{
  if (g_str_equal (text, "true") || g_str_equal (text, "false"))
    {
      *subtree = g_str_equal (text, "true");
      return TRUE;
    }
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "subtree", _("subtree must be true or false"));
  return FALSE;
}

/* subtree=true: a filter on a reference to a tree (a case's category_id)
 * also matches the records below the ones named */
static gboolean
apply_subtree (CrmEntityClass     *klass,
               RapportdListQuery  *query,
               GError            **error)
{
  gboolean applied = FALSE;

  for (guint i = 0; i < query->filters->len; i++)
    {
      RapportdFilter *filter = query->filters->pdata[i];

      filter->tree = rapportd_tree_class_of (&klass->fields[filter->field]);
      applied |= filter->tree != NULL;
    }
  if (applied)
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "subtree",
                             _("subtree=true needs a filter on a field that names a record of a tree, such as category_id"));
  return FALSE;
}

static gboolean
parse_list_query (RapportdRequest    *request,
                  CrmEntityClass     *klass,
                  RapportdListQuery  *query,
                  GError            **error)
{
  GHashTableIter iter;
  const char *name;
  const char *text;
  gboolean subtree = FALSE;

  if (request->query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &text))
    {
      if (g_str_equal (name, "q"))
        query->q = g_strdup (text);
      else if (g_str_equal (name, "after"))
        query->after = text[0] ? g_strdup (text) : NULL;
      else if (g_str_equal (name, "limit"))
        {
          guint64 limit;

          if (!g_ascii_string_to_unsigned (text, 10, 1, RAPPORTD_LIST_MAX_LIMIT, &limit, NULL))
            {
              crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "limit",
                                         _("limit must be between 1 and %d"), RAPPORTD_LIST_MAX_LIMIT);
              return FALSE;
            }
          query->limit = limit;
        }
      else if (g_str_equal (name, "sort"))
        {
          if (!parse_sort (klass, text, query, error))
            return FALSE;
        }
      else if (g_str_equal (name, "subtree"))
        {
          if (!parse_subtree (text, &subtree, error))
            return FALSE;
        }
      else if (g_str_equal (name, "count"))
        query->count = g_str_equal (text, "exact") ? RAPPORTD_COUNT_EXACT
                       : g_str_equal (text, "true") ? RAPPORTD_COUNT_CHEAP : RAPPORTD_COUNT_NONE;
      else if (g_str_equal (name, "archived"))
        {
          if (g_str_equal (text, "true"))
            query->archived = RAPPORTD_ARCHIVED_ONLY;
          else if (g_str_equal (text, "all"))
            query->archived = RAPPORTD_ARCHIVED_INCLUDE;
          else if (!g_str_equal (text, "false"))
            {
              crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "archived",
                                         _("archived must be true, false or all"));
              return FALSE;
            }
        }
      else
        {
          int field = crm_entity_class_find_json_key (klass, name);
          g_auto(GStrv) values = NULL;

          if (field < 0)
            field = crm_entity_class_find_field (klass, name);
          if (field < 0 || !(klass->fields[field].flags & CRM_FIELD_FILTERABLE) ||
              field == CRM_ENTITY_FIELD_ARCHIVED)
            {
              crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name,
                                         _("Cannot filter by “%s”"), name);
              return FALSE;
            }
          /* several values, comma-separated, match any of them */
          values = g_strsplit (text, ",", -1);
          for (guint i = 0; values[i]; i++)
            {
              g_autofree char *value = NULL;

              /* "team": the actor and the users of their team and the teams below it */
              if (g_str_equal (values[i], "team") && g_strcmp0 (klass->fields[field].reference, "user") == 0)
                {
                  g_autofree char *me = g_strdup_printf ("%" G_GINT64_FORMAT, request->actor.user_id);

                  rapportd_list_query_add_filter (query, field, me);
                  if (request->actor.team_id > 0)
                    rapportd_list_query_add_team (query, field, request->actor.team_id);
                  continue;
                }
              /* "none": the records where an optional field is empty (cases in no one's hands) */
              if (g_str_equal (values[i], "none") && !(klass->fields[field].flags & CRM_FIELD_REQUIRED))
                {
                  rapportd_list_query_add_none (query, field);
                  continue;
                }
              value = filter_value (&klass->fields[field], name, values[i], &request->actor, error);
              if (value == NULL)
                return FALSE;
              rapportd_list_query_add_filter (query, field, value);
            }
        }
    }
  return !subtree || apply_subtree (klass, query, error);
}

/**
 * rapportd_api_records_parse_query:
 * @request: the request; only its query is read
 * @type: the listed entity type
 * @query: filled from the request's query parameters
 * @error: %CRM_ERROR_VALIDATION naming the parameter
 *
 * Reads a list's filters, search, sort and paging, touching no database.
 *
 * Returns: whether every parameter is valid
 */
gboolean
rapportd_api_records_parse_query (RapportdRequest    *request,
                                  GType               type,
                                  RapportdListQuery  *query,
                                  GError            **error)
{
  g_autoptr(GTypeClass) klass = NULL;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (g_type_is_a (type, CRM_TYPE_ENTITY), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  klass = g_type_class_ref (type);
  return parse_list_query (request, CRM_ENTITY_CLASS (klass), query, error);
}

static gboolean
answer_list (RapportdRequest    *request,
             RapportdDb         *db,
             GType               type,
             RapportdListQuery  *query,
             GError            **error)
{
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) items = rapportd_repo_list (db, &request->actor, type, query, &next, error);
  g_autoptr(GHashTable) cache = NULL;
  GString *out;
  gint64 total = 0;
  gboolean exact = TRUE;

  if (items == NULL)
    return FALSE;
  if (query->count && (total = rapportd_repo_count (db, &request->actor, type, query, &exact, error)) < 0)
    return FALSE;

  out = g_string_sized_new (512 * (items->len + 1));
  g_string_append_c (out, '{');
  if (query->count)
    g_string_append_printf (out, "\"total\":%" G_GINT64_FORMAT ",\"total_exact\":%s,", total,
                            exact ? "true" : "false");
  g_string_append (out, "\"items\":[");
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (!rapportd_repo_rules_append_json (db, out, items->pdata[i], &cache, error))
        {
          g_string_free (out, TRUE);
          return FALSE;
        }
    }
  /* the cursor is base64url: nothing in it needs escaping */
  if (next)
    g_string_append_printf (out, "],\"next\":\"%s\"}", next);
  else
    g_string_append (out, "],\"next\":null}");
  rapportd_request_take_body (request, 200, g_string_free (out, FALSE));
  return TRUE;
}

RAPPORTD_HANDLER (rapportd_api_records_list)
{
  GType type = collection_type (request, 0, error);
  RapportdListQuery query;
  gboolean ok;

  if (type == G_TYPE_INVALID)
    return FALSE;
  rapportd_list_query_init (&query);
  ok = parse_list_query (request, g_type_class_peek (type), &query, error) &&
       answer_list (request, db, type, &query, error);
  rapportd_list_query_clear (&query);
  return ok;
}

RAPPORTD_HANDLER (rapportd_api_records_create)
{
  GType type = collection_type (request, 0, error);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) entity = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  gboolean refused = FALSE;
  gboolean assign;

  if (type == G_TYPE_INVALID || (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  entity = crm_entity_new (type);
  if (!crm_json_to_entity (entity, body, CRM_VALIDATE_CREATE, error))
    return FALSE;
  /* checked before the insert: a refused create writes nothing */
  if (!rapportd_api_duplicates_check (request, db, entity, &duplicates, &refused, error))
    return FALSE;
  if (refused)
    return TRUE;
  /* an owner given as null: the assignment rules choose one, or the maker keeps it */
  assign = rapportd_assign_is_requested (entity, FALSE);
  stored = rapportd_repo_create (db, &request->actor, entity, error);
  if (stored == NULL || (assign && !rapportd_api_assign_stored (db, &request->actor, &stored, error)))
    return FALSE;
  if (duplicates == NULL)
    return answer_named (request, db, 201, stored, error);
  g_ptr_array_add (one, stored);
  if (!rapportd_repo_name_references (db, one, error))
    return FALSE;
  rapportd_request_take_body (request, 201,
                              rapportd_api_duplicates_answer (crm_json_entity_to_string (stored), duplicates));
  return TRUE;
}

RAPPORTD_HANDLER (rapportd_api_records_get)
{
  GType type = collection_type (request, 0, error);
  g_autoptr(CrmEntity) entity = NULL;
  gint64 id;

  if (type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  /* the record and the names it points at, in one statement */
  entity = rapportd_repo_get_named (db, &request->actor, type, id, error);
  if (entity == NULL)
    return FALSE;
  return answer_entity (request, db, 200, entity, error);
}

RAPPORTD_HANDLER (rapportd_api_records_update)
{
  GType type = collection_type (request, 0, error);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  gint64 id;

  if (type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  /* a user is deactivated only with the transfer of what they own; a
   * non-administrator is refused by the repository before anything is read */
  if (type == CRM_TYPE_USER && rapportd_actor_is_admin (&request->actor) &&
      !rapportd_api_users_check_patch (db, id, body, error))
    return FALSE;
  patch = crm_entity_new (type);
  if (!crm_json_to_entity (patch, body, CRM_VALIDATE_PATCH, error))
    return FALSE;
  stored = rapportd_repo_update (db, &request->actor, id, patch, error);
  if (stored == NULL)
    return FALSE;
  return answer_named (request, db, 200, stored, error);
}

static gboolean
set_archived (RapportdRequest  *request,
              RapportdDb       *db,
              gboolean          archived,
              const char       *version_text,
              GError          **error)
{
  GType type = collection_type (request, 0, error);
  g_autoptr(CrmEntity) stored = NULL;
  gint64 version = -1;
  gint64 id;

  if (type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  if (version_text && !parse_version (version_text, &version, error))
    return FALSE;
  stored = rapportd_repo_set_archived (db, &request->actor, type, id, version, archived, error);
  if (stored == NULL)
    return FALSE;
  return answer_named (request, db, 200, stored, error);
}

RAPPORTD_HANDLER (rapportd_api_records_archive)
{
  return set_archived (request, db, TRUE, rapportd_request_query (request, "version"), error);
}

RAPPORTD_HANDLER (rapportd_api_records_restore)
{
  return set_archived (request, db, FALSE, rapportd_request_query (request, "version"), error);
}

/* GET /{parent}/:id/{children}: the children whose reference points at the parent */
RAPPORTD_HANDLER (rapportd_api_records_children)
{
  GType parent_type = collection_type (request, 0, error);
  GType child_type;
  CrmEntityClass *parent_class;
  CrmEntityClass *child_class;
  g_autoptr(CrmEntity) parent = NULL;
  g_autofree char *id_text = NULL;
  RapportdListQuery query;
  gboolean ok;
  int link = -1;
  gint64 id;

  if (parent_type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  child_type = collection_type (request, 2, error);
  if (child_type == G_TYPE_INVALID)
    return FALSE;

  parent_class = g_type_class_peek (parent_type);
  child_class = g_type_class_peek (child_type);
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < child_class->n_fields && link < 0; i++)
    if (child_class->fields[i].type == CRM_FIELD_REFERENCE &&
        !(child_class->fields[i].flags & CRM_FIELD_OWNER) &&
        g_strcmp0 (child_class->fields[i].reference, parent_class->entity_name) == 0)
      link = i;
  if (link < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return FALSE;
    }

  parent = rapportd_repo_get (db, &request->actor, parent_type, id, FALSE, error);
  if (parent == NULL)
    return FALSE;

  rapportd_list_query_init (&query);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  ok = parse_list_query (request, child_class, &query, error);
  if (ok)
    {
      rapportd_list_query_add_filter (&query, link, id_text);
      ok = answer_list (request, db, child_type, &query, error);
    }
  rapportd_list_query_clear (&query);
  return ok;
}
