/* rapport-test-db.c: server tests that talk to the test server's MariaDB through rapportd's own connection code */
#include "rapport-test-db.h"

/**
 * rapport_test_db_open:
 * @server: the test server
 * @database: the database, "rapport" for rapportd's own
 *
 * Returns: (transfer full): a connection as root over the server's socket
 */
RapportdDb *
rapport_test_db_open (RapportTestServer *server,
                      const char        *database)
{
  RapportdDbParams params = { 0 };
  g_autoptr(GError) error = NULL;
  RapportdDb *opened;

  params.host = g_strdup ("localhost");
  params.user = g_strdup ("root");
  params.socket = rapport_test_server_socket (server);
  params.database = g_strdup (database);
  opened = rapportd_db_open (&params, &error);
  g_assert_no_error (error);
  rapportd_db_params_clear (&params);
  return opened;
}

/**
 * rapport_test_db_session_counter:
 * @db: a connection
 * @name: a status variable, "COM_STMT_PREPARE"
 *
 * The connection's own counter of a kind of statement command, read by a
 * statement prepared for that one run, which takes no cached one's place
 * (and is counted too: once prepared, once closed).
 */
gint64
rapport_test_db_session_counter (RapportdDb *db,
                                 const char *name)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS "
                                                 "WHERE VARIABLE_NAME = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rapportd_sql_add_text (sql, name);
  result = rapportd_db_query_uncached (db, sql, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rapportd_db_result_get (result, 0, 0));
  return g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
}

/**
 * rapport_test_db_run_numbered:
 * @db: a connection
 * @n: which statement
 *
 * Runs SELECT ? + @n, through the statement cache: @n names a distinct
 * statement, and its answer proves the statement run is the one asked for.
 */
void
rapport_test_db_run_numbered (RapportdDb *db,
                              guint       n)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rapportd_sql_appendf (sql, "SELECT ? + %u", n);
  rapportd_sql_add_int (sql, 1000);
  result = rapportd_db_query (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10), ==, 1000 + n);
}
