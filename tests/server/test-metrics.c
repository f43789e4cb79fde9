/* test-metrics.c: GET /api/v1/metrics counts exactly what was asked, in a well-formed exposition, for whom it allows */
#include "rapport-test-server.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static RapportTestServer *server;

/* one scrape: a sample's name with its labels, as written -> its value */
typedef GHashTable Scrape;

static gboolean
valid_name (const char *name,
            gsize       length)
{
  if (length == 0 || !(g_ascii_isalpha (name[0]) || name[0] == '_' || name[0] == ':'))
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if (!(g_ascii_isalnum (name[i]) || name[i] == '_' || name[i] == ':'))
      return FALSE;
  return TRUE;
}

/* `{k="v",…}` from @p; returns past the '}' or NULL when malformed */
static const char *
skip_labels (const char *p)
{
  if (*p != '{')
    return p;
  p++;
  while (*p != '}')
    {
      const char *start = p;

      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      if (p == start || !valid_name (start, p - start) || p[0] != '=' || p[1] != '"')
        return NULL;
      for (p += 2; *p != '"'; p++)
        {
          if (*p == '\0' || *p == '\n')
            return NULL;
          if (*p == '\\' && (p[1] == '\\' || p[1] == '"' || p[1] == 'n'))
            p++;
          else if (*p == '\\')
            return NULL;
        }
      p++;
      if (*p == ',')
        p++;
      else if (*p != '}')
        return NULL;
    }
  return p + 1;
}

/* the family a sample belongs to: a histogram's _bucket, _sum and _count are its own */
static char *
family_of (const char *name,
           GHashTable *types)
{
  static const char * const suffixes[] = { "_bucket", "_sum", "_count" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (name, suffixes[i]))
      {
        g_autofree char *base = g_strndup (name, strlen (name) - strlen (suffixes[i]));

        if (g_strcmp0 (g_hash_table_lookup (types, base), "histogram") == 0)
          return g_steal_pointer (&base);
      }
  return g_strdup (name);
}

/* Checks every line of the text exposition format 0.0.4, and reads its samples. */
static Scrape *
parse (const char *text)
{
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) helps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Scrape *samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "# HELP ") || g_str_has_prefix (line, "# TYPE "))
        {
          g_auto(GStrv) parts = g_strsplit (line + 7, " ", 2);

          g_assert_nonnull (parts[0]);
          g_assert_true (valid_name (parts[0], strlen (parts[0])));
          g_assert_nonnull (parts[1]);
          g_assert_cmpstr (parts[1], !=, "");
          if (line[2] == 'H')
            {
              g_assert_false (g_hash_table_contains (helps, parts[0]));
              g_hash_table_add (helps, g_strdup (parts[0]));
              continue;
            }
          g_assert_false (g_hash_table_contains (types, parts[0]));
          g_assert_true (g_strv_contains ((const char * const[]) { "counter", "gauge", "histogram", "summary",
                                                                   "untyped", NULL }, parts[1]));
          g_hash_table_insert (types, g_strdup (parts[0]), g_strdup (parts[1]));
          continue;
        }
      g_assert_false (g_str_has_prefix (line, "#"));
      g_assert_cmpstr (line, !=, "");
      {
        const char *end = line;
        const char *labels_end;
        g_autofree char *name = NULL;
        g_autofree char *family = NULL;
        char *value_end = NULL;
        double value;

        while (*end && *end != '{' && *end != ' ')
          end++;
        g_assert_true (valid_name (line, end - line));
        name = g_strndup (line, end - line);
        labels_end = skip_labels (end);
        g_assert_nonnull (labels_end);
        g_assert_cmpint (*labels_end, ==, ' ');
        value = g_ascii_strtod (labels_end + 1, &value_end);
        g_assert_true (value_end != labels_end + 1 && *value_end == '\0');
        g_assert_true (value >= 0);
        family = family_of (name, types);
        /* a sample follows its family's TYPE; a counter's name ends in _total */
        g_assert_true (g_hash_table_contains (types, family));
        if (g_str_equal (g_hash_table_lookup (types, family), "counter"))
          g_assert_true (g_str_has_suffix (family, "_total"));
        {
          char *series = g_strndup (line, labels_end - line);

          g_assert_false (g_hash_table_contains (samples, series));
          g_hash_table_insert (samples, series, g_strdup (labels_end + 1));
        }
      }
    }
  return samples;
}

static double
value (Scrape     *scrape,
       const char *series)
{
  const char *text = g_hash_table_lookup (scrape, series);

  return text ? g_ascii_strtod (text, NULL) : 0;
}

static char *
scrape_text (const char *token,
             guint       expected_status)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/metrics", token, NULL);

  g_assert_cmpuint (reply->status, ==, expected_status);
  return g_strdup (reply->body);
}

/* what every series named @prefix adds up to */
static double
sum_of (Scrape     *scrape,
        const char *prefix)
{
  GHashTableIter iter;
  gpointer key, text;
  double sum = 0;

  g_hash_table_iter_init (&iter, scrape);
  while (g_hash_table_iter_next (&iter, &key, &text))
    if (g_str_has_prefix (key, prefix))
      sum += g_ascii_strtod (text, NULL);
  return sum;
}

#define HEALTH_200 "rapportd_http_requests_total{method=\"GET\",route=\"/api/v1/health\",code=\"200\"}"
#define RECORD_404 "rapportd_http_requests_total{method=\"GET\",route=\"/api/v1/*/*\",code=\"404\"}"
#define CREATE_422 "rapportd_http_requests_total{method=\"POST\",route=\"/api/v1/*\",code=\"422\"}"
#define METRICS_200 "rapportd_http_requests_total{method=\"GET\",route=\"/api/v1/metrics\",code=\"200\"}"
#define HEALTH_COUNT "rapportd_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/health\"}"
#define HEALTH_INF "rapportd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/health\",le=\"+Inf\"}"

/* a 200, a 404 and a 422 move their counters by one each, and nothing else moves */
static void
test_counts (void)
{
  g_autofree char *before_text = scrape_text (NULL, 200);
  g_autofree char *after_text = NULL;
  g_autoptr(GHashTable) before = parse (before_text);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(RapportTestReply) ok = rapport_test_request (server, "GET", "/api/v1/health", NULL, NULL);
  g_autoptr(RapportTestReply) missing = rapport_test_request (server, "GET", "/api/v1/accounts/987654321",
                                                              server->admin_token, NULL);
  g_autoptr(RapportTestReply) invalid = rapport_test_request (server, "POST", "/api/v1/accounts",
                                                              server->admin_token, "{\"name\":\"\"}");

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpuint (invalid->status, ==, 422);
  after_text = scrape_text (NULL, 200);
  after = parse (after_text);

  g_assert_cmpfloat (value (after, HEALTH_200) - value (before, HEALTH_200), ==, 1);
  g_assert_cmpfloat (value (after, RECORD_404) - value (before, RECORD_404), ==, 1);
  g_assert_cmpfloat (value (after, CREATE_422) - value (before, CREATE_422), ==, 1);
  /* the first scrape is counted once it is answered */
  g_assert_cmpfloat (value (after, METRICS_200) - value (before, METRICS_200), ==, 1);
  g_assert_cmpfloat (sum_of (after, "rapportd_http_requests_total{") -
                     sum_of (before, "rapportd_http_requests_total{"), ==, 4);
  g_assert_cmpfloat (value (after, HEALTH_COUNT) - value (before, HEALTH_COUNT), ==, 1);
  g_assert_cmpfloat (value (after, HEALTH_INF), ==, value (after, HEALTH_COUNT));
  /* the raw path never becomes a label */
  g_assert_null (strstr (after_text, "987654321"));
  /* the 422 ran on a worker: its wait was counted */
  g_assert_cmpfloat (value (after, "rapportd_worker_queue_wait_seconds_count"), >,
                     value (before, "rapportd_worker_queue_wait_seconds_count"));
  g_assert_true (g_hash_table_contains (after, "rapportd_http_connections_open"));
  g_assert_cmpfloat (value (after, "rapportd_http_connections_open"), >=, 1);
  /* the admin's session, at least */
  g_assert_cmpfloat (value (after, "rapportd_sessions_active"), >=, 1);
  g_assert_true (g_hash_table_contains (after, "rapportd_worker_queue_depth"));
  g_assert_true (g_hash_table_contains (after, "rapportd_event_clients"));
  g_assert_cmpfloat (value (after, "rapportd_start_time_seconds"), >, 1.7e9);
}

/* buckets only grow, and the last is the count */
static void
test_histograms_cumulative (void)
{
  g_autofree char *text = scrape_text (NULL, 200);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  double previous = 0;
  guint histograms = 0;

  g_hash_table_unref (parse (text));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *space = strrchr (lines[i], ' ');
      double v;

      if (lines[i][0] == '#' || space == NULL || strstr (lines[i], "_bucket{") == NULL)
        continue;
      v = g_ascii_strtod (space + 1, NULL);
      if (strstr (lines[i], "le=\"0.001\"") != NULL)
        previous = 0;
      g_assert_cmpfloat (v, >=, previous);
      previous = v;
      if (strstr (lines[i], "le=\"+Inf\"") != NULL)
        histograms++;
    }
  g_assert_cmpuint (histograms, >=, 2);
}

/* from an address not allowed, only the token opens the metrics */
static void
test_access (void)
{
  g_autofree char *token_path = g_build_filename (g_get_tmp_dir (), "rapport-metrics-token-XXXXXX", NULL);
  const char *token = "scrape-token-0123456789abcdef";
  g_autofree char *config = NULL;
  RapportTestServer *loopback = server;
  int fd = g_mkstemp (token_path);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_set_contents (token_path, token, -1, NULL));
  close (fd);
  config = g_strdup_printf ("[metrics]\nallow=192.0.2.0/24, 2001:db8::/32\ntoken_file=%s\n", token_path);
  server = rapport_test_server_start_with_config (config);
  {
    g_autoptr(RapportTestReply) refused = rapport_test_request (server, "GET", "/api/v1/metrics", NULL, NULL);
    g_autoptr(RapportTestReply) wrong = rapport_test_request (server, "GET", "/api/v1/metrics",
                                                              "scrape-token-0123456789abcdeX", NULL);
    g_autoptr(RapportTestReply) session = rapport_test_request (server, "GET", "/api/v1/metrics",
                                                                server->admin_token, NULL);
    g_autofree char *allowed = scrape_text (token, 200);

    g_assert_cmpuint (refused->status, ==, 403);
    g_assert_cmpstr (rapport_test_reply_error_code (refused), ==, "forbidden");
    g_assert_cmpuint (wrong->status, ==, 403);
    g_assert_cmpstr (rapport_test_reply_error_code (wrong), ==, "forbidden");
    /* a session is no scraper's credential */
    g_assert_cmpuint (session->status, ==, 403);
    g_hash_table_unref (parse (allowed));
    g_assert_nonnull (strstr (allowed, "code=\"403\"} 3\n"));
  }
  rapport_test_server_stop (server);
  server = loopback;
  g_unlink (token_path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/metrics/counts-exactly", test_counts);
  g_test_add_func ("/metrics/histograms-cumulative", test_histograms_cumulative);
  g_test_add_func ("/metrics/access", test_access);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
