/* rapport-activity-quick-log.h: Ctrl+L and "Log…" on a customer's page: an activity logged on the record shown */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "rapport-list-model.h"

G_BEGIN_DECLS

void rapport_activity_quick_log_attach (GtkWidget           *page,
                                        RapportApi          *api,
                                        AdwPreferencesGroup *group,
                                        const char          *link_key,
                                        gint64               record_id,
                                        RapportListModel    *activities);

G_END_DECLS
