/* rapport-record-page-actions.c: the steps a record's descriptor offers beyond saving (a lead's Convert), as buttons */
#include "rapport-record-page-private.h"
#include "rapport-window.h"
#include "crm-entities.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

static CrmEntityClass *
entity_class (RapportRecordPage *self)
{
  return g_type_class_peek (self->entity_type);
}

static const CrmRecordAction *
action_of (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "record-action");
}

/* an action shows for a saved record in one of its statuses, to a role
 * that may change such records */
void
rapport_record_page_update_actions (RapportRecordPage *self)
{
  const char *status = self->entity && crm_entity_class_find_field (entity_class (self), "status") >= 0
                       ? crm_entity_get_text (self->entity, "status") : NULL;
  const char *role = rapport_api_get_user_role (self->api);
  gboolean read_only = g_strcmp0 (role, "auditor") == 0 || !crm_entity_class_may_write (entity_class (self), role);

  g_return_if_fail (RAPPORT_IS_RECORD_PAGE (self));

  for (GtkWidget *button = gtk_widget_get_first_child (self->actions_box); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      const CrmRecordAction *action = action_of (button);

      gtk_widget_set_visible (button, self->id != 0 && self->entity != NULL && !read_only &&
                                      (action->statuses == NULL ||
                                       (status != NULL && g_strv_contains (action->statuses, status))));
    }
}

/* the record the answer names to open next, or %NULL */
static JsonObject *
opened_record (RapportRecordPage     *self,
               const CrmRecordAction *action,
               JsonNode              *node)
{
  JsonObject *answer;

  if (action->opens == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  answer = json_node_get_object (node);
  if (json_object_has_member (answer, action->opens) &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, action->opens)))
    return json_object_get_object_member (answer, action->opens);
  /* the answer is itself the record to open, of the same kind (a new version's draft) */
  if (g_str_equal (action->opens, entity_class (self)->entity_name) && json_object_has_member (answer, "id"))
    return answer;
  return NULL;
}

static void
action_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportRecordPage *self;
  const CrmRecordAction *action;
  JsonObject *opened = NULL;
  GtkRoot *root;
  GType type;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_RECORD_PAGE (gtk_widget_get_ancestor (button, RAPPORT_TYPE_RECORD_PAGE));
  if (self == NULL)
    return;
  gtk_widget_set_sensitive (button, TRUE);
  if (node == NULL)
    {
      rapport_record_page_show_error (self, error);
      return;
    }
  rapport_record_page_show_error (self, NULL);
  action = action_of (button);
  opened = opened_record (self, action, node);
  type = action->opens ? crm_entities_lookup_name (action->opens) : G_TYPE_INVALID;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (opened == NULL || type == G_TYPE_INVALID || !RAPPORT_IS_WINDOW (root))
    {
      rapport_record_page_reload (self);
      return;
    }
  /* the page that asked is closed by this: nothing of it is touched after */
  rapport_window_open_record (RAPPORT_WINDOW (root), ((CrmEntityClass *) g_type_class_peek (type))->collection,
                              json_object_get_int_member_with_default (opened, "id", 0), NULL);
}

/* @asked: the text the step asked for, or %NULL */
static void
send_action (RapportRecordPage *self,
             GtkWidget         *button,
             const char        *asked)
{
  const CrmRecordAction *action = action_of (button);
  g_autofree char *suffix = g_strdup_printf ("/%s", action->verb);
  g_autofree char *path = rapport_record_page_path (self, suffix);
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();

  if (self->entity == NULL)
    return;
  /* a step on what the user sees: a record changed since is refused (409) */
  json_object_set_int_member (object, "version", crm_entity_get_version (self->entity));
  if (action->asks != NULL && asked != NULL)
    json_object_set_string_member (object, action->asks, asked);
  json_node_set_object (body, object);
  gtk_widget_set_sensitive (button, FALSE);
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, action_done,
                             g_object_ref (button));
}

static void
asked_changed (GtkEditable      *entry,
               AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "go", text[0] != '\0');
}

static void
asked_response (AdwMessageDialog *dialog,
                const char       *response,
                GtkWidget        *button)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "asked-entry");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  GtkWidget *page = gtk_widget_get_ancestor (button, RAPPORT_TYPE_RECORD_PAGE);

  if (g_strcmp0 (response, "go") != 0 || page == NULL || text[0] == '\0')
    return;
  send_action (RAPPORT_RECORD_PAGE (page), button, text);
}

/* "Correct…" on the page's button, "Correct" in the dialog it opens */
static char *
without_ellipsis (const char *label)
{
  return g_str_has_suffix (label, "…") ? g_strndup (label, strlen (label) - strlen ("…")) : g_strdup (label);
}

/* a step that needs a reason asks for it first; the rest go at once */
static void
action_clicked (GtkButton         *button,
                RapportRecordPage *self)
{
  const CrmRecordAction *action = action_of (GTK_WIDGET (button));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *label = NULL;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *entry;

  if (action->asks == NULL)
    {
      send_action (self, GTK_WIDGET (button), NULL);
      return;
    }
  label = without_ellipsis (g_dgettext (GETTEXT_PACKAGE, action->label));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, label, NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "go", label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "go", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "go");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Reason (required)"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "asked-entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (asked_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (asked_response), button, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* a button for each of the descriptor's actions, before Archive */
void
rapport_record_page_build_actions (RapportRecordPage *self)
{
  CrmEntityClass *klass = entity_class (self);

  g_return_if_fail (RAPPORT_IS_RECORD_PAGE (self));

  for (const CrmRecordAction *action = klass->actions; action != NULL && action->verb != NULL; action++)
    {
      GtkWidget *button = gtk_button_new_with_label (g_dgettext (GETTEXT_PACKAGE, action->label));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (button), "record-action", (gpointer) action);
      g_signal_connect_object (button, "clicked", G_CALLBACK (action_clicked), self, 0);
      gtk_box_append (GTK_BOX (self->actions_box), button);
    }
  rapport_record_page_update_actions (self);
}
