/* rapport-activity-log-dialog.h: RapportActivityLogDialog, the quick log of a call, visit or note on the record shown */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ACTIVITY_LOG_DIALOG (rapport_activity_log_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportActivityLogDialog, rapport_activity_log_dialog, RAPPORT, ACTIVITY_LOG_DIALOG, AdwMessageDialog)

RapportActivityLogDialog *rapport_activity_log_dialog_new   (GtkWidget                *parent,
                                                             RapportApi               *api,
                                                             const char               *link_key,
                                                             gint64                    record_id,
                                                             const char               *record_title);
JsonNode                 *rapport_activity_log_dialog_build (RapportActivityLogDialog *self);

G_END_DECLS
