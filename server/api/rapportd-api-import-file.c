/* rapportd-api-import-file.c: POST /api/v1/{collection}/import, a file as people have it:
 * CSV or TSV in any of the usual encodings, vCards or an Excel workbook, its columns matched to fields */
#include "rapportd-api-import.h"
#include "rapportd-api-import-rejected.h"
#include "rapportd-import-run.h"
#include "rapportd-import-options.h"
#include "rapportd-import-queue.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-import-mapping.h"
#include "crm-import-value.h"
#include "crm-import-read.h"

#include <glib/gi18n-lib.h>

static const char *const format_names[] = {
  [CRM_IMPORT_CSV] = "csv",
  [CRM_IMPORT_TSV] = "tsv",
  [CRM_IMPORT_VCARD] = "vcard",
  [CRM_IMPORT_XLSX] = "xlsx",
};

static void
append_string (GString    *answer,
               const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *json = json_to_string (node, FALSE);

  g_string_append (answer, json);
}

/* "format", "encoding", "separator", "preset", "columns" {column: key}, "ignored" [column] */
static void
append_reading (GString               *answer,
                CrmImportFormat        format,
                const CrmImportInfo   *info,
                const CrmImportPreset *preset,
                const char * const    *header,
                CrmImportMapping      *mapping)
{
  char separator[2] = { info->separator, '\0' };
  gboolean first = TRUE;

  g_string_append_printf (answer, ",\"format\":\"%s\",\"preset\":", format_names[format]);
  if (preset != NULL)
    append_string (answer, preset->name);
  else
    g_string_append (answer, "null");
  g_string_append (answer, ",\"encoding\":");
  append_string (answer, info->encoding);
  if (info->separator != '\0')
    {
      g_string_append (answer, ",\"separator\":");
      append_string (answer, separator);
    }
  g_string_append (answer, ",\"columns\":{");
  for (guint c = 0; header[c]; c++)
    {
      const CrmFieldSpec *spec = crm_import_mapping_column_field (mapping, c);

      if (spec == NULL)
        continue;
      if (!first)
        g_string_append_c (answer, ',');
      first = FALSE;
      append_string (answer, header[c]);
      g_string_append_c (answer, ':');
      append_string (answer, crm_field_spec_get_json_key (spec));
    }
  g_string_append (answer, "},\"ignored\":[");
  first = TRUE;
  for (guint c = 0; header[c]; c++)
    {
      if (crm_import_mapping_column_field (mapping, c) != NULL)
        continue;
      if (!first)
        g_string_append_c (answer, ',');
      first = FALSE;
      append_string (answer, header[c]);
    }
  g_string_append_c (answer, ']');
}

/* the cell of the column mapped to @field */
static char *
mapped_cell (gpointer            data,
             const char *const  *cells,
             const char         *field)
{
  CrmImportMapping *mapping = data;

  for (guint f = 0; f < crm_import_mapping_get_n_fields (mapping); f++)
    if (g_strcmp0 (crm_field_spec_get_json_key (crm_import_mapping_get_field (mapping, f)), field) == 0)
      return crm_import_mapping_dup_cell (mapping, f, cells);
  return NULL;
}

/* POST /{collection}/import[?dry_run=true|false][&charset=NAME][&sheet=NAME]:
 * text/csv (comma, semicolon or tab, sniffed), text/tab-separated-values or
 * text/vcard, in the charset the query or the Content-Type names, else the one
 * detected, or an XLSX workbook's first or named sheet; columns
 * matched to fields by key, label (English or Chinese) or the common exports'
 * names or the preset of the export the file is recognised as (or preset=
 * names), unknown ones ignored, or as mapping= or a saved mapping (mapping_id=)
 * says; all rows or none, or with mode=good_rows the good ones, as import.csv */
RAPPORTD_HANDLER (rapportd_api_records_import_file)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  const char *dry_run_value = rapportd_request_query (request, "dry_run");
  const char *charset = rapportd_request_query (request, "charset");
  CrmEntityClass *klass;
  CrmImportFormat format;
  CrmImportInfo info = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CrmImportMapping) mapping = NULL;
  g_autoptr(RapportdImportDuplicates) duplicates = NULL;
  g_autoptr(CrmImportConversions) conversions = crm_import_conversions_new ();
  g_autoptr(RapportdImportRejected) rejected = NULL;
  g_autoptr(RapportdImportQueue) queue = NULL;
  g_auto(RapportdImportOptions) options = { 0 };
  g_autoptr(RapportdImportReferences) references = NULL;
  const char *const *header;
  gboolean dry_run;
  int id_column;
  GString *answer;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such collection: %s"), request->segments[0]);
      return FALSE;
    }
  klass = g_type_class_peek (type);
  if (!crm_import_format_for_media_type (request->content_type, &format))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   _("Send the file as text/csv, text/tab-separated-values, text/vcard or an XLSX workbook"));
      return FALSE;
    }
  if (dry_run_value != NULL && !g_str_equal (dry_run_value, "true") && !g_str_equal (dry_run_value, "false"))
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "dry_run", _("dry_run is true or false"));
      return FALSE;
    }
  dry_run = g_strcmp0 (dry_run_value, "true") == 0;
  if (!rapportd_import_options_parse (&options, request, db, klass, error))
    return FALSE;
  if (charset == NULL)
    charset = request->charset;
  if (request->body == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("The request has no file"));
      return FALSE;
    }
  rows = crm_import_read (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body),
                          format, charset, rapportd_request_query (request, "sheet"), &info, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file has no header row"));
      return FALSE;
    }
  header = (const char *const *) rows->pdata[0];
  mapping = crm_import_mapping_new_with_preset (klass, header, rapportd_import_options_take_preset (&options, header));
  if (!rapportd_import_options_apply_mapping (&options, mapping, header, error))
    return FALSE;
  if (crm_import_mapping_get_n_fields (mapping) == 0)
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("No column of the file is a field of this kind of record (%s)"), noun);
      return FALSE;
    }

  if ((rejected = rapportd_import_rejected_new (request, header, error)) == NULL)
    return FALSE;

  if (!rapportd_import_run_begin (request, settings, format_names[format], dry_run, rows->len - 1, error))
    return FALSE;
  duplicates = rapportd_import_duplicates_new (klass);
  rapportd_import_duplicates_set_policy (duplicates, options.on_duplicate);
  references = rapportd_import_references_new (options.create_missing_accounts);
  id_column = rapportd_import_options_id_column (&options, header);
  queue = rapportd_import_queue_new (request, db, type, duplicates, references, rejected, mapped_cell, mapping);
  for (guint r = 1; r < rows->len; r++)
    {
      const char *const *cells = (const char *const *) rows->pdata[r];
      g_autoptr(JsonObject) object = json_object_new ();
      GError *row_error = NULL;
      g_autofree char *value = NULL;
      gboolean refused = FALSE;

      rapportd_import_run_row (request, r - 1);
      /* the id finds the record a row matches */
      if (id_column >= 0)
        rapportd_api_import_add_id (object, cells[id_column]);
      for (guint f = 0; f < crm_import_mapping_get_n_fields (mapping) && row_error == NULL; f++)
        {
          const CrmFieldSpec *spec = crm_import_mapping_get_field (mapping, f);
          g_autofree char *cell = crm_import_mapping_dup_cell (mapping, f, cells);

          /* each conversion explained in the answer */
          crm_import_conversions_note (conversions, r, spec, cell);
          if (*cell == '\0')
            continue;
          if (!rapportd_api_import_add_member (object, spec, cell, &row_error))
            {
              g_prefix_error (&row_error, _("Row %u: "), r);
              value = g_steal_pointer (&cell);
            }
        }
      if (!rapportd_import_queue_add (queue, r, cells, object, row_error, value, &refused, error))
        return FALSE;
      if (refused)
        return TRUE;
    }
  {
    gboolean refused = FALSE;

    if (!rapportd_import_queue_finish (queue, &refused, error))
      return FALSE;
    if (refused)
      return TRUE;
  }

  if (!rapportd_import_run_finish (request, db, rapportd_import_rejected_get_n_rows (rejected), error))
    return FALSE;
  /* a dry run is checked against the database, constraints included, and rolled back */
  request->rollback = dry_run;
  answer = g_string_new (NULL);
  g_string_printf (answer, "{\"%s\":%u", dry_run ? "valid" : "created",
                   rows->len - 1 - rapportd_import_rejected_get_n_rows (rejected) -
                   rapportd_import_duplicates_get_n_matched (duplicates));
  append_reading (answer, format, &info, options.preset, header, mapping);
  rapportd_import_duplicates_append (duplicates, answer);
  rapportd_import_references_append (references, answer);
  crm_import_conversions_append (conversions, answer);
  rapportd_import_rejected_append (rejected, answer);
  rapportd_import_run_append (request, answer);
  g_string_append_c (answer, '}');
  rapportd_request_take_body (request, dry_run ? 200 : 201, g_string_free (answer, FALSE));
  return TRUE;
}
