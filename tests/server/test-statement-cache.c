/* test-statement-cache.c: a connection keeps its most recently used prepared statements, a bounded number, and closes the others at the server */
#include "rapport-test-server.h"
#include "rapportd-db.h"

static RapportTestServer *server;

static RapportdDb *
open_db (void)
{
  RapportdDbParams params = { 0 };
  g_autoptr(GError) error = NULL;
  RapportdDb *opened;

  params.host = g_strdup ("localhost");
  params.user = g_strdup ("root");
  params.socket = rapport_test_server_socket (server);
  params.database = g_strdup ("rapport");
  opened = rapportd_db_open (&params, &error);
  g_assert_no_error (error);
  rapportd_db_params_clear (&params);
  return opened;
}

/* the connection's own counter of a kind of statement command, read by a
 * statement prepared for that one run, which takes no cached one's place
 * (and is counted too: once prepared, once closed) */
static gint64
session_counter (RapportdDb *db,
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

/* SELECT ? + n: n names a distinct statement, and its answer proves the
 * statement run is the one asked for */
static void
run_numbered (RapportdDb *db,
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

/* One statement used between each of 100 others stays prepared the whole
 * time; the others come and go, at most 32 kept, each dropped one closed at
 * the server. */
static void
test_recent_kept (void)
{
  RapportdDb *db = open_db ();
  gint64 prepared_before, closed_before, prepared, closed;
  const guint others = 100;

  prepared_before = session_counter (db, "COM_STMT_PREPARE");
  closed_before = session_counter (db, "COM_STMT_CLOSE");
  for (guint i = 1; i <= others; i++)
    {
      run_numbered (db, 0);
      run_numbered (db, i);
      g_assert_cmpuint (rapportd_db_cached_statements (db), <=, 32);
    }
  g_assert_cmpuint (rapportd_db_cached_statements (db), ==, MIN (others + 1, 32));
  /* two counter reads since, each prepared and closed once */
  prepared = session_counter (db, "COM_STMT_PREPARE") - prepared_before - 2;
  closed = session_counter (db, "COM_STMT_CLOSE") - closed_before - 2;
  g_test_message ("prepared %" G_GINT64_FORMAT ", closed %" G_GINT64_FORMAT, prepared, closed);
  /* statement 0 once, each other once: none prepared again */
  g_assert_cmpint (prepared, ==, others + 1);
  g_assert_cmpint (closed, ==, others + 1 - MIN (others + 1, 32));
  rapportd_db_close (db);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/statement-cache/recent-kept", test_recent_kept);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
