/* rapportd-sql-rows.h: a multi-row INSERT built row by row, sent in as few statements as the protocol's parameter limit allows */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct _RapportdSqlRows RapportdSqlRows;

RapportdSqlRows *rapportd_sql_rows_new    (RapportdDb       *db,
                                           const char       *head,
                                           const char       *row);
RapportdSql     *rapportd_sql_rows_add    (RapportdSqlRows  *self,
                                           GError          **error);
gboolean         rapportd_sql_rows_finish (RapportdSqlRows  *self,
                                           GError          **error);
void             rapportd_sql_rows_free   (RapportdSqlRows  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdSqlRows, rapportd_sql_rows_free)

G_END_DECLS
