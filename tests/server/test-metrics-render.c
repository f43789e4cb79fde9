/* test-metrics-render.c: rapportd's counters as the exposition shows them: buckets, labels, the last backup */
#include "rapportd-metrics.h"

#include <string.h>

static gboolean
route_name (guint        route,
            const char **method,
            char       **pattern)
{
  if (route != 7)
    return FALSE;
  *method = "GET";
  *pattern = g_strdup ("/api/v1/*/*");
  return TRUE;
}

static char *
render (void)
{
  RapportdMetricsGauges gauges;

  rapportd_metrics_gauges_init (&gauges);
  return rapportd_metrics_render (&gauges, route_name);
}

/* an observation lands in its bucket and every one above it */
static void
test_buckets (void)
{
  g_autofree char *text = NULL;

  rapportd_metrics_count_request (7, 404, 1500);
  rapportd_metrics_count_request (7, 404, 30 * G_USEC_PER_SEC);
  rapportd_metrics_count_request (-1, 404, 10);
  text = render ();
  g_assert_nonnull (strstr (text, "rapportd_http_requests_total{method=\"GET\",route=\"/api/v1/*/*\",code=\"404\"} 2\n"));
  g_assert_nonnull (strstr (text, "rapportd_http_requests_total{method=\"\",route=\"\",code=\"404\"} 1\n"));
  g_assert_nonnull (strstr (text, "{method=\"GET\",route=\"/api/v1/*/*\",le=\"0.001\"} 0\n"));
  g_assert_nonnull (strstr (text, "{method=\"GET\",route=\"/api/v1/*/*\",le=\"0.0025\"} 1\n"));
  g_assert_nonnull (strstr (text, "{method=\"GET\",route=\"/api/v1/*/*\",le=\"10\"} 1\n"));
  g_assert_nonnull (strstr (text, "{method=\"GET\",route=\"/api/v1/*/*\",le=\"+Inf\"} 2\n"));
  g_assert_nonnull (strstr (text, "rapportd_http_request_duration_seconds_sum{method=\"GET\",route=\"/api/v1/*/*\"} 30.001500\n"));
  /* gauges not read are left out */
  g_assert_null (strstr (text, "rapportd_worker_queue_depth "));
}

/* no backup yet: no line; then the time of the last one */
static void
test_last_backup (void)
{
  g_autofree char *before = render ();
  g_autofree char *after = NULL;

  g_assert_null (strstr (before, "rapportd_last_backup_timestamp_seconds"));
  rapportd_metrics_note_backup (1796000000);
  after = render ();
  g_assert_nonnull (strstr (after, "# TYPE rapportd_last_backup_timestamp_seconds gauge\n"
                                   "rapportd_last_backup_timestamp_seconds 1796000000\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics-render/buckets", test_buckets);
  g_test_add_func ("/metrics-render/last-backup", test_last_backup);
  return g_test_run ();
}
