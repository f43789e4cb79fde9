/* rapport-document-page-print.c: printing a document page's document, and saving the PDF the server issued */
#include "rapport-document-page-private.h"
#include "rapport-document-print.h"
#include "widgets/rapport-print-preview.h"
#include "crm-error.h"

#include <glib/gi18n.h>

static void
printed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = rapport_document_print_run_finish (RAPPORT_DOCUMENT_PRINT (source), result, &error);

  if (error)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, done);
}

static void
print_task_done (RapportDocumentPage *self)
{
  self->printing--;
}

static void print_from (RapportDocumentPage     *self,
                        GtkWindow               *parent,
                        GtkPrintOperationAction  action,
                        const char              *export_filename,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data);

/**
 * rapport_document_page_print_async:
 * @self: the page of a stored document
 * @action: how to print: with the dialog, as a preview, or exported
 * @export_filename: (nullable): where an export goes
 * @callback: called when printed, cancelled or failed
 * @user_data: for @callback
 *
 * Prints the document as stored, laid out by the shared renderer with the
 * template it names.
 */
void
rapport_document_page_print_async (RapportDocumentPage     *self,
                                   GtkPrintOperationAction  action,
                                   const char              *export_filename,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  print_from (self, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), action, export_filename,
              callback, user_data);
}

/* prints with any dialog belonging to @parent */
static void
print_from (RapportDocumentPage     *self,
            GtkWindow               *parent,
            GtkPrintOperationAction  action,
            const char              *export_filename,
            GAsyncReadyCallback      callback,
            gpointer                 user_data)
{
  GTask *task = g_task_new (self, self->cancellable, callback, user_data);
  g_autoptr(RapportDocumentPrint) job = NULL;

  if (self->entity == NULL || self->id == 0)
    {
      g_task_return_new_error (task, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("Save the document before printing it"));
      g_object_unref (task);
      return;
    }
  self->printing++;
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (print_task_done), self, G_CONNECT_SWAPPED);
  job = rapport_document_print_new (self->api, self->entity);
  rapport_document_print_run_async (job, parent, action, export_filename, self->cancellable, printed, task);
}

gboolean
rapport_document_page_print_finish (RapportDocumentPage  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
print_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RapportDocumentPage *self = RAPPORT_DOCUMENT_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (!rapport_document_page_print_finish (self, result, &error) && error &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    rapport_document_page_toast (self, error->message);
}

void
rapport_document_page_print (RapportDocumentPage *self)
{
  if (self->id != 0)
    rapport_document_page_print_async (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, print_done, NULL);
}

static void
pdf_written (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
pdf_fetched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = rapport_api_request_bytes_finish (RAPPORT_API (source), result, &error);
  GFile *file = g_task_get_task_data (task);

  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_file_replace_contents_bytes_async (file, pdf, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), pdf_written, g_object_ref (task));
}

/**
 * rapport_document_page_export_pdf_async:
 * @self: the page of a stored document
 * @file: where to save it
 * @callback: called when saved or failed
 * @user_data: for @callback
 *
 * Saves the PDF the server gives: the archived one of an issued document,
 * or a preview of one not issued yet. The server audits the read.
 */
void
rapport_document_page_export_pdf_async (RapportDocumentPage *self,
                                        GFile               *file,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task = g_task_new (self, self->cancellable, callback, user_data);
  g_autofree char *path = NULL;

  if (self->id == 0)
    {
      g_task_return_new_error (task, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("Save the document before printing it"));
      g_object_unref (task);
      return;
    }
  self->printing++;
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (print_task_done), self, G_CONNECT_SWAPPED);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  path = rapport_document_page_path (self, "/pdf");
  rapport_api_request_bytes_async (self->api, path, self->cancellable, pdf_fetched, task);
}

gboolean
rapport_document_page_export_pdf_finish (RapportDocumentPage  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportDocumentPage *self = RAPPORT_DOCUMENT_PAGE (source);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (!rapport_document_page_export_pdf_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rapport_document_page_toast (self, error->message);
      return;
    }
  /* TRANSLATORS: a toast after saving a file, e.g. "Saved Q-2026-00001.pdf" */
  message = g_strdup_printf (_("Saved %s"), name);
  rapport_document_page_toast (self, message);
}

static void
export_chosen (GtkNativeDialog     *dialog,
               int                  response,
               RapportDocumentPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      rapport_document_page_export_pdf_async (self, file, export_done, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* asks where to save the PDF, in a dialog belonging to @parent */
static void
export_from (RapportDocumentPage *self,
             GtkWindow           *parent)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->id == 0 || self->entity == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Export PDF"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s.pdf", self->title);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
rapport_document_page_export (RapportDocumentPage *self)
{
  export_from (self, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
}

static void
preview_print (RapportPrintPreview *preview,
               RapportDocumentPage *self)
{
  if (self->id != 0)
    print_from (self, GTK_WINDOW (preview), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, print_done, NULL);
}

static void
preview_export (RapportPrintPreview *preview,
                RapportDocumentPage *self)
{
  export_from (self, GTK_WINDOW (preview));
}

static void
preview_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmRenderer) renderer = rapport_document_print_prepare_finish (RAPPORT_DOCUMENT_PRINT (source), result, &error);
  RapportDocumentPage *self;
  RapportPrintPreview *preview;

  /* the page may be gone: nothing of it is touched */
  if (renderer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  self = g_task_get_source_object (task);
  preview = rapport_print_preview_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), renderer, self->title);
  g_signal_connect_object (preview, "print", G_CALLBACK (preview_print), self, 0);
  g_signal_connect_object (preview, "export-pdf", G_CALLBACK (preview_export), self, 0);
  gtk_window_present (GTK_WINDOW (preview));
  g_task_return_pointer (task, g_object_ref (preview), g_object_unref);
}

/**
 * rapport_document_page_preview_async:
 * @self: the page of a stored document
 * @callback: called when the preview window is shown, or failed
 * @user_data: for @callback
 *
 * Opens a window that shows the document's pages as they print, drawn by
 * the shared renderer with the template the document names: no file is
 * written.
 */
void
rapport_document_page_preview_async (RapportDocumentPage *self,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  g_autoptr(RapportDocumentPrint) job = NULL;

  g_return_if_fail (RAPPORT_IS_DOCUMENT_PAGE (self));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_document_page_preview_async);
  if (self->entity == NULL || self->id == 0)
    {
      g_task_return_new_error (task, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("Save the document before printing it"));
      g_object_unref (task);
      return;
    }
  self->printing++;
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (print_task_done), self, G_CONNECT_SWAPPED);
  job = rapport_document_print_new (self->api, self->entity);
  rapport_document_print_prepare_async (job, self->cancellable, preview_ready, task);
}

/**
 * rapport_document_page_preview_finish:
 * @self: the page
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the preview window shown, or %NULL
 *   with @error set
 */
RapportPrintPreview *
rapport_document_page_preview_finish (RapportDocumentPage  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
preview_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportPrintPreview) preview = rapport_document_page_preview_finish (RAPPORT_DOCUMENT_PAGE (source),
                                                                                 result, &error);

  if (preview == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    rapport_document_page_toast (RAPPORT_DOCUMENT_PAGE (source), error->message);
}

void
rapport_document_page_print_activated (GtkWidget  *widget,
                                       const char *action,
                                       GVariant   *parameter)
{
  RapportDocumentPage *self = RAPPORT_DOCUMENT_PAGE (widget);

  if (g_str_equal (action, "document.export-pdf"))
    rapport_document_page_export (self);
  else if (g_str_equal (action, "document.preview") && self->id != 0)
    rapport_document_page_preview_async (self, preview_done, NULL);
  else
    rapport_document_page_print (self);
}
