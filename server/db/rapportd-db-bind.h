/* rapportd-db-bind.h: the parameters of many rows bound column-wise, for MariaDB's array binding */
#pragma once

#include <mysql.h>

#include "rapportd-sql.h"

G_BEGIN_DECLS

MYSQL_BIND *rapportd_db_bind_rows (RapportdSql *sql,
                                   guint        n_rows,
                                   guint        n_cols,
                                   GPtrArray   *buffers);

G_END_DECLS
