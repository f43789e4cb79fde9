/* rapport-import-assistant-result.c: the import assistant's last step: the counts, the rejected rows saved, Undo
 *
 * The answer's counts; Save Rejected Rows… writes its rejected_csv where the
 * file chooser says; Undo Import asks first, then POST /imports/:id/undo,
 * and shows the server's reason where it refuses (a record changed since).
 * Without a batch_id in the answer (a server without batches), no Undo. */
#include "rapport-import-assistant-private.h"
#include "rapport-import-report.h"

#include <glib/gi18n.h>
#include <string.h>

/* the last step, with the answer of the import */
void
rapport_import_assistant_show_result (RapportImportAssistant *self)
{
  g_autofree char *summary = rapport_import_report_result_summary (self->answer);
  const char *rejected_csv = json_object_get_string_member_with_default (self->answer, "rejected_csv", NULL);

  self->batch_id = json_object_get_int_member_with_default (self->answer, "batch_id", 0);
  adw_status_page_set_title (self->result_page, _("Import Finished"));
  adw_status_page_set_description (self->result_page, summary);
  gtk_widget_set_visible (self->save_rejected_button,
                          rejected_csv != NULL && rapport_import_report_count (self->answer, "rejected") > 0);
  /* a server without batches cannot undo */
  gtk_widget_set_visible (self->undo_button, self->batch_id > 0);
  rapport_import_assistant_go_to (self, "result");
}

static void
undone (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportImportAssistant *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *description = NULL;
  gint64 n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  rapport_import_assistant_set_busy (self, FALSE);
  if (node == NULL)
    {
      g_autofree char *summary = rapport_import_report_result_summary (self->answer);
      g_autofree char *text = NULL;

      /* TRANSLATORS: the server's reason follows, e.g. records changed since */
      description = g_strdup_printf (_("The import cannot be undone: %s"), error->message);
      /* below the counts, where it stays to be read */
      text = g_strjoin ("\n\n", summary, description, NULL);
      adw_status_page_set_description (self->result_page, text);
      return;
    }
  n = JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_int_member_with_default (json_node_get_object (node), "undone", 0) : 0;
  self->batch_id = 0;
  self->changed = TRUE;
  gtk_widget_set_visible (self->undo_button, FALSE);
  adw_status_page_set_title (self->result_page, _("Import Undone"));
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld record put back as it was before the import",
                                              "%lld records put back as they were before the import", n),
                                 (long long) n);
  adw_status_page_set_description (self->result_page, description);
}

static void
undo_response (AdwMessageDialog       *dialog,
               const char             *response,
               RapportImportAssistant *self)
{
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "undo") || self->batch_id <= 0)
    return;
  path = g_strdup_printf ("/imports/%lld/undo", (long long) self->batch_id);
  rapport_import_assistant_set_busy (self, TRUE);
  rapport_api_request_async (self->api, "POST", path, NULL, self->cancellable, undone, self);
}

/* Undo Import, after asking */
void
rapport_import_assistant_undo (RapportImportAssistant *self)
{
  AdwMessageDialog *dialog;

  if (self->batch_id <= 0 || self->busy)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Undo the Import?"),
                                                       _("The records it created are archived and the records it "
                                                         "updated get their earlier values back. This is possible "
                                                         "only while nobody has changed them since.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "undo", _("_Undo Import"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "undo", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (undo_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rejected_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportImportAssistant *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rapport_import_assistant_toast (self, error->message);
      return;
    }
  rapport_import_assistant_toast (self, _("Rejected rows saved"));
}

/**
 * rapport_import_assistant_save_rejected_to:
 * @self: the assistant, on its result
 * @file: where to write the rejected rows (as the file chooser gives it)
 *
 * Writes the rows rejected, as they came with a column for the reason, in
 * UTF-8 with its byte order mark (as Excel opens it).
 */
void
rapport_import_assistant_save_rejected_to (RapportImportAssistant *self,
                                           GFile                  *file)
{
  const char *csv;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (RAPPORT_IS_IMPORT_ASSISTANT (self));
  g_return_if_fail (G_IS_FILE (file));

  csv = self->answer ? json_object_get_string_member_with_default (self->answer, "rejected_csv", NULL) : NULL;
  if (csv == NULL)
    return;
  /* with the UTF-8 byte order mark, as Excel needs to read Chinese right */
  bytes = g_string_free_to_bytes (g_string_append (g_string_new ("\xEF\xBB\xBF"), csv));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, rejected_saved, self);
}

static void
save_chosen (GtkNativeDialog        *chooser,
             int                     response,
             RapportImportAssistant *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    rapport_import_assistant_save_rejected_to (self, file);
  g_clear_object (&self->chooser);
}

/* Save Rejected Rows…: where, asked of the file chooser */
void
rapport_import_assistant_choose_rejected_file (RapportImportAssistant *self)
{
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;
  stem = g_strdup (self->file_name ? self->file_name : "import");
  if (strrchr (stem, '.') != NULL)
    *strrchr (stem, '.') = '\0';
  /* TRANSLATORS: the name offered for the rejected rows' file; %s: the imported file's, without its extension */
  name = g_strdup_printf (_("%s-rejected.csv"), stem);
  self->chooser = gtk_file_chooser_native_new (_("Save Rejected Rows"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (save_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
