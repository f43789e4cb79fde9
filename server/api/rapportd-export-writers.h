/* rapportd-export-writers.h: a list of records written as an XLSX workbook or vCards */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORTD_XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

char   *rapportd_export_cell_text (const CrmFieldSpec *spec,
                                   const CrmValue     *value);
GBytes *rapportd_export_xlsx      (CrmEntityClass     *klass,
                                   GPtrArray          *rows,
                                   GError            **error);
void    rapportd_export_vcard_append (GString         *out,
                                      CrmEntity       *contact);

G_END_DECLS
