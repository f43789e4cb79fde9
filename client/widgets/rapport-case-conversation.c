/* rapport-case-conversation.c: RapportCaseConversation, a service case's replies and internal notes in time order, and the composer that sends one */
#include "rapport-case-conversation.h"

#include <glib/gi18n.h>

struct _RapportCaseConversation
{
  AdwBin        parent_instance;

  GtkListBox   *messages;
  GtkToggleButton *reply_toggle;
  GtkToggleButton *note_toggle;
  GtkButton    *send;
  GtkTextView  *text;
  GtkLabel     *error_label;
  /* the id of the message each row shows, in order */
  GArray       *row_ids;

  RapportApi   *api;
  CrmEntity    *entity;
  GCancellable *cancellable;
  /* a send on its way */
  gboolean      sending;
  /* reads on their way, and whether a message was told meanwhile */
  guint         reading;
  gboolean      read_again;
};

G_DEFINE_FINAL_TYPE (RapportCaseConversation, rapport_case_conversation, ADW_TYPE_BIN)

enum { RECORD_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void load (RapportCaseConversation *self);

static char *
messages_path (RapportCaseConversation *self)
{
  return g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/messages", crm_entity_get_id (self->entity));
}

static char *
composed_text (RapportCaseConversation *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_sensitive (RapportCaseConversation *self)
{
  g_autofree char *text = composed_text (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->send),
                            !self->sending && self->entity != NULL && g_strstrip (text)[0] != '\0');
}

static void
show_error (RapportCaseConversation *self,
            const char              *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* "Internal note · lena · 2026-12-07 09:30", in local time */
static char *
byline (JsonObject *message)
{
  const char *kind = json_object_get_string_member_with_default (message, "kind", "");
  const char *direction = json_object_get_string_member_with_default (message, "direction", "");
  const char *author = json_object_get_string_member_with_default (message, "author_name", NULL);
  const char *from = json_object_get_string_member_with_default (message, "from_address", NULL);
  const char *at = json_object_get_string_member_with_default (message, "created_at", "");
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (at);
  const char *what;
  const char *who = author != NULL ? author : from != NULL ? from : "";

  if (g_str_equal (kind, "note"))
    what = _("Internal note");
  else if (g_str_equal (direction, "inbound"))
    what = _("From the customer");
  else
    what = _("Reply");
  /* TRANSLATORS: a message's kind, who wrote it and when: "Reply · lena · 2026-12-07 09:30" */
  return g_strdup_printf (_("%s · %s · %s"), what, who, when);
}

/* "Files: log.txt, photo.jpg", or NULL for a message without files */
static char *
files_line (JsonObject *message)
{
  JsonArray *files = json_object_has_member (message, "attachments")
                     ? json_object_get_array_member (message, "attachments") : NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
    {
      const char *name = json_object_get_string_member_with_default (json_array_get_object_element (files, i), "name", "");

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name);
    }
  if (names->len == 0)
    return NULL;
  /* TRANSLATORS: the files that came with a message of a case, by name */
  return g_strdup_printf (_("Files: %s"), names->str);
}

static GtkWidget *
message_row (JsonObject *message)
{
  const char *kind = json_object_get_string_member_with_default (message, "kind", "");
  const char *direction = json_object_get_string_member_with_default (message, "direction", "");
  g_autofree char *by = byline (message);
  g_autofree char *files = files_line (message);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header = gtk_label_new (by);
  GtkWidget *body = gtk_label_new (json_object_get_string_member_with_default (message, "body", ""));

  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), body);
  if (files != NULL)
    {
      GtkWidget *label = gtk_label_new (files);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, g_str_equal (kind, "note") ? "rapport-note"
                                 : g_str_equal (direction, "inbound") ? "rapport-inbound" : "rapport-reply");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, by, -1);
  return row;
}

/* a row for each message; those shown stay when the conversation only
 * grew, so that the scroll position and the composer's focus are kept */
static void
show_messages (RapportCaseConversation *self,
               JsonArray               *items)
{
  guint n = json_array_get_length (items);
  gboolean shown_first = self->row_ids->len <= n;

  /* a merge can bring older messages: then the rows are made again */
  for (guint i = 0; shown_first && i < self->row_ids->len; i++)
    shown_first = json_object_get_int_member_with_default (json_array_get_object_element (items, i), "id", 0) ==
                  g_array_index (self->row_ids, gint64, i);
  if (!shown_first)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->messages))) != NULL)
        gtk_list_box_remove (self->messages, child);
      g_array_set_size (self->row_ids, 0);
    }
  for (guint i = self->row_ids->len; i < n; i++)
    {
      JsonObject *message = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member_with_default (message, "id", 0);

      gtk_list_box_append (self->messages, message_row (message));
      g_array_append_val (self->row_ids, id);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->messages), n > 0);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportCaseConversation *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items = NULL;

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->reading--;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_array_member (json_node_get_object (node), "items");
  if (items != NULL)
    show_messages (self, items);
  else if (error != NULL)
    show_error (self, error->message);
  /* a message told while this read was on its way may not be in it */
  if (self->read_again && self->reading == 0)
    {
      self->read_again = FALSE;
      load (self);
    }
}

static void
load (RapportCaseConversation *self)
{
  g_autofree char *path = messages_path (self);

  self->reading++;
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

static void
load_soon (RapportCaseConversation *self)
{
  if (self->entity == NULL || crm_entity_get_id (self->entity) <= 0)
    return;
  if (self->reading > 0)
    self->read_again = TRUE;
  else
    load (self);
}

/* "case.message", told to whoever may see the case: read again if it is this one */
static void
on_message_event (RapportCaseConversation *self,
                  const char              *kind,
                  JsonObject              *data)
{
  if (self->entity != NULL && json_object_get_int_member_with_default (data, "id", 0) == crm_entity_get_id (self->entity))
    load_soon (self);
}

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  RapportCaseConversation *self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* the conversation is read again: the answer is not kept */
  g_clear_pointer (&node, json_node_unref);
  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->sending = FALSE;
  if (error != NULL)
    {
      /* what was written stays, to be sent again */
      show_error (self, error->message);
      update_sensitive (self);
      return;
    }
  show_error (self, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text), "", -1);
  load_soon (self);
  /* a reply may have moved the case, its first response and its service level */
  g_signal_emit (self, signals[RECORD_CHANGED], 0);
}

static void
on_send (RapportCaseConversation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (self->sending || self->entity == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->send)))
    return;
  text = composed_text (self);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, gtk_toggle_button_get_active (self->note_toggle) ? "note" : "reply");
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = messages_path (self);
  self->sending = TRUE;
  update_sensitive (self);
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, sent, self);
}

static gboolean
on_send_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  on_send (RAPPORT_CASE_CONVERSATION (user_data));
  return TRUE;
}

static void
on_kind_toggled (RapportCaseConversation *self)
{
  gboolean note = gtk_toggle_button_get_active (self->note_toggle);

  if (note)
    gtk_widget_add_css_class (GTK_WIDGET (self->text), "rapport-note");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text), "rapport-note");
}

static void
rapport_case_conversation_dispose (GObject *object)
{
  RapportCaseConversation *self = RAPPORT_CASE_CONVERSATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entity);
  g_clear_object (&self->api);
  g_clear_pointer (&self->row_ids, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CASE_CONVERSATION);
  G_OBJECT_CLASS (rapport_case_conversation_parent_class)->dispose (object);
}

static void
rapport_case_conversation_class_init (RapportCaseConversationClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_case_conversation_dispose;

  /**
   * RapportCaseConversation::record-changed:
   *
   * A message was sent: the case may have moved (in progress, its first
   * response, its service level), and the page reads it again.
   */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-case-conversation.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCaseConversation, messages);
  gtk_widget_class_bind_template_child (widget_class, RapportCaseConversation, reply_toggle);
  gtk_widget_class_bind_template_child (widget_class, RapportCaseConversation, note_toggle);
  gtk_widget_class_bind_template_child (widget_class, RapportCaseConversation, send);
  gtk_widget_class_bind_template_child (widget_class, RapportCaseConversation, text);
  gtk_widget_class_bind_template_child (widget_class, RapportCaseConversation, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_send);
}

static void
rapport_case_conversation_init (RapportCaseConversation *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->row_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Ctrl+Enter sends, before the text view takes Enter as a new line */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_send_shortcut, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_send_shortcut, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->text), shortcuts);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text), "changed", G_CALLBACK (update_sensitive), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_toggle, "toggled", G_CALLBACK (on_kind_toggled), self, G_CONNECT_SWAPPED);
  update_sensitive (self);
}

/**
 * rapport_case_conversation_new:
 * @api: the signed-in client
 *
 * The conversation is read again, in place, when the event WebSocket tells
 * of a message on its case ("case.message") or of changes missed ("reload").
 *
 * Returns: (transfer floating): the conversation, hidden until it has a stored case
 */
GtkWidget *
rapport_case_conversation_new (RapportApi *api)
{
  RapportCaseConversation *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_CASE_CONVERSATION, NULL);
  self->api = g_object_ref (api);
  g_signal_connect_object (api, "event::case.message", G_CALLBACK (on_message_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (load_soon), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/**
 * rapport_case_conversation_set_entity:
 * @self: the conversation
 * @entity: the case as loaded or saved
 *
 * Reads the case's messages when it is another case than the one shown.
 */
void
rapport_case_conversation_set_entity (RapportCaseConversation *self,
                                      CrmEntity               *entity)
{
  gboolean same;

  g_return_if_fail (RAPPORT_IS_CASE_CONVERSATION (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  same = self->entity != NULL && crm_entity_get_id (self->entity) == crm_entity_get_id (entity);
  g_set_object (&self->entity, entity);
  gtk_widget_set_visible (GTK_WIDGET (self), crm_entity_get_id (entity) > 0);
  update_sensitive (self);
  if (crm_entity_get_id (entity) > 0 && !same)
    load (self);
}

/* Returns: how many messages are shown */
guint
rapport_case_conversation_get_n_messages (RapportCaseConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CASE_CONVERSATION (self), 0);
  return self->row_ids->len;
}

/* Returns: (transfer none): the row showing the @index-th message, oldest first */
GtkWidget *
rapport_case_conversation_get_row (RapportCaseConversation *self,
                                   guint                    index)
{
  g_return_val_if_fail (RAPPORT_IS_CASE_CONVERSATION (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->messages, (int) index));
}

/* Returns: (transfer none): the text view a message is written in */
GtkWidget *
rapport_case_conversation_get_text_view (RapportCaseConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CASE_CONVERSATION (self), NULL);
  return GTK_WIDGET (self->text);
}

/* Returns: (transfer none): the Internal Note switch */
GtkWidget *
rapport_case_conversation_get_note_toggle (RapportCaseConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CASE_CONVERSATION (self), NULL);
  return GTK_WIDGET (self->note_toggle);
}

/* Returns: (transfer none): the Send button */
GtkWidget *
rapport_case_conversation_get_send (RapportCaseConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CASE_CONVERSATION (self), NULL);
  return GTK_WIDGET (self->send);
}

/* Returns: (transfer none): the label an error is told in */
GtkWidget *
rapport_case_conversation_get_error_label (RapportCaseConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CASE_CONVERSATION (self), NULL);
  return GTK_WIDGET (self->error_label);
}
