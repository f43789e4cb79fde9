/* bench-loop.c: the timed loop of the raw Connector/C baselines, one thread per connection
 *
 * Every worker waits until all are connected and prepared, then runs its
 * iteration until the deadline; each iteration's latency lands in a
 * histogram, to the microsecond up to 100 ms and to the millisecond beyond.
 */
#include "bench-loop.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

/* one bucket a microsecond up to 100 ms, then one a millisecond up to 10 s, then one for the rest */
#define MIN_BUCKET(a, b) ((a) < (b) ? (a) : (b))
#define FINE_BUCKETS 100000
#define N_BUCKETS (FINE_BUCKETS + 9901)

static long long
bucket_of (long long micros)
{
  if (micros < FINE_BUCKETS)
    return micros;
  return FINE_BUCKETS + MIN_BUCKET ((micros - FINE_BUCKETS) / 1000, N_BUCKETS - FINE_BUCKETS - 1);
}

static long long
micros_of (long long bucket)
{
  return bucket < FINE_BUCKETS ? bucket : FINE_BUCKETS + (bucket - FINE_BUCKETS) * 1000;
}

typedef struct
{
  BenchWorker    *worker;
  BenchIteration  iteration;
  double          duration;
} Thread;

static atomic_int go;

double
bench_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

uint32_t
bench_random (unsigned int *state)
{
  /* xorshift32: cheap, and each worker has its own state */
  unsigned int x = *state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

/* a connection with the same session settings as rapportd's */
MYSQL *
bench_connect (const char *socket_path,
               const char *program)
{
  unsigned int timeout = 10;
  MYSQL *mysql = mysql_init (NULL);

  mysql_options (mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  mysql_options (mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_options (mysql, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00', "
                 "tx_isolation = 'READ-COMMITTED'");
  if (!mysql_real_connect (mysql, NULL, "root", NULL, "rapport", 0, socket_path, 0))
    {
      fprintf (stderr, "%s: cannot connect: %s\n", program, mysql_error (mysql));
      mysql_close (mysql);
      return NULL;
    }
  return mysql;
}

/* executes a bound statement and fetches its rows; a missing row is counted, not an error */
int
bench_fetch_all (BenchWorker *worker,
                 MYSQL_STMT  *stmt)
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
run_thread (void *data)
{
  Thread *thread = data;
  BenchWorker *worker = thread->worker;
  double deadline;

  mysql_thread_init ();
  while (!atomic_load (&go))
    thrd_yield ();
  deadline = bench_now () + thread->duration;

  for (;;)
    {
      double start = bench_now ();
      long long micros;

      if (start >= deadline || thread->iteration (worker) != 0)
        break;
      micros = (long long) ((bench_now () - start) * 1e6);
      worker->histogram[bucket_of (micros)]++;
      worker->count++;
    }

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
        return micros_of (i);
    }
  return micros_of (N_BUCKETS - 1);
}

/* runs every worker for duration seconds; 0 when no worker failed */
int
bench_loop_run (BenchWorker    *workers,
                int             n_workers,
                double          duration,
                BenchIteration  iteration,
                const char     *program,
                BenchSummary   *summary)
{
  thrd_t *threads = calloc (n_workers, sizeof *threads);
  Thread *args = calloc (n_workers, sizeof *args);
  uint64_t *histogram = calloc (N_BUCKETS, sizeof *histogram);
  double started;
  int status = 0;

  memset (summary, 0, sizeof *summary);
  atomic_store (&go, 0);
  for (int i = 0; i < n_workers; i++)
    {
      if (workers[i].histogram == NULL)
        workers[i].histogram = calloc (N_BUCKETS, sizeof (uint32_t));
      args[i] = (Thread) { &workers[i], iteration, duration };
      if (thrd_create (&threads[i], run_thread, &args[i]) != thrd_success)
        {
          fprintf (stderr, "%s: cannot start a thread\n", program);
          exit (1);
        }
    }

  started = bench_now ();
  atomic_store (&go, 1);
  for (int i = 0; i < n_workers; i++)
    thrd_join (threads[i], NULL);
  summary->seconds = bench_now () - started;

  for (int i = 0; i < n_workers; i++)
    {
      if (workers[i].error != NULL)
        {
          fprintf (stderr, "%s: connection %d: %s\n", program, i, workers[i].error);
          status = 1;
        }
      summary->count += workers[i].count;
      summary->missing += workers[i].missing;
      for (long long b = 0; b < N_BUCKETS; b++)
        histogram[b] += workers[i].histogram[b];
      free (workers[i].histogram);
      workers[i].histogram = NULL;
    }
  summary->p50_us = percentile (histogram, summary->count, 0.50);
  summary->p95_us = percentile (histogram, summary->count, 0.95);
  summary->p99_us = percentile (histogram, summary->count, 0.99);

  free (histogram);
  free (args);
  free (threads);
  return status;
}
