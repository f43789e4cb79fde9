/* rapportd-sql.c: RapportdSql, SQL text with its bound parameters, built piece by piece */
#include "rapportd-sql.h"

#include <stdio.h>
#include <string.h>

RapportdSql *
rapportd_sql_new (const char *text)
{
  RapportdSql *sql = g_new0 (RapportdSql, 1);

  sql->text = g_string_new (text);
  sql->params = g_array_new (FALSE, TRUE, sizeof (RapportdSqlParam));
  sql->strings = g_ptr_array_new_with_free_func (g_free);
  return sql;
}

void
rapportd_sql_free (RapportdSql *sql)
{
  if (sql == NULL)
    return;
  g_string_free (sql->text, TRUE);
  g_array_unref (sql->params);
  g_ptr_array_unref (sql->strings);
  g_free (sql);
}

void
rapportd_sql_append (RapportdSql *sql,
                     const char  *text)
{
  g_string_append (sql->text, text);
}

void
rapportd_sql_appendf (RapportdSql *sql,
                      const char  *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (sql->text, format, args);
  va_end (args);
}

void
rapportd_sql_add_int (RapportdSql *sql,
                      gint64       value)
{
  RapportdSqlParam param = { RAPPORTD_SQL_INT, value, NULL };

  g_array_append_val (sql->params, param);
}

void
rapportd_sql_add_text (RapportdSql *sql,
                       const char  *value)
{
  RapportdSqlParam param = { RAPPORTD_SQL_TEXT, 0, NULL };

  if (value == NULL)
    {
      rapportd_sql_add_null (sql);
      return;
    }
  param.s = g_strdup (value);
  g_ptr_array_add (sql->strings, (gpointer) param.s);
  g_array_append_val (sql->params, param);
}

void
rapportd_sql_add_null (RapportdSql *sql)
{
  RapportdSqlParam param = { RAPPORTD_SQL_NULL, 0, NULL };

  g_array_append_val (sql->params, param);
}

/**
 * rapportd_sql_like_pattern:
 * @needle: text a user searches for
 *
 * Returns: (transfer full): a LIKE pattern matching @needle anywhere,
 *   with the wildcards and the escape character in @needle taken literally
 */
char *
rapportd_sql_like_pattern (const char *needle)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = needle; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* DATETIME(6) text in UTC, the form MariaDB stores and returns */
char *
rapportd_sql_format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d.%06d",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt),
                          (int) (usec % G_USEC_PER_SEC));
}

gboolean
rapportd_sql_parse_time (const char *text,
                         gint64     *usec)
{
  int y, mo, d, h, mi, s, n = 0;
  char frac[7] = "000000";
  const char *dot;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || sscanf (text, "%d-%d-%d %d:%d:%d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6)
    return FALSE;
  dot = text + n;
  if (*dot == '.')
    {
      for (guint i = 0; i < 6 && g_ascii_isdigit (dot[1 + i]); i++)
        frac[i] = dot[1 + i];
    }
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_ascii_strtoll (frac, NULL, 10);
  return TRUE;
}
