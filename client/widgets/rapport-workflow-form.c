/* rapport-workflow-form.c: RapportWorkflowForm, the common settings of an approval workflow (its condition; each step's name, approver, mode, deadline and condition) as a form over its JSON */
#include "rapport-workflow-form.h"
#include "crm-json.h"
#include "crm-user.h"

#include <glib/gi18n.h>

struct _RapportWorkflowForm
{
  GtkWidget   parent_instance;

  GtkWidget  *condition_row;
  GtkBox     *steps_box;

  /* the definition as JSON; members the form does not show are kept as they are */
  JsonObject *root;
  /* per step: member name -> its row */
  GPtrArray  *step_rows;
  gboolean    filling;
};

G_DEFINE_FINAL_TYPE (RapportWorkflowForm, rapport_workflow_form, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* the approver choices: the owner's manager, then each role; one more for any other shape */
#define APPROVER_MANAGER 0
#define MODE_ANY 0
#define MODE_ALL 1

static const CrmFieldSpec *
role_field (void)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_USER);

  return &klass->fields[crm_entity_class_find_field (klass, "role")];
}

static guint
n_roles (void)
{
  return g_strv_length ((char **) role_field ()->enum_values);
}

static JsonArray *
steps (RapportWorkflowForm *self)
{
  if (self->root == NULL || !json_object_has_member (self->root, "steps") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (self->root, "steps")))
    return NULL;
  return json_object_get_array_member (self->root, "steps");
}

/* which choice the step's approvers are: a manager level of 1, a single role, or another shape */
static guint
approver_choice (JsonObject *step)
{
  JsonNode *node = json_object_get_member (step, "approvers");
  const CrmFieldSpec *role = role_field ();
  JsonObject *approvers;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return n_roles () + 1;
  approvers = json_node_get_object (node);
  if (json_object_get_size (approvers) == 1 && json_object_get_int_member_with_default (approvers, "manager_levels", 0) == 1)
    return APPROVER_MANAGER;
  for (guint r = 0; json_object_get_size (approvers) == 1 && role->enum_values[r]; r++)
    if (g_strcmp0 (json_object_get_string_member_with_default (approvers, "role", NULL), role->enum_values[r]) == 0)
      return r + 1;
  return n_roles () + 1;
}

static void
set_or_remove (JsonObject *object,
               const char *member,
               GtkWidget  *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (text[0])
    json_object_set_string_member (object, member, text);
  else if (json_object_has_member (object, member))
    json_object_remove_member (object, member);
}

/* the rows into the JSON, then "changed" */
static void
on_row_changed (RapportWorkflowForm *self)
{
  JsonArray *list = steps (self);

  if (self->filling || self->root == NULL)
    return;
  set_or_remove (self->root, "condition", self->condition_row);
  for (guint i = 0; list && i < self->step_rows->len && i < json_array_get_length (list); i++)
    {
      GHashTable *rows = self->step_rows->pdata[i];
      JsonObject *step = json_array_get_object_element (list, i);
      guint approver = adw_combo_row_get_selected (g_hash_table_lookup (rows, "approvers"));
      guint mode = adw_combo_row_get_selected (g_hash_table_lookup (rows, "mode"));
      GtkSpinButton *deadline = g_hash_table_lookup (rows, "deadline_hours");

      set_or_remove (step, "name", g_hash_table_lookup (rows, "name"));
      set_or_remove (step, "condition", g_hash_table_lookup (rows, "condition"));
      if (approver <= n_roles ())
        {
          JsonObject *approvers = json_object_new ();

          if (approver == APPROVER_MANAGER)
            json_object_set_int_member (approvers, "manager_levels", 1);
          else
            json_object_set_string_member (approvers, "role", role_field ()->enum_values[approver - 1]);
          json_object_set_object_member (step, "approvers", approvers);
        }
      if (mode == MODE_ANY || mode == MODE_ALL)
        json_object_set_string_member (step, "mode", mode == MODE_ANY ? "any" : "all");
      json_object_set_int_member (step, "deadline_hours", gtk_spin_button_get_value_as_int (deadline));
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_step (GtkButton           *button,
             RapportWorkflowForm *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));
  JsonArray *list = steps (self);
  g_autofree char *json = NULL;

  if (list == NULL || index >= json_array_get_length (list))
    return;
  json_array_remove_element (list, index);
  json = rapport_workflow_form_get_json (self);
  rapport_workflow_form_set_json (self, json);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
entry_row (GtkWidget  *group,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

/* one step's group: name, who approves, how many of them, by when, and when it applies */
static GtkWidget *
step_group (RapportWorkflowForm *self,
            JsonObject          *step,
            guint                index,
            GHashTable          *rows)
{
  const CrmFieldSpec *role = role_field ();
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = g_strdup_printf (_("Step %u"), index + 1);
  g_autoptr(GtkStringList) approvers = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);
  const char *mode = json_object_get_string_member_with_default (step, "mode", "any");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *approver_row = adw_combo_row_new ();
  GtkWidget *mode_row = adw_combo_row_new ();
  GtkWidget *deadline_row = adw_action_row_new ();
  GtkWidget *deadline = gtk_spin_button_new_with_range (0, 24 * 365, 1);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this step"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove this step"), -1);
  g_object_set_data (G_OBJECT (remove), "step", GUINT_TO_POINTER (index));
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_step), self, 0);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), remove);

  g_hash_table_insert (rows, (gpointer) "name", entry_row (group, C_("workflow", "Name"),
                                                           json_object_get_string_member_with_default (step, "name", "")));
  gtk_string_list_append (approvers, _("The owner’s manager"));
  for (guint r = 0; role->enum_values[r]; r++)
    gtk_string_list_append (approvers, crm_field_spec_enum_label (role, role->enum_values[r]));
  gtk_string_list_append (approvers, _("As written in the JSON"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (approver_row), _("Approver"));
  adw_combo_row_set_model (ADW_COMBO_ROW (approver_row), G_LIST_MODEL (approvers));
  adw_combo_row_set_selected (ADW_COMBO_ROW (approver_row), approver_choice (step));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), approver_row);
  g_hash_table_insert (rows, (gpointer) "approvers", approver_row);

  gtk_string_list_append (modes, _("Any one of them"));
  gtk_string_list_append (modes, _("All of them"));
  gtk_string_list_append (modes, _("As written in the JSON"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (mode_row), _("Who must approve"));
  adw_combo_row_set_model (ADW_COMBO_ROW (mode_row), G_LIST_MODEL (modes));
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode_row), g_str_equal (mode, "any") ? MODE_ANY : g_str_equal (mode, "all") ? MODE_ALL : 2);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), mode_row);
  g_hash_table_insert (rows, (gpointer) "mode", mode_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (deadline_row), _("Deadline (hours)"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (deadline), json_object_get_int_member_with_default (step, "deadline_hours", 24));
  gtk_widget_set_valign (deadline, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (deadline), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Deadline (hours)"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (deadline_row), deadline);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), deadline_row);
  g_hash_table_insert (rows, (gpointer) "deadline_hours", deadline);

  g_hash_table_insert (rows, (gpointer) "condition",
                       entry_row (group, _("Only when (condition)"), json_object_get_string_member_with_default (step, "condition", "")));

  g_signal_connect_object (g_hash_table_lookup (rows, "name"), "changed", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (g_hash_table_lookup (rows, "condition"), "changed", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (approver_row, "notify::selected", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mode_row, "notify::selected", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (deadline, "value-changed", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
  return group;
}

/**
 * rapport_workflow_form_set_json:
 * @self: the form
 * @json: a workflow definition
 *
 * Shows the definition's condition and steps; what the form does not show
 * (translated names, escalation, approvers of another shape) is kept.
 *
 * Returns: %FALSE when @json is not a JSON object (the form is then
 *   insensitive until it is given one)
 */
gboolean
rapport_workflow_form_set_json (RapportWorkflowForm *self,
                                const char          *json)
{
  g_autoptr(JsonObject) root = NULL;
  JsonArray *list;
  GtkWidget *child;

  g_return_val_if_fail (RAPPORT_IS_WORKFLOW_FORM (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  root = crm_json_parse_object (json, -1, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), root != NULL);
  if (root == NULL)
    return FALSE;
  g_clear_pointer (&self->root, json_object_unref);
  self->root = json_object_ref (root);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->condition_row),
                         json_object_get_string_member_with_default (root, "condition", ""));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box))) != NULL)
    gtk_box_remove (self->steps_box, child);
  g_ptr_array_set_size (self->step_rows, 0);
  list = steps (self);
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      GHashTable *rows = g_hash_table_new (g_str_hash, g_str_equal);
      JsonNode *node = json_array_get_element (list, i);

      g_ptr_array_add (self->step_rows, rows);
      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_box_append (self->steps_box, step_group (self, json_node_get_object (node), i, rows));
    }
  self->filling = FALSE;
  return TRUE;
}

/**
 * rapport_workflow_form_get_json:
 * @self: the form
 *
 * Returns: (transfer full) (nullable): the definition as the form has it,
 *   pretty-printed, or %NULL before rapport_workflow_form_set_json()
 */
char *
rapport_workflow_form_get_json (RapportWorkflowForm *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKFLOW_FORM (self), NULL);

  return self->root != NULL ? crm_json_object_to_pretty (self->root) : NULL;
}

/**
 * rapport_workflow_form_add_step:
 * @self: the form
 *
 * Adds a step that the owner's manager approves within a day.
 */
void
rapport_workflow_form_add_step (RapportWorkflowForm *self)
{
  JsonArray *list;
  JsonObject *step, *approvers;
  g_autofree char *name = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (RAPPORT_IS_WORKFLOW_FORM (self));

  if (self->root == NULL)
    return;
  if (steps (self) == NULL)
    json_object_set_array_member (self->root, "steps", json_array_new ());
  list = steps (self);
  step = json_object_new ();
  name = g_strdup_printf (_("Step %u"), json_array_get_length (list) + 1);
  json_object_set_string_member (step, "name", name);
  approvers = json_object_new ();
  json_object_set_int_member (approvers, "manager_levels", 1);
  json_object_set_object_member (step, "approvers", approvers);
  json_object_set_string_member (step, "mode", "any");
  json_object_set_int_member (step, "deadline_hours", 24);
  json_array_add_object_element (list, step);
  json = rapport_workflow_form_get_json (self);
  rapport_workflow_form_set_json (self, json);
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
rapport_workflow_form_get_n_steps (RapportWorkflowForm *self)
{
  g_return_val_if_fail (RAPPORT_IS_WORKFLOW_FORM (self), 0);

  return self->step_rows->len;
}

/**
 * rapport_workflow_form_get_step_row:
 * @self: the form
 * @step: a step, from 0
 * @member: "name", "approvers", "mode", "deadline_hours" or "condition"
 *
 * Returns: (transfer none) (nullable): the widget that edits it
 */
GtkWidget *
rapport_workflow_form_get_step_row (RapportWorkflowForm *self,
                                    guint                step,
                                    const char          *member)
{
  g_return_val_if_fail (RAPPORT_IS_WORKFLOW_FORM (self), NULL);

  if (step >= self->step_rows->len)
    return NULL;
  return g_hash_table_lookup (self->step_rows->pdata[step], member);
}

static void
rapport_workflow_form_dispose (GObject *object)
{
  RapportWorkflowForm *self = RAPPORT_WORKFLOW_FORM (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_WORKFLOW_FORM);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_pointer (&self->root, json_object_unref);
  G_OBJECT_CLASS (rapport_workflow_form_parent_class)->dispose (object);
}

static void
rapport_workflow_form_class_init (RapportWorkflowFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_workflow_form_dispose;

  /**
   * RapportWorkflowForm::changed:
   *
   * The user changed a setting; rapport_workflow_form_get_json() has it.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_class_ref (CRM_TYPE_USER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-workflow-form.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportWorkflowForm, condition_row);
  gtk_widget_class_bind_template_child (widget_class, RapportWorkflowForm, steps_box);
  gtk_widget_class_bind_template_callback (widget_class, rapport_workflow_form_add_step);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_workflow_form_init (RapportWorkflowForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->step_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_signal_connect_object (self->condition_row, "changed", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}
