/* rapport-attachment-row.h: the row of a file attached to a record: its type's icon, its name, its version, size, author and time */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GtkWidget *rapport_attachment_row_new (JsonObject *file);

G_END_DECLS
