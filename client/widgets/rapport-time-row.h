/* rapport-time-row.h: a moment typed and shown in the user's local time, kept as a UTC time for the API */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *rapport_time_row_new       (const char *label);
void       rapport_time_row_set_value (GtkWidget  *row,
                                       const char *iso);
char      *rapport_time_row_dup_value (GtkWidget  *row);
gboolean   rapport_time_row_parse     (const char *text,
                                       gint64     *usec);

G_END_DECLS
