/* rapport-confirm-dialog.c: the question asked before a step that cannot be taken back (revoke, delete): Cancel, or the step, drawn destructive */
#include "rapport-confirm-dialog.h"

#include <glib/gi18n.h>

/**
 * rapport_confirm_dialog_present:
 * @parent: a widget of the window the dialog belongs to
 * @heading: the question ("Delete the Mailbox?")
 * @body: (nullable): what the step does
 * @response: the id of the step's response ("delete")
 * @label: the step's button, with its mnemonic ("_Delete")
 * @item: (nullable): what the step is about, kept as the dialog's data "item"
 * @on_response: called as AdwMessageDialog::response, with @owner
 * @owner: a GObject: the callback is not called once it is gone
 *
 * Returns: (transfer none): the dialog, shown; closing it answers "cancel"
 */
GtkWidget *
rapport_confirm_dialog_present (GtkWidget  *parent,
                                const char *heading,
                                const char *body,
                                const char *response,
                                const char *label,
                                GObject    *item,
                                GCallback   on_response,
                                gpointer    owner)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (item != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (dialog, "response", on_response, owner, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
