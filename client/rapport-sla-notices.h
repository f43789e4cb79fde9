/* rapport-sla-notices.h: a case's service-level warning or breach, heard over the event WebSocket, shown as a desktop notification */
#pragma once

#include <gio/gio.h>

#include "rapport-api.h"

G_BEGIN_DECLS

void rapport_sla_notices_watch (GApplication *app,
                                RapportApi   *api);

G_END_DECLS
