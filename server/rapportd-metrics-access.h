/* rapportd-metrics-access.h: RapportdMetricsAccess, who may read /api/v1/metrics ([metrics] allow, token_file) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportdMetricsAccess RapportdMetricsAccess;

RapportdMetricsAccess *rapportd_metrics_access_new     (void);
gboolean               rapportd_metrics_access_load    (RapportdMetricsAccess *access,
                                                        GKeyFile              *file,
                                                        GError               **error);
gboolean               rapportd_metrics_access_allows  (const RapportdMetricsAccess *access,
                                                        const char            *address,
                                                        const char            *token);
void                   rapportd_metrics_access_free    (RapportdMetricsAccess *access);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdMetricsAccess, rapportd_metrics_access_free)

G_END_DECLS
