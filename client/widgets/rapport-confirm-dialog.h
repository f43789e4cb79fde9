/* rapport-confirm-dialog.h: the question asked before a step that cannot be taken back (revoke, delete): Cancel, or the step, drawn destructive */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *rapport_confirm_dialog_present (GtkWidget  *parent,
                                           const char *heading,
                                           const char *body,
                                           const char *response,
                                           const char *label,
                                           GObject    *item,
                                           GCallback   on_response,
                                           gpointer    owner);

G_END_DECLS
