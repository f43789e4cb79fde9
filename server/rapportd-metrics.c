/* rapportd-metrics.c: counters and histograms of what rapportd serves, in the Prometheus text format */
#include "rapportd-metrics.h"

#include <string.h>

/* Every HTTP thread and worker counts into the same fixed arrays with
 * relaxed atomic adds: no lock on the hot path, and no allocation.  The
 * arrays are bounded by the router's table (a route's pattern, never the
 * raw path) and a fixed list of status codes, so the series are too. */

static const guint statuses[] = {
  200, 201, 202, 204, 206, 304, 400, 401, 403, 404, 405, 406, 408, 409, 410, 411,
  412, 413, 415, 416, 422, 423, 428, 429, 431, 500, 501, 502, 503, 504, 507,
};
#define N_STATUSES (G_N_ELEMENTS (statuses) + 1)

/* seconds; the last bucket, +Inf, is the count */
static const double buckets[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
#define N_BUCKETS G_N_ELEMENTS (buckets)

typedef struct
{
  guint64 bucket[N_BUCKETS];
  guint64 count;
  guint64 sum_us;
} Histogram;

#define UNMATCHED RAPPORTD_METRICS_MAX_ROUTES

static guint64   requests[RAPPORTD_METRICS_MAX_ROUTES + 1][N_STATUSES];
static Histogram latency[RAPPORTD_METRICS_MAX_ROUTES + 1];
static Histogram queue_wait;

static const CrmErrorCode db_error_codes[] = {
  CRM_ERROR_DUPLICATE, CRM_ERROR_CONFLICT, CRM_ERROR_UNAVAILABLE,
  CRM_ERROR_INSUFFICIENT_STORAGE, CRM_ERROR_INTERNAL,
};
static guint64 db_errors[G_N_ELEMENTS (db_error_codes)];

static const char * const retry_reasons[] = { "deadlock", "connection" };
static guint64 db_retries[G_N_ELEMENTS (retry_reasons)];

static gint64 start_time;
/* Unix seconds of the last good backup this rapportd made; 0: none yet */
static gint64 last_backup;

#define ADD(counter, value) __atomic_fetch_add (&(counter), (value), __ATOMIC_RELAXED)
#define GET(counter) __atomic_load_n (&(counter), __ATOMIC_RELAXED)

static void
histogram_add (Histogram *histogram,
               gint64     microseconds)
{
  double seconds = MAX (microseconds, 0) / (double) G_USEC_PER_SEC;

  /* cumulative at render time: each observation lands in one bucket */
  for (guint i = 0; i < N_BUCKETS; i++)
    if (seconds <= buckets[i])
      {
        ADD (histogram->bucket[i], 1);
        break;
      }
  ADD (histogram->sum_us, (guint64) MAX (microseconds, 0));
  ADD (histogram->count, 1);
}

static guint
status_slot (guint status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (statuses[i] == status)
      return i;
  return N_STATUSES - 1;
}

/**
 * rapportd_metrics_count_request:
 * @route: the index of the route in the router's table, or -1: none served it
 * @status: the HTTP status answered
 * @microseconds: from the request's arrival to its answer
 */
void
rapportd_metrics_count_request (gint   route,
                                guint  status,
                                gint64 microseconds)
{
  guint slot = route >= 0 && route < RAPPORTD_METRICS_MAX_ROUTES ? (guint) route : UNMATCHED;

  ADD (requests[slot][status_slot (status)], 1);
  histogram_add (&latency[slot], microseconds);
}

/* how long a call waited for a free worker */
void
rapportd_metrics_count_queue_wait (gint64 microseconds)
{
  histogram_add (&queue_wait, microseconds);
}

/* an error MariaDB answered, by what it means to a request */
void
rapportd_metrics_count_db_error (CrmErrorCode code)
{
  for (guint i = 0; i < G_N_ELEMENTS (db_error_codes); i++)
    if (db_error_codes[i] == code || i == G_N_ELEMENTS (db_error_codes) - 1)
      {
        ADD (db_errors[i], 1);
        return;
      }
}

/* a request run again: after a deadlock, or on a new connection */
void
rapportd_metrics_count_db_retry (const char *reason)
{
  g_return_if_fail (reason != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (retry_reasons); i++)
    if (g_str_equal (retry_reasons[i], reason))
      ADD (db_retries[i], 1);
}

/**
 * rapportd_metrics_note_backup:
 * @unix_seconds: when a backup finished well
 *
 * For the backup job: the metrics show the last one
 * (rapportd_last_backup_timestamp_seconds), from which a scraper's rule
 * computes its age.
 */
void
rapportd_metrics_note_backup (gint64 unix_seconds)
{
  __atomic_store_n (&last_backup, unix_seconds, __ATOMIC_RELAXED);
}

/* every gauge left out until set; and the process's start is noted */
void
rapportd_metrics_gauges_init (RapportdMetricsGauges *gauges)
{
  g_return_if_fail (gauges != NULL);

  gauges->queue_depth = -1;
  gauges->connections_open = -1;
  gauges->handshakes = -1;
  gauges->sessions_active = -1;
  gauges->event_clients = -1;
  gauges->events_queued = -1;
  gauges->last_backup = -1;
}

static void
header (GString    *out,
        const char *name,
        const char *type,
        const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
gauge (GString    *out,
       const char *name,
       const char *help,
       gint64      value)
{
  if (value < 0)
    return;
  header (out, name, "gauge", help);
  g_string_append_printf (out, "%s %" G_GINT64_FORMAT "\n", name, value);
}

static void
histogram_render (GString         *out,
                  const char      *name,
                  const char      *labels,
                  const Histogram *histogram)
{
  const char *comma = labels[0] ? "," : "";
  guint64 cumulative = 0;
  guint64 count = GET (histogram->count);
  char sum[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < N_BUCKETS; i++)
    {
      char le[G_ASCII_DTOSTR_BUF_SIZE];

      cumulative += GET (histogram->bucket[i]);
      g_string_append_printf (out, "%s_bucket{%s%sle=\"%s\"} %" G_GUINT64_FORMAT "\n", name, labels, comma,
                              g_ascii_formatd (le, sizeof le, "%g", buckets[i]), MIN (cumulative, count));
    }
  g_string_append_printf (out, "%s_bucket{%s%sle=\"+Inf\"} %" G_GUINT64_FORMAT "\n", name, labels, comma, count);
  /* microseconds: six decimals are exact */
  g_ascii_formatd (sum, sizeof sum, "%.6f", GET (histogram->sum_us) / (double) G_USEC_PER_SEC);
  if (labels[0])
    {
      g_string_append_printf (out, "%s_sum{%s} %s\n", name, labels, sum);
      g_string_append_printf (out, "%s_count{%s} %" G_GUINT64_FORMAT "\n", name, labels, count);
    }
  else
    {
      g_string_append_printf (out, "%s_sum %s\n", name, sum);
      g_string_append_printf (out, "%s_count %" G_GUINT64_FORMAT "\n", name, count);
    }
}

/* method and route labels of @slot, or FALSE when the table has no such route */
static char *
route_labels (guint                    slot,
              RapportdMetricsRouteName route_name)
{
  const char *method = NULL;
  g_autofree char *pattern = NULL;

  if (slot == UNMATCHED)
    return g_strdup ("method=\"\",route=\"\"");
  if (!route_name (slot, &method, &pattern))
    return NULL;
  /* patterns hold letters, digits, '-', '.', '/' and '*': nothing to escape */
  return g_strdup_printf ("method=\"%s\",route=\"%s\"", method, pattern);
}

static void
render_requests (GString                  *out,
                 RapportdMetricsRouteName  route_name)
{
  header (out, "rapportd_http_requests_total", "counter",
          "HTTP requests answered, by method, route pattern and status code");
  for (guint slot = 0; slot <= UNMATCHED; slot++)
    {
      g_autofree char *labels = NULL;

      if (GET (latency[slot].count) == 0 || (labels = route_labels (slot, route_name)) == NULL)
        continue;
      for (guint s = 0; s < N_STATUSES; s++)
        {
          guint64 n = GET (requests[slot][s]);

          if (n == 0)
            continue;
          if (s < G_N_ELEMENTS (statuses))
            g_string_append_printf (out, "rapportd_http_requests_total{%s,code=\"%u\"} %" G_GUINT64_FORMAT "\n",
                                    labels, statuses[s], n);
          else
            g_string_append_printf (out, "rapportd_http_requests_total{%s,code=\"other\"} %" G_GUINT64_FORMAT "\n",
                                    labels, n);
        }
    }
  header (out, "rapportd_http_request_duration_seconds", "histogram",
          "Time from a request's arrival to its answer, by method and route pattern");
  for (guint slot = 0; slot <= UNMATCHED; slot++)
    {
      g_autofree char *labels = NULL;

      if (GET (latency[slot].count) == 0 || (labels = route_labels (slot, route_name)) == NULL)
        continue;
      histogram_render (out, "rapportd_http_request_duration_seconds", labels, &latency[slot]);
    }
}

static void
render_database (GString *out)
{
  header (out, "rapportd_db_errors_total", "counter",
          "Errors MariaDB answered, by what they meant to the request");
  for (guint i = 0; i < G_N_ELEMENTS (db_error_codes); i++)
    g_string_append_printf (out, "rapportd_db_errors_total{kind=\"%s\"} %" G_GUINT64_FORMAT "\n",
                            crm_error_code_to_api_code (db_error_codes[i]), GET (db_errors[i]));
  header (out, "rapportd_db_retries_total", "counter",
          "Requests run again after a deadlock or on a fresh connection");
  for (guint i = 0; i < G_N_ELEMENTS (retry_reasons); i++)
    g_string_append_printf (out, "rapportd_db_retries_total{reason=\"%s\"} %" G_GUINT64_FORMAT "\n",
                            retry_reasons[i], GET (db_retries[i]));
}

/**
 * rapportd_metrics_render:
 * @gauges: the gauges read by the caller for this scrape
 * @route_name: names a route's slot
 *
 * Returns: (transfer full): every metric in the text exposition format 0.0.4
 */
char *
rapportd_metrics_render (const RapportdMetricsGauges *gauges,
                         RapportdMetricsRouteName     route_name)
{
  GString *out = g_string_sized_new (16384);
  gint64 backup;

  g_return_val_if_fail (gauges != NULL && route_name != NULL, NULL);

  render_requests (out, route_name);
  header (out, "rapportd_worker_queue_wait_seconds", "histogram",
          "Time a request waited for a free worker");
  histogram_render (out, "rapportd_worker_queue_wait_seconds", "", &queue_wait);
  gauge (out, "rapportd_worker_queue_depth", "Requests waiting for a free worker", gauges->queue_depth);
  render_database (out);
  gauge (out, "rapportd_http_connections_open", "HTTP connections open", gauges->connections_open);
  gauge (out, "rapportd_tls_handshakes_in_progress", "TLS handshakes in progress", gauges->handshakes);
  gauge (out, "rapportd_sessions_active", "Sessions signed in and not expired", gauges->sessions_active);
  gauge (out, "rapportd_event_clients", "Event WebSocket clients connected", gauges->event_clients);
  gauge (out, "rapportd_events_queued", "Event messages waiting to be sent to clients", gauges->events_queued);
  backup = gauges->last_backup >= 0 ? gauges->last_backup : GET (last_backup);
  gauge (out, "rapportd_last_backup_timestamp_seconds", "When the last good backup this rapportd made finished",
         backup > 0 ? backup : -1);
  gauge (out, "rapportd_start_time_seconds", "When this rapportd started", start_time);
  return g_string_free (out, FALSE);
}

/* the start time, set once before any thread counts */
static void __attribute__ ((constructor))
note_start (void)
{
  start_time = g_get_real_time () / G_USEC_PER_SEC;
}
