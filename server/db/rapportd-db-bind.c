/* rapportd-db-bind.c: the parameters of many rows bound column-wise, for MariaDB's array binding */
#include "rapportd-db-bind.h"

#include <string.h>

/**
 * rapportd_db_bind_rows:
 * @sql: a statement's parameters for @n_rows rows of @n_cols, row after row
 * @n_rows: how many rows
 * @n_cols: how many parameters a row
 * @buffers: (element-type gpointer): takes the arrays the binding points
 *   into, to be freed (g_free()) once the statement ran
 *
 * Each parameter becomes an array a row (column-wise binding, with
 * STMT_ATTR_ARRAY_SIZE): whole numbers as an array of long long, where
 * every row has one; otherwise text, an array of pointers, numbers
 * written out; NULL by its indicator.
 *
 * Returns: (transfer full): @n_cols bindings
 */
MYSQL_BIND *
rapportd_db_bind_rows (RapportdSql *sql,
                       guint        n_rows,
                       guint        n_cols,
                       GPtrArray   *buffers)
{
  MYSQL_BIND *binds = g_new0 (MYSQL_BIND, n_cols);

  for (guint c = 0; c < n_cols; c++)
    {
      char *indicators = g_new0 (char, n_rows);
      unsigned long *lengths = g_new0 (unsigned long, n_rows);
      gboolean text = FALSE;

      g_ptr_array_add (buffers, indicators);
      g_ptr_array_add (buffers, lengths);
      for (guint r = 0; r < n_rows && !text; r++)
        text = g_array_index (sql->params, RapportdSqlParam, r * n_cols + c).type != RAPPORTD_SQL_INT;
      if (text)
        {
          /* column-wise: an array of pointers to the values */
          const char **values = g_new0 (const char *, n_rows);

          g_ptr_array_add (buffers, values);
          for (guint r = 0; r < n_rows; r++)
            {
              RapportdSqlParam *param = &g_array_index (sql->params, RapportdSqlParam, r * n_cols + c);

              if (param->type == RAPPORTD_SQL_NULL)
                indicators[r] = STMT_INDICATOR_NULL;
              else if (param->type == RAPPORTD_SQL_INT)
                g_ptr_array_add (buffers, (gpointer) (values[r] = g_strdup_printf ("%" G_GINT64_FORMAT, param->i)));
              else
                values[r] = param->s;
              lengths[r] = values[r] ? strlen (values[r]) : 0;
            }
          binds[c].buffer_type = MYSQL_TYPE_STRING;
          binds[c].buffer = values;
        }
      else
        {
          long long *values = g_new0 (long long, n_rows);

          g_ptr_array_add (buffers, values);
          for (guint r = 0; r < n_rows; r++)
            values[r] = g_array_index (sql->params, RapportdSqlParam, r * n_cols + c).i;
          binds[c].buffer_type = MYSQL_TYPE_LONGLONG;
          binds[c].buffer = values;
        }
      binds[c].length = lengths;
      binds[c].u.indicator = indicators;
    }
  return binds;
}
