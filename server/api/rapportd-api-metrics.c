/* rapportd-api-metrics.c: GET /metrics, what rapportd serves in the Prometheus text format */
#include "rapportd-api-metrics.h"
#include "rapportd-metrics.h"
#include "rapportd-metrics-access.h"
#include "rapportd-sql.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define METRICS_MEDIA_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* sessions signed in, neither expired nor idle past the policy; -1 when
 * the database cannot say: the gauge is then left out */
static gint64
count_sessions (RapportdDb                *db,
                const RapportdApiSettings *settings)
{
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint idle = settings->auth.idle_seconds > 0 ? settings->auth.idle_seconds : G_MAXINT32;

  if (db == NULL)
    return -1;
  sql = rapportd_sql_new ("SELECT COUNT(*) FROM sessions WHERE expires_at > UTC_TIMESTAMP(6) "
                          "AND last_seen_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND");
  rapportd_sql_add_int (sql, idle);
  result = rapportd_db_query (db, sql, &error);
  if (result == NULL || result->n_rows != 1)
    {
      g_debug ("metrics: sessions not counted: %s", error ? error->message : "no row");
      return -1;
    }
  return g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
}

/* GET /metrics: for a scraper from an allowed address, or with the token */
RAPPORTD_HANDLER (rapportd_api_metrics)
{
  RapportdMetricsGauges gauges;
  char *text;

  if (settings->metrics_access == NULL ||
      !rapportd_metrics_access_allows (settings->metrics_access, request->source, request->token))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                   _("The metrics are open only to the addresses in [metrics] allow, or with its token"));
      return FALSE;
    }
  rapportd_metrics_gauges_init (&gauges);
  if (settings->read_gauges != NULL)
    settings->read_gauges (settings->gauges_data, &gauges);
  gauges.sessions_active = count_sessions (db, settings);
  text = rapportd_metrics_render (&gauges, rapportd_router_route_pattern);
  rapportd_request_take_bytes (request, 200, METRICS_MEDIA_TYPE, g_bytes_new_take (text, strlen (text)));
  return TRUE;
}
