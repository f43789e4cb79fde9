/* rapport-invitation-export.c: RapportInvitationExport, a visit's or a meeting's "Export invitation…", saving its .ics */
#include "rapport-invitation-export.h"
#include "rapport-window.h"

#include <glib/gi18n.h>

struct _RapportInvitationExport
{
  GtkWidget             parent_instance;

  GtkWidget            *button;
  GtkFileChooserNative *chooser;
  RapportApi           *api;
  GCancellable         *cancellable;
  gint64                id;
  guint                 saved;
};

G_DEFINE_FINAL_TYPE (RapportInvitationExport, rapport_invitation_export, GTK_TYPE_WIDGET)

enum { RECORD_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/**
 * rapport_invitation_export_set_entity:
 * @self: the button's widget
 * @entity: the activity shown
 *
 * Offers the export for a stored visit or meeting only.
 */
void
rapport_invitation_export_set_entity (RapportInvitationExport *self,
                                      CrmEntity               *entity)
{
  const char *kind;

  g_return_if_fail (RAPPORT_IS_INVITATION_EXPORT (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  kind = crm_entity_get_text (entity, "kind");
  self->id = crm_entity_get_id (entity);
  gtk_widget_set_visible (GTK_WIDGET (self), self->id > 0 && (g_strcmp0 (kind, "visit") == 0 ||
                                                              g_strcmp0 (kind, "meeting") == 0));
}

GtkWidget *
rapport_invitation_export_get_button (RapportInvitationExport *self)
{
  g_return_val_if_fail (RAPPORT_IS_INVITATION_EXPORT (self), NULL);
  return self->button;
}

/* how many invitations were written, for a test to wait for the next */
guint
rapport_invitation_export_get_saved (RapportInvitationExport *self)
{
  g_return_val_if_fail (RAPPORT_IS_INVITATION_EXPORT (self), 0);
  return self->saved;
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportInvitationExport *self;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_INVITATION_EXPORT (user_data);
  gtk_widget_set_sensitive (self->button, TRUE);
  if (error != NULL)
    {
      rapport_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  self->saved++;
  rapport_window_toast_for (GTK_WIDGET (self), _("Invitation saved"));
}

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportInvitationExport *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rapport_api_request_bytes_finish (RAPPORT_API (source), result, &error);
  GFile *file;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_INVITATION_EXPORT (g_task_get_source_object (task));
  file = g_task_get_task_data (task);
  if (bytes == NULL)
    {
      gtk_widget_set_sensitive (self->button, TRUE);
      rapport_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, written, self);
}

/**
 * rapport_invitation_export_save_to:
 * @self: the button's widget
 * @file: where to write the invitation
 *
 * Fetches the activity's invitation (`GET /activities/:id/invitation.ics`)
 * and writes it to @file; a refusal, or a failed write, is told in a toast.
 */
void
rapport_invitation_export_save_to (RapportInvitationExport *self,
                                   GFile                   *file)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (RAPPORT_IS_INVITATION_EXPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_strdup_printf ("/activities/%" G_GINT64_FORMAT "/invitation.ics", self->id);
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  gtk_widget_set_sensitive (self->button, FALSE);
  rapport_api_request_bytes_async (self->api, path, self->cancellable, fetched, task);
}

static void
chosen (GtkNativeDialog         *chooser,
        int                      response,
        RapportInvitationExport *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    rapport_invitation_export_save_to (self, file);
}

static void
export_clicked (RapportInvitationExport *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = g_strdup_printf ("invitation-%" G_GINT64_FORMAT ".ics", self->id);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Invitation"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
rapport_invitation_export_dispose (GObject *object)
{
  RapportInvitationExport *self = RAPPORT_INVITATION_EXPORT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->button, gtk_widget_unparent);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_invitation_export_parent_class)->dispose (object);
}

static void
rapport_invitation_export_class_init (RapportInvitationExportClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_invitation_export_dispose;

  /* the page's extra widgets may change their record; this one never does */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_invitation_export_init (RapportInvitationExport *self)
{
  self->cancellable = g_cancellable_new ();
  self->button = gtk_button_new_with_mnemonic (_("Export _Invitation…"));
  gtk_widget_set_halign (self->button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->button, _("Save this visit or meeting as an invitation (.ics) to send to those taking part"));
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (export_clicked), self);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_invitation_export_new:
 * @api: the signed-in connection
 *
 * Returns: (transfer floating): the widget, hidden until it is given a visit or meeting
 */
GtkWidget *
rapport_invitation_export_new (RapportApi *api)
{
  RapportInvitationExport *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_INVITATION_EXPORT, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}
