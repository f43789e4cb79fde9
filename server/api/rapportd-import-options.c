/* rapportd-import-options.c: what an import's query asks beyond the file: its columns' fields, what a row that exists does, missing references */
#include "rapportd-import-options.h"
#include "rapportd-import-mappings.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char * const policies[] = {
  [RAPPORTD_IMPORT_CREATE] = "create",
  [RAPPORTD_IMPORT_SKIP] = "skip",
  [RAPPORTD_IMPORT_UPDATE] = "update",
};

/**
 * rapportd_import_options_check_columns:
 * @klass: the kind of record imported
 * @columns: {column: key or null}, as a client sent it
 * @field: the member or parameter named in an error
 * @error: return location for a %CRM_ERROR_BAD_REQUEST naming @field
 *
 * Returns: whether each value is null or the key of a field a file may fill
 *   ("id" too, which finds the record a row updates)
 */
gboolean
rapportd_import_options_check_columns (CrmEntityClass  *klass,
                                       JsonObject      *columns,
                                       const char      *field,
                                       GError         **error)
{
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (klass != NULL && columns != NULL, FALSE);

  names = json_object_get_members (columns);
  for (GList *l = names; l; l = l->next)
    {
      JsonNode *value = json_object_get_member (columns, l->data);
      const char *key = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING ?
                        json_node_get_string (value) : NULL;
      int index = key ? crm_entity_class_find_json_key (klass, key) : -1;

      if (JSON_NODE_HOLDS_NULL (value) || g_strcmp0 (key, "id") == 0)
        continue;
      if (index < 0 || (klass->fields[index].flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN)))
        {
          g_autofree char *noun = crm_entity_class_dup_noun (klass);

          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, field,
                                     _("Column “%s”: “%s” is not a field an import fills in this kind of record (%s)"),
                                     (const char *) l->data, key ? key : "?", noun);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rapportd_import_options_parse:
 * @options: (out caller-allocates): the options, cleared with
 *   rapportd_import_options_clear()
 * @request: the import: its query's mapping, mapping_id, on_duplicate,
 *   create_missing and preset
 * @db: its connection, to read a saved mapping
 * @klass: the kind of record imported
 * @error: return location for a %CRM_ERROR_BAD_REQUEST naming the parameter
 *
 * Returns: whether every parameter given has a value it may have
 */
gboolean
rapportd_import_options_parse (RapportdImportOptions  *options,
                               RapportdRequest        *request,
                               RapportdDb             *db,
                               CrmEntityClass         *klass,
                               GError                **error)
{
  const char *mapping = rapportd_request_query (request, "mapping");
  const char *mapping_id = rapportd_request_query (request, "mapping_id");
  const char *on_duplicate = rapportd_request_query (request, "on_duplicate");
  const char *create_missing = rapportd_request_query (request, "create_missing");
  const char *preset = rapportd_request_query (request, "preset");
  guint64 id;

  g_return_val_if_fail (options != NULL && request != NULL && klass != NULL, FALSE);

  memset (options, 0, sizeof *options);
  if (mapping != NULL && mapping_id != NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "mapping_id",
                                 _("Give mapping or mapping_id, not both"));
      return FALSE;
    }
  if (mapping != NULL)
    {
      g_autoptr(GError) parse_error = NULL;

      options->mapping = crm_json_parse_object (mapping, -1, &parse_error);
      if (options->mapping == NULL)
        {
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "mapping",
                                     _("mapping is a JSON object of the file’s columns and the fields they fill"));
          return FALSE;
        }
      if (!rapportd_import_options_check_columns (klass, options->mapping, "mapping", error))
        return FALSE;
    }
  if (mapping_id != NULL)
    {
      if (!g_ascii_string_to_unsigned (mapping_id, 10, 1, G_MAXINT64, &id, NULL))
        {
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "mapping_id",
                                     _("mapping_id is the id of a saved mapping"));
          return FALSE;
        }
      options->mapping = rapportd_import_mappings_columns (db, (gint64) id, klass->collection, error);
      if (options->mapping == NULL)
        return FALSE;
      options->saved = TRUE;
    }

  options->on_duplicate = RAPPORTD_IMPORT_CREATE;
  if (on_duplicate != NULL)
    {
      guint p;

      for (p = 0; p < G_N_ELEMENTS (policies) && !g_str_equal (policies[p], on_duplicate); p++)
        ;
      if (p == G_N_ELEMENTS (policies))
        {
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "on_duplicate",
                                     _("on_duplicate is create, skip or update"));
          return FALSE;
        }
      options->on_duplicate = p;
    }
  if (create_missing != NULL)
    {
      if (!g_str_equal (create_missing, "accounts"))
        {
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "create_missing",
                                     _("create_missing is accounts"));
          return FALSE;
        }
      options->create_missing_accounts = TRUE;
    }
  if (preset != NULL)
    {
      options->preset_named = TRUE;
      options->preset = g_str_equal (preset, "none") ? NULL : crm_import_preset_lookup (preset);
      if (options->preset == NULL && !g_str_equal (preset, "none"))
        {
          g_autoptr(GString) names = g_string_new (NULL);
          guint n = 0;
          const CrmImportPreset *presets = crm_import_presets_get (&n);

          for (guint p = 0; p < n; p++)
            g_string_append_printf (names, "%s, ", presets[p].name);
          /* TRANSLATORS: %s lists the presets' names: "outlook, google, …, " */
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "preset",
                                     _("preset is one of %snone"), names->str);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rapportd_import_options_take_preset:
 * @options: the import's options
 * @header: the file's header
 *
 * Settles the file's preset: the one preset= names, else the one @header
 * is recognised as (crm_import_preset_recognise()), or none.
 *
 * Returns: (transfer none) (nullable): the preset
 */
const CrmImportPreset *
rapportd_import_options_take_preset (RapportdImportOptions *options,
                                     const char * const    *header)
{
  g_return_val_if_fail (options != NULL && header != NULL, NULL);

  if (!options->preset_named)
    options->preset = crm_import_preset_recognise (header);
  return options->preset;
}

static int
find_column (const char * const *header,
             const char         *column)
{
  for (guint c = 0; header[c]; c++)
    if (g_str_equal (header[c], column))
      return c;
  return -1;
}

/**
 * rapportd_import_options_apply_mapping:
 * @options: the import's options
 * @mapping: the file's columns, matched automatically
 * @header: the file's header
 * @error: return location for a %CRM_ERROR_BAD_REQUEST on "mapping" where
 *   it names a column the file does not have
 *
 * Gives each column the mapping names the field it names, or none; the
 * others keep what they were matched to. A saved mapping's columns that
 * the file does not have are let be: it serves files alike, not one file.
 *
 * Returns: whether the mapping fits the file
 */
gboolean
rapportd_import_options_apply_mapping (RapportdImportOptions  *options,
                                       CrmImportMapping       *mapping,
                                       const char * const     *header,
                                       GError                **error)
{
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (options != NULL && mapping != NULL && header != NULL, FALSE);

  if (options->mapping == NULL)
    return TRUE;
  names = json_object_get_members (options->mapping);
  for (GList *l = names; l; l = l->next)
    {
      int column = find_column (header, l->data);
      JsonNode *value = json_object_get_member (options->mapping, l->data);
      const char *key = JSON_NODE_HOLDS_NULL (value) ? NULL : json_node_get_string (value);

      if (column < 0 && options->saved)
        continue;
      if (column < 0)
        {
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "mapping",
                                     _("The file has no column “%s”"), (const char *) l->data);
          return FALSE;
        }
      /* "id" names the record a row updates, not a field it fills */
      if (!crm_import_mapping_set_column (mapping, column, g_strcmp0 (key, "id") == 0 ? NULL : key))
        {
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "mapping",
                                     _("“%s” is not a field an import fills"), key);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rapportd_import_options_id_column:
 * @options: the import's options
 * @header: the file's header
 *
 * Returns: the column holding the ids of the records rows update: the one
 *   the mapping maps to "id", or else the one named "id" unless the file's
 *   preset ignores it (Salesforce's "Id" is none of Rapport's); or -1
 */
int
rapportd_import_options_id_column (RapportdImportOptions *options,
                                   const char * const    *header)
{
  g_return_val_if_fail (options != NULL && header != NULL, -1);

  if (options->mapping != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (options->mapping);

      for (GList *l = names; l; l = l->next)
        {
          JsonNode *value = json_object_get_member (options->mapping, l->data);

          if (!JSON_NODE_HOLDS_NULL (value) && g_strcmp0 (json_node_get_string (value), "id") == 0)
            return find_column (header, l->data);
        }
    }
  for (guint c = 0; header[c]; c++)
    {
      g_autofree char *name = g_strstrip (g_strdup (header[c]));

      /* unless the mapping says to ignore it */
      if (g_ascii_strcasecmp (name, "id") == 0 && !crm_import_preset_ignores (options->preset, header[c]) &&
          (options->mapping == NULL || !json_object_has_member (options->mapping, header[c])))
        return c;
    }
  return -1;
}

void
rapportd_import_options_clear (RapportdImportOptions *options)
{
  g_clear_pointer (&options->mapping, json_object_unref);
}
