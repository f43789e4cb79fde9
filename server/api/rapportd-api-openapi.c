/* rapportd-api-openapi.c: GET /api/v1/openapi.json, the API described from the route table and the metamodel */
#include "config.h"
#include "rapportd-api.h"
#include "rapportd-attachments.h"
#include "rapportd-dedup.h"
#include "rapportd-timeline.h"
#include "rapportd-api-documents.h"
#include "rapportd-webhooks.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void
add_field_schema (JsonBuilder        *builder,
                  const CrmFieldSpec *spec)
{
  json_builder_set_member_name (builder, crm_field_spec_get_json_key (spec));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      json_builder_add_string_value (builder, "integer");
      break;
    case CRM_FIELD_BOOL:
      json_builder_add_string_value (builder, "boolean");
      break;
    case CRM_FIELD_TAGS:
      json_builder_add_string_value (builder, "array");
      json_builder_set_member_name (builder, "items");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "string");
      json_builder_end_object (builder);
      break;
    default:
      json_builder_add_string_value (builder, "string");
      break;
    }
  switch (spec->type)
    {
    case CRM_FIELD_MONEY:
      /* exact decimals travel as strings, never JSON numbers */
      json_builder_set_member_name (builder, "pattern");
      json_builder_add_string_value (builder, spec->scale > 0 ? "^-?[0-9]+(\\.[0-9]+)?$" : "^-?[0-9]+$");
      json_builder_set_member_name (builder, "x-decimals");
      json_builder_add_int_value (builder, spec->scale);
      break;
    case CRM_FIELD_DATE:
    case CRM_FIELD_TIMESTAMP:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_URL:
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, spec->type == CRM_FIELD_DATE ? "date"
                                              : spec->type == CRM_FIELD_TIMESTAMP ? "date-time"
                                              : spec->type == CRM_FIELD_EMAIL ? "email" : "uri");
      break;
    case CRM_FIELD_ENUM:
      json_builder_set_member_name (builder, "enum");
      json_builder_begin_array (builder);
      for (guint i = 0; spec->enum_values[i]; i++)
        json_builder_add_string_value (builder, spec->enum_values[i]);
      json_builder_end_array (builder);
      break;
    case CRM_FIELD_REFERENCE:
      json_builder_set_member_name (builder, "x-references");
      json_builder_add_string_value (builder, spec->reference);
      break;
    default:
      break;
    }
  if (spec->max_len > 0 && spec->type != CRM_FIELD_TAGS)
    {
      json_builder_set_member_name (builder, "maxLength");
      json_builder_add_int_value (builder, spec->max_len);
    }
  if (spec->flags & CRM_FIELD_READONLY)
    {
      json_builder_set_member_name (builder, "readOnly");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_set_member_name (builder, "nullable");
  json_builder_add_boolean_value (builder, !(spec->flags & CRM_FIELD_REQUIRED));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, spec->label ? spec->label : spec->name);
  json_builder_end_object (builder);
}

static char *
schema_name (CrmEntityClass *klass)
{
  g_auto(GStrv) words = g_strsplit (klass->entity_name, "_", -1);
  GString *name = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      words[i][0] = g_ascii_toupper (words[i][0]);
      g_string_append (name, words[i]);
    }
  return g_string_free (name, FALSE);
}

static void
add_entity_schema (JsonBuilder    *builder,
                   CrmEntityClass *klass)
{
  g_autofree char *name = schema_name (klass);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_REQUIRED)
      json_builder_add_string_value (builder, crm_field_spec_get_json_key (&klass->fields[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < klass->n_fields; i++)
    if (!(klass->fields[i].flags & CRM_FIELD_HIDDEN))
      add_field_schema (builder, &klass->fields[i]);
  /* a list names the record each reference points at */
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].type == CRM_FIELD_REFERENCE && !(klass->fields[i].flags & CRM_FIELD_HIDDEN))
      {
        g_autofree char *key = g_strconcat (klass->fields[i].name, "_name", NULL);

        json_builder_set_member_name (builder, key);
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "type");
        json_builder_add_string_value (builder, "string");
        json_builder_set_member_name (builder, "readOnly");
        json_builder_add_boolean_value (builder, TRUE);
        json_builder_set_member_name (builder, "description");
        json_builder_add_string_value (builder, "In lists: the name (or number) of the record the reference points at");
        json_builder_end_object (builder);
      }
  if (klass->line_type != G_TYPE_INVALID)
    {
      CrmEntityClass *line_class = g_type_class_ref (klass->line_type);
      g_autofree char *line = schema_name (line_class);
      g_autofree char *ref = g_strdup_printf ("#/components/schemas/%s", line);

      g_type_class_unref (line_class);
      json_builder_set_member_name (builder, crm_entity_class_lines_member (klass));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "array");
      json_builder_set_member_name (builder, "items");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "$ref");
      json_builder_add_string_value (builder, ref);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

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
  GHashTable *paths;
  GPtrArray  *order;
} Paths;

static void
add_property (JsonBuilder *builder,
              const char  *name,
              const char  *type,
              const char  *description)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
}

static void
add_event_types (JsonBuilder *builder)
{
  g_auto(GStrv) types = rapportd_webhook_types ();

  json_builder_set_member_name (builder, "enum");
  json_builder_begin_array (builder);
  for (guint i = 0; types[i]; i++)
    json_builder_add_string_value (builder, types[i]);
  json_builder_end_array (builder);
}

/* a subscription as sent and listed, and what its receiver is POSTed */
static void
add_webhook_schemas (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "WebhookSubscription");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_property (builder, "url", "string", "An http or https address the events are POSTed to");
  json_builder_set_member_name (builder, "events");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "array");
  json_builder_set_member_name (builder, "items");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  add_event_types (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  add_property (builder, "secret", "string", "Signs each delivery; made and shown once when not given");
  add_property (builder, "active", "boolean", "Whether events are delivered");
  add_property (builder, "version", "integer", "The version a change was made on");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "WebhookEvent");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "The body POSTed to a receiver, with the headers X-Rapport-Event, "
                                 "X-Rapport-Delivery, X-Rapport-Timestamp and X-Rapport-Signature: "
                                 "sha256=HEX(HMAC-SHA256(secret, timestamp + \".\" + body))");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_property (builder, "id", "integer", "The event's id, the same in each subscription's delivery of it");
  json_builder_set_member_name (builder, "type");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  add_event_types (builder);
  json_builder_end_object (builder);
  add_property (builder, "created_at", "string", "When the change was made, UTC");
  add_property (builder, "data", "object", "The change: entity, id, action, version, actor_id, actor_name; for a "
                "type ENTITY.STATUS (order.confirmed), also status, the one the record entered");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_operation (Paths              *paths,
               const char         *path,
               const char         *method,
               gboolean            public)
{
  GPtrArray *methods = g_hash_table_lookup (paths->paths, path);

  if (methods == NULL)
    {
      methods = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (paths->paths, g_strdup (path), methods);
      g_ptr_array_add (paths->order, g_strdup (path));
    }
  g_ptr_array_add (methods, g_strdup_printf ("%s%s", public ? "+" : "", method));
}

static void
collect_route (const char         *method,
               const char * const *segments,
               gboolean            public,
               gpointer            data)
{
  Paths *paths = data;
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  if (!g_str_equal (segments[0], "*"))
    {
      g_autoptr(GString) path = g_string_new ("");

      for (guint i = 0; segments[i]; i++)
        g_string_append_printf (path, "/%s", g_str_equal (segments[i], "*") ? "{id}" : segments[i]);
      add_operation (paths, path->str, method, public);
      return;
    }
  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *klass = g_type_class_peek (types[t]);
      g_autoptr(GString) path = g_string_new ("");

      if (!route_applies (klass, segments))
        continue;
      g_string_append_printf (path, "/%s", klass->collection);
      for (guint i = 1; segments[i]; i++)
        g_string_append_printf (path, "/%s", g_str_equal (segments[i], "*") ? (i == 3 ? "{share_id}" : "{id}") : segments[i]);
      add_operation (paths, path->str, method, public);
    }
}

/* the schema of a path's records, if it is a collection's or a record's */
static CrmEntityClass *
path_class (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  GType type = crm_entities_lookup_collection (parts[0]);

  if (type == G_TYPE_INVALID || g_strv_length (parts) > 2 ||
      (parts[1] != NULL && !g_str_equal (parts[1], "{id}")))
    return NULL;
  return g_type_class_peek (type);
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
      GPtrArray *methods = g_hash_table_lookup (paths->paths, path);
      CrmEntityClass *klass = path_class (path);
      g_autofree char *name = klass ? schema_name (klass) : NULL;
      g_autofree char *ref = name ? g_strdup_printf ("#/components/schemas/%s", name)
                             : g_str_equal (path, "/webhooks") || g_str_equal (path, "/webhooks/{id}")
                             ? g_strdup ("#/components/schemas/WebhookSubscription") : NULL;

      json_builder_set_member_name (builder, path);
      json_builder_begin_object (builder);
      for (guint m = 0; m < methods->len; m++)
        {
          const char *method = methods->pdata[m];
          gboolean public = method[0] == '+';
          g_autofree char *lower = g_ascii_strdown (public ? method + 1 : method, -1);

          json_builder_set_member_name (builder, lower);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "security");
          json_builder_begin_array (builder);
          if (!public)
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "bearer");
              json_builder_begin_array (builder);
              json_builder_end_array (builder);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          if (ref != NULL && (g_str_equal (lower, "post") || g_str_equal (lower, "patch")))
            {
              json_builder_set_member_name (builder, "requestBody");
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "content");
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "application/json");
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "schema");
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "$ref");
              json_builder_add_string_value (builder, ref);
              json_builder_end_object (builder);
              json_builder_end_object (builder);
              json_builder_end_object (builder);
              json_builder_end_object (builder);
            }
          json_builder_set_member_name (builder, "responses");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "default");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, "An error: {\"error\":{\"code\",\"message\",\"field\"}}");
          json_builder_end_object (builder);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* the router's table as it is, "METHOD /segment/…" with "*" for any one
 * segment, so a client (and the permission test) can tell every route */
static void
add_route (const char         *method,
           const char * const *segments,
           gboolean            public,
           gpointer            data)
{
  JsonBuilder *builder = data;
  g_autofree char *path = g_strjoinv ("/", (char **) segments);
  g_autofree char *route = g_strdup_printf ("%s /%s", method, path);

  json_builder_add_string_value (builder, route);
}

/* GET /openapi.json */
RAPPORTD_HANDLER (rapportd_api_openapi)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  Paths paths = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref),
                  g_ptr_array_new_with_free_func (g_free) };
  guint n_types;
  const GType *types = crm_entities_list (&n_types);
  CrmEntityClass *line_class;

  rapportd_router_foreach_route (collect_route, &paths);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "openapi");
  json_builder_add_string_value (builder, "3.0.3");
  json_builder_set_member_name (builder, "info");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Rapport API");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);
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
  json_builder_set_member_name (builder, "securitySchemes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "bearer");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "http");
  json_builder_set_member_name (builder, "scheme");
  json_builder_add_string_value (builder, "bearer");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_object (builder);
  for (guint t = 0; t < n_types; t++)
    add_entity_schema (builder, g_type_class_peek (types[t]));
  /* lines travel inside their record: each line type once */
  for (guint t = 0; t < n_types; t++)
    {
      GType line_type = ((CrmEntityClass *) g_type_class_peek (types[t]))->line_type;
      gboolean seen = FALSE;

      for (guint u = 0; u < t; u++)
        seen |= ((CrmEntityClass *) g_type_class_peek (types[u]))->line_type == line_type;
      if (line_type == G_TYPE_INVALID || seen)
        continue;
      line_class = g_type_class_ref (line_type);
      add_entity_schema (builder, line_class);
      g_type_class_unref (line_class);
    }
  add_webhook_schemas (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  g_hash_table_unref (paths.paths);
  g_ptr_array_unref (paths.order);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
