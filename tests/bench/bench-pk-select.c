/* bench-pk-select.c: the raw baseline, rapportd's primary-key SELECT of an account in a plain Connector/C loop
 *
 * Usage: bench-pk-select SOCKET N_IDS SECONDS CONNECTIONS [TOKEN_HASH]
 *
 * Each connection runs in its own thread and executes the prepared statement
 * with random ids in 1..N_IDS, fetching every column as text into bound
 * buffers, as rapportd does. With TOKEN_HASH (the hex SHA-256 of a session
 * token), each iteration first runs rapportd's session lookup too, so one
 * iteration is the SQL of one authenticated GET. The last line printed is
 * machine-readable:
 *   RESULT connections=C seconds=S queries=Q qps=X p50_us=A p99_us=B missing=M session=0|1
 * where queries counts iterations.
 */
#include <mysql.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

/* the statement rapportd runs for GET /api/v1/accounts/ID as an administrator */
static const char select_account[] =
  "SELECT `id`, `version`, `created_at`, `created_by`, `updated_at`, `updated_by`, `archived`, "
  "`name`, `code`, `industry`, `region`, `source`, `tier`, `lifecycle_stage`, `owner_id`, "
  "`phone`, `website`, `address`, `tax_id`, `notes`, `tags` FROM `accounts` WHERE `id` = ?";

/* the statement rapportd runs to authenticate every request */
static const char select_session[] =
  "SELECT u.id, u.login, u.name, u.role FROM sessions s "
  "JOIN users u ON u.id = s.user_id "
  "WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP(6) "
  "AND u.active = 1";

#define N_COLUMNS 21
#define N_SESSION_COLUMNS 4
/* columns longer than this are truncated, which is still a full fetch */
#define COLUMN_BUFFER 4096
/* latency histogram: one bucket per microsecond up to 100 ms, then one overflow bucket */
#define N_BUCKETS 100001

typedef struct
{
  MYSQL         *mysql;
  MYSQL_STMT    *stmt;
  MYSQL_STMT    *session;
  unsigned int   seed;
  uint64_t       queries;
  uint64_t       missing;
  uint32_t      *histogram;
  const char    *error;
} Worker;

static const char *token_hash;
static long long n_ids;
static double duration;
static atomic_int go;

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t
next_random (unsigned int *state)
{
  /* xorshift32: cheap, and each worker has its own state */
  unsigned int x = *state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

static int
connect_worker (Worker     *worker,
                const char *socket_path)
{
  unsigned int timeout = 10;

  worker->mysql = mysql_init (NULL);
  /* the same session settings as rapportd's connections */
  mysql_options (worker->mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  mysql_options (worker->mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_options (worker->mysql, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00', "
                 "tx_isolation = 'READ-COMMITTED'");
  if (!mysql_real_connect (worker->mysql, NULL, "root", NULL, "rapport", 0, socket_path, 0))
    {
      fprintf (stderr, "bench-pk-select: cannot connect: %s\n", mysql_error (worker->mysql));
      return -1;
    }
  worker->stmt = mysql_stmt_init (worker->mysql);
  if (worker->stmt == NULL ||
      mysql_stmt_prepare (worker->stmt, select_account, strlen (select_account)) != 0)
    {
      fprintf (stderr, "bench-pk-select: cannot prepare: %s\n", mysql_error (worker->mysql));
      return -1;
    }
  if (token_hash != NULL)
    {
      worker->session = mysql_stmt_init (worker->mysql);
      if (worker->session == NULL ||
          mysql_stmt_prepare (worker->session, select_session, strlen (select_session)) != 0)
        {
          fprintf (stderr, "bench-pk-select: cannot prepare: %s\n", mysql_error (worker->mysql));
          return -1;
        }
    }
  if (mysql_stmt_field_count (worker->stmt) != N_COLUMNS)
    {
      fprintf (stderr, "bench-pk-select: expected %d columns, got %u\n",
               N_COLUMNS, mysql_stmt_field_count (worker->stmt));
      return -1;
    }
  return 0;
}

/* executes a bound statement and fetches its rows; a missing row is counted, not an error */
static int
run_statement (Worker     *worker,
               MYSQL_STMT *stmt)
{
  int status;

  if (mysql_stmt_execute (stmt) != 0 || mysql_stmt_store_result (stmt) != 0)
    {
      worker->error = mysql_stmt_error (stmt);
      return -1;
    }
  status = mysql_stmt_fetch (stmt);
  if (status == MYSQL_NO_DATA)
    worker->missing++;
  else if (status != 0 && status != MYSQL_DATA_TRUNCATED)
    {
      worker->error = mysql_stmt_error (stmt);
      return -1;
    }
  else
    while ((status = mysql_stmt_fetch (stmt)) == 0 || status == MYSQL_DATA_TRUNCATED)
      ;
  mysql_stmt_free_result (stmt);
  return 0;
}

static int
run_worker (void *data)
{
  Worker *worker = data;
  char (*cells)[COLUMN_BUFFER] = calloc (N_COLUMNS, COLUMN_BUFFER);
  MYSQL_BIND param = { 0 };
  MYSQL_BIND result[N_COLUMNS];
  unsigned long lengths[N_COLUMNS];
  my_bool nulls[N_COLUMNS];
  MYSQL_BIND session_param = { 0 };
  MYSQL_BIND session_result[N_SESSION_COLUMNS];
  unsigned long token_length = token_hash ? strlen (token_hash) : 0;
  long long id = 0;
  double deadline;

  mysql_thread_init ();

  param.buffer_type = MYSQL_TYPE_LONGLONG;
  param.buffer = &id;
  memset (result, 0, sizeof result);
  for (int c = 0; c < N_COLUMNS; c++)
    {
      result[c].buffer_type = MYSQL_TYPE_STRING;
      result[c].buffer = cells[c];
      result[c].buffer_length = COLUMN_BUFFER;
      result[c].length = &lengths[c];
      result[c].is_null = &nulls[c];
    }
  if (mysql_stmt_bind_param (worker->stmt, &param) != 0 ||
      mysql_stmt_bind_result (worker->stmt, result) != 0)
    {
      worker->error = mysql_stmt_error (worker->stmt);
      goto out;
    }
  if (worker->session != NULL)
    {
      session_param.buffer_type = MYSQL_TYPE_STRING;
      session_param.buffer = (char *) token_hash;
      session_param.buffer_length = token_length;
      session_param.length = &token_length;
      /* the session's columns land in the first account buffers, never read */
      memcpy (session_result, result, sizeof session_result);
      if (mysql_stmt_bind_param (worker->session, &session_param) != 0 ||
          mysql_stmt_bind_result (worker->session, session_result) != 0)
        {
          worker->error = mysql_stmt_error (worker->session);
          goto out;
        }
    }

  while (!atomic_load (&go))
    thrd_yield ();
  deadline = now_seconds () + duration;

  for (;;)
    {
      double start = now_seconds ();
      long long micros;

      if (start >= deadline)
        break;
      if (worker->session != NULL && run_statement (worker, worker->session) != 0)
        break;
      id = 1 + next_random (&worker->seed) % n_ids;
      if (run_statement (worker, worker->stmt) != 0)
        break;

      micros = (long long) ((now_seconds () - start) * 1e6);
      worker->histogram[micros < N_BUCKETS - 1 ? micros : N_BUCKETS - 1]++;
      worker->queries++;
    }

out:
  free (cells);
  mysql_thread_end ();
  return 0;
}

static long long
percentile (const uint64_t *histogram,
            uint64_t        total,
            double          fraction)
{
  uint64_t wanted = (uint64_t) (total * fraction);
  uint64_t seen = 0;

  for (long long i = 0; i < N_BUCKETS; i++)
    {
      seen += histogram[i];
      if (seen > wanted)
        return i;
    }
  return N_BUCKETS - 1;
}

int
main (int   argc,
      char *argv[])
{
  const char *socket_path;
  int n_connections;
  Worker *workers;
  thrd_t *threads;
  uint64_t *histogram;
  uint64_t queries = 0;
  uint64_t missing = 0;
  double started, elapsed;
  int status = 0;

  if (argc != 5 && argc != 6)
    {
      fprintf (stderr, "Usage: %s SOCKET N_IDS SECONDS CONNECTIONS [TOKEN_HASH]\n", argv[0]);
      return 2;
    }
  socket_path = argv[1];
  n_ids = strtoll (argv[2], NULL, 10);
  duration = strtod (argv[3], NULL);
  n_connections = atoi (argv[4]);
  token_hash = argc == 6 ? argv[5] : NULL;
  if (n_ids < 1 || duration <= 0 || n_connections < 1 || n_connections > 1024)
    {
      fprintf (stderr, "bench-pk-select: N_IDS, SECONDS and CONNECTIONS must be positive\n");
      return 2;
    }

  if (mysql_library_init (0, NULL, NULL) != 0)
    {
      fprintf (stderr, "bench-pk-select: cannot initialise the client library\n");
      return 1;
    }
  workers = calloc (n_connections, sizeof *workers);
  threads = calloc (n_connections, sizeof *threads);
  histogram = calloc (N_BUCKETS, sizeof *histogram);

  /* connect and prepare everything first, so that only the loop is timed */
  for (int i = 0; i < n_connections; i++)
    {
      workers[i].seed = 0x9E3779B9u ^ (unsigned int) (i * 2654435761u) ^ (unsigned int) time (NULL);
      if (workers[i].seed == 0)
        workers[i].seed = 1;
      workers[i].histogram = calloc (N_BUCKETS, sizeof (uint32_t));
      if (connect_worker (&workers[i], socket_path) != 0)
        return 1;
    }
  for (int i = 0; i < n_connections; i++)
    if (thrd_create (&threads[i], run_worker, &workers[i]) != thrd_success)
      {
        fprintf (stderr, "bench-pk-select: cannot start a thread\n");
        return 1;
      }

  started = now_seconds ();
  atomic_store (&go, 1);
  for (int i = 0; i < n_connections; i++)
    thrd_join (threads[i], NULL);
  elapsed = now_seconds () - started;

  for (int i = 0; i < n_connections; i++)
    {
      if (workers[i].error != NULL)
        {
          fprintf (stderr, "bench-pk-select: connection %d: %s\n", i, workers[i].error);
          status = 1;
        }
      queries += workers[i].queries;
      missing += workers[i].missing;
      for (long long b = 0; b < N_BUCKETS; b++)
        histogram[b] += workers[i].histogram[b];
      if (workers[i].session != NULL)
        mysql_stmt_close (workers[i].session);
      mysql_stmt_close (workers[i].stmt);
      mysql_close (workers[i].mysql);
      free (workers[i].histogram);
    }

  printf ("RESULT connections=%d seconds=%.2f queries=%llu qps=%.1f p50_us=%lld p99_us=%lld missing=%llu session=%d\n",
          n_connections, elapsed, (unsigned long long) queries, queries / elapsed,
          percentile (histogram, queries, 0.50), percentile (histogram, queries, 0.99),
          (unsigned long long) missing, token_hash != NULL);

  free (histogram);
  free (threads);
  free (workers);
  mysql_library_end ();
  return status;
}
