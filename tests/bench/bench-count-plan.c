/* bench-count-plan.c: does a cached prepared COUNT change plan once another statement ran on its connection?
 *
 * Usage: bench-count-plan SOCKET [REPEATS]
 *
 * On one connection to the rapport database: prepares COUNT(*) of the
 * active accounts, runs it, runs the list statement (every column, first
 * page by id) as rapportd does, runs the same prepared COUNT again, and
 * times each; then the same COUNT through the text protocol, freshly
 * prepared, bounded as rapportd now counts (at most 10,001 rows), and
 * unbounded in the same derived-table shape, as an exact count runs.
 * Prints RESULT lines with milliseconds, and the optimiser's plan of the
 * COUNT before and after from its Handler_read counters.
 */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char count_sql[] = "SELECT COUNT(*) FROM accounts WHERE archived = 0";
static const char bounded_sql[] = "SELECT COUNT(*) FROM (SELECT 1 FROM accounts WHERE archived = 0 LIMIT 10001) AS counted";
static const char derived_sql[] = "SELECT COUNT(*) FROM (SELECT 1 FROM accounts WHERE archived = 0) AS counted";
static const char list_sql[] =
  "SELECT id, version, created_at, created_by, updated_at, updated_by, archived, name, code, industry, region, "
  "source, tier, lifecycle_stage, owner_id, phone, website, address, tax_id, notes, tags "
  "FROM accounts WHERE archived = 0 ORDER BY id ASC LIMIT 51";

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
die (const char *what,
     const char *message)
{
  fprintf (stderr, "bench-count-plan: %s: %s\n", what, message);
  exit (1);
}

/* executes a prepared statement and drops its rows */
static void
run_stmt (MYSQL_STMT *stmt)
{
  if (mysql_stmt_execute (stmt) != 0 || mysql_stmt_store_result (stmt) != 0)
    die ("execute", mysql_stmt_error (stmt));
  mysql_stmt_free_result (stmt);
}

static MYSQL_STMT *
prepare (MYSQL      *mysql,
         const char *sql)
{
  MYSQL_STMT *stmt = mysql_stmt_init (mysql);

  if (stmt == NULL || mysql_stmt_prepare (stmt, sql, strlen (sql)) != 0)
    die ("prepare", stmt ? mysql_stmt_error (stmt) : mysql_error (mysql));
  return stmt;
}

static void
run_text (MYSQL      *mysql,
          const char *sql)
{
  if (mysql_real_query (mysql, sql, strlen (sql)) != 0)
    die ("query", mysql_error (mysql));
  mysql_free_result (mysql_store_result (mysql));
}

/* rows the handler read since the last FLUSH STATUS: index reads against table scans */
static void
handler_reads (MYSQL *mysql,
               long  *next,
               long  *rnd_next)
{
  MYSQL_RES *res;
  MYSQL_ROW row;

  run_text (mysql, "SELECT 1");
  if (mysql_query (mysql, "SHOW SESSION STATUS LIKE 'Handler_read%'") != 0)
    die ("status", mysql_error (mysql));
  res = mysql_store_result (mysql);
  *next = *rnd_next = 0;
  while ((row = mysql_fetch_row (res)) != NULL)
    {
      if (strcmp (row[0], "Handler_read_next") == 0)
        *next = atol (row[1]);
      else if (strcmp (row[0], "Handler_read_rnd_next") == 0)
        *rnd_next = atol (row[1]);
    }
  mysql_free_result (res);
}

static void
report (MYSQL      *mysql,
        const char *name,
        MYSQL_STMT *stmt,
        const char *text,
        int         repeats)
{
  double best = 1e12;
  long next;
  long rnd_next;

  run_text (mysql, "FLUSH STATUS");
  for (int i = 0; i < repeats; i++)
    {
      double start = now_ms ();

      if (stmt)
        run_stmt (stmt);
      else
        run_text (mysql, text);
      if (now_ms () - start < best)
        best = now_ms () - start;
    }
  handler_reads (mysql, &next, &rnd_next);
  printf ("RESULT name=count-plan-%s best_ms=%.2f index_reads=%ld table_scan_reads=%ld\n",
          name, best, next / repeats, rnd_next / repeats);
}

int
main (int   argc,
      char *argv[])
{
  MYSQL *mysql;
  MYSQL_STMT *count;
  MYSQL_STMT *list;
  MYSQL_STMT *bounded;
  MYSQL_STMT *derived;
  int repeats = argc > 2 ? atoi (argv[2]) : 3;

  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-count-plan SOCKET [REPEATS]\n");
      return 2;
    }
  mysql = mysql_init (NULL);
  if (mysql_real_connect (mysql, NULL, "root", NULL, "rapport", 0, argv[1], 0) == NULL)
    die ("connect", mysql_error (mysql));

  count = prepare (mysql, count_sql);
  report (mysql, "prepared-first", count, NULL, repeats);
  list = prepare (mysql, list_sql);
  run_stmt (list);
  report (mysql, "prepared-after-list", count, NULL, repeats);
  report (mysql, "text", NULL, count_sql, repeats);
  mysql_stmt_close (count);
  count = prepare (mysql, count_sql);
  report (mysql, "prepared-anew", count, NULL, repeats);
  run_stmt (list);
  bounded = prepare (mysql, bounded_sql);
  report (mysql, "bounded-after-list", bounded, NULL, repeats);

  derived = prepare (mysql, derived_sql);
  report (mysql, "derived-first", derived, NULL, repeats);
  run_stmt (list);
  report (mysql, "derived-after-list", derived, NULL, repeats);

  mysql_stmt_close (derived);
  mysql_stmt_close (bounded);
  mysql_stmt_close (list);
  mysql_stmt_close (count);
  mysql_close (mysql);
  return 0;
}
