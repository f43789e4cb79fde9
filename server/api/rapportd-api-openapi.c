/* rapportd-api-openapi.c: GET /api/v1/openapi.json, the API described from the route table and the metamodel */
#include "config.h"
#include "rapportd-api.h"
#include "rapportd-attachments.h"
#include "rapportd-dedup.h"
#include "rapportd-timeline.h"
#include "rapportd-api-documents.h"
#include "rapportd-openapi-private.h"
#include "crm-entities.h"

#include <string.h>

/* whether a route whose first segment is a wildcard serves this collection */
static gboolean
route_applies (CrmEntityClass     *klass,
               const char * const *segments)
{
  guint n = g_strv_length ((char **) segments);
  const char *last = segments[n - 1];

  if (n == 1 || (n == 2 && g_str_equal (last, "*")))
    return TRUE;
  if (n == 2 && g_str_equal (last, "duplicates"))
    return rapportd_dedup_class_is_checked (klass);
  if (n == 2)
    return g_str_equal (last, "transfer") ? crm_entity_class_find_owner (klass) >= 0 : TRUE;
  if (g_str_equal (last, "merge"))
    return crm_entity_class_find_field (klass, "merged_into") >= 0;
  if (g_str_equal (last, "restore") || g_str_equal (last, "history"))
    return !klass->never_archived || g_str_equal (last, "history");
  if (g_str_equal (last, "presence") || g_str_equal (last, "columns"))
    return TRUE;
  if (g_str_equal (last, "timeline"))
    return rapportd_timeline_has_stream (klass->entity_name);
  if (g_str_equal (last, "duplicates"))
    return rapportd_dedup_class_is_checked (klass);
  if (g_str_equal (last, "shares"))
    return crm_entity_class_find_owner (klass) >= 0;
  if (g_str_equal (last, "attachments"))
    return rapportd_attachments_is_attachable (klass->collection);
  if (n == 4)
    return crm_entity_class_find_owner (klass) >= 0;
  if (g_str_equal (last, "personal-data") || g_str_equal (last, "legal-hold") ||
      g_str_equal (last, "restrict") || g_str_equal (last, "erase"))
    return crm_entity_class_find_field (klass, "legal_hold") >= 0;
  if (g_str_equal (last, "*"))
    return FALSE;
  return rapportd_documents_has_verb (klass, last);
}

typedef struct
{
  /* path → GPtrArray of RapportdOpenapiOperation, in the table's order */
  GHashTable *paths;
  GPtrArray  *order;
} Paths;

static void
operation_free (RapportdOpenapiOperation *operation)
{
  g_free (operation->path);
  g_free (operation);
}

static void
add_operation (Paths                   *paths,
               const char              *path,
               const RapportdRouteInfo *route,
               CrmEntityClass          *klass)
{
  GPtrArray *operations = g_hash_table_lookup (paths->paths, path);
  RapportdOpenapiOperation *operation = g_new0 (RapportdOpenapiOperation, 1);

  if (operations == NULL)
    {
      operations = g_ptr_array_new_with_free_func ((GDestroyNotify) operation_free);
      g_hash_table_insert (paths->paths, g_strdup (path), operations);
      g_ptr_array_add (paths->order, g_strdup (path));
    }
  operation->path = g_strdup (path);
  operation->route = *route;
  operation->klass = klass;
  g_ptr_array_add (operations, operation);
}

/* the path's name for the "*" at @i: the first is the record's id, a
 * later one the id of the item the segment before names ("shares" →
 * share_id); a calendar feed's is its secret */
static void
append_segment (GString            *path,
                const char * const *segments,
                guint               i)
{
  if (!g_str_equal (segments[i], "*"))
    g_string_append_printf (path, "/%s", segments[i]);
  else if (i == 1 && g_str_equal (segments[0], "calendar"))
    g_string_append (path, "/{secret}");
  else if (strstr (path->str, "{id}") == NULL)
    g_string_append (path, "/{id}");
  else
    {
      const char *previous = segments[i - 1];
      gsize length = strlen (previous);

      g_string_append_printf (path, "/{%.*s_id}", (int) (g_str_has_suffix (previous, "s") ? length - 1 : length), previous);
    }
}

static void
collect_route (const RapportdRouteInfo *route,
               gpointer                 data)
{
  Paths *paths = data;
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  if (!g_str_equal (route->segments[0], "*"))
    {
      g_autoptr(GString) path = g_string_new ("");

      for (guint i = 0; route->segments[i]; i++)
        append_segment (path, route->segments, i);
      add_operation (paths, path->str, route, NULL);
      return;
    }
  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *klass = g_type_class_peek (types[t]);
      g_autoptr(GString) path = g_string_new ("");

      if (!route_applies (klass, route->segments))
        continue;
      g_string_append_printf (path, "/%s", klass->collection);
      for (guint i = 1; route->segments[i]; i++)
        append_segment (path, route->segments, i);
      add_operation (paths, path->str, route, klass);
    }
}

static void
add_paths (JsonBuilder *builder,
           Paths       *paths)
{
  json_builder_set_member_name (builder, "paths");
  json_builder_begin_object (builder);
  for (guint p = 0; p < paths->order->len; p++)
    {
      const char *path = paths->order->pdata[p];
      GPtrArray *operations = g_hash_table_lookup (paths->paths, path);

      json_builder_set_member_name (builder, path);
      json_builder_begin_object (builder);
      for (guint m = 0; m < operations->len; m++)
        rapportd_openapi_add_operation (builder, operations->pdata[m]);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* the router's table as it is, "METHOD /segment/…" with "*" for any one
 * segment, so a client (and the permission test) can tell every route */
static void
add_route (const RapportdRouteInfo *route,
           gpointer                 data)
{
  JsonBuilder *builder = data;
  g_autofree char *path = g_strjoinv ("/", (char **) route->segments);
  g_autofree char *pattern = g_strdup_printf ("%s /%s", route->method, path);

  json_builder_add_string_value (builder, pattern);
}

static void
add_info (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "info");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Rapport API");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "The REST API of rapportd, the server of the Rapport CRM. Writes carry "
                                 "the record's version (a stale one is 409); every error is answered with "
                                 "the envelope of schema Error. Changes reach other systems as webhooks "
                                 "(the callbacks of POST /webhooks).");
  json_builder_set_member_name (builder, "license");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "GPL-3.0-or-later");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, "https://www.gnu.org/licenses/gpl-3.0.html");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* GET /openapi.json */
RAPPORTD_HANDLER (rapportd_api_openapi)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  Paths paths = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref),
                  g_ptr_array_new_with_free_func (g_free) };

  rapportd_router_foreach_route (collect_route, &paths);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "openapi");
  json_builder_add_string_value (builder, "3.0.3");
  add_info (builder);
  json_builder_set_member_name (builder, "servers");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, "/api/v1");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_paths (builder, &paths);
  json_builder_set_member_name (builder, "x-routes");
  json_builder_begin_array (builder);
  rapportd_router_foreach_route (add_route, builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "components");
  json_builder_begin_object (builder);
  rapportd_openapi_add_components (builder);
  rapportd_openapi_add_schemas (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  g_hash_table_unref (paths.paths);
  g_ptr_array_unref (paths.order);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
