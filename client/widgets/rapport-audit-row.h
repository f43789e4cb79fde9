/* rapport-audit-row.h: one audit entry (as the API sends it) as a row: what, when, who, why, and its changes, as people read them */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GtkWidget  *rapport_audit_row_new             (JsonObject *item,
                                               gboolean    name_record);
char       *rapport_audit_row_describe_record (JsonObject *item);
const char *rapport_audit_action_label        (const char *action);

G_END_DECLS
