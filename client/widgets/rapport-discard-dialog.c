/* rapport-discard-dialog.c: the question before unsaved edits are thrown away */
#include "rapport-discard-dialog.h"

#include <adwaita.h>
#include <glib/gi18n.h>

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             GObject          *owner)
{
  RapportDiscardFunc discard = g_object_get_data (G_OBJECT (dialog), "discard");

  if (g_str_equal (response, "discard"))
    discard (owner, g_object_get_data (G_OBJECT (dialog), "wanted"));
}

/**
 * rapport_discard_dialog_present:
 * @owner: the page with unsaved edits; the dialog is modal to its window
 * @body: what would be lost, e.g. "What you changed on this template has not been saved."
 * @wanted: (nullable): what the user wants to open instead, passed on to @discard
 * @discard: what to do once the user chose to discard
 *
 * Asks "Discard Unsaved Changes?"; Cancel is the default.
 */
void
rapport_discard_dialog_present (GtkWidget          *owner,
                                const char         *body,
                                CrmEntity          *wanted,
                                RapportDiscardFunc  discard)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (owner)),
                                                                         _("Discard Unsaved Changes?"), body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  if (wanted)
    g_object_set_data_full (G_OBJECT (dialog), "wanted", g_object_ref (wanted), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "discard", discard);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), owner, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
