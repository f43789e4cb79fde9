/* rapportd-db.c: one MariaDB connection with cached prepared statements */
#include "rapportd-db.h"
#include "rapportd-db-bind.h"
#include "rapportd-db-errors.h"
#include "rapportd-db-nodes.h"
#include "rapportd-metrics.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>
#include <string.h>

/* Prepared statements a connection keeps, the least recently used dropped
 * first. Connector/C holds some 18 KB in rapportd for each (a 30-column
 * SELECT), and rapportd has a connection a worker and an HTTP thread: 512 a
 * connection let a day's mix of requests grow rapportd by tens of MB, while
 * the statements of any one request path number fewer than twenty. */
#define STATEMENT_CACHE_MAX 32
/* What all connections together keep: with 16 workers and 8 HTTP threads,
 * 32 each came to some 550 statements and 8 MB after `make bench`; the
 * budget is the floor of those 24 connections. Past it, a connection that
 * must prepare a statement first closes its own least recently used one,
 * as long as it keeps STATEMENT_CACHE_FLOOR: the statements of its usual
 * request paths stay prepared, and another thread's cache is never touched. */
#define STATEMENT_BUDGET      192
#define STATEMENT_CACHE_FLOOR 8

/* a prepared statement and its place in the connection's recency queue */
typedef struct
{
  MYSQL_STMT *stmt;
  char       *text;
  GQueue     *recent;
  GList       link;
} CachedStatement;

struct _RapportdDb
{
  MYSQL      *mysql;
  /* statement text → CachedStatement, which owns the key */
  GHashTable *statements;
  /* most recently used first */
  GQueue      recent;
  gboolean    broken;
  /* the connection broke while a COMMIT was on its way: it may have happened */
  gboolean    commit_uncertain;
  /* inside rapportd_db_begin()'s transaction, and whether a deadlock (or a
   * Galera certification conflict) has ended it: the server rolled it all
   * back, so nothing more may run in it, and it never commits */
  gboolean    in_transaction;
  gboolean    transaction_lost;
  /* a Galera node's session: reads wait for the cluster's earlier commits,
   * outside write transactions (see rapportd_db_begin()) */
  gboolean    galera;
  unsigned int last_errno;
};

static gboolean
set_error (RapportdDb   *db,
           unsigned int  err,
           const char   *message,
           GError      **error)
{
  CrmErrorCode code = rapportd_db_error_code (err, message);

  rapportd_metrics_count_db_error (code);
  db->last_errno = err;
  if (rapportd_db_error_breaks_connection (err))
    db->broken = TRUE;
  if (err == ER_LOCK_DEADLOCK && db->in_transaction)
    db->transaction_lost = TRUE;
  /* the client is told plainly; MariaDB's own words, which name tables and
   * files, go to the log */
  if (code == CRM_ERROR_INSUFFICIENT_STORAGE)
    {
      rapportd_db_error_log_shortage (err, message);
      g_set_error_literal (error, CRM_ERROR, code,
                           _("The server has run out of storage space, so nothing was saved; "
                             "an administrator must free disk space"));
      return FALSE;
    }
  if (code == CRM_ERROR_UNAVAILABLE && !rapportd_db_error_breaks_connection (err))
    {
      rapportd_db_error_log_shortage (err, message);
      g_set_error_literal (error, CRM_ERROR, code,
                           _("The database server is short of memory; try again in a moment"));
      return FALSE;
    }
  if (code == CRM_ERROR_UNAVAILABLE || code == CRM_ERROR_INTERNAL)
    g_warning ("database error %u: %s", err, message);
  g_set_error (error, CRM_ERROR, code, "%s", message);
  return FALSE;
}

/* a statement after the transaction was rolled back under the caller
 * would run on its own, outside it, and commit */
static gboolean
refuse_if_lost (RapportdDb  *db,
                GError     **error)
{
  if (!db->transaction_lost)
    return TRUE;
  db->last_errno = ER_LOCK_DEADLOCK;
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                       "the transaction was rolled back by a deadlock or a cluster conflict");
  return FALSE;
}

/* cached statements of all connections */
static gint cached_total;

static void
cached_statement_free (gpointer data)
{
  CachedStatement *cached = data;

  g_atomic_int_add (&cached_total, -1);
  g_queue_unlink (cached->recent, &cached->link);
  mysql_stmt_close (cached->stmt);
  g_free (cached->text);
  g_free (cached);
}

/**
 * rapportd_db_connect:
 * @params: where and as whom to connect
 * @error: return location for a %CRM_ERROR_UNAVAILABLE
 *
 * Like rapportd_db_open(), even while the database restarts: for the
 * supervisor that waits for it to come back.
 *
 * Returns: (transfer full): the connection
 */
RapportdDb *
rapportd_db_connect (const RapportdDbParams  *params,
                     GError                 **error)
{
  gboolean galera = FALSE;
  MYSQL *mysql = rapportd_db_nodes_connect (params, &galera, error);
  RapportdDb *db;

  if (mysql == NULL)
    return NULL;
  db = g_new0 (RapportdDb, 1);
  db->mysql = mysql;
  db->galera = galera;
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cached_statement_free);
  return db;
}

void
rapportd_db_close (RapportdDb *db)
{
  if (db == NULL)
    return;
  g_clear_pointer (&db->statements, g_hash_table_unref);
  mysql_close (db->mysql);
  g_free (db);
}

/**
 * rapportd_db_cached_statements:
 * @db: a connection
 *
 * Returns: how many prepared statements the connection keeps
 */
guint
rapportd_db_cached_statements (RapportdDb *db)
{
  g_return_val_if_fail (db != NULL, 0);

  return g_hash_table_size (db->statements);
}

/**
 * rapportd_db_cached_statements_total:
 *
 * Returns: how many prepared statements all connections of the process
 *   keep together
 */
guint
rapportd_db_cached_statements_total (void)
{
  return (guint) MAX (g_atomic_int_get (&cached_total), 0);
}

gboolean
rapportd_db_is_broken (RapportdDb *db)
{
  return db->broken;
}

/**
 * rapportd_db_connection_id:
 * @db: a connection
 *
 * Returns: the server's id of the connection, as CONNECTION_ID(): no two
 *   connections open at the same time share one
 */
guint64
rapportd_db_connection_id (RapportdDb *db)
{
  g_return_val_if_fail (db != NULL, 0);

  return mysql_thread_id (db->mysql);
}

/**
 * rapportd_db_in_transaction:
 * @db: a connection
 *
 * Returns: whether a transaction is open on it, as the server last said
 */
gboolean
rapportd_db_in_transaction (RapportdDb *db)
{
  unsigned int status = 0;

  g_return_val_if_fail (db != NULL, FALSE);

  if (mariadb_get_infov (db->mysql, MARIADB_CONNECTION_SERVER_STATUS, &status) != 0)
    return FALSE;
  return (status & SERVER_STATUS_IN_TRANS) != 0;
}

/**
 * rapportd_db_take_retryable:
 * @db: a connection
 *
 * Returns: whether the last error was a deadlock or lock timeout, after
 *   which the whole transaction may simply run again; clears it
 */
gboolean
rapportd_db_take_retryable (RapportdDb *db)
{
  gboolean retryable = db->last_errno == ER_LOCK_DEADLOCK || db->last_errno == ER_LOCK_WAIT_TIMEOUT;

  db->last_errno = 0;
  return retryable;
}

gboolean
rapportd_db_exec (RapportdDb  *db,
                  const char  *statement,
                  GError     **error)
{
  if (!refuse_if_lost (db, error))
    return FALSE;
  if (mysql_real_query (db->mysql, statement, strlen (statement)) != 0)
    return set_error (db, mysql_errno (db->mysql), mysql_error (db->mysql), error);
  mysql_free_result (mysql_store_result (db->mysql));
  return TRUE;
}

/**
 * rapportd_db_ping:
 * @db: a connection
 * @error: return location for a #GError
 *
 * A round trip to the server that parses no statement (COM_PING): whether
 * the connection and the server answer.
 */
gboolean
rapportd_db_ping (RapportdDb  *db,
                  GError     **error)
{
  if (mysql_ping (db->mysql) != 0)
    return set_error (db, mysql_errno (db->mysql), mysql_error (db->mysql), error);
  return TRUE;
}

/**
 * rapportd_db_exec_script:
 * @db: a connection
 * @script: several statements separated by semicolons
 * @error: return location for a #GError
 *
 * Runs a migration script, statement by statement, stopping at the first error.
 */
gboolean
rapportd_db_exec_script (RapportdDb  *db,
                         const char  *script,
                         GError     **error)
{
  gboolean ok = TRUE;
  int status;

  mysql_set_server_option (db->mysql, MYSQL_OPTION_MULTI_STATEMENTS_ON);
  status = mysql_real_query (db->mysql, script, strlen (script));
  if (status != 0)
    ok = set_error (db, mysql_errno (db->mysql), mysql_error (db->mysql), error);
  while (ok)
    {
      mysql_free_result (mysql_store_result (db->mysql));
      status = mysql_next_result (db->mysql);
      if (status == -1)
        break;
      if (status > 0)
        ok = set_error (db, mysql_errno (db->mysql), mysql_error (db->mysql), error);
    }
  mysql_set_server_option (db->mysql, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
  return ok;
}

/* a statement prepared for the caller alone, who closes it */
static MYSQL_STMT *
prepare_fresh (RapportdDb   *db,
               RapportdSql  *sql,
               GError      **error)
{
  MYSQL_STMT *stmt = mysql_stmt_init (db->mysql);

  if (stmt == NULL || mysql_stmt_prepare (stmt, sql->text->str, sql->text->len) != 0)
    {
      set_error (db, stmt ? mysql_stmt_errno (stmt) : mysql_errno (db->mysql),
                 stmt ? mysql_stmt_error (stmt) : mysql_error (db->mysql), error);
      if (stmt)
        mysql_stmt_close (stmt);
      return NULL;
    }
  return stmt;
}

static MYSQL_STMT *
prepare (RapportdDb   *db,
         RapportdSql  *sql,
         GError      **error)
{
  CachedStatement *cached = g_hash_table_lookup (db->statements, sql->text->str);
  MYSQL_STMT *stmt;

  if (cached != NULL)
    {
      g_queue_unlink (&db->recent, &cached->link);
      g_queue_push_head_link (&db->recent, &cached->link);
      return cached->stmt;
    }

  if (g_hash_table_size (db->statements) >= STATEMENT_CACHE_MAX ||
      (g_hash_table_size (db->statements) >= STATEMENT_CACHE_FLOOR &&
       g_atomic_int_get (&cached_total) >= STATEMENT_BUDGET))
    {
      CachedStatement *oldest = g_queue_peek_tail (&db->recent);

      g_hash_table_remove (db->statements, oldest->text);
    }

  stmt = prepare_fresh (db, sql, error);
  if (stmt == NULL)
    return NULL;
  cached = g_new0 (CachedStatement, 1);
  cached->stmt = stmt;
  cached->text = g_strdup (sql->text->str);
  cached->recent = &db->recent;
  cached->link.data = cached;
  g_queue_push_head_link (&db->recent, &cached->link);
  g_hash_table_insert (db->statements, cached->text, cached);
  g_atomic_int_inc (&cached_total);
  return stmt;
}

static gboolean
bind_and_execute (RapportdDb   *db,
                  MYSQL_STMT   *stmt,
                  RapportdSql  *sql,
                  GError      **error)
{
  guint n = sql->params->len;
  g_autofree MYSQL_BIND *binds = g_new0 (MYSQL_BIND, MAX (n, 1));
  g_autofree unsigned long *lengths = g_new0 (unsigned long, MAX (n, 1));
  my_bool is_null = 1;

  if (!refuse_if_lost (db, error))
    return FALSE;
  if (mysql_stmt_param_count (stmt) != n)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL,
                   "statement wants %lu parameters, %u given: %s",
                   mysql_stmt_param_count (stmt), n, sql->text->str);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      RapportdSqlParam *param = &g_array_index (sql->params, RapportdSqlParam, i);

      switch (param->type)
        {
        case RAPPORTD_SQL_NULL:
          binds[i].buffer_type = MYSQL_TYPE_NULL;
          binds[i].is_null = &is_null;
          break;
        case RAPPORTD_SQL_INT:
          binds[i].buffer_type = MYSQL_TYPE_LONGLONG;
          binds[i].buffer = &param->i;
          break;
        case RAPPORTD_SQL_TEXT:
          lengths[i] = strlen (param->s);
          binds[i].buffer_type = MYSQL_TYPE_STRING;
          binds[i].buffer = (char *) param->s;
          binds[i].buffer_length = lengths[i];
          binds[i].length = &lengths[i];
          break;
        }
    }

  if ((n > 0 && mysql_stmt_bind_param (stmt, binds) != 0) ||
      mysql_stmt_execute (stmt) != 0)
    {
      unsigned int err = mysql_stmt_errno (stmt);

      set_error (db, err, mysql_stmt_error (stmt), error);
      /* a statement that failed at the server may be stale: prepare it anew next time */
      if (err >= CR_MIN_ERROR)
        g_hash_table_remove (db->statements, sql->text->str);
      return FALSE;
    }
  return TRUE;
}

/* runs @stmt, prepared from @sql, and reads every row as text */
static RapportdDbResult *
query_with (RapportdDb   *db,
            MYSQL_STMT   *stmt,
            RapportdSql  *sql,
            GError      **error)
{
  g_autoptr(RapportdDbResult) result = NULL;
  MYSQL_RES *meta;
  MYSQL_FIELD *fields;
  g_autofree MYSQL_BIND *binds = NULL;
  g_autofree unsigned long *lengths = NULL;
  g_autofree my_bool *nulls = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  my_bool update_max = 1;
  guint n_cols;
  int status;

  mysql_stmt_attr_set (stmt, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
  if (!bind_and_execute (db, stmt, sql, error))
    return NULL;

  meta = mysql_stmt_result_metadata (stmt);
  if (meta == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "statement returns no rows: %s", sql->text->str);
      return NULL;
    }
  if (mysql_stmt_store_result (stmt) != 0)
    {
      mysql_free_result (meta);
      set_error (db, mysql_stmt_errno (stmt), mysql_stmt_error (stmt), error);
      return NULL;
    }

  n_cols = mysql_num_fields (meta);
  fields = mysql_fetch_fields (meta);
  binds = g_new0 (MYSQL_BIND, n_cols);
  lengths = g_new0 (unsigned long, n_cols);
  nulls = g_new0 (my_bool, n_cols);
  result = g_new0 (RapportdDbResult, 1);
  result->n_cols = n_cols;
  result->names = g_new0 (char *, n_cols + 1);

  for (guint c = 0; c < n_cols; c++)
    {
      result->names[c] = g_strdup (fields[c].name);
      binds[c].buffer_type = MYSQL_TYPE_STRING;
      /* dates and numbers are converted to text by the client library */
      binds[c].buffer_length = MAX (fields[c].max_length, 64) + 1;
      binds[c].buffer = g_malloc (binds[c].buffer_length);
      binds[c].length = &lengths[c];
      binds[c].is_null = &nulls[c];
    }
  mysql_free_result (meta);

  cells = g_ptr_array_new ();
  if (mysql_stmt_bind_result (stmt, binds) != 0)
    {
      set_error (db, mysql_stmt_errno (stmt), mysql_stmt_error (stmt), error);
      status = 1;
    }
  else
    {
      while ((status = mysql_stmt_fetch (stmt)) == 0 || status == MYSQL_DATA_TRUNCATED)
        {
          for (guint c = 0; c < n_cols; c++)
            {
              if (nulls[c])
                g_ptr_array_add (cells, NULL);
              else
                g_ptr_array_add (cells, g_strndup (binds[c].buffer, MIN (lengths[c], binds[c].buffer_length - 1)));
            }
          result->n_rows++;
        }
      if (status == MYSQL_NO_DATA)
        status = 0;
      else
        set_error (db, mysql_stmt_errno (stmt), mysql_stmt_error (stmt), error);
    }

  for (guint c = 0; c < n_cols; c++)
    g_free (binds[c].buffer);
  mysql_stmt_free_result (stmt);

  result->cells = (char **) g_ptr_array_free (g_steal_pointer (&cells), FALSE);
  if (status != 0)
    return NULL;
  return g_steal_pointer (&result);
}

/**
 * rapportd_db_query:
 * @db: a connection
 * @sql: a SELECT with its parameters
 * @error: return location for a #GError
 *
 * Runs a prepared statement, kept for the next run, and reads every row as
 * text.
 *
 * Returns: (transfer full): the rows
 */
RapportdDbResult *
rapportd_db_query (RapportdDb   *db,
                   RapportdSql  *sql,
                   GError      **error)
{
  MYSQL_STMT *stmt = prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  return query_with (db, stmt, sql, error);
}

/**
 * rapportd_db_query_uncached:
 * @db: a connection
 * @sql: a SELECT with its parameters
 * @error: return location for a #GError
 *
 * Like rapportd_db_query(), with a statement prepared for this one run:
 * MariaDB 10.11 re-executes a cached prepared COUNT over a covering index
 * as a full table scan once another statement has read the table on the
 * connection (tests/bench/bench-count-plan.c); a fresh one keeps the index.
 *
 * Returns: (transfer full): the rows
 */
RapportdDbResult *
rapportd_db_query_uncached (RapportdDb   *db,
                            RapportdSql  *sql,
                            GError      **error)
{
  RapportdDbResult *result;
  MYSQL_STMT *stmt;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  /* neither the cached one, nor one that takes a cached one's place */
  stmt = prepare_fresh (db, sql, error);
  if (stmt == NULL)
    return NULL;
  result = query_with (db, stmt, sql, error);
  mysql_stmt_close (stmt);
  return result;
}

gboolean
rapportd_db_execute (RapportdDb   *db,
                     RapportdSql  *sql,
                     guint64      *affected_rows,
                     guint64      *insert_id,
                     GError      **error)
{
  MYSQL_STMT *stmt = prepare (db, sql, error);

  if (stmt == NULL || !bind_and_execute (db, stmt, sql, error))
    return FALSE;
  if (affected_rows)
    *affected_rows = mysql_stmt_affected_rows (stmt);
  if (insert_id)
    *insert_id = mysql_stmt_insert_id (stmt);
  return TRUE;
}

/**
 * rapportd_db_execute_uncached:
 * @db: a connection
 * @sql: a statement with its parameters
 * @affected_rows: (out) (optional): the rows it changed
 * @insert_id: (out) (optional): the first id it gave
 * @error: return location for a #GError
 *
 * Like rapportd_db_execute(), with a statement prepared for this one run:
 * for the long multi-row statements of bulk writes, whose texts would
 * only crowd the cache.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_db_execute_uncached (RapportdDb   *db,
                              RapportdSql  *sql,
                              guint64      *affected_rows,
                              guint64      *insert_id,
                              GError      **error)
{
  MYSQL_STMT *stmt;
  gboolean ok;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if ((stmt = prepare_fresh (db, sql, error)) == NULL)
    return FALSE;
  ok = bind_and_execute (db, stmt, sql, error);
  if (ok && affected_rows)
    *affected_rows = mysql_stmt_affected_rows (stmt);
  if (ok && insert_id)
    *insert_id = mysql_stmt_insert_id (stmt);
  mysql_stmt_close (stmt);
  return ok;
}

/**
 * rapportd_db_execute_rows:
 * @db: a connection
 * @sql: a statement for one row, its parameters those of @n_rows rows, row
 *   after row
 * @n_rows: how many rows
 * @error: return location for a #GError
 *
 * Runs the statement once for each row in one round trip, by MariaDB's
 * array binding (COM_STMT_BULK_EXECUTE): the server parses and prepares
 * it once, not once a row, which is what makes a multi-row INSERT of
 * thousands of parameters slow. The statement stays cached.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_db_execute_rows (RapportdDb   *db,
                          RapportdSql  *sql,
                          guint         n_rows,
                          GError      **error)
{
  MYSQL_STMT *stmt;
  guint n_cols;
  unsigned int array_size = n_rows;
  unsigned int no_array = 0;
  g_autofree MYSQL_BIND *binds = NULL;
  g_autoptr(GPtrArray) buffers = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_return_val_if_fail (db != NULL && sql != NULL, FALSE);

  if (n_rows == 0)
    return TRUE;
  if (!refuse_if_lost (db, error))
    return FALSE;
  n_cols = sql->params->len / n_rows;
  g_return_val_if_fail (n_cols > 0 && n_cols * n_rows == sql->params->len, FALSE);
  if ((stmt = prepare (db, sql, error)) == NULL)
    return FALSE;
  if (mysql_stmt_param_count (stmt) != n_cols)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "statement wants %lu parameters, %u given: %s",
                   mysql_stmt_param_count (stmt), n_cols, sql->text->str);
      return FALSE;
    }
  binds = rapportd_db_bind_rows (sql, n_rows, n_cols, buffers);
  ok = mysql_stmt_attr_set (stmt, STMT_ATTR_ARRAY_SIZE, &array_size) == 0 &&
       mysql_stmt_bind_param (stmt, binds) == 0 &&
       mysql_stmt_execute (stmt) == 0;
  if (!ok)
    {
      unsigned int err = mysql_stmt_errno (stmt);

      set_error (db, err, mysql_stmt_error (stmt), error);
      g_hash_table_remove (db->statements, sql->text->str);
      return FALSE;
    }
  /* the next run of the cached statement binds one row again */
  mysql_stmt_attr_set (stmt, STMT_ATTR_ARRAY_SIZE, &no_array);
  return TRUE;
}

gboolean
rapportd_db_begin (RapportdDb  *db,
                   GError     **error)
{
  db->transaction_lost = FALSE;
  /* On Galera the transaction first waits, once, for the writes the
   * cluster committed before it (read-your-writes), then runs without
   * waiting: a causal wait inside it, overtaken by another node's
   * conflicting commit, let it go on after Galera had rolled it back and
   * answer a write as saved that was not (make check-cluster); conflicts
   * are certification's to find. */
  if (db->galera && (!rapportd_db_exec (db, "SELECT 1", error) ||
                     !rapportd_db_exec (db, "SET SESSION wsrep_sync_wait = 0", error)))
    return FALSE;
  db->in_transaction = rapportd_db_exec (db, "START TRANSACTION", error);
  return db->in_transaction;
}

static void
end_transaction (RapportdDb *db)
{
  db->in_transaction = db->transaction_lost = FALSE;
  if (db->galera)
    rapportd_db_exec (db, "SET SESSION wsrep_sync_wait = 1", NULL);
}

/* Fails as a deadlock, for the caller to run the transaction again, when
 * a deadlock or Galera conflict rolled it back earlier, even if the
 * caller went on after that error. */
gboolean
rapportd_db_commit (RapportdDb  *db,
                    GError     **error)
{
  gboolean ok = rapportd_db_exec (db, "COMMIT", error);

  db->commit_uncertain = !ok && db->broken;
  end_transaction (db);
  return ok;
}

/**
 * rapportd_db_can_retry_elsewhere:
 * @db: a connection that failed
 *
 * Returns: whether the connection broke such that nothing the request did
 *   can have been committed, so it may run again on a fresh connection
 */
gboolean
rapportd_db_can_retry_elsewhere (RapportdDb *db)
{
  return db->broken && !db->commit_uncertain;
}

void
rapportd_db_rollback (RapportdDb *db)
{
  g_autoptr(GError) error = NULL;

  db->in_transaction = db->transaction_lost = FALSE;
  if (!rapportd_db_exec (db, "ROLLBACK", &error))
    g_debug ("rollback: %s", error->message);
  end_transaction (db);
}

const char *
rapportd_db_result_get (RapportdDbResult *result,
                        guint             row,
                        guint             col)
{
  g_return_val_if_fail (row < result->n_rows && col < result->n_cols, NULL);
  return result->cells[row * result->n_cols + col];
}

void
rapportd_db_result_free (RapportdDbResult *result)
{
  if (result == NULL)
    return;
  if (result->cells)
    for (guint i = 0; i < result->n_rows * result->n_cols; i++)
      g_free (result->cells[i]);
  g_free (result->cells);
  g_strfreev (result->names);
  g_free (result);
}
