/* bench-timing.c: the benchmark programs' timed requests and the line each prints of them */
#include "bench-timing.h"

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/**
 * bench_timing_request:
 * @us: where the request's time, in microseconds, is added
 *
 * Makes a request that must answer @expected (the program stops otherwise)
 * and times it.
 *
 * Returns: (transfer full): the answer
 */
RapportTestReply *
bench_timing_request (RapportTestServer *server,
                      const char        *method,
                      const char        *path,
                      const char        *token,
                      const char        *body,
                      guint              expected,
                      GArray            *us)
{
  gint64 start = g_get_monotonic_time ();
  RapportTestReply *reply = rapport_test_request (server, method, path, token, body);
  gint64 spent = g_get_monotonic_time () - start;

  if (reply->status != expected)
    g_error ("%s %s: %u %s", method, path, reply->status, reply->body);
  g_array_append_val (us, spent);
  return reply;
}

/**
 * bench_timing_report:
 * @what: the request, as the line names it
 * @us: its times in microseconds (sorted here)
 *
 * Prints the mean, median, 95th percentile and worst of @us.
 */
void
bench_timing_report (const char *what,
                     GArray     *us)
{
  gint64 sum = 0;

  g_array_sort (us, compare_int64);
  for (guint i = 0; i < us->len; i++)
    sum += g_array_index (us, gint64, i);
  g_print ("%-44s n=%-5u mean %6.2f ms  p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", what, us->len,
           us->len ? sum / 1000.0 / us->len : 0.0,
           us->len ? g_array_index (us, gint64, us->len / 2) / 1000.0 : 0.0,
           us->len ? g_array_index (us, gint64, MIN (us->len - 1, us->len * 95 / 100)) / 1000.0 : 0.0,
           us->len ? g_array_index (us, gint64, us->len - 1) / 1000.0 : 0.0);
}
