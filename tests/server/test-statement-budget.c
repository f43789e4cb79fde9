/* test-statement-budget.c: all connections of a process together keep a bounded number of prepared statements, each connection its most recent few */
#include "rapport-test-db.h"

#define CONNECTIONS 12
#define PER_CONNECTION 32
/* rapportd-db.c's budget over all connections, and what each keeps */
#define BUDGET 192
#define FLOOR 8

static RapportTestServer *server;

/* Twelve connections each run 32 distinct statements, in turns: together
 * they keep no more than the budget, each keeps at least its most recent
 * few (run again, they are not prepared again), and every statement let go
 * is closed at the server. */
static void
test_budget (void)
{
  RapportdDb *dbs[CONNECTIONS];
  gint64 prepared_before[CONNECTIONS], closed_before[CONNECTIONS];
  guint kept = 0;

  for (guint c = 0; c < CONNECTIONS; c++)
    {
      dbs[c] = rapport_test_db_open (server, "rapport");
      prepared_before[c] = rapport_test_db_session_counter (dbs[c], "COM_STMT_PREPARE");
      closed_before[c] = rapport_test_db_session_counter (dbs[c], "COM_STMT_CLOSE");
    }
  g_assert_cmpuint (rapportd_db_cached_statements_total (), ==, 0);
  for (guint i = 0; i < PER_CONNECTION; i++)
    for (guint c = 0; c < CONNECTIONS; c++)
      {
        rapport_test_db_run_numbered (dbs[c], i);
        g_assert_cmpuint (rapportd_db_cached_statements_total (), <=, BUDGET);
      }

  for (guint c = 0; c < CONNECTIONS; c++)
    {
      guint cached = rapportd_db_cached_statements (dbs[c]);
      gint64 prepared, closed;

      g_assert_cmpuint (cached, >=, FLOOR);
      g_assert_cmpuint (cached, <=, PER_CONNECTION);
      kept += cached;
      /* the most recent ones are still prepared */
      for (guint i = PER_CONNECTION - FLOOR; i < PER_CONNECTION; i++)
        rapport_test_db_run_numbered (dbs[c], i);
      /* one counter read since the first, prepared and closed at once */
      prepared = rapport_test_db_session_counter (dbs[c], "COM_STMT_PREPARE") - prepared_before[c] - 2;
      closed = rapport_test_db_session_counter (dbs[c], "COM_STMT_CLOSE") - closed_before[c] - 2;
      g_assert_cmpint (prepared, ==, PER_CONNECTION);
      g_assert_cmpint (closed, ==, PER_CONNECTION - cached);
    }
  g_test_message ("%u statements kept over %d connections", kept, CONNECTIONS);
  g_assert_cmpuint (kept, ==, rapportd_db_cached_statements_total ());
  g_assert_cmpuint (kept, <=, BUDGET);
  g_assert_cmpuint (kept, >=, BUDGET - CONNECTIONS);

  for (guint c = 0; c < CONNECTIONS; c++)
    rapportd_db_close (dbs[c]);
  g_assert_cmpuint (rapportd_db_cached_statements_total (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/statement-budget/bounded", test_budget);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
