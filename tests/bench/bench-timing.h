/* bench-timing.h: the benchmark programs' timed requests and the line each prints of them */
#pragma once

#include "rapport-test-server.h"

G_BEGIN_DECLS

RapportTestReply *bench_timing_request (RapportTestServer *server,
                                        const char        *method,
                                        const char        *path,
                                        const char        *token,
                                        const char        *body,
                                        guint              expected,
                                        GArray            *us);
void              bench_timing_report  (const char        *what,
                                        GArray            *us);

G_END_DECLS
