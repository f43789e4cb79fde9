/* rapportd-api-metrics.h: GET /metrics, what rapportd serves in the Prometheus text format */
#pragma once

#include "rapportd-api.h"

G_BEGIN_DECLS

RAPPORTD_HANDLER (rapportd_api_metrics);

G_END_DECLS
