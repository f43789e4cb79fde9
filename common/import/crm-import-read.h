/* crm-import-read.h: an imported file's rows, whatever its format and encoding */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CRM_IMPORT_CSV,
  CRM_IMPORT_TSV,
  CRM_IMPORT_VCARD,
  CRM_IMPORT_XLSX,
} CrmImportFormat;

typedef struct
{
  /* the encoding the file was read in */
  const char *encoding;
  /* the cells' separator; '\0' for vCards */
  char        separator;
} CrmImportInfo;

gboolean   crm_import_format_for_media_type (const char       *media_type,
                                             CrmImportFormat  *format);
GPtrArray *crm_import_read                  (const char       *data,
                                             gsize             length,
                                             CrmImportFormat   format,
                                             const char       *charset,
                                             const char       *sheet,
                                             CrmImportInfo    *info,
                                             GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
