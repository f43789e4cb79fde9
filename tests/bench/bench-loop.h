/* bench-loop.h: the timed loop of the raw Connector/C baselines, one thread per connection */
#pragma once

#include <mysql.h>
#include <stdint.h>

/* one connection's state; a benchmark keeps its own data beside it */
typedef struct
{
  MYSQL       *mysql;
  unsigned int seed;
  uint64_t     count;
  uint64_t     missing;
  uint32_t    *histogram;
  const char  *error;
  void        *data;
} BenchWorker;

/* one timed iteration: 0 when done, -1 after setting worker->error */
typedef int (*BenchIteration) (BenchWorker *worker);

typedef struct
{
  double   seconds;
  uint64_t count;
  uint64_t missing;
  long long p50_us;
  long long p95_us;
  long long p99_us;
} BenchSummary;

double    bench_now          (void);
uint32_t  bench_random       (unsigned int *state);
MYSQL    *bench_connect      (const char  *socket_path,
                              const char  *program);
int       bench_fetch_all    (BenchWorker *worker,
                              MYSQL_STMT  *stmt);
int       bench_loop_run     (BenchWorker    *workers,
                              int             n_workers,
                              double          duration,
                              BenchIteration  iteration,
                              const char     *program,
                              BenchSummary   *summary);
