/* rapport-review-mark.c: marking an activity or a weekly report reviewed, signed with the password where the company asks it */
#include "rapport-review-mark.h"
#include "rapport-sign-dialog.h"
#include "crm-error.h"

typedef struct
{
  GtkWidget *parent;
  char      *subject;
  char      *collection;
  gint64     record_id;
  gboolean   signed_review;
} MarkData;

static void
mark_data_free (MarkData *data)
{
  g_clear_object (&data->parent);
  g_free (data->subject);
  g_free (data->collection);
  g_free (data);
}

static void
on_signed (GTask      *task,
           JsonObject *mark)
{
  MarkData *data = g_task_get_task_data (task);

  data->signed_review = TRUE;
}

/* the dialog went: signed, or put away without signing */
static void
on_dialog_destroyed (GTask *task)
{
  MarkData *data = g_task_get_task_data (task);

  g_task_return_boolean (task, data->signed_review);
  g_object_unref (task);
}

static void
marked (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MarkData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportSignDialog *dialog;

  /* the mark's answer is not needed: the caller reads what it shows again */
  g_clear_pointer (&node, json_node_unref);

  /* the company makes this kind's review a signature: the server says
   * so by asking for the password, and the approvals' dialog takes it */
  if (g_error_matches (error, CRM_ERROR, CRM_ERROR_VALIDATION) &&
      g_strcmp0 (crm_error_get_field (error), "password") == 0 &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)) &&
      gtk_widget_get_root (data->parent) != NULL)
    {
      dialog = rapport_sign_dialog_new_review (data->parent, RAPPORT_API (source), data->collection, data->record_id,
                                               data->subject);
      g_signal_connect_swapped (dialog, "signed", G_CALLBACK (on_signed), task);
      g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (on_dialog_destroyed), g_object_ref (task));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rapport_review_mark_record_async:
 * @parent: a widget in the window a signature dialog belongs to
 * @api: the signed-in client
 * @collection: the record's collection: "activities" or "weekly-reports"
 * @record_id: the record reviewed
 * @subject: what it is called, for the signature dialog
 * @cancellable: (nullable): to stop waiting
 * @callback: called once it is marked, refused, or the reviewer put the
 *   signature dialog away
 * @user_data: for @callback
 *
 * Marks the record reviewed (POST /COLLECTION/ID/reviewed). Where the
 * server answers that the review is an electronic signature (an activity
 * of a kind the company names), it asks for the password in the
 * approvals' signature dialog, which sends it.
 */
void
rapport_review_mark_record_async (GtkWidget           *parent,
                                  RapportApi          *api,
                                  const char          *collection,
                                  gint64               record_id,
                                  const char          *subject,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  MarkData *data;
  g_autofree char *path = NULL;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (RAPPORT_IS_API (api));
  g_return_if_fail (collection != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_review_mark_record_async);
  data = g_new0 (MarkData, 1);
  data->parent = g_object_ref (parent);
  data->subject = g_strdup (subject ? subject : "");
  data->collection = g_strdup (collection);
  data->record_id = record_id;
  g_task_set_task_data (task, data, (GDestroyNotify) mark_data_free);
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/reviewed", collection, record_id);
  rapport_api_request_async (api, "POST", path, NULL, cancellable, marked, task);
}

/**
 * rapport_review_mark_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE once marked; %FALSE with @error set when refused, or
 *   with none when the reviewer closed the signature dialog unsigned
 */
gboolean
rapport_review_mark_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
