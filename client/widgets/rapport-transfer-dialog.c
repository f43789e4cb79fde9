/* rapport-transfer-dialog.c: RapportTransferDialog, asks who takes over records, and why */
#include "rapport-transfer-dialog.h"
#include "rapport-chooser-row.h"

#include <glib/gi18n.h>

struct _RapportTransferDialog
{
  AdwMessageDialog   parent_instance;

  RapportApi        *api;
  /* who was chosen, kept for after the dialog is gone */
  char              *owner_label;

  RapportChooserRow *owner_row;
  GtkWidget         *reason_row;
};

G_DEFINE_FINAL_TYPE (RapportTransferDialog, rapport_transfer_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
update_responses (RapportTransferDialog *self)
{
  g_autofree char *reason = rapport_transfer_dialog_get_reason (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "transfer",
                                           rapport_transfer_dialog_get_owner_id (self) > 0 &&
                                           (!gtk_widget_get_visible (self->reason_row) || reason[0] != '\0'));
}

static void
rapport_transfer_dialog_dispose (GObject *object)
{
  RapportTransferDialog *self = RAPPORT_TRANSFER_DIALOG (object);

  g_clear_object (&self->api);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_TRANSFER_DIALOG);
  G_OBJECT_CLASS (rapport_transfer_dialog_parent_class)->dispose (object);
}

static void
rapport_transfer_dialog_finalize (GObject *object)
{
  g_free (RAPPORT_TRANSFER_DIALOG (object)->owner_label);
  G_OBJECT_CLASS (rapport_transfer_dialog_parent_class)->finalize (object);
}

static void
rapport_transfer_dialog_class_init (RapportTransferDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_transfer_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_transfer_dialog_finalize;

  g_type_ensure (RAPPORT_TYPE_CHOOSER_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTransferDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTransferDialog, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, update_responses);
}

static void
rapport_transfer_dialog_init (RapportTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_transfer_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client, to list the active users
 * @exclude_id: a user who cannot take over (the one who leaves), or 0
 * @ask_reason: whether a reason is asked for, and required
 *
 * The caller sets the heading, the body and the label of the "transfer"
 * response, and acts on the response; "transfer" is enabled once someone
 * is chosen (and a reason given).
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportTransferDialog *
rapport_transfer_dialog_new (GtkWidget  *parent,
                             RapportApi *api,
                             gint64      exclude_id,
                             gboolean    ask_reason)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  RapportTransferDialog *self = g_object_new (RAPPORT_TYPE_TRANSFER_DIALOG,
                                              "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              NULL);

  self->api = g_object_ref (api);
  gtk_widget_set_visible (self->reason_row, ask_reason);
  rapport_chooser_row_load (self->owner_row, api, exclude_id);
  return self;
}

gint64
rapport_transfer_dialog_get_owner_id (RapportTransferDialog *self)
{
  return rapport_chooser_row_get_selected_id (self->owner_row);
}

/**
 * rapport_transfer_dialog_get_owner_label:
 *
 * Returns: (nullable): the chosen user, as the list names them; after
 *   rapport_transfer_dialog_transfer_async(), the one the records went to
 */
const char *
rapport_transfer_dialog_get_owner_label (RapportTransferDialog *self)
{
  if (self->owner_label || self->owner_row == NULL)
    return self->owner_label;
  return rapport_chooser_row_get_label (self->owner_row, rapport_transfer_dialog_get_owner_id (self));
}

/* the reason, trimmed; "" when none */
char *
rapport_transfer_dialog_get_reason (RapportTransferDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
}

static void
transferred (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, json_object_get_int_member_with_default (json_node_get_object (node), "transferred", 0));
}

/**
 * rapport_transfer_dialog_transfer_async:
 * @self: the dialog, after its "transfer" response
 * @collection: e.g. "accounts"
 * @ids: (array length=n_ids): the records
 * @n_ids: how many
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: for @callback
 *
 * Transfers the records to the chosen owner with the reason given, all or
 * nothing. The dialog stays alive until @callback has run.
 */
void
rapport_transfer_dialog_transfer_async (RapportTransferDialog *self,
                                        const char            *collection,
                                        const gint64          *ids,
                                        guint                  n_ids,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *reason = rapport_transfer_dialog_get_reason (self);
  g_autofree char *path = g_strdup_printf ("/%s/transfer", collection);

  g_free (self->owner_label);
  self->owner_label = g_strdup (rapport_transfer_dialog_get_owner_label (self));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_ids; i++)
    json_builder_add_int_value (builder, ids[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "owner_id");
  json_builder_add_int_value (builder, rapport_transfer_dialog_get_owner_id (self));
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  rapport_api_request_async (self->api, "POST", path, body, cancellable, transferred, task);
}

/* the number of records transferred, or -1 with @error set */
gint64
rapport_transfer_dialog_transfer_finish (RapportTransferDialog  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}
