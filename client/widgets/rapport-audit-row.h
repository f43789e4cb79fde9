/* rapport-audit-row.h: one audit entry (as the API sends it) as a row: what, when, who, why, and its changes */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GtkWidget *rapport_audit_row_new (JsonObject *item,
                                  gboolean    name_record);

G_END_DECLS
