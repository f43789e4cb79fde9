/* rapportd-sql.h: RapportdSql, SQL text with its bound parameters, built piece by piece */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RAPPORTD_SQL_NULL,
  RAPPORTD_SQL_INT,
  RAPPORTD_SQL_TEXT,
} RapportdSqlType;

typedef struct
{
  RapportdSqlType type;
  gint64          i;
  const char     *s;
} RapportdSqlParam;

typedef struct
{
  GString   *text;
  GArray    *params;
  GPtrArray *strings;
} RapportdSql;

RapportdSql *rapportd_sql_new        (const char  *text);
void         rapportd_sql_free       (RapportdSql *sql);
void         rapportd_sql_append     (RapportdSql *sql,
                                      const char  *text);
void         rapportd_sql_appendf    (RapportdSql *sql,
                                      const char  *format,
                                      ...) G_GNUC_PRINTF (2, 3);
void         rapportd_sql_add_int    (RapportdSql *sql,
                                      gint64       value);
void         rapportd_sql_add_text   (RapportdSql *sql,
                                      const char  *value);
void         rapportd_sql_add_null   (RapportdSql *sql);
char        *rapportd_sql_like_pattern (const char *needle);
char        *rapportd_sql_format_time  (gint64      usec);
gboolean     rapportd_sql_parse_time   (const char *text,
                                        gint64     *usec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdSql, rapportd_sql_free)

G_END_DECLS
