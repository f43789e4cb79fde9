/* bench-pk-select.c: the raw baseline, rapportd's primary-key SELECT of an account in a plain Connector/C loop
 *
 * Usage: [BENCH_PK_NAMES=1] bench-pk-select SOCKET N_IDS SECONDS CONNECTIONS [TOKEN_HASH]
 *
 * Each connection runs in its own thread and executes the prepared statement
 * with random ids in 1..N_IDS, fetching every column as text into bound
 * buffers, as rapportd does. The statement reads the 25 columns of an
 * account that GET /api/v1/accounts/ID answers; with BENCH_PK_NAMES=1 it is
 * the very statement rapportd runs for it, which also reads the names of
 * the 5 records the account points at (creator, updater, owner, pool,
 * merged into) in subqueries. With TOKEN_HASH (the hex SHA-256 of a session
 * token), each iteration first runs rapportd's session lookup too, so one
 * iteration is the SQL of one GET whose session is not cached. The last
 * line printed is machine-readable:
 *   RESULT name=raw-pk-select|raw-session-pk-select|raw-named-pk-select|raw-session-named-pk-select
 *          connections=C seconds=S queries=Q qps=X p50_us=A p95_us=B p99_us=C missing=M session=0|1
 * where queries counts iterations.
 */
#include "bench-loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* the columns rapportd reads for GET /api/v1/accounts/ID as an administrator */
#define ACCOUNT_COLUMNS \
  "`id`, `version`, `created_at`, `created_by`, `updated_at`, `updated_by`, `archived`, " \
  "`name`, `code`, `industry`, `region`, `source`, `tier`, `lifecycle_stage`, `owner_id`, " \
  "`phone`, `website`, `address`, `tax_id`, `notes`, `tags`, `pool_id`, `claimed_at`, " \
  "`last_activity_at`, `merged_into_id`"

/* those columns alone */
static const char select_account[] =
  "SELECT " ACCOUNT_COLUMNS " FROM `accounts` WHERE `id` = ?";

/* the statement rapportd runs for it: the columns and the names they point at */
static const char select_account_named[] =
  "SELECT " ACCOUNT_COLUMNS ", "
  "(SELECT t.`name` FROM `users` t WHERE t.`id` = `accounts`.`created_by`), "
  "(SELECT t.`name` FROM `users` t WHERE t.`id` = `accounts`.`updated_by`), "
  "(SELECT t.`name` FROM `users` t WHERE t.`id` = `accounts`.`owner_id`), "
  "(SELECT t.`name` FROM `pools` t WHERE t.`id` = `accounts`.`pool_id`), "
  "(SELECT t.`name` FROM `accounts` t WHERE t.`id` = `accounts`.`merged_into_id`) "
  "FROM `accounts` WHERE `id` = ?";

/* the statement rapportd runs to authenticate every request */
static const char select_session[] =
  "SELECT u.id, u.login, u.name, u.role, u.team_id, u.must_change_password FROM sessions s "
  "JOIN users u ON u.id = s.user_id "
  "WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP(6) "
  "AND s.last_seen_at > UTC_TIMESTAMP(6) - INTERVAL 1800 SECOND "
  "AND u.active = 1 AND u.locked = 0";

#define N_ACCOUNT_COLUMNS 25
#define N_NAMES 5
#define N_COLUMNS (N_ACCOUNT_COLUMNS + N_NAMES)
#define N_SESSION_COLUMNS 6
/* columns longer than this are truncated, which is still a full fetch */
#define COLUMN_BUFFER 4096

typedef struct
{
  MYSQL_STMT    *stmt;
  MYSQL_STMT    *session;
  long long      id;
  char         (*cells)[COLUMN_BUFFER];
  MYSQL_BIND     param;
  MYSQL_BIND     result[N_COLUMNS];
  unsigned long  lengths[N_COLUMNS];
  my_bool        nulls[N_COLUMNS];
  MYSQL_BIND     session_param;
  unsigned long  token_length;
} Select;

static const char *program = "bench-pk-select";
static const char *token_hash;
static int with_names;
static long long n_ids;

static MYSQL_STMT *
prepare (MYSQL      *mysql,
         const char *text)
{
  MYSQL_STMT *stmt = mysql_stmt_init (mysql);

  if (stmt == NULL || mysql_stmt_prepare (stmt, text, strlen (text)) != 0)
    {
      fprintf (stderr, "%s: cannot prepare: %s\n", program, mysql_error (mysql));
      exit (1);
    }
  return stmt;
}

static void
bind_worker (BenchWorker *worker)
{
  Select *select = calloc (1, sizeof *select);

  worker->data = select;
  select->cells = calloc (N_COLUMNS, COLUMN_BUFFER);
  select->stmt = prepare (worker->mysql, with_names ? select_account_named : select_account);
  if (mysql_stmt_field_count (select->stmt) != (unsigned int) (with_names ? N_COLUMNS : N_ACCOUNT_COLUMNS))
    {
      fprintf (stderr, "%s: expected %d columns, got %u\n",
               program, with_names ? N_COLUMNS : N_ACCOUNT_COLUMNS, mysql_stmt_field_count (select->stmt));
      exit (1);
    }
  select->param.buffer_type = MYSQL_TYPE_LONGLONG;
  select->param.buffer = &select->id;
  for (int c = 0; c < N_COLUMNS; c++)
    {
      select->result[c].buffer_type = MYSQL_TYPE_STRING;
      select->result[c].buffer = select->cells[c];
      select->result[c].buffer_length = COLUMN_BUFFER;
      select->result[c].length = &select->lengths[c];
      select->result[c].is_null = &select->nulls[c];
    }
  if (mysql_stmt_bind_param (select->stmt, &select->param) != 0 ||
      mysql_stmt_bind_result (select->stmt, select->result) != 0)
    {
      fprintf (stderr, "%s: cannot bind: %s\n", program, mysql_stmt_error (select->stmt));
      exit (1);
    }
  if (token_hash == NULL)
    return;

  select->session = prepare (worker->mysql, select_session);
  select->token_length = strlen (token_hash);
  select->session_param.buffer_type = MYSQL_TYPE_STRING;
  select->session_param.buffer = (char *) token_hash;
  select->session_param.buffer_length = select->token_length;
  select->session_param.length = &select->token_length;
  /* the session's columns land in the first account buffers, never read */
  if (mysql_stmt_bind_param (select->session, &select->session_param) != 0 ||
      mysql_stmt_bind_result (select->session, select->result) != 0)
    {
      fprintf (stderr, "%s: cannot bind: %s\n", program, mysql_stmt_error (select->session));
      exit (1);
    }
}

static int
select_once (BenchWorker *worker)
{
  Select *select = worker->data;

  if (select->session != NULL && bench_fetch_all (worker, select->session) != 0)
    return -1;
  select->id = 1 + bench_random (&worker->seed) % n_ids;
  return bench_fetch_all (worker, select->stmt);
}

int
main (int   argc,
      char *argv[])
{
  BenchWorker *workers;
  BenchSummary summary;
  int n_connections;
  double duration;
  int status;

  if (argc != 5 && argc != 6)
    {
      fprintf (stderr, "Usage: %s SOCKET N_IDS SECONDS CONNECTIONS [TOKEN_HASH]\n", argv[0]);
      return 2;
    }
  n_ids = strtoll (argv[2], NULL, 10);
  duration = strtod (argv[3], NULL);
  n_connections = atoi (argv[4]);
  token_hash = argc == 6 ? argv[5] : NULL;
  with_names = getenv ("BENCH_PK_NAMES") != NULL && strcmp (getenv ("BENCH_PK_NAMES"), "1") == 0;
  if (n_ids < 1 || duration <= 0 || n_connections < 1 || n_connections > 1024)
    {
      fprintf (stderr, "%s: N_IDS, SECONDS and CONNECTIONS must be positive\n", program);
      return 2;
    }
  if (mysql_library_init (0, NULL, NULL) != 0)
    {
      fprintf (stderr, "%s: cannot initialise the client library\n", program);
      return 1;
    }

  /* connect and prepare everything first, so that only the loop is timed */
  workers = calloc (n_connections, sizeof *workers);
  for (int i = 0; i < n_connections; i++)
    {
      workers[i].seed = 0x9E3779B9u ^ (unsigned int) (i * 2654435761u) ^ (unsigned int) time (NULL);
      if (workers[i].seed == 0)
        workers[i].seed = 1;
      if ((workers[i].mysql = bench_connect (argv[1], program)) == NULL)
        return 1;
      bind_worker (&workers[i]);
    }

  status = bench_loop_run (workers, n_connections, duration, select_once, program, &summary);

  printf ("RESULT name=%s connections=%d seconds=%.2f queries=%llu qps=%.1f p50_us=%lld p95_us=%lld "
          "p99_us=%lld missing=%llu session=%d\n",
          with_names ? (token_hash ? "raw-session-named-pk-select" : "raw-named-pk-select")
                     : (token_hash ? "raw-session-pk-select" : "raw-pk-select"),
          n_connections, summary.seconds, (unsigned long long) summary.count,
          summary.count / summary.seconds, summary.p50_us, summary.p95_us, summary.p99_us,
          (unsigned long long) summary.missing, token_hash != NULL);

  for (int i = 0; i < n_connections; i++)
    {
      Select *select = workers[i].data;

      if (select->session != NULL)
        mysql_stmt_close (select->session);
      mysql_stmt_close (select->stmt);
      mysql_close (workers[i].mysql);
      free (select->cells);
      free (select);
    }
  free (workers);
  mysql_library_end ();
  return status;
}
