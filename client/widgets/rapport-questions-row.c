/* rapport-questions-row.c: RapportQuestionsRow, a survey's questions edited one by one (type, wording, required, options, order) as the JSON text the field holds */
#include "rapport-questions-row.h"
#include "crm-json-parse.h"
#include "crm-survey-questions.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

struct _RapportQuestionsRow
{
  AdwExpanderRow  parent_instance;

  /* the questions as edited: JSON objects with id, type, label, required, options */
  JsonArray      *questions;
  /* a value the editor cannot show (not a list of questions), kept as it is */
  char           *raw;
  /* the rows shown for the questions, and the row that adds one */
  GPtrArray      *rows;
  GtkWidget      *add_row;
  gboolean        editable;
};

G_DEFINE_FINAL_TYPE (RapportQuestionsRow, rapport_questions_row, ADW_TYPE_EXPANDER_ROW)

enum
{
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const types[] = { "rating", "nps", "choice", "text", NULL };

static const char *
type_label (guint index)
{
  const char *labels[] = { N_("Rating 1–5"), N_("NPS 0–10"), N_("Choice"), N_("Text") };

  return _(labels[index]);
}

static guint
type_index (const char *type)
{
  for (guint i = 0; types[i] != NULL; i++)
    if (g_strcmp0 (types[i], type) == 0)
      return i;
  return 0;
}

static void rebuild (RapportQuestionsRow *self);

static void
changed (RapportQuestionsRow *self)
{
  guint n = json_array_get_length (self->questions);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question", "%u questions", n), n);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), self->raw ? _("Not a list of questions: kept as it is") : subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static JsonObject *
question_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "question");
}

static void
on_label_changed (GtkEditable         *entry,
                  RapportQuestionsRow *self)
{
  json_object_set_string_member (question_of (GTK_WIDGET (entry)), "label", gtk_editable_get_text (entry));
  changed (self);
}

/* "Very good; Good; Poor" or "很好；一般；差" */
static void
on_options_changed (GtkEditable         *entry,
                    RapportQuestionsRow *self)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[;；]", gtk_editable_get_text (entry), 0, 0);
  JsonArray *options;

  /* a type without options empties the entry it hides */
  if (g_strcmp0 (json_object_get_string_member_with_default (question_of (GTK_WIDGET (entry)), "type", ""), "choice") != 0)
    return;
  options = json_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        json_array_add_string_element (options, parts[i]);
    }
  json_object_set_array_member (question_of (GTK_WIDGET (entry)), "options", options);
  changed (self);
}

static void
on_required_toggled (GtkCheckButton      *check,
                     RapportQuestionsRow *self)
{
  json_object_set_boolean_member (question_of (GTK_WIDGET (check)), "required", gtk_check_button_get_active (check));
  changed (self);
}

static void
on_type_selected (GtkDropDown         *dropdown,
                  GParamSpec          *pspec,
                  RapportQuestionsRow *self)
{
  JsonObject *question = question_of (GTK_WIDGET (dropdown));
  const char *type = types[gtk_drop_down_get_selected (dropdown)];

  if (g_strcmp0 (json_object_get_string_member_with_default (question, "type", ""), type) == 0)
    return;
  json_object_set_string_member (question, "type", type);
  if (!g_str_equal (type, "choice") && json_object_has_member (question, "options"))
    json_object_remove_member (question, "options");
  /* the options' entry shows with the type that has options, empty */
  if (g_str_equal (type, "choice"))
    json_object_set_array_member (question, "options", json_array_new ());
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dropdown), "options"), "");
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (dropdown), "options"), g_str_equal (type, "choice"));
  changed (self);
}

/* moves question @index by @delta places, or removes it (@delta 0) */
static void
move (RapportQuestionsRow *self,
      guint                index,
      int                  delta)
{
  JsonArray *moved = json_array_new ();
  guint n = json_array_get_length (self->questions);
  guint target = delta == 0 ? G_MAXUINT : (guint) ((int) index + delta);

  for (guint i = 0; i < n; i++)
    {
      guint from = i == target ? index : i == index && target != G_MAXUINT ? target : i;

      if (delta == 0 && i == index)
        continue;
      json_array_add_element (moved, json_node_copy (json_array_get_element (self->questions, from)));
    }
  json_array_unref (self->questions);
  self->questions = moved;
  rebuild (self);
  changed (self);
}

static void
on_move_clicked (GtkButton           *button,
                 RapportQuestionsRow *self)
{
  move (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")),
        GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta")));
}

static GtkWidget *
tool_button (RapportQuestionsRow *self,
             const char          *icon,
             const char          *tooltip,
             guint                index,
             int                  delta,
             gboolean             sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, sensitive && self->editable);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (button), "delta", GINT_TO_POINTER (delta));
  g_signal_connect (button, "clicked", G_CALLBACK (on_move_clicked), self);
  return button;
}

/* a question is two rows: its wording, with its type, whether it must be
 * answered and its moves beside it; under it, for a choice, its options */
static void
add_question_rows (RapportQuestionsRow *self,
                   guint                index)
{
  JsonObject *question = json_array_get_object_element (self->questions, index);
  guint n = json_array_get_length (self->questions);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *options = adw_entry_row_new ();
  GtkWidget *dropdown, *required;
  JsonNode *member = json_object_get_member (question, "options");
  JsonArray *given = member && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *title = g_strdup_printf (_("Question %u"), index + 1);
  g_autofree char *name = g_strdup_printf ("question-%u", index);

  for (guint i = 0; types[i] != NULL; i++)
    gtk_string_list_append (labels, type_label (i));
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), type_index (json_object_get_string_member_with_default (question, "type", "")));
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Type of answer"), -1);
  required = gtk_check_button_new_with_label (_("Required"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (required), json_object_get_boolean_member_with_default (question, "required", FALSE));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), json_object_get_string_member_with_default (question, "label", ""));
  gtk_editable_set_editable (GTK_EDITABLE (row), self->editable);
  for (guint i = 0; given != NULL && i < json_array_get_length (given); i++)
    if (json_node_get_value_type (json_array_get_element (given, i)) == G_TYPE_STRING)
      g_string_append_printf (text, "%s%s", text->len ? "; " : "", json_array_get_string_element (given, i));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (options), _("Options, separated by semicolons: Very good; Good; Poor"));
  gtk_editable_set_text (GTK_EDITABLE (options), text->str);
  gtk_editable_set_editable (GTK_EDITABLE (options), self->editable);
  gtk_widget_set_visible (options, g_strcmp0 (json_object_get_string_member_with_default (question, "type", ""), "choice") == 0);
  for (GtkWidget *w = row; w != NULL; w = w == row ? dropdown : w == dropdown ? required : w == required ? options : NULL)
    g_object_set_data_full (G_OBJECT (w), "question", json_object_ref (question), (GDestroyNotify) json_object_unref);
  gtk_widget_set_sensitive (dropdown, self->editable);
  gtk_widget_set_sensitive (required, self->editable);
  gtk_widget_set_name (row, name);
  gtk_widget_set_name (dropdown, "question-type");
  gtk_widget_set_name (required, "question-required");
  gtk_widget_set_name (options, "question-options");
  g_object_set_data (G_OBJECT (row), "options", options);
  g_object_set_data (G_OBJECT (row), "dropdown", dropdown);
  g_object_set_data (G_OBJECT (row), "required", required);
  g_object_set_data (G_OBJECT (dropdown), "options", options);
  g_signal_connect (row, "changed", G_CALLBACK (on_label_changed), self);
  g_signal_connect (options, "changed", G_CALLBACK (on_options_changed), self);
  g_signal_connect (required, "toggled", G_CALLBACK (on_required_toggled), self);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_type_selected), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), dropdown);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), required);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), tool_button (self, "go-up-symbolic", _("Move up"), index, -1, index > 0));
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), tool_button (self, "go-down-symbolic", _("Move down"), index, 1, index + 1 < n));
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), tool_button (self, "user-trash-symbolic", _("Remove the question"), index, 0, TRUE));
  g_ptr_array_add (self->rows, row);
  g_ptr_array_add (self->rows, options);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), options);
}

static void
rebuild (RapportQuestionsRow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  if (gtk_widget_get_parent (self->add_row) != NULL)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), self->add_row);
  for (guint i = 0; i < json_array_get_length (self->questions); i++)
    add_question_rows (self, i);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->add_row);
  gtk_widget_set_sensitive (self->add_row, self->editable && self->raw == NULL &&
                            json_array_get_length (self->questions) < CRM_SURVEY_MAX_QUESTIONS);
}

/* "q1", "q2"…: the first not taken; a question keeps its id, which its answers are stored by */
static char *
new_id (RapportQuestionsRow *self)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *id = g_strdup_printf ("q%u", n);
      gboolean taken = FALSE;

      for (guint i = 0; i < json_array_get_length (self->questions) && !taken; i++)
        taken = g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (self->questions, i), "id", ""),
                           id) == 0;
      if (!taken)
        return g_steal_pointer (&id);
    }
}

static void
on_add_activated (AdwActionRow        *row,
                  RapportQuestionsRow *self)
{
  JsonObject *question = json_object_new ();
  g_autofree char *id = new_id (self);

  json_object_set_string_member (question, "id", id);
  json_object_set_string_member (question, "type", "rating");
  json_object_set_string_member (question, "label", "");
  json_object_set_boolean_member (question, "required", TRUE);
  json_array_add_object_element (self->questions, question);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  rebuild (self);
  changed (self);
  gtk_widget_grab_focus (rapport_questions_row_get_label_entry (self, json_array_get_length (self->questions) - 1));
}

/**
 * rapport_questions_row_dup_value:
 *
 * Returns: (transfer full): the questions as the JSON text the field holds
 */
char *
rapport_questions_row_dup_value (RapportQuestionsRow *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (RAPPORT_IS_QUESTIONS_ROW (self), NULL);

  if (self->raw != NULL)
    return g_strdup (self->raw);
  if (json_array_get_length (self->questions) == 0)
    return g_strdup ("");
  node = json_node_init_array (json_node_alloc (), self->questions);
  return json_to_string (node, FALSE);
}

void
rapport_questions_row_set_value (RapportQuestionsRow *self,
                                 const char          *value)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (RAPPORT_IS_QUESTIONS_ROW (self));

  g_clear_pointer (&self->raw, g_free);
  g_clear_pointer (&self->questions, json_array_unref);
  node = value && value[0] ? crm_json_parse (value, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL) : NULL;
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    self->questions = json_array_ref (json_node_get_array (node));
  else
    {
      self->questions = json_array_new ();
      if (value != NULL && value[0] != '\0')
        self->raw = g_strdup (value);
    }
  /* only objects are questions: anything else is kept as it came */
  for (guint i = 0; self->raw == NULL && i < json_array_get_length (self->questions); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (self->questions, i)))
      self->raw = g_strdup (value);
  if (self->raw != NULL)
    {
      json_array_unref (self->questions);
      self->questions = json_array_new ();
    }
  rebuild (self);
  changed (self);
}

/* whether its questions can be changed */
void
rapport_questions_row_set_editable (RapportQuestionsRow *self,
                                    gboolean             editable)
{
  g_return_if_fail (RAPPORT_IS_QUESTIONS_ROW (self));

  self->editable = editable;
  rebuild (self);
}

/**
 * rapport_questions_row_get_label_entry:
 * @index: a question's place, from 0
 *
 * Returns: (transfer none) (nullable): the entry row of its wording
 */
GtkWidget *
rapport_questions_row_get_label_entry (RapportQuestionsRow *self,
                                       guint                index)
{
  g_return_val_if_fail (RAPPORT_IS_QUESTIONS_ROW (self), NULL);

  return rapport_questions_row_get_question_row (self, index);
}

/**
 * rapport_questions_row_get_question_row:
 * @index: a question's place, from 0
 *
 * Returns: (transfer none) (nullable): the row of its wording, which
 *   holds its type, "Required" and its moves; the row of its options
 *   (named "question-options") is its data "options"
 */
GtkWidget *
rapport_questions_row_get_question_row (RapportQuestionsRow *self,
                                        guint                index)
{
  g_return_val_if_fail (RAPPORT_IS_QUESTIONS_ROW (self), NULL);

  return 2 * index < self->rows->len ? self->rows->pdata[2 * index] : NULL;
}

/* the row that adds a question */
GtkWidget *
rapport_questions_row_get_add_row (RapportQuestionsRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_QUESTIONS_ROW (self), NULL);

  return self->add_row;
}

static void
rapport_questions_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportQuestionsRow *self = RAPPORT_QUESTIONS_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_take_string (value, rapport_questions_row_dup_value (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_questions_row_dispose (GObject *object)
{
  RapportQuestionsRow *self = RAPPORT_QUESTIONS_ROW (object);

  g_clear_pointer (&self->questions, json_array_unref);
  g_clear_pointer (&self->raw, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->add_row);
  G_OBJECT_CLASS (rapport_questions_row_parent_class)->dispose (object);
}

static void
rapport_questions_row_class_init (RapportQuestionsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rapport_questions_row_get_property;
  object_class->dispose = rapport_questions_row_dispose;
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_questions_row_init (RapportQuestionsRow *self)
{
  self->questions = json_array_new ();
  self->rows = g_ptr_array_new ();
  self->editable = TRUE;
  self->add_row = g_object_ref_sink (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row), _("Add a Question"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->add_row), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->add_row), TRUE);
  gtk_widget_set_name (self->add_row, "question-add");
  g_signal_connect (self->add_row, "activated", G_CALLBACK (on_add_activated), self);
  rebuild (self);
  changed (self);
}

/**
 * rapport_questions_row_new:
 * @title: the field's label
 *
 * Returns: (transfer floating): an expander listing the questions
 */
GtkWidget *
rapport_questions_row_new (const char *title)
{
  GtkWidget *self = g_object_new (RAPPORT_TYPE_QUESTIONS_ROW, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  return self;
}
