/* rapportd-export-writers.h: a list of records written as CSV, an XLSX workbook or vCards */
#pragma once

#include "crm-entity.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

#define RAPPORTD_XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* one column of a CSV or a workbook */
typedef struct
{
  /* the field, by its index in the entity's class */
  int       field;
  /* the header: the field's JSON key, or its portable name ("account_code") */
  char     *header;
  /* a reference written as the name rapportd_export_name_portable() gave it */
  gboolean  portable;
} RapportdExportColumn;

char    *rapportd_export_cell_text      (const CrmFieldSpec         *spec,
                                         const CrmValue             *value);
char    *rapportd_export_column_text    (const RapportdExportColumn *column,
                                         CrmEntity                  *entity);
GArray  *rapportd_export_columns_parse  (CrmEntityClass             *klass,
                                         const char                 *columns,
                                         gboolean                    portable,
                                         GError                    **error);
char    *rapportd_export_portable_header (const CrmFieldSpec        *spec);
gboolean rapportd_export_name_portable  (RapportdDb                 *db,
                                         GPtrArray                  *items,
                                         GError                    **error);
GBytes  *rapportd_export_xlsx           (CrmEntityClass             *klass,
                                         GArray                     *columns,
                                         GPtrArray                  *rows,
                                         GError                    **error);
void     rapportd_export_vcard_append   (GString                    *out,
                                         CrmEntity                  *contact);

G_END_DECLS
