/* rapportd-api-import-columns.c: GET /api/v1/{collection}/import/columns and /import-presets, the fields a file may fill and the exports recognised, for the import assistant */
#include "rapportd-api.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-import-presets.h"
#include "crm-import-reference.h"

#include <glib/gi18n-lib.h>

/* the kinds of value the assistant tells apart */
static const char *
type_name (const CrmFieldSpec *spec)
{
  static const char * const names[] = {
    [CRM_FIELD_TEXT] = "text",
    [CRM_FIELD_LONG_TEXT] = "long_text",
    [CRM_FIELD_INT] = "integer",
    [CRM_FIELD_BOOL] = "bool",
    [CRM_FIELD_MONEY] = "money",
    [CRM_FIELD_DATE] = "date",
    [CRM_FIELD_TIMESTAMP] = "datetime",
    [CRM_FIELD_ENUM] = "choice",
    [CRM_FIELD_REFERENCE] = "reference",
    [CRM_FIELD_EMAIL] = "email",
    [CRM_FIELD_PHONE] = "phone",
    [CRM_FIELD_URL] = "url",
    [CRM_FIELD_TAGS] = "tags",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == CRM_FIELD_TAGS + 1);
  return names[spec->type];
}

static void
add_column (JsonBuilder        *builder,
            const CrmFieldSpec *spec)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, crm_field_spec_get_json_key (spec));
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, crm_field_spec_get_label (spec));
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type_name (spec));
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, (spec->flags & CRM_FIELD_REQUIRED) != 0);
  if (spec->type == CRM_FIELD_ENUM)
    {
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint i = 0; spec->enum_values[i]; i++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "key");
          json_builder_add_string_value (builder, spec->enum_values[i]);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, crm_field_spec_enum_label (spec, spec->enum_values[i]));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  if (spec->type == CRM_FIELD_REFERENCE)
    {
      GType target = crm_entities_lookup_name (spec->reference);
      CrmEntityClass *target_class = target != G_TYPE_INVALID ? g_type_class_peek (target) : NULL;
      const char * const *ways = crm_import_reference_ways (spec);

      json_builder_set_member_name (builder, "references");
      json_builder_add_string_value (builder, target_class ? target_class->collection : spec->reference);
      json_builder_set_member_name (builder, "by");
      json_builder_begin_array (builder);
      for (guint i = 0; ways[i]; i++)
        json_builder_add_string_value (builder, ways[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* GET /{collection}/import/columns: the fields a user may set on create, as
 * the import takes them; open to whoever may read the collection's list,
 * every signed-in role (a role without a data scope still reads what is
 * shared with it), as it tells of fields, not records */
RAPPORTD_HANDLER (rapportd_api_records_import_columns)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  CrmEntityClass *klass;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such collection: %s"), request->segments[0]);
      return FALSE;
    }
  klass = g_type_class_peek (type);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    if (!(klass->fields[i].flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN)))
      add_column (builder, &klass->fields[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}

/* GET /import-presets: the common exports a file is recognised as, and
 * preset= names: [{"name", "label" in the request's language, "signature"
 * [column], "min_signature"}]; every signed-in role, as for the columns */
RAPPORTD_HANDLER (rapportd_api_import_presets)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = 0;
  const CrmImportPreset *presets = crm_import_presets_get (&n);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "presets");
  json_builder_begin_array (builder);
  for (guint p = 0; p < n; p++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, presets[p].name);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, crm_import_preset_get_label (&presets[p]));
      json_builder_set_member_name (builder, "signature");
      json_builder_begin_array (builder);
      for (guint c = 0; presets[p].signature[c]; c++)
        json_builder_add_string_value (builder, presets[p].signature[c]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "min_signature");
      json_builder_add_int_value (builder, presets[p].min_signature);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
