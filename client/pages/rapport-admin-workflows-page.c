/* rapport-admin-workflows-page.c: RapportAdminWorkflowsPage, approval workflow definitions for administrators, checked as typed */
#include "rapport-admin-workflows-page.h"
#include "widgets/rapport-admin-list.h"
#include "widgets/rapport-workflow-form.h"
#include "rapport-window.h"
#include "crm-condition.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"
#include "crm-workflow.h"
#include "crm-workflow-definition.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

/* a few workflows for each kind of record */
#define MAX_WORKFLOWS 200
/* the check follows typing once it pauses */
#define CHECK_DELAY_MS 300
#define EXAMPLE_WORKFLOW "/org/rapport/Rapport/workflows/quote-discount.json"

struct _RapportAdminWorkflowsPage
{
  GtkWidget     parent_instance;

  GtkWidget    *save_button;
  GtkLabel     *error_label;
  GtkStack     *list_stack;
  GtkListBox   *list;
  GtkWidget    *name_row;
  GtkWidget    *description_row;
  GtkSwitch    *active_switch;
  AdwActionRow *version_row;
  GtkTextView  *content_view;
  GtkStack     *editor_stack;
  RapportWorkflowForm *workflow_form;
  GtkLabel     *check_label;
  GtkLabel     *caret_label;

  RapportApi   *api;
  GCancellable *cancellable;
  /* the workflows, the one being edited and whether it changed */
  RapportAdminList *admin_list;
  /* set while the editor shows a workflow, so that it does not count as a change */
  gboolean      filling;
  gboolean      saving;
  gboolean      valid;
  guint         check_source;
  /* set while the form writes the JSON, so that it is not read back */
  gboolean      form_writing;
};

G_DEFINE_FINAL_TYPE (RapportAdminWorkflowsPage, rapport_admin_workflows_page, GTK_TYPE_WIDGET)

static char *
content_text (RapportAdminWorkflowsPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->content_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_error (RapportAdminWorkflowsPage *self,
            const char                *message,
            const char                *field)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_widget_remove_css_class (self->name_row, "error");
  if (g_strcmp0 (field, "name") == 0)
    gtk_widget_add_css_class (self->name_row, "error");
}

static void
show_check (RapportAdminWorkflowsPage *self,
            const char                *text,
            const char                *css_class)
{
  gtk_label_set_text (self->check_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->check_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->check_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->check_label), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->check_label), css_class);
}

static void
clear_marks (RapportAdminWorkflowsPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->content_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "problem", &start, &end);
  gtk_widget_set_visible (GTK_WIDGET (self->caret_label), FALSE);
}

/* underlines the line (from 1) that json-glib names: "<data>:3:5: Parse error: …" */
static void
mark_json_error (RapportAdminWorkflowsPage *self,
                 const char                *message)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->content_view);
  g_autoptr(GRegex) regex = g_regex_new (":([0-9]+):([0-9]+):", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GtkTextIter start, end;
  g_autofree char *line_text = NULL;
  int line;

  if (!g_regex_match (regex, message, 0, &match))
    return;
  line_text = g_match_info_fetch (match, 1);
  line = (int) g_ascii_strtoll (line_text, NULL, 10) - 1;
  if (line < 0 || line >= gtk_text_buffer_get_line_count (buffer))
    return;
  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_apply_tag_by_name (buffer, "problem", &start, &end);
}

/* the text of the condition at @path ("condition", "steps[1].condition") */
static char *
condition_at (const char *content,
              const char *path)
{
  g_autoptr(JsonNode) root = crm_json_parse (content, -1, CRM_JSON_MAX_VALUES, NULL);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  guint step;

  if (object == NULL)
    return NULL;
  if (sscanf (path, "steps[%u].condition", &step) == 1)
    {
      JsonNode *steps = json_object_get_member (object, "steps");

      if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps) || step >= json_array_get_length (json_node_get_array (steps)) ||
          !JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (steps), step)))
        return NULL;
      object = json_array_get_object_element (json_node_get_array (steps), step);
    }
  else if (!g_str_equal (path, "condition"))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (object, "condition", NULL));
}

/* a condition that does not parse: the parser's column, under the text,
 * and in the definition where the condition is written */
static void
mark_condition_error (RapportAdminWorkflowsPage *self,
                      const char                *content,
                      const char                *path)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->content_view);
  g_autofree char *condition = condition_at (content, path);
  g_autoptr(CrmCondition) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) literal = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *caret = NULL;
  GtkTextIter start, match_start, match_end;
  guint column = 0;

  if (condition == NULL || (parsed = crm_condition_parse (condition, &column, &error)) != NULL || column == 0)
    return;
  caret = g_strdup_printf ("%s\n%*s^", condition, (int) column - 1, "");
  gtk_label_set_text (self->caret_label, caret);
  gtk_widget_set_visible (GTK_WIDGET (self->caret_label), TRUE);

  literal = json_node_init_string (json_node_alloc (), condition);
  quoted = crm_json_to_string (literal);
  gtk_text_buffer_get_start_iter (buffer, &start);
  if (gtk_text_iter_forward_search (&start, quoted, GTK_TEXT_SEARCH_TEXT_ONLY, &match_start, &match_end, NULL))
    {
      GtkTextIter at = match_start, next;

      /* past the opening quote, to the column (from 1) */
      gtk_text_iter_forward_chars (&at, (int) column);
      next = at;
      gtk_text_iter_forward_char (&next);
      if (gtk_text_iter_compare (&next, &match_end) > 0)
        next = match_end;
      gtk_text_buffer_apply_tag_by_name (buffer, "problem", &at, &next);
    }
}

/**
 * rapport_admin_workflows_page_check:
 * @self: the page
 *
 * Checks the definition as typed with the validator the server uses:
 * JSON syntax, members and values, conditions (with their column), and
 * the fields of the record kind it applies to.
 *
 * Returns: whether it may be saved
 */
gboolean
rapport_admin_workflows_page_check (RapportAdminWorkflowsPage *self)
{
  g_autofree char *content = content_text (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmWorkflowDefinition) definition = NULL;
  GType target = G_TYPE_INVALID;
  g_autofree char *text = NULL;
  CrmEntity *current = rapport_admin_list_get_current (self->admin_list);

  g_clear_handle_id (&self->check_source, g_source_remove);
  clear_marks (self);
  definition = crm_workflow_definition_new_from_data (content, -1, &error);
  if (definition)
    {
      target = crm_entities_lookup_name (crm_workflow_definition_get_entity (definition));
      if (target != G_TYPE_INVALID &&
          !crm_workflow_definition_check_entity (definition, g_type_class_peek (target), &error))
        g_clear_pointer (&definition, crm_workflow_definition_unref);
    }
  self->valid = definition != NULL;
  if (definition == NULL)
    {
      const char *member = crm_error_get_field (error);

      if (member == NULL)
        mark_json_error (self, error->message);
      else if (g_str_has_suffix (member, "condition"))
        mark_condition_error (self, content, member);
      /* TRANSLATORS: the definition being edited has a problem, e.g. "Not valid yet: “steps[0].mode” must be …" */
      text = g_strdup_printf (_("Not valid yet: %s"), error->message);
      show_check (self, text, "error");
      return FALSE;
    }
  {
    guint n_steps = crm_workflow_definition_get_n_steps (definition);
    g_autofree char *steps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", n_steps), n_steps);
    CrmEntityClass *klass = target != G_TYPE_INVALID ? g_type_class_ref (target) : NULL;
    const char *noun = klass && klass->label ? _(klass->label) : crm_workflow_definition_get_entity (definition);
    gint64 saved = 0;

    /* TRANSLATORS: the definition checks out, e.g. "Valid: for Quote, on “Submit”, 2 steps" */
    text = g_strdup_printf (_("Valid: for %s, on “%s”, %s"), noun,
                            crm_workflow_trigger_label (crm_workflow_definition_get_trigger (definition)), steps);
    if (klass)
      g_type_class_unref (klass);
    if (current && rapport_admin_list_get_dirty (self->admin_list))
      {
        g_autoptr(CrmWorkflowDefinition) before =
          crm_workflow_definition_new_from_data (crm_entity_get_text (current, "content") ?
                                                 crm_entity_get_text (current, "content") : "", -1, NULL);

        saved = before ? crm_workflow_definition_get_version (before) : 0;
      }
    if (saved > 0 && crm_workflow_definition_get_version (definition) <= saved &&
        g_strcmp0 (content, crm_entity_get_text (current, "content")) != 0)
      {
        /* TRANSLATORS: a reminder under a valid definition whose own "version" member was not raised */
        g_autofree char *warning = g_strdup_printf (_("%s. Its “version” is still %lld: raise it, so that each request "
                                                      "shows which rules it followed."), text, (long long) saved);
        show_check (self, warning, "warning");
      }
    else
      show_check (self, text, "success");
  }
  return TRUE;
}

static gboolean
check_later (gpointer user_data)
{
  RapportAdminWorkflowsPage *self = user_data;

  self->check_source = 0;
  rapport_admin_workflows_page_check (self);
  return G_SOURCE_REMOVE;
}

static void
update_dirty (RapportAdminWorkflowsPage *self)
{
  if (!self->filling)
    rapport_admin_list_set_dirty (self->admin_list, TRUE);
}

static void
on_content_changed (RapportAdminWorkflowsPage *self)
{
  update_dirty (self);
  g_clear_handle_id (&self->check_source, g_source_remove);
  self->check_source = g_timeout_add (CHECK_DELAY_MS, check_later, self);
  /* the JSON typed: the form shows it, or waits while it is not JSON */
  if (!self->form_writing)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->content_view);
      GtkTextIter start, end;
      g_autofree char *content = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      content = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      rapport_workflow_form_set_json (self->workflow_form, content);
    }
}

/* the form changed a setting: the JSON follows, with what the form does not show kept */
static void
on_form_changed (RapportAdminWorkflowsPage *self)
{
  g_autofree char *json = rapport_workflow_form_get_json (self->workflow_form);

  if (json == NULL)
    return;
  self->form_writing = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->content_view), json, -1);
  self->form_writing = FALSE;
}

static void
show_version (RapportAdminWorkflowsPage *self)
{
  g_autofree char *text = NULL;
  CrmEntity *current = rapport_admin_list_get_current (self->admin_list);

  if (current)
    /* TRANSLATORS: a workflow's stored version, and the one a save makes */
    text = g_strdup_printf (_("%lld now; saving makes version %lld"), (long long) crm_entity_get_version (current),
                            (long long) crm_entity_get_version (current) + 1);
  else
    text = g_strdup (_("New; saving makes version 1"));
  adw_action_row_set_subtitle (self->version_row, text);
}

static void
fill (RapportAdminWorkflowsPage *self,
      CrmEntity                 *workflow,
      const char                *content)
{
  const char *name = workflow ? crm_entity_get_text (workflow, "name") : NULL;
  const char *description = workflow ? crm_entity_get_text (workflow, "description") : NULL;
  int active = workflow ? crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (workflow), "active") : -1;

  rapport_admin_list_set_current (self->admin_list, workflow);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), description ? description : "");
  /* a workflow without the flag counts as active, as the server has it */
  gtk_switch_set_active (self->active_switch, workflow == NULL || active < 0 || !crm_entity_has_value (workflow, active) ||
                                              crm_entity_value (workflow, active)->is_null || crm_entity_get_bool (workflow, "active"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->content_view), content ? content : "", -1);
  self->filling = FALSE;
  rapport_admin_list_set_dirty (self->admin_list, FALSE);
  show_error (self, NULL, NULL);
  show_version (self);
  rapport_admin_workflows_page_check (self);
}

/* the workflow's name in the interface's language where its definition
 * has one (the shipped ones do), else the name it is stored under */
static char *
shown_name (CrmEntity *workflow)
{
  const char *content = crm_entity_get_text (workflow, "content");
  g_autoptr(CrmWorkflowDefinition) definition = content ? crm_workflow_definition_new_from_data (content, -1, NULL) : NULL;
  const char *local = definition ? crm_workflow_definition_get_name_for (definition, g_get_language_names ()) : NULL;

  if (local != NULL && g_strcmp0 (local, crm_workflow_definition_get_name (definition)) != 0)
    return g_strdup (local);
  return g_strdup (crm_entity_get_text (workflow, "name"));
}

static GtkWidget *
row_for (CrmEntity *workflow)
{
  GtkWidget *row = adw_action_row_new ();
  const char *entity = crm_entity_get_text (workflow, "applies_to");
  GType type = entity ? crm_entities_lookup_name (entity) : G_TYPE_INVALID;
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_ref (type) : NULL;
  int active = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (workflow), "active");
  gboolean off = crm_entity_has_value (workflow, active) && !crm_entity_value (workflow, active)->is_null &&
                 !crm_entity_get_bool (workflow, "active");
  g_autofree char *subtitle = NULL;
  g_autofree char *name = shown_name (workflow);

  /* TRANSLATORS: a workflow in the list: the kind of record, the step it guards and its version, e.g. "Quote · Submit · version 2" */
  subtitle = g_strdup_printf (_("%s · %s · version %lld"), klass && klass->label ? _(klass->label) : (entity ? entity : ""),
                              crm_entity_get_text (workflow, "trigger")
                              ? crm_workflow_trigger_label (crm_entity_get_text (workflow, "trigger")) : "",
                              (long long) crm_entity_get_version (workflow));
  if (off)
    {
      char *with = g_strdup_printf (_("%s · inactive"), subtitle);
      g_free (subtitle);
      subtitle = with;
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (off)
    gtk_widget_add_css_class (row, "dim-label");
  if (klass)
    g_type_class_unref (klass);
  return row;
}

/* shows @workflow, or a new one starting from the shipped example */
static void
edit (GtkWidget *page,
      CrmEntity *workflow)
{
  RapportAdminWorkflowsPage *self = RAPPORT_ADMIN_WORKFLOWS_PAGE (page);
  g_autoptr(GBytes) example = NULL;
  g_autofree char *content = NULL;

  if (workflow)
    {
      fill (self, workflow, crm_entity_get_text (workflow, "content"));
      return;
    }
  example = g_resources_lookup_data (EXAMPLE_WORKFLOW, 0, NULL);
  content = example ? g_strndup (g_bytes_get_data (example, NULL), g_bytes_get_size (example)) : NULL;
  fill (self, NULL, content ? content : "");
  gtk_widget_grab_focus (self->name_row);
}

static void
show_load_error (GtkWidget    *page,
                 const GError *error)
{
  show_error (RAPPORT_ADMIN_WORKFLOWS_PAGE (page), error ? error->message : NULL, NULL);
}

static const RapportAdminListHooks list_hooks = {
  .make_row = row_for,
  .edit = edit,
  .show_error = show_load_error,
};

void
rapport_admin_workflows_page_reload (RapportAdminWorkflowsPage *self)
{
  rapport_admin_list_load (self->admin_list, self->api);
}

void
rapport_admin_workflows_page_set_api (RapportAdminWorkflowsPage *self,
                                      RapportApi                *api)
{
  g_set_object (&self->api, api);
  rapport_admin_workflows_page_reload (self);
}

/* a new workflow, starting from the shipped example */
void
rapport_admin_workflows_page_new_workflow (RapportAdminWorkflowsPage *self)
{
  rapport_admin_list_start_new (self->admin_list);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportAdminWorkflowsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) workflow = crm_entity_new (CRM_TYPE_WORKFLOW);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (node == NULL || !crm_json_read_entity (workflow, json_node_get_object (node), error ? NULL : &error))
    {
      const char *field = crm_error_get_field (error);

      /* what was typed stays, with the server's reason beside it */
      show_error (self, error->message, field);
      if (g_strcmp0 (field, "content") == 0)
        show_check (self, error->message, "error");
      return;
    }
  show_error (self, NULL, NULL);
  rapport_admin_list_set_current (self->admin_list, workflow);
  rapport_admin_list_set_dirty (self->admin_list, FALSE);
  show_version (self);
  /* TRANSLATORS: a toast after saving a workflow, e.g. Saved “Quote discount” as version 3 */
  message = g_strdup_printf (_("Saved “%s” as version %lld"), crm_entity_get_text (workflow, "name"),
                             (long long) crm_entity_get_version (workflow));
  rapport_window_toast_for (GTK_WIDGET (self), message);
  rapport_admin_workflows_page_reload (self);
}

/* sends the workflow; one that does not check out is not sent */
void
rapport_admin_workflows_page_save (RapportAdminWorkflowsPage *self)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_WORKFLOW);
  g_autofree char *content = content_text (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  CrmEntity *current = rapport_admin_list_get_current (self->admin_list);
  const char *old_description = current ? crm_entity_get_text (current, "description") : NULL;
  gboolean active = gtk_switch_get_active (self->active_switch);
  g_autoptr(GError) error = NULL;

  if (self->saving || self->api == NULL)
    return;
  if (!rapport_admin_workflows_page_check (self))
    {
      show_error (self, _("Fix the definition first: it is checked below as you type."), NULL);
      return;
    }
  if (current == NULL || g_strcmp0 (name, crm_entity_get_text (current, "name")) != 0)
    crm_entity_set_text (patch, "name", name);
  if (current == NULL || g_strcmp0 (description, old_description ? old_description : "") != 0)
    crm_entity_set_text (patch, "description", description[0] ? description : NULL);
  if (current == NULL || active != crm_entity_get_bool (current, "active"))
    crm_entity_set_bool (patch, "active", active);
  if (current == NULL || g_strcmp0 (content, crm_entity_get_text (current, "content")) != 0)
    crm_entity_set_text (patch, "content", content);
  if (!crm_entity_validate (patch, current ? CRM_VALIDATE_PATCH : CRM_VALIDATE_CREATE, &error))
    {
      show_error (self, error->message, crm_error_get_field (error));
      return;
    }
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  rapport_admin_list_send (self->admin_list, self->api, patch, saved, self);
}

/* shows the stored workflow of that name */
gboolean
rapport_admin_workflows_page_select (RapportAdminWorkflowsPage *self,
                                     const char                *name)
{
  return rapport_admin_list_select_name (self->admin_list, name);
}

/* replaces the JSON being edited, as typing would */
void
rapport_admin_workflows_page_set_content (RapportAdminWorkflowsPage *self,
                                          const char                *content)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->content_view), content, -1);
}

/* what the check under the definition says */
const char *
rapport_admin_workflows_page_get_problem (RapportAdminWorkflowsPage *self)
{
  return self->valid ? NULL : gtk_label_get_text (self->check_label);
}

/* the server's refusal, or NULL */
const char *
rapport_admin_workflows_page_get_error (RapportAdminWorkflowsPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

guint
rapport_admin_workflows_page_get_n_workflows (RapportAdminWorkflowsPage *self)
{
  return rapport_admin_list_get_n_items (self->admin_list);
}

gboolean
rapport_admin_workflows_page_get_busy (RapportAdminWorkflowsPage *self)
{
  return self->saving || rapport_admin_list_get_loading (self->admin_list);
}

static void
action_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportAdminWorkflowsPage *self = RAPPORT_ADMIN_WORKFLOWS_PAGE (widget);

  if (g_str_equal (action, "workflows.new"))
    rapport_admin_workflows_page_new_workflow (self);
  else
    rapport_admin_workflows_page_save (self);
}

static void
rapport_admin_workflows_page_dispose (GObject *object)
{
  RapportAdminWorkflowsPage *self = RAPPORT_ADMIN_WORKFLOWS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->check_source, g_source_remove);
  g_clear_object (&self->admin_list);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ADMIN_WORKFLOWS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_admin_workflows_page_parent_class)->dispose (object);
}

static void
rapport_admin_workflows_page_class_init (RapportAdminWorkflowsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_workflows_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-workflows-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, list);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, active_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, content_view);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, workflow_form);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, check_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminWorkflowsPage, caret_label);
  gtk_widget_class_bind_template_callback (widget_class, update_dirty);
  gtk_widget_class_install_action (widget_class, "workflows.new", NULL, action_activated);
  gtk_widget_class_install_action (widget_class, "workflows.save", NULL, action_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_workflows_page_init (RapportAdminWorkflowsPage *self)
{
  GtkTextBuffer *buffer;

  g_type_ensure (RAPPORT_TYPE_WORKFLOW_FORM);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->admin_list = rapport_admin_list_new (GTK_WIDGET (self), self->list, self->list_stack,
                                             CRM_TYPE_WORKFLOW, "/workflows", MAX_WORKFLOWS,
                                             N_("What you changed on this workflow has not been saved."),
                                             &list_hooks, self->cancellable);
  buffer = gtk_text_view_get_buffer (self->content_view);
  gtk_text_buffer_create_tag (buffer, "problem", "underline", PANGO_UNDERLINE_ERROR, NULL);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_content_changed), self, G_CONNECT_SWAPPED);
}
