/* rapportd-router.h: maps a request's method and path to its handler, on a worker thread */
#pragma once

#include "rapportd-config.h"
#include "rapportd-db.h"
#include "rapportd-request.h"

G_BEGIN_DECLS

typedef struct _RapportdEvents RapportdEvents;
typedef struct _RapportdMetricsAccess RapportdMetricsAccess;
typedef struct _RapportdMetricsGauges RapportdMetricsGauges;

typedef struct
{
  RapportdAuthPolicy auth;
  /* the event hub, for what is sent live (an import's progress), or NULL */
  RapportdEvents    *events;
  /* who may read the metrics; NULL: nobody */
  const RapportdMetricsAccess *metrics_access;
  /* fills the gauges of the server's own state (queue, connections, events) */
  void             (*read_gauges) (gpointer               data,
                                   RapportdMetricsGauges *gauges);
  gpointer           gauges_data;
} RapportdApiSettings;

typedef gboolean (*RapportdHandler) (RapportdRequest           *request,
                                     RapportdDb                *db,
                                     const RapportdApiSettings *settings,
                                     GError                   **error);

gboolean rapportd_router_dispatch (const RapportdApiSettings *settings,
                                   RapportdRequest           *request,
                                   RapportdDb                *db,
                                   gboolean                   may_retry);

/* a route as the API's description tells it */
typedef struct
{
  const char         *method;
  /* literal segments; "*" matches any one */
  const char * const *segments;
  /* a few English words; {one} and {many} stand for one of a
   * collection ("an account") and several ("accounts") */
  const char         *summary;
  /* the status of its success */
  guint               status;
  /* no session needed */
  gboolean            public;
  /* changes something, in one transaction */
  gboolean            writes;
  /* takes a file as its body */
  gboolean            large_body;
} RapportdRouteInfo;

typedef void (*RapportdRouteFunc) (const RapportdRouteInfo *route,
                                   gpointer                 data);

gboolean rapportd_router_is_inline_read (RapportdRequest   *request);
gboolean rapportd_router_is_large_body (const char        *method,
                                        const char        *path);
gboolean rapportd_router_match    (RapportdRequest           *request,
                                   gboolean                  *public,
                                   GError                   **error);

void     rapportd_router_foreach_route (RapportdRouteFunc func,
                                        gpointer          data);
gboolean rapportd_router_route_pattern (guint             index,
                                        const char      **method,
                                        char            **pattern);

G_END_DECLS
