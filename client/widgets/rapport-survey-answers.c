/* rapport-survey-answers.c: RapportSurveyAnswers, on a case's page: the answers its customer gave by phone to the case's survey, recorded by staff */
#include "rapport-survey-answers.h"
#include "crm-error.h"
#include "crm-survey-questions.h"

#include <glib/gi18n.h>
#include <string.h>

struct _RapportSurveyAnswers
{
  GtkWidget     parent_instance;

  GtkWidget    *expander;
  GtkLabel     *title_label;
  GtkBox       *questions_box;
  GtkLabel     *status_label;
  GtkWidget    *save_button;

  RapportApi   *api;
  GCancellable *cancellable;
  gint64        case_id;
  gint64        invitation_id;
  /* (element-type CrmSurveyQuestion) of the invitation's survey */
  GPtrArray    *questions;
  /* question id → (element-type GtkWidget) its radio buttons, or its entry alone */
  GHashTable   *inputs;
  /* none, loading, pending, saving, answered, error */
  const char   *status;
};

G_DEFINE_FINAL_TYPE (RapportSurveyAnswers, rapport_survey_answers, GTK_TYPE_WIDGET)

enum
{
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (RapportSurveyAnswers *self,
            const char           *status,
            const char           *message)
{
  self->status = status;
  gtk_label_set_text (self->status_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (g_str_equal (status, "error"))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_sensitive (self->save_button, g_str_equal (status, "pending") || g_str_equal (status, "error"));
}

static GCancellable *
restart (RapportSurveyAnswers *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

static void
clear_questions (RapportSurveyAnswers *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->questions_box))) != NULL)
    gtk_box_remove (self->questions_box, child);
  g_hash_table_remove_all (self->inputs);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
}

/* one radio button a score or an option, in one group, tied to the question's label */
static GtkWidget *
choices_row (CrmSurveyQuestion *question,
             GtkWidget         *label,
             GPtrArray         *buttons)
{
  GtkWidget *row = gtk_flow_box_new ();
  int low = question->type == CRM_SURVEY_QUESTION_NPS ? 0 : 1;
  int high = question->type == CRM_SURVEY_QUESTION_NPS ? 10 : question->type == CRM_SURVEY_QUESTION_RATING ? 5 : -1;
  GtkWidget *first = NULL;

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (row), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (row), 11);
  for (int i = 0; question->type == CRM_SURVEY_QUESTION_CHOICE ? question->options[i] != NULL : low + i <= high; i++)
    {
      g_autofree char *value = question->type == CRM_SURVEY_QUESTION_CHOICE ? g_strdup (question->options[i])
                                                                             : g_strdup_printf ("%d", low + i);
      GtkWidget *button = gtk_check_button_new_with_label (value);

      if (first != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), GTK_CHECK_BUTTON (first));
      else
        first = button;
      g_object_set_data_full (G_OBJECT (button), "rapport-answer", g_steal_pointer (&value), g_free);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL, -1);
      g_ptr_array_add (buttons, button);
      gtk_flow_box_append (GTK_FLOW_BOX (row), button);
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  return row;
}

static void
build_questions (RapportSurveyAnswers *self)
{
  for (guint i = 0; i < self->questions->len; i++)
    {
      CrmSurveyQuestion *question = self->questions->pdata[i];
      g_autofree char *text = question->required ? g_strdup_printf (_("%s (required)"), question->label)
                                                 : g_strdup (question->label);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *label = gtk_label_new (text);
      GPtrArray *inputs = g_ptr_array_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
      if (question->type == CRM_SURVEY_QUESTION_TEXT)
        {
          GtkWidget *entry = gtk_entry_new ();

          gtk_entry_set_max_length (GTK_ENTRY (entry), CRM_SURVEY_MAX_TEXT);
          gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
          g_ptr_array_add (inputs, entry);
          gtk_box_append (GTK_BOX (box), entry);
        }
      else
        gtk_box_append (GTK_BOX (box), choices_row (question, label, inputs));
      g_hash_table_insert (self->inputs, g_strdup (question->id), inputs);
      gtk_box_append (self->questions_box, box);
    }
}

static void
survey_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportSurveyAnswers *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *survey;

  /* cancelled: the page may be gone, or shows another case */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_status (self, "error", error ? error->message : _("The server answered with an error"));
      return;
    }
  survey = json_node_get_object (node);
  self->questions = crm_survey_questions_parse (json_object_get_string_member_with_default (survey, "questions", ""), &error);
  if (self->questions == NULL)
    {
      set_status (self, "error", error->message);
      return;
    }
  gtk_label_set_text (self->title_label, json_object_get_string_member_with_default (survey, "title", ""));
  build_questions (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  set_status (self, "pending", NULL);
}

static void
invitations_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RapportSurveyAnswers *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *path = NULL;
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      set_status (self, "none", NULL);
      return;
    }
  /* the case's one invitation, while it is not answered (an expired link may still be answered by phone) */
  for (guint i = 0; i < json_array_get_length (items) && self->invitation_id == 0; i++)
    {
      JsonObject *invitation = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (invitation, "status", ""), "answered") != 0)
        {
          self->invitation_id = json_object_get_int_member_with_default (invitation, "id", 0);
          path = g_strdup_printf ("/surveys/%" G_GINT64_FORMAT,
                                  json_object_get_int_member_with_default (invitation, "survey_id", 0));
        }
    }
  if (path == NULL)
    {
      set_status (self, "none", NULL);
      return;
    }
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, survey_loaded, self);
}

/**
 * rapport_survey_answers_set_entity:
 * @self: the widget
 * @entity: the case as loaded or saved
 *
 * Shows the form of the case's survey while its invitation waits for
 * answers; hidden otherwise.
 */
void
rapport_survey_answers_set_entity (RapportSurveyAnswers *self,
                                   CrmEntity            *entity)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_SURVEY_ANSWERS (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  /* saved again: the form keeps what is being typed */
  if (crm_entity_get_id (entity) == self->case_id && !g_str_equal (self->status, "none"))
    return;
  self->case_id = crm_entity_get_id (entity);
  self->invitation_id = 0;
  clear_questions (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  set_status (self, "loading", NULL);
  if (self->case_id <= 0)
    {
      set_status (self, "none", NULL);
      return;
    }
  path = g_strdup_printf ("/survey-invitations?case_id=%" G_GINT64_FORMAT, self->case_id);
  rapport_api_request_async (self->api, "GET", path, NULL, restart (self), invitations_loaded, self);
}

/* the chosen or typed answer of one question, or NULL */
static const char *
answer_of (GPtrArray *inputs)
{
  for (guint i = 0; i < inputs->len; i++)
    {
      GtkWidget *input = inputs->pdata[i];

      if (GTK_IS_ENTRY (input))
        return gtk_editable_get_text (GTK_EDITABLE (input));
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (input)))
        return g_object_get_data (G_OBJECT (input), "rapport-answer");
    }
  return NULL;
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportSurveyAnswers *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      const char *field = crm_error_get_field (error);
      g_autofree char *message = NULL;

      /* "answers.csat": said beside the question's label */
      for (guint i = 0; field != NULL && self->questions != NULL && i < self->questions->len; i++)
        {
          CrmSurveyQuestion *question = self->questions->pdata[i];

          if (g_str_has_prefix (field, "answers.") && g_str_equal (field + strlen ("answers."), question->id))
            /* TRANSLATORS: a question's label, then what is wrong with its answer */
            message = g_strdup_printf (_("%s: %s"), question->label, error->message);
        }
      set_status (self, "error", message ? message : error->message);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->questions_box), FALSE);
  gtk_widget_set_visible (self->save_button, FALSE);
  set_status (self, "answered", _("The answers are recorded."));
}

/**
 * rapport_survey_answers_save:
 * @self: the widget
 *
 * Sends the answers chosen (POST /survey-invitations/:id/answers); the
 * server checks them as it does the customer's form.
 */
void
rapport_survey_answers_save (RapportSurveyAnswers *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_SURVEY_ANSWERS (self));

  if (self->invitation_id == 0 || self->questions == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->questions->len; i++)
    {
      CrmSurveyQuestion *question = self->questions->pdata[i];
      const char *answer = answer_of (g_hash_table_lookup (self->inputs, question->id));

      if (answer == NULL || *answer == '\0')
        continue;
      json_builder_set_member_name (builder, question->id);
      if (question->type == CRM_SURVEY_QUESTION_RATING || question->type == CRM_SURVEY_QUESTION_NPS)
        json_builder_add_int_value (builder, g_ascii_strtoll (answer, NULL, 10));
      else
        json_builder_add_string_value (builder, answer);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/survey-invitations/%" G_GINT64_FORMAT "/answers", self->invitation_id);
  set_status (self, "saving", NULL);
  rapport_api_request_async (self->api, "POST", path, body, restart (self), saved, self);
}

/**
 * rapport_survey_answers_choose:
 * @self: the widget
 * @question_id: a question of the survey shown
 * @answer: a score or an option to choose, or the text to type
 *
 * Returns: whether the form has that question and answer
 */
gboolean
rapport_survey_answers_choose (RapportSurveyAnswers *self,
                               const char           *question_id,
                               const char           *answer)
{
  GPtrArray *inputs;

  g_return_val_if_fail (RAPPORT_IS_SURVEY_ANSWERS (self), FALSE);
  g_return_val_if_fail (question_id != NULL && answer != NULL, FALSE);

  if ((inputs = g_hash_table_lookup (self->inputs, question_id)) == NULL)
    return FALSE;
  for (guint i = 0; i < inputs->len; i++)
    {
      GtkWidget *input = inputs->pdata[i];

      if (GTK_IS_ENTRY (input))
        {
          gtk_editable_set_text (GTK_EDITABLE (input), answer);
          return TRUE;
        }
      if (g_strcmp0 (g_object_get_data (G_OBJECT (input), "rapport-answer"), answer) == 0)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (input), TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

/* Returns: none, loading, pending, saving, answered or error */
const char *
rapport_survey_answers_get_status (RapportSurveyAnswers *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_ANSWERS (self), NULL);
  return self->status;
}

/* Returns: whether a read or a save is on its way */
gboolean
rapport_survey_answers_get_busy (RapportSurveyAnswers *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_ANSWERS (self), FALSE);
  return g_str_equal (self->status, "loading") || g_str_equal (self->status, "saving");
}

static void
rapport_survey_answers_dispose (GObject *object)
{
  RapportSurveyAnswers *self = RAPPORT_SURVEY_ANSWERS (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_SURVEY_ANSWERS);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->inputs, g_hash_table_unref);
  G_OBJECT_CLASS (rapport_survey_answers_parent_class)->dispose (object);
}

static void
rapport_survey_answers_class_init (RapportSurveyAnswersClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_survey_answers_dispose;

  /* the page's extra widgets may change their record; this one changes the invitation, not the case */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-survey-answers.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyAnswers, expander);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyAnswers, title_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyAnswers, questions_box);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyAnswers, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyAnswers, save_button);
  gtk_widget_class_bind_template_callback (widget_class, rapport_survey_answers_save);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_survey_answers_init (RapportSurveyAnswers *self)
{
  self->inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->status = "none";
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_survey_answers_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the widget, hidden until it is given a
 *   case whose survey waits for answers
 */
GtkWidget *
rapport_survey_answers_new (RapportApi *api)
{
  RapportSurveyAnswers *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_SURVEY_ANSWERS, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}
