/* crm-import-read.c: an imported file's rows, whatever its format and encoding */
#include "crm-import-read.h"
#include "crm-import-charset.h"
#include "crm-csv.h"
#include "crm-vcard.h"
#include "crm-xlsx.h"

#include <string.h>

static const struct
{
  const char      *media_type;
  CrmImportFormat  format;
} media_types[] = {
  { "text/csv",                  CRM_IMPORT_CSV },
  { "application/csv",           CRM_IMPORT_CSV },
  { "text/tab-separated-values", CRM_IMPORT_TSV },
  { "text/vcard",                CRM_IMPORT_VCARD },
  { "text/x-vcard",              CRM_IMPORT_VCARD },
  { "text/directory",            CRM_IMPORT_VCARD },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", CRM_IMPORT_XLSX },
};

/**
 * crm_import_format_for_media_type:
 * @media_type: a Content-Type without its parameters
 * @format: (out): the format it names
 *
 * Returns: whether the media type is one the import reads
 */
gboolean
crm_import_format_for_media_type (const char      *media_type,
                                  CrmImportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; media_type != NULL && i < G_N_ELEMENTS (media_types); i++)
    if (g_ascii_strcasecmp (media_type, media_types[i].media_type) == 0)
      {
        *format = media_types[i].format;
        return TRUE;
      }
  return FALSE;
}

/**
 * crm_import_read:
 * @data: the file's bytes
 * @length: their number
 * @format: CSV (its separator sniffed), TSV, vCard or XLSX
 * @charset: (nullable): the encoding the sender named; %NULL to detect it
 *   (a workbook's text is always Unicode)
 * @sheet: (nullable): of a workbook, the name of the sheet to read; %NULL
 *   for the first
 * @info: (out caller-allocates) (optional): the encoding and separator found
 * @error: return location for a %CRM_ERROR_VALIDATION (the file cannot be
 *   read) or %CRM_ERROR_BAD_REQUEST (an unknown charset)
 *
 * Reads a file's rows as crm_csv_parse() does, a vCard file's as
 * crm_vcard_parse() does, a workbook's as crm_xlsx_parse() does, in UTF-8.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, the header first
 */
GPtrArray *
crm_import_read (const char       *data,
                 gsize             length,
                 CrmImportFormat   format,
                 const char       *charset,
                 const char       *sheet,
                 CrmImportInfo    *info,
                 GError          **error)
{
  g_autofree char *text = NULL;
  const char *encoding = NULL;
  gsize text_length = 0;
  char separator = '\0';
  GPtrArray *rows;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (format == CRM_IMPORT_XLSX)
    {
      rows = crm_xlsx_parse (data ? data : "", length, sheet, error);
      if (rows != NULL && info != NULL)
        *info = (CrmImportInfo) { "UTF-8", '\0' };
      return rows;
    }
  text = crm_import_charset_to_utf8 (data ? data : "", length, charset, &encoding, &text_length, error);
  if (text == NULL)
    return NULL;
  switch (format)
    {
    case CRM_IMPORT_VCARD:
      rows = crm_vcard_parse (text, text_length, error);
      break;
    case CRM_IMPORT_TSV:
      separator = '\t';
      rows = crm_csv_parse_separated (text, text_length, separator, error);
      break;
    case CRM_IMPORT_CSV:
    default:
      separator = crm_csv_sniff_separator (text, text_length);
      rows = crm_csv_parse_separated (text, text_length, separator, error);
      break;
    }
  if (rows != NULL && info != NULL)
    {
      info->encoding = encoding;
      info->separator = separator;
    }
  return rows;
}
