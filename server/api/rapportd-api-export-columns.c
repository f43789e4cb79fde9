/* rapportd-api-export-columns.c: the columns of an export (columns=a,b,c) and the text of their cells */
#include "rapportd-export-writers.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-money.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * rapportd_export_cell_text:
 * @spec: a field
 * @value: its value in a record
 *
 * Returns: (transfer full): the value as the CSV export writes it, "" when unset
 */
char *
rapportd_export_cell_text (const CrmFieldSpec *spec,
                           const CrmValue     *value)
{
  g_return_val_if_fail (spec != NULL && value != NULL, NULL);

  if (!value->set || value->is_null)
    return g_strdup ("");
  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
    case CRM_FIELD_BOOL:
      return g_strdup (value->i ? "true" : "false");
    case CRM_FIELD_MONEY:
      return crm_money_to_string (crm_money_new (value->i, spec->scale));
    case CRM_FIELD_TIMESTAMP:
      return crm_json_format_timestamp (value->i);
    case CRM_FIELD_TAGS:
      return value->tags ? g_strjoinv (";", value->tags) : g_strdup ("");
    default:
      return g_strdup (value->s ? value->s : "");
    }
}

/**
 * rapportd_export_column_text:
 * @column: a column of the export
 * @entity: a record
 *
 * Returns: (transfer full): the record's cell in the column, "" when unset
 */
char *
rapportd_export_column_text (const RapportdExportColumn *column,
                             CrmEntity                  *entity)
{
  const CrmValue *value;

  g_return_val_if_fail (column != NULL && CRM_IS_ENTITY (entity), NULL);

  value = crm_entity_value (entity, column->field);
  if (column->portable)
    {
      const char *name = value->set && !value->is_null
                         ? crm_entity_get_reference_name (entity, column->field) : NULL;

      return g_strdup (name ? name : "");
    }
  return rapportd_export_cell_text (&CRM_ENTITY_GET_CLASS (entity)->fields[column->field], value);
}

static void
column_clear (gpointer data)
{
  RapportdExportColumn *column = data;

  g_free (column->header);
}

static void
add_column (GArray         *columns,
            CrmEntityClass *klass,
            int             field,
            gboolean        portable)
{
  RapportdExportColumn column = { .field = field };

  if (portable)
    column.header = rapportd_export_portable_header (&klass->fields[field]);
  column.portable = column.header != NULL;
  if (column.header == NULL)
    column.header = g_strdup (crm_field_spec_get_json_key (&klass->fields[field]));
  g_array_append_val (columns, column);
}

/* a field by its JSON key, or by its portable header ("account_code") */
static int
find_column (CrmEntityClass *klass,
             const char     *key,
             gboolean        portable)
{
  int field = crm_entity_class_find_json_key (klass, key);

  for (guint i = 0; field < 0 && portable && i < klass->n_fields; i++)
    {
      g_autofree char *header = rapportd_export_portable_header (&klass->fields[i]);

      if (g_strcmp0 (header, key) == 0)
        field = i;
    }
  if (field >= 0 && (klass->fields[field].flags & CRM_FIELD_HIDDEN))
    return -1;
  return field;
}

/**
 * rapportd_export_columns_parse:
 * @klass: the kind of the exported records
 * @columns: (nullable): columns=, JSON keys separated by commas, or %NULL for every field
 * @portable: references=portable: references by what they import by
 * @error: %CRM_ERROR_BAD_REQUEST on `columns`
 *
 * Returns: (transfer full) (element-type RapportdExportColumn): the columns
 *   in the order asked, or %NULL for an unknown or repeated one
 */
GArray *
rapportd_export_columns_parse (CrmEntityClass  *klass,
                               const char      *columns,
                               gboolean         portable,
                               GError         **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, TRUE, sizeof (RapportdExportColumn));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_auto(GStrv) keys = NULL;

  g_return_val_if_fail (klass != NULL, NULL);

  g_array_set_clear_func (result, column_clear);
  if (columns == NULL)
    {
      for (guint i = 0; i < klass->n_fields; i++)
        if (!(klass->fields[i].flags & CRM_FIELD_HIDDEN))
          add_column (result, klass, i, portable);
      return g_steal_pointer (&result);
    }
  keys = g_strsplit (columns, ",", -1);
  if (keys[0] == NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "columns", _("columns names no column"));
      return NULL;
    }
  for (guint i = 0; keys[i]; i++)
    {
      const char *key = g_strstrip (keys[i]);
      int field = find_column (klass, key, portable);

      if (field < 0)
        {
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "columns",
                                     _("No column “%s” to export"), key);
          return NULL;
        }
      if (!g_hash_table_add (seen, GINT_TO_POINTER (field)))
        {
          crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "columns",
                                     _("The column “%s” is asked for twice"), key);
          return NULL;
        }
      add_column (result, klass, field, portable);
    }
  return g_steal_pointer (&result);
}
