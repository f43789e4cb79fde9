/* rapport-save-button.c: a form's Save button, the suggested action only while something is unsaved */
#include "rapport-save-button.h"

/**
 * rapport_save_button_set_unsaved:
 * @button: a form's Save button
 * @unsaved: whether something differs from what was loaded
 *
 * Makes Save the suggested action while there is something to save, and
 * a plain button once the form is back to what was loaded, as the record
 * and document pages show it.
 */
void
rapport_save_button_set_unsaved (GtkWidget *button,
                                 gboolean   unsaved)
{
  g_return_if_fail (GTK_IS_WIDGET (button));

  if (unsaved)
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_remove_css_class (button, "suggested-action");
}
