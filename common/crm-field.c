/* crm-field.c: helpers over CrmFieldSpec descriptors */
#include "crm-field.h"

#include <glib/gi18n-lib.h>

const char *
crm_field_spec_get_column (const CrmFieldSpec *spec)
{
  return spec->column ? spec->column : spec->name;
}

const char *
crm_field_spec_get_json_key (const CrmFieldSpec *spec)
{
  return spec->json_key ? spec->json_key : spec->name;
}

gboolean
crm_field_spec_has_enum (const CrmFieldSpec *spec,
                         const char         *value)
{
  if (spec->enum_values == NULL || value == NULL)
    return FALSE;
  return g_strv_contains ((const char * const *) spec->enum_values, value);
}

const char *
crm_field_type_to_string (CrmFieldType type)
{
  static const char * const names[] = {
    "text", "long_text", "int", "bool", "money", "date", "timestamp",
    "enum", "reference", "email", "phone", "url", "tags",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == CRM_FIELD_TAGS + 1);
  return names[type];
}

/**
 * crm_field_spec_get_label:
 * @spec: a field
 *
 * Returns: (transfer none): the field's translated label
 */
const char *
crm_field_spec_get_label (const CrmFieldSpec *spec)
{
  if (spec->label == NULL)
    return spec->name;
  return spec->context ? g_dpgettext2 (GETTEXT_PACKAGE, spec->context, spec->label) : g_dgettext (GETTEXT_PACKAGE, spec->label);
}

/**
 * crm_field_spec_enum_label:
 * @spec: an enum field
 * @value: one of its values
 *
 * Returns: (transfer none): the value's translated label, or @value itself
 */
const char *
crm_field_spec_enum_label (const CrmFieldSpec *spec,
                           const char         *value)
{
  if (spec->enum_values == NULL || spec->enum_labels == NULL || value == NULL)
    return value;
  for (guint i = 0; spec->enum_values[i]; i++)
    if (g_str_equal (spec->enum_values[i], value))
      return spec->context ? g_dpgettext2 (GETTEXT_PACKAGE, spec->context, spec->enum_labels[i])
                           : g_dgettext (GETTEXT_PACKAGE, spec->enum_labels[i]);
  return value;
}
