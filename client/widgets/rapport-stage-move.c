/* rapport-stage-move.c: an opportunity moved to another stage, as the board and the stage bar both do it: the reason asked for won or lost, the server's refusal in words */
#include "rapport-stage-move.h"
#include "crm-error.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef struct
{
  RapportApi *api;
  gint64      id;
  gint64      stage_id;
  gint64      version;
} Move;

static void
move_free (Move *move)
{
  g_clear_object (&move->api);
  g_free (move);
}

static void
moved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (node == NULL)
    g_task_return_error (task, error);
  else if (!JSON_NODE_HOLDS_OBJECT (node))
    g_task_return_new_error (task, CRM_ERROR, CRM_ERROR_INTERNAL, _("The server sent something that is not JSON"));
  else
    g_task_return_pointer (task, json_object_ref (json_node_get_object (node)), (GDestroyNotify) json_object_unref);
}

static void
send_move (GTask      *task,
           const char *reason)
{
  Move *move = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = g_strdup_printf ("/opportunities/%" G_GINT64_FORMAT "/stage", move->id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "stage_id");
  json_builder_add_int_value (builder, move->stage_id);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, move->version);
  if (reason)
    {
      json_builder_set_member_name (builder, "close_reason");
      json_builder_add_string_value (builder, reason);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  rapport_api_request_async (move->api, "POST", path, body, g_task_get_cancellable (task), moved, task);
}

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "move", text[0] != '\0');
}

/* A response may come twice (the button, then the window closing): the
 * first one answers. Cancel leaves the opportunity where it was. */
static void
on_reason_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  GTask *task = g_object_steal_data (G_OBJECT (dialog), "task");
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (task == NULL)
    return;
  if (!g_str_equal (response, "move") || reason[0] == '\0' || g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Not moved"));
      g_object_unref (task);
      return;
    }
  send_move (task, reason);
}

static void
ask_reason (GTask      *task,
            GtkWidget  *parent,
            const char *name,
            gboolean    won)
{
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *heading = g_strdup_printf (won ? _("Why was “%s” won?") : _("Why was “%s” lost?"), name);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       _("The reason is kept with the opportunity, for the win rate.")));
  gtk_widget_set_name (GTK_WIDGET (dialog), "close-reason-dialog");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "move", won ? _("Mark _Won") : _("Mark _Lost"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "move", won ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "move", FALSE);
  adw_message_dialog_set_default_response (dialog, "move");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_reason_changed), dialog, 0);
  g_object_set_data (G_OBJECT (dialog), "task", task);
  g_signal_connect (dialog, "response", G_CALLBACK (on_reason_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/**
 * rapport_stage_move_async:
 * @api: the signed-in client
 * @parent: (nullable): the widget whose window the reason dialog belongs to
 * @opportunity: the opportunity, with its id and version
 * @stage: the stage to enter, as GET /pipelines gives it (id, name, kind)
 * @cancellable: (nullable): cancels the move; the caller's widget going away
 * @callback: called with the server's answer
 * @user_data: for @callback
 *
 * Entering a won or lost stage asks for the reason first (cancelling that
 * dialog ends the move with %G_IO_ERROR_CANCELLED); then
 * `POST /opportunities/:id/stage` with the version.
 */
void
rapport_stage_move_async (RapportApi          *api,
                          GtkWidget           *parent,
                          CrmEntity           *opportunity,
                          JsonObject          *stage,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Move *move;
  const char *kind;

  g_return_if_fail (RAPPORT_IS_API (api));
  g_return_if_fail (CRM_IS_ENTITY (opportunity));
  g_return_if_fail (stage != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_stage_move_async);
  move = g_new0 (Move, 1);
  move->api = g_object_ref (api);
  move->id = crm_entity_get_id (opportunity);
  move->stage_id = json_object_get_int_member_with_default (stage, "id", 0);
  move->version = crm_entity_get_version (opportunity);
  g_task_set_task_data (task, move, (GDestroyNotify) move_free);
  kind = json_object_get_string_member_with_default (stage, "kind", "open");
  if (!g_str_equal (kind, "open"))
    ask_reason (task, parent, crm_entity_get_text (opportunity, "name"), g_str_equal (kind, "won"));
  else
    send_move (task, NULL);
}

/**
 * rapport_stage_move_finish:
 * @result: the result given to the callback
 * @waiting: (out) (optional): set when the stage waits for an approval
 *   (the opportunity is still in its stage, the new one pending)
 * @error: the refusal; %G_IO_ERROR_CANCELLED when the reason was not given
 *
 * Returns: (transfer full) (nullable): the opportunity as it is now
 */
JsonObject *
rapport_stage_move_finish (GAsyncResult  *result,
                           gboolean      *waiting,
                           GError       **error)
{
  g_autoptr(JsonObject) answer = NULL;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (waiting)
    *waiting = answer != NULL && json_object_has_member (answer, "approval");
  if (answer == NULL || !json_object_has_member (answer, "opportunity"))
    return NULL;
  return json_object_ref (json_object_get_object_member (answer, "opportunity"));
}

static void
append_label (GString        *labels,
              GPtrArray      *keys,
              CrmEntityClass *klass,
              const char     *json_key)
{
  int index = crm_entity_class_find_json_key (klass, json_key);

  if (g_ptr_array_find_with_equal_func (keys, json_key, g_str_equal, NULL))
    return;
  g_ptr_array_add (keys, (gpointer) json_key);
  if (labels->len > 0)
    /* Translators: between the fields a stage needs, "Amount, Expected close" */
    g_string_append (labels, _(", "));
  g_string_append (labels, index >= 0 ? crm_field_spec_get_label (&klass->fields[index]) : json_key);
}

/* "Amount, Expected close": the fields @stage needs that @opportunity
 * lacks, by their labels; the server names the first */
static char *
missing_labels (CrmEntity  *opportunity,
                JsonObject *stage,
                const char *field)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (opportunity);
  JsonArray *required = json_object_has_member (stage, "required_fields")
    ? json_object_get_array_member (stage, "required_fields") : NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GString *labels = g_string_new (NULL);

  append_label (labels, keys, klass, field);
  for (guint i = 0; required && i < json_array_get_length (required); i++)
    {
      const char *key = json_array_get_string_element (required, i);
      int index = key ? crm_entity_class_find_json_key (klass, key) : -1;

      if (index >= 0 && !crm_entity_has_value (opportunity, index))
        append_label (labels, keys, klass, key);
    }
  return g_string_free (labels, FALSE);
}

/**
 * rapport_stage_move_describe_refusal:
 * @opportunity: the opportunity that was to move
 * @stage: the stage it was to enter
 * @error: the server's refusal
 *
 * Returns: (transfer full): why, in words: the fields missing by their
 *   labels, someone else's change, or the server's message
 */
char *
rapport_stage_move_describe_refusal (CrmEntity    *opportunity,
                                     JsonObject   *stage,
                                     const GError *error)
{
  const char *field;
  const char *name;
  const char *stage_name;

  g_return_val_if_fail (CRM_IS_ENTITY (opportunity), NULL);
  g_return_val_if_fail (stage != NULL && error != NULL, NULL);

  field = crm_error_get_field (error);
  name = crm_entity_get_text (opportunity, "name");
  stage_name = json_object_get_string_member_with_default (stage, "name", "");
  if (g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT))
    return g_strdup_printf (_("“%s” was changed by someone else meanwhile and has been loaded again; "
                              "move it again if you still want to"), name);
  if (g_error_matches (error, CRM_ERROR, CRM_ERROR_VALIDATION) && field != NULL &&
      !g_str_equal (field, "stage_id") && !g_str_equal (field, "version"))
    {
      g_autofree char *labels = missing_labels (opportunity, stage, field);

      /* Translators: an opportunity moved to a stage that needs fields filled in first */
      return g_strdup_printf (_("“%s” cannot enter %s until it has: %s"), name, stage_name, labels);
    }
  return g_strdup_printf (_("“%s” was not moved: %s"), name, error->message);
}
