/* rapportd-sql-rows.c: a multi-row INSERT built row by row, sent in as few statements as the protocol's parameter limit allows
 *
 * The statement names one row, and the rows' values are sent with it by
 * MariaDB's array binding (rapportd_db_execute_rows()): parsed and
 * prepared once, run for each row, in one round trip. A multi-row
 * VALUES list would cost the server a parse of thousands of parameters.
 * The rows go in batches of at most RAPPORTD_SQL_ROWS_MAX_PARAMS values. */
#include "rapportd-sql-rows.h"

#include <string.h>

#define RAPPORTD_SQL_ROWS_MAX_PARAMS 60000

struct _RapportdSqlRows
{
  RapportdDb  *db;
  char        *head;
  char        *row;
  guint        row_params;
  RapportdSql *sql;
  guint        n_rows;
};

/**
 * rapportd_sql_rows_new:
 * @db: the connection the rows go to, inside its transaction
 * @head: the statement up to its rows: "INSERT INTO t (a, b) VALUES "
 * @row: one row's placeholders: "(?, ?)"
 *
 * Returns: (transfer full): the rows, none yet
 */
RapportdSqlRows *
rapportd_sql_rows_new (RapportdDb *db,
                       const char *head,
                       const char *row)
{
  RapportdSqlRows *self;

  g_return_val_if_fail (db != NULL && head != NULL && row != NULL, NULL);

  self = g_new0 (RapportdSqlRows, 1);
  self->db = db;
  self->head = g_strdup (head);
  self->row = g_strdup (row);
  for (const char *p = row; *p; p++)
    self->row_params += *p == '?';
  g_return_val_if_fail (self->row_params > 0 && self->row_params <= RAPPORTD_SQL_ROWS_MAX_PARAMS, self);
  return self;
}

static gboolean
send (RapportdSqlRows  *self,
      GError          **error)
{
  g_autoptr(RapportdSql) sql = g_steal_pointer (&self->sql);
  guint n_rows = self->n_rows;

  self->n_rows = 0;
  return sql == NULL || rapportd_db_execute_rows (self->db, sql, n_rows, error);
}

/**
 * rapportd_sql_rows_add:
 * @self: the rows
 * @error: return location for a #GError, where the rows before had to be
 *   sent and could not be
 *
 * Adds a row's placeholders; its parameters are added, in order, to the
 * statement returned.
 *
 * Returns: (transfer none): the statement to add the row's parameters to
 */
RapportdSql *
rapportd_sql_rows_add (RapportdSqlRows  *self,
                       GError          **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->sql != NULL && self->sql->params->len + self->row_params > RAPPORTD_SQL_ROWS_MAX_PARAMS &&
      !send (self, error))
    return NULL;
  if (self->sql == NULL)
    {
      self->sql = rapportd_sql_new (self->head);
      rapportd_sql_append (self->sql, self->row);
    }
  self->n_rows++;
  return self->sql;
}

/**
 * rapportd_sql_rows_finish:
 * @self: the rows
 * @error: return location for a #GError
 *
 * Sends the rows not sent yet (none is nothing to do).
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_sql_rows_finish (RapportdSqlRows  *self,
                          GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return send (self, error);
}

void
rapportd_sql_rows_free (RapportdSqlRows *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->sql, rapportd_sql_free);
  g_free (self->head);
  g_free (self->row);
  g_free (self);
}
