/* rapport-kb-feedback.c: RapportKbFeedback, on a published knowledge-base article's page: "Was this useful?", the user's vote and the article's counts */
#include "rapport-kb-feedback.h"

#include <glib/gi18n.h>

struct _RapportKbFeedback
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *yes_button;
  GtkWidget    *no_button;
  GtkLabel     *counts_label;
  GtkLabel     *message_label;

  RapportApi   *api;
  GCancellable *cancellable;
  gint64        article_id;
  /* the published version shown, of which the vote is told */
  gint64        published_version;
};

G_DEFINE_FINAL_TYPE (RapportKbFeedback, rapport_kb_feedback, GTK_TYPE_WIDGET)

enum
{
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_counts (RapportKbFeedback *self,
             gint64             useful,
             gint64             not_useful)
{
  g_autofree char *text = NULL;

  if (useful == 0 && not_useful == 0)
    text = g_strdup (_("Nobody has rated this article yet"));
  else
    /* TRANSLATORS: the votes of every reader on the article, "12 found this useful, 3 did not" */
    text = g_strdup_printf (_("%lld found this useful, %lld did not"), (long long) useful, (long long) not_useful);
  gtk_label_set_text (self->counts_label, text);
}

static void
show_message (RapportKbFeedback *self,
              const char        *message,
              gboolean           is_error)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

/* the user's vote marked on its button; -1: none known */
static void
mark_vote (RapportKbFeedback *self,
           gint               useful)
{
  if (useful == 1)
    gtk_widget_add_css_class (self->yes_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->yes_button, "suggested-action");
  if (useful == 0)
    gtk_widget_add_css_class (self->no_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->no_button, "suggested-action");
}

static void
set_sending (RapportKbFeedback *self,
             gboolean           sending)
{
  gtk_widget_set_sensitive (self->yes_button, !sending);
  gtk_widget_set_sensitive (self->no_button, !sending);
}

static void
voted (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportKbFeedback *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *answer;
  gboolean useful;
  gboolean changed;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_KB_FEEDBACK (user_data);
  g_clear_object (&self->cancellable);
  set_sending (self, FALSE);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      show_message (self, error ? error->message : _("The server gave no answer"), TRUE);
      return;
    }
  answer = json_node_get_object (node);
  useful = json_object_get_boolean_member_with_default (answer, "useful", FALSE);
  changed = json_object_get_boolean_member_with_default (answer, "changed", FALSE);
  show_counts (self, json_object_get_int_member_with_default (answer, "useful_count", 0),
               json_object_get_int_member_with_default (answer, "not_useful_count", 0));
  mark_vote (self, useful ? 1 : 0);
  if (useful)
    show_message (self, changed ? _("Your vote is changed: you found this article useful")
                                : _("Thank you: you found this article useful"), FALSE);
  else
    show_message (self, changed ? _("Your vote is changed: you did not find this article useful")
                                : _("Thank you: you did not find this article useful"), FALSE);
}

/**
 * rapport_kb_feedback_vote:
 * @self: the widget
 * @useful: the user's vote
 *
 * Sends the user's vote on the article's published version; a second vote
 * replaces the first. The counts shown are the server's answer.
 */
void
rapport_kb_feedback_vote (RapportKbFeedback *self,
                          gboolean           useful)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_if_fail (RAPPORT_IS_KB_FEEDBACK (self));

  if (self->article_id <= 0)
    return;
  path = g_strdup_printf ("/kb-articles/%" G_GINT64_FORMAT "/feedback", self->article_id);
  json_object_set_boolean_member (object, "useful", useful);
  json_node_set_object (body, object);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_sending (self, TRUE);
  show_message (self, NULL, FALSE);
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, voted, self);
}

static void
on_yes (RapportKbFeedback *self)
{
  rapport_kb_feedback_vote (self, TRUE);
}

static void
on_no (RapportKbFeedback *self)
{
  rapport_kb_feedback_vote (self, FALSE);
}

/* readers rate published articles; the auditor only reads (the server refuses its vote) */
static gboolean
applies (RapportKbFeedback *self,
         CrmEntity         *entity)
{
  return crm_entity_get_id (entity) > 0 &&
         g_strcmp0 (crm_entity_get_text (entity, "status"), "published") == 0 &&
         g_strcmp0 (rapport_api_get_user_role (self->api), "auditor") != 0;
}

/**
 * rapport_kb_feedback_set_entity:
 * @self: the widget
 * @entity: the article shown, as loaded or saved
 *
 * Shows the article's counts, for a published article and a user who may
 * vote; hidden otherwise. The user's vote is kept shown while the same
 * version of the same article is shown.
 */
void
rapport_kb_feedback_set_entity (RapportKbFeedback *self,
                                CrmEntity         *entity)
{
  gint64 id;
  gint64 published_version;

  g_return_if_fail (RAPPORT_IS_KB_FEEDBACK (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  id = crm_entity_get_id (entity);
  published_version = crm_entity_get_int (entity, "published_version");
  if (id != self->article_id || published_version != self->published_version)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      set_sending (self, FALSE);
      mark_vote (self, -1);
      show_message (self, NULL, FALSE);
    }
  self->article_id = id;
  self->published_version = published_version;
  show_counts (self, crm_entity_get_int (entity, "useful_count"), crm_entity_get_int (entity, "not_useful_count"));
  gtk_widget_set_visible (GTK_WIDGET (self), applies (self, entity));
}

gboolean
rapport_kb_feedback_is_sending (RapportKbFeedback *self)
{
  g_return_val_if_fail (RAPPORT_IS_KB_FEEDBACK (self), FALSE);

  return self->cancellable != NULL;
}

static void
rapport_kb_feedback_dispose (GObject *object)
{
  RapportKbFeedback *self = RAPPORT_KB_FEEDBACK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_KB_FEEDBACK);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_kb_feedback_parent_class)->dispose (object);
}

static void
rapport_kb_feedback_class_init (RapportKbFeedbackClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_kb_feedback_dispose;

  /* the page's extra widgets may change their record; a vote changes only its counts, shown here */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-kb-feedback.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportKbFeedback, box);
  gtk_widget_class_bind_template_child (widget_class, RapportKbFeedback, yes_button);
  gtk_widget_class_bind_template_child (widget_class, RapportKbFeedback, no_button);
  gtk_widget_class_bind_template_child (widget_class, RapportKbFeedback, counts_label);
  gtk_widget_class_bind_template_child (widget_class, RapportKbFeedback, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_yes);
  gtk_widget_class_bind_template_callback (widget_class, on_no);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_kb_feedback_init (RapportKbFeedback *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_kb_feedback_new:
 * @api: the signed-in connection
 *
 * Returns: (transfer floating): the widget, hidden until a published article is set
 */
GtkWidget *
rapport_kb_feedback_new (RapportApi *api)
{
  RapportKbFeedback *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_KB_FEEDBACK, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}
