/* test-statement-cache.c: a connection keeps its most recently used prepared statements, a bounded number, and closes the others at the server */
#include "rapport-test-db.h"

static RapportTestServer *server;

/* One statement used between each of 100 others stays prepared the whole
 * time; the others come and go, at most 32 kept, each dropped one closed at
 * the server. */
static void
test_recent_kept (void)
{
  RapportdDb *db = rapport_test_db_open (server, "rapport");
  gint64 prepared_before, closed_before, prepared, closed;
  const guint others = 100;

  prepared_before = rapport_test_db_session_counter (db, "COM_STMT_PREPARE");
  closed_before = rapport_test_db_session_counter (db, "COM_STMT_CLOSE");
  for (guint i = 1; i <= others; i++)
    {
      rapport_test_db_run_numbered (db, 0);
      rapport_test_db_run_numbered (db, i);
      g_assert_cmpuint (rapportd_db_cached_statements (db), <=, 32);
    }
  g_assert_cmpuint (rapportd_db_cached_statements (db), ==, MIN (others + 1, 32));
  /* two counter reads since, each prepared and closed once */
  prepared = rapport_test_db_session_counter (db, "COM_STMT_PREPARE") - prepared_before - 2;
  closed = rapport_test_db_session_counter (db, "COM_STMT_CLOSE") - closed_before - 2;
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
