/* crm-xlsx.h: an Excel workbook's sheet (XLSX), read into rows of cells as a CSV file is */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the most bytes of one part of the workbook unpacked (a sheet, its strings) */
#define CRM_XLSX_MAX_PART_BYTES (64 * 1024 * 1024)

GPtrArray *crm_xlsx_parse (const char  *data,
                           gsize        length,
                           const char  *sheet,
                           GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GStrv      crm_xlsx_sheet_names (const char  *data,
                                 gsize        length,
                                 GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
