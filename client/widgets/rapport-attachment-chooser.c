/* rapport-attachment-chooser.c: the file chooser that picks files to attach to a record */
#include "rapport-attachment-chooser.h"

#include <glib/gi18n.h>

static void
chosen (GtkNativeDialog    *dialog,
        int                 response,
        RapportAttachments *attachments)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      GSList *list = NULL;

      for (guint i = g_list_model_get_n_items (files); i > 0; i--)
        list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
      rapport_attachments_upload_files (attachments, list);
      g_slist_free_full (list, g_object_unref);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/**
 * rapport_attachment_chooser_show:
 * @attachments: where the files chosen go
 *
 * Shows the desktop's file chooser, several files at once, modal to
 * @attachments' window; the files chosen are attached.
 */
void
rapport_attachment_chooser_show (RapportAttachments *attachments)
{
  GtkRoot *root;
  GtkFileChooserNative *dialog;

  g_return_if_fail (RAPPORT_IS_ATTACHMENTS (attachments));

  root = gtk_widget_get_root (GTK_WIDGET (attachments));
  dialog = gtk_file_chooser_native_new (_("Attach Files"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (chosen), attachments, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
