/* rapport-stage-editor.c: RapportStageEditor, one stage of a pipeline being edited: its form, its place, its error */
#include "rapport-stage-editor.h"
#include "rapport-choice-row.h"
#include "rapport-entity-form.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-pipeline-stage.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportStageEditor
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkLabel          *title_label;
  GtkLabel          *error_label;

  RapportEntityForm *form;
  /* the stage as stored; NULL for a new one */
  CrmEntity         *stage;
  /* a new stage's texts as rapport_stage_editor_preset() filled them in,
   * by field; NULL when not preset */
  GPtrArray         *preset;
};

G_DEFINE_FINAL_TYPE (RapportStageEditor, rapport_stage_editor, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  MOVE,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_form_changed (RapportStageEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
action_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportStageEditor *self = RAPPORT_STAGE_EDITOR (widget);

  if (g_str_equal (action, "stage.remove"))
    g_signal_emit (self, signals[REMOVE], 0);
  else
    g_signal_emit (self, signals[MOVE], 0, g_str_equal (action, "stage.move-up") ? -1 : 1);
}

static void
rapport_stage_editor_dispose (GObject *object)
{
  RapportStageEditor *self = RAPPORT_STAGE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_STAGE_EDITOR);
  g_clear_object (&self->stage);
  g_clear_pointer (&self->preset, g_ptr_array_unref);
  G_OBJECT_CLASS (rapport_stage_editor_parent_class)->dispose (object);
}

static void
rapport_stage_editor_class_init (RapportStageEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_stage_editor_dispose;

  /**
   * RapportStageEditor::changed:
   *
   * A field of the stage was edited.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  /**
   * RapportStageEditor::move:
   * @delta: -1 to move the stage up, 1 down
   */
  signals[MOVE] = g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * RapportStageEditor::remove:
   *
   * The user asked to remove the stage.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-stage-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportStageEditor, box);
  gtk_widget_class_bind_template_child (widget_class, RapportStageEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, RapportStageEditor, error_label);
  gtk_widget_class_install_action (widget_class, "stage.move-up", NULL, action_activated);
  gtk_widget_class_install_action (widget_class, "stage.move-down", NULL, action_activated);
  gtk_widget_class_install_action (widget_class, "stage.remove", NULL, action_activated);
  /* from anywhere in the stage's form, as in a document's lines */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "stage.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "stage.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK, "stage.remove", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_stage_editor_init (RapportStageEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_stage_editor_new:
 * @api: the signed-in client, to offer the workflows by name
 * @stage: (nullable): the stage as stored; %NULL for a new one
 *
 * Returns: (transfer floating): the editor, its form generated from the
 *   stage's descriptors
 */
RapportStageEditor *
rapport_stage_editor_new (RapportApi *api,
                          CrmEntity  *stage)
{
  RapportStageEditor *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (stage == NULL || CRM_IS_PIPELINE_STAGE (stage), NULL);

  self = g_object_new (RAPPORT_TYPE_STAGE_EDITOR, NULL);
  self->form = rapport_entity_form_new_with_api (CRM_TYPE_PIPELINE_STAGE, api, NULL);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->form));
  if (stage != NULL)
    {
      self->stage = g_object_ref (stage);
      rapport_entity_form_set_entity (self->form, stage);
    }
  g_signal_connect_object (self->form, "changed", G_CALLBACK (on_form_changed), self, G_CONNECT_SWAPPED);
  return self;
}

/* Returns: (transfer none) (nullable): the stage as stored */
CrmEntity *
rapport_stage_editor_get_stage (RapportStageEditor *self)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_EDITOR (self), NULL);

  return self->stage;
}

/* the stage's place in the pipeline, from 0: its title and where it may move */
void
rapport_stage_editor_set_place (RapportStageEditor *self,
                                guint               position,
                                guint               n_stages)
{
  g_autofree char *title = NULL;

  g_return_if_fail (RAPPORT_IS_STAGE_EDITOR (self));

  /* TRANSLATORS: the heading of a pipeline's stage in the editor, e.g. "Stage 2" */
  title = g_strdup_printf (_("Stage %u"), position + 1);
  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stage.move-up", position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stage.move-down", position + 1 < n_stages);
}

/* every field's text as the form shows it, by field index */
static GPtrArray *
preset_texts (RapportStageEditor *self)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_PIPELINE_STAGE);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < klass->n_fields; i++)
    g_ptr_array_add (texts, rapport_entity_form_get_text (self->form, crm_field_spec_get_json_key (&klass->fields[i])));
  return texts;
}

/**
 * rapport_stage_editor_preset:
 * @self: the editor of a new stage
 * @name: the name it starts with
 * @probability: its probability, as typed
 * @kind: "open", "won" or "lost"
 *
 * Fills the new stage in as if typed: what it starts with is sent, and
 * it is not a change until edited further.
 */
void
rapport_stage_editor_preset (RapportStageEditor *self,
                             const char         *name,
                             const char         *probability,
                             const char         *kind)
{
  g_return_if_fail (RAPPORT_IS_STAGE_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (rapport_entity_form_get_row (self->form, "name")), name);
  gtk_editable_set_text (GTK_EDITABLE (rapport_entity_form_get_row (self->form, "probability")), probability);
  rapport_choice_row_set_value (RAPPORT_CHOICE_ROW (rapport_entity_form_get_row (self->form, "kind")), kind);
  g_clear_pointer (&self->preset, g_ptr_array_unref);
  self->preset = preset_texts (self);
}

/* a whole number typed for a field is checked with the field's own limits */
static gboolean
check_numbers (RapportStageEditor  *self,
               GError             **error)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_PIPELINE_STAGE);

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      const char *key = crm_field_spec_get_json_key (spec);
      g_autofree char *text = spec->type == CRM_FIELD_INT ? rapport_entity_form_get_text (self->form, key) : NULL;
      CrmValue value = { 0 };
      gint64 number;

      if (text == NULL || g_strstrip (text)[0] == '\0')
        continue;
      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     /* TRANSLATORS: a field's label */
                                     _("%s must be a whole number"), crm_field_spec_get_label (spec));
          return FALSE;
        }
      value.set = TRUE;
      value.i = number;
      if (!crm_entity_validate_value (spec, &value, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapport_stage_editor_build:
 * @self: the editor
 * @error: return location for a #GError naming the field at fault
 *
 * Checks the stage as typed with the same validation as the server.
 *
 * Returns: (transfer full) (nullable): the whole stage to send, with its
 *   id when it is stored, or %NULL
 */
CrmEntity *
rapport_stage_editor_build (RapportStageEditor  *self,
                            GError             **error)
{
  g_autoptr(CrmEntity) stage = crm_entity_new (CRM_TYPE_PIPELINE_STAGE);

  g_return_val_if_fail (RAPPORT_IS_STAGE_EDITOR (self), NULL);

  if (!check_numbers (self, error))
    return NULL;
  if (self->stage != NULL)
    {
      g_autoptr(JsonNode) stored = crm_json_from_entity (self->stage);

      crm_json_read_entity (stage, json_node_get_object (stored), NULL);
    }
  rapport_entity_form_fill_changes (self->form, stage);
  if (self->stage == NULL)
    rapport_entity_form_fill_defaults (self->form, stage);
  if (!crm_entity_validate (stage, CRM_VALIDATE_CREATE, error))
    return NULL;
  return g_steal_pointer (&stage);
}

gboolean
rapport_stage_editor_is_dirty (RapportStageEditor *self)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_EDITOR (self), FALSE);

  if (self->preset != NULL)
    {
      g_autoptr(GPtrArray) now = preset_texts (self);

      for (guint i = 0; i < now->len; i++)
        if (g_strcmp0 (now->pdata[i], self->preset->pdata[i]) != 0)
          return TRUE;
      return FALSE;
    }
  return rapport_entity_form_is_dirty (self->form);
}

/**
 * rapport_stage_editor_show_error:
 * @self: the editor
 * @message: what is wrong, shown above the stage's fields
 * @json_key: (nullable): the field at fault, marked and focused
 */
void
rapport_stage_editor_show_error (RapportStageEditor *self,
                                 const char         *message,
                                 const char         *json_key)
{
  g_return_if_fail (RAPPORT_IS_STAGE_EDITOR (self));

  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  rapport_entity_form_clear_errors (self->form);
  if (json_key == NULL || rapport_entity_form_get_row (self->form, json_key) == NULL)
    rapport_entity_form_focus_first (self->form);
  else
    rapport_entity_form_show_error (self->form, json_key);
}

/* Returns: (nullable): the error shown on the stage */
const char *
rapport_stage_editor_get_error (RapportStageEditor *self)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_EDITOR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

void
rapport_stage_editor_clear_error (RapportStageEditor *self)
{
  g_return_if_fail (RAPPORT_IS_STAGE_EDITOR (self));

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  rapport_entity_form_clear_errors (self->form);
}

/* moves the focus to the stage's first field */
gboolean
rapport_stage_editor_focus (RapportStageEditor *self)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_EDITOR (self), FALSE);

  return rapport_entity_form_focus_first (self->form);
}

/* Returns: (transfer none) (nullable): the row of a field of the stage */
GtkWidget *
rapport_stage_editor_get_row (RapportStageEditor *self,
                              const char         *json_key)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_EDITOR (self), NULL);

  return rapport_entity_form_get_row (self->form, json_key);
}

/* whether the stage, as edited, is a won or a lost one */
gboolean
rapport_stage_editor_is_closing (RapportStageEditor *self)
{
  g_autofree char *kind = NULL;

  g_return_val_if_fail (RAPPORT_IS_STAGE_EDITOR (self), FALSE);

  kind = rapport_entity_form_get_text (self->form, "kind");
  return g_strcmp0 (kind, "won") == 0 || g_strcmp0 (kind, "lost") == 0;
}
