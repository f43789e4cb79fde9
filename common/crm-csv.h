/* crm-csv.h: RFC 4180 CSV, read into rows of cells */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRM_CSV_MAX_COLUMNS 256

GPtrArray *crm_csv_parse (const char  *data,
                          gsize        length,
                          GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray *crm_csv_parse_separated (const char  *data,
                                    gsize        length,
                                    char         separator,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
char       crm_csv_sniff_separator (const char  *data,
                                    gsize        length);

G_END_DECLS
