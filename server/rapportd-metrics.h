/* rapportd-metrics.h: counters and histograms of what rapportd serves, in the Prometheus text format */
#pragma once

#include <glib.h>

#include "crm-error.h"

G_BEGIN_DECLS

/* routes the router's table may hold; one more slot counts requests no route served */
#define RAPPORTD_METRICS_MAX_ROUTES 255

/* what rapportd_metrics_render() reads at a scrape, besides its own counters;
 * a negative value is left out */
typedef struct _RapportdMetricsGauges
{
  gint64 queue_depth;
  gint64 connections_open;
  gint64 handshakes;
  gint64 sessions_active;
  gint64 event_clients;
  gint64 events_queued;
  /* seconds since the Unix epoch of the last good backup */
  gint64 last_backup;
} RapportdMetricsGauges;

/* the method and pattern of route number @route, for its labels */
typedef gboolean (*RapportdMetricsRouteName) (guint        route,
                                              const char **method,
                                              char       **pattern);

void  rapportd_metrics_count_request    (gint          route,
                                         guint         status,
                                         gint64        microseconds);
void  rapportd_metrics_count_queue_wait (gint64        microseconds);
void  rapportd_metrics_count_db_error   (CrmErrorCode  code);
void  rapportd_metrics_count_db_retry   (const char   *reason);
void  rapportd_metrics_note_backup      (gint64        unix_seconds);
void  rapportd_metrics_gauges_init      (RapportdMetricsGauges *gauges);
char *rapportd_metrics_render           (const RapportdMetricsGauges *gauges,
                                         RapportdMetricsRouteName     route_name);

G_END_DECLS
