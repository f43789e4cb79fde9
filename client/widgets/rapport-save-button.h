/* rapport-save-button.h: a form's Save button, the suggested action only while something is unsaved */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rapport_save_button_set_unsaved (GtkWidget *button,
                                      gboolean   unsaved);

G_END_DECLS
