/* rapport-admin-pipelines-page.c: RapportAdminPipelinesPage, sales pipelines and their ordered stages for administrators */
#include "rapport-admin-pipelines-page.h"
#include "widgets/rapport-admin-list.h"
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-stage-editor.h"
#include "rapport-window.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-pipeline.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>

/* pipelines are few: a company keeps a handful */
#define MAX_PIPELINES 200

struct _RapportAdminPipelinesPage
{
  GtkWidget          parent_instance;

  GtkWidget         *save_button;
  GtkWidget         *archive_button;
  GtkLabel          *error_label;
  GtkListBox        *list;
  GtkBox            *header_box;
  GtkBox            *stages_box;

  RapportEntityForm *header_form;
  RapportApi        *api;
  GCancellable      *cancellable;
  /* the pipelines and the one being edited, as stored */
  RapportAdminList  *admin_list;
  /* stages were added, removed or moved since it was loaded */
  gboolean           reordered;
  gboolean           saving;
};

G_DEFINE_FINAL_TYPE (RapportAdminPipelinesPage, rapport_admin_pipelines_page, GTK_TYPE_WIDGET)

static void
show_error (RapportAdminPipelinesPage *self,
            const char                *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_errors (RapportAdminPipelinesPage *self)
{
  show_error (self, NULL);
  rapport_entity_form_clear_errors (self->header_form);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box)); child;
       child = gtk_widget_get_next_sibling (child))
    rapport_stage_editor_clear_error (RAPPORT_STAGE_EDITOR (child));
}

gboolean
rapport_admin_pipelines_page_get_dirty (RapportAdminPipelinesPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self), FALSE);

  if (self->reordered || rapport_entity_form_is_dirty (self->header_form))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box)); child;
       child = gtk_widget_get_next_sibling (child))
    if (rapport_stage_editor_is_dirty (RAPPORT_STAGE_EDITOR (child)))
      return TRUE;
  return FALSE;
}

/* Save is the suggested action only while something differs from what was loaded */
static void
update_dirty (RapportAdminPipelinesPage *self)
{
  if (rapport_admin_pipelines_page_get_dirty (self))
    gtk_widget_add_css_class (self->save_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->save_button, "suggested-action");
}

static void
renumber (RapportAdminPipelinesPage *self)
{
  guint n = rapport_admin_pipelines_page_get_n_stages (self);
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box)); child;
       child = gtk_widget_get_next_sibling (child))
    rapport_stage_editor_set_place (RAPPORT_STAGE_EDITOR (child), i++, n);
}

static void
on_stage_move (RapportStageEditor        *editor,
               int                        delta,
               RapportAdminPipelinesPage *self)
{
  GtkWidget *widget = GTK_WIDGET (editor);
  GtkWidget *prev = gtk_widget_get_prev_sibling (widget);
  GtkWidget *next = gtk_widget_get_next_sibling (widget);

  if (delta < 0 && prev != NULL)
    gtk_box_reorder_child_after (self->stages_box, widget, gtk_widget_get_prev_sibling (prev));
  else if (delta > 0 && next != NULL)
    gtk_box_reorder_child_after (self->stages_box, widget, next);
  else
    return;
  self->reordered = TRUE;
  renumber (self);
  update_dirty (self);
}

static void
on_stage_remove (RapportStageEditor        *editor,
                 RapportAdminPipelinesPage *self)
{
  GtkWidget *neighbour = gtk_widget_get_next_sibling (GTK_WIDGET (editor));

  if (neighbour == NULL)
    neighbour = gtk_widget_get_prev_sibling (GTK_WIDGET (editor));
  gtk_box_remove (self->stages_box, GTK_WIDGET (editor));
  if (neighbour != NULL)
    rapport_stage_editor_focus (RAPPORT_STAGE_EDITOR (neighbour));
  self->reordered = TRUE;
  renumber (self);
  update_dirty (self);
}

/* a stage's editor, placed after @sibling (NULL: first) */
static RapportStageEditor *
add_editor (RapportAdminPipelinesPage *self,
            CrmEntity                 *stage,
            GtkWidget                 *sibling)
{
  RapportStageEditor *editor = rapport_stage_editor_new (self->api, stage);

  g_signal_connect_object (editor, "changed", G_CALLBACK (update_dirty), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "move", G_CALLBACK (on_stage_move), self, 0);
  g_signal_connect_object (editor, "remove", G_CALLBACK (on_stage_remove), self, 0);
  gtk_box_insert_child_after (self->stages_box, GTK_WIDGET (editor), sibling);
  return editor;
}

/* shows @pipeline (NULL: a new one, with its won and lost stages ready) */
static void
fill (RapportAdminPipelinesPage *self,
      CrmEntity                 *pipeline)
{
  g_autoptr(CrmEntity) empty = crm_entity_new (CRM_TYPE_PIPELINE);
  GtkWidget *child;
  GPtrArray *stages = pipeline ? crm_entity_get_lines (pipeline) : NULL;

  rapport_admin_list_set_current (self->admin_list, pipeline);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box))) != NULL)
    gtk_box_remove (self->stages_box, child);
  rapport_entity_form_set_entity (self->header_form, pipeline ? pipeline : empty);
  for (guint i = 0; stages != NULL && i < stages->len; i++)
    add_editor (self, stages->pdata[i], gtk_widget_get_last_child (GTK_WIDGET (self->stages_box)));
  if (pipeline == NULL)
    {
      rapport_stage_editor_preset (add_editor (self, NULL, NULL), C_("stage kind", "Won"), "100", "won");
      rapport_stage_editor_preset (add_editor (self, NULL, gtk_widget_get_last_child (GTK_WIDGET (self->stages_box))),
                                   C_("stage kind", "Lost"), "0", "lost");
    }
  self->reordered = FALSE;
  renumber (self);
  clear_errors (self);
  /* new opportunities start in the default pipeline: another is made the default first */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pipelines.archive",
                                 pipeline != NULL && !crm_entity_get_bool (pipeline, "is_default"));
  update_dirty (self);
}

static GtkWidget *
row_for (CrmEntity *pipeline)
{
  GtkWidget *row = adw_action_row_new ();
  GPtrArray *stages = crm_entity_get_lines (pipeline);
  guint n = stages ? stages->len : 0;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stage", "%u stages", n), n);
  g_autofree char *subtitle = NULL;

  if (crm_entity_get_bool (pipeline, "is_default"))
    /* TRANSLATORS: a pipeline in the list: it is the default one, then its number of stages */
    subtitle = g_strdup_printf (_("Default · %s"), count);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_entity_get_text (pipeline, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : count);
  return row;
}

/* shows @pipeline, or a new one with the focus in its first field */
static void
edit (GtkWidget *page,
      CrmEntity *pipeline)
{
  RapportAdminPipelinesPage *self = RAPPORT_ADMIN_PIPELINES_PAGE (page);

  fill (self, pipeline);
  if (pipeline == NULL)
    rapport_entity_form_focus_first (self->header_form);
}

static void
show_load_error (GtkWidget    *page,
                 const GError *error)
{
  show_error (RAPPORT_ADMIN_PIPELINES_PAGE (page), error ? error->message : NULL);
}

static gboolean
is_dirty (GtkWidget *page)
{
  return rapport_admin_pipelines_page_get_dirty (RAPPORT_ADMIN_PIPELINES_PAGE (page));
}

static const RapportAdminListHooks list_hooks = {
  .make_row = row_for,
  .edit = edit,
  .show_error = show_load_error,
  .is_dirty = is_dirty,
};

void
rapport_admin_pipelines_page_reload (RapportAdminPipelinesPage *self)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self));

  rapport_admin_list_load (self->admin_list, self->api);
}

void
rapport_admin_pipelines_page_set_api (RapportAdminPipelinesPage *self,
                                      RapportApi                *api)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self));
  g_return_if_fail (RAPPORT_IS_API (api));

  g_set_object (&self->api, api);
  fill (self, NULL);
  rapport_admin_pipelines_page_reload (self);
}

void
rapport_admin_pipelines_page_new_pipeline (RapportAdminPipelinesPage *self)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self));

  rapport_admin_list_start_new (self->admin_list);
}

/* the stage whose form holds the focus, or NULL */
static GtkWidget *
focused_stage (RapportAdminPipelinesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *editor = focus ? gtk_widget_get_ancestor (focus, RAPPORT_TYPE_STAGE_EDITOR) : NULL;

  return editor && gtk_widget_get_parent (editor) == GTK_WIDGET (self->stages_box) ? editor : NULL;
}

/* a new open stage after the one being edited, or else before the won and lost stages */
void
rapport_admin_pipelines_page_add_stage (RapportAdminPipelinesPage *self)
{
  GtkWidget *after = focused_stage (self);
  RapportStageEditor *editor;

  g_return_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self));

  if (after == NULL)
    {
      after = gtk_widget_get_last_child (GTK_WIDGET (self->stages_box));
      while (after != NULL && rapport_stage_editor_is_closing (RAPPORT_STAGE_EDITOR (after)))
        after = gtk_widget_get_prev_sibling (after);
    }
  editor = add_editor (self, NULL, after);
  self->reordered = TRUE;
  renumber (self);
  rapport_stage_editor_focus (editor);
  update_dirty (self);
}

/* "stages[2].name" → 2 and "name"; FALSE for another field */
static gboolean
parse_stage_field (const char  *field,
                   guint       *index,
                   char       **key)
{
  unsigned int n = 0;
  int consumed = 0;

  if (field == NULL || sscanf (field, "stages[%u].%n", &n, &consumed) != 1 || consumed == 0)
    return FALSE;
  *index = n;
  *key = g_strdup (field + consumed);
  return TRUE;
}

/* the server's refusal, or the client's own check, shown where it names:
 * a stage's field, the pipeline's, or the page */
static void
show_refusal (RapportAdminPipelinesPage *self,
              const GError              *error)
{
  const char *field = crm_error_get_field (error);
  g_autofree char *key = NULL;
  guint index;

  if (parse_stage_field (field, &index, &key) &&
      index < rapport_admin_pipelines_page_get_n_stages (self))
    {
      GtkWidget *editor = rapport_admin_pipelines_page_get_stage (self, index);

      rapport_stage_editor_show_error (RAPPORT_STAGE_EDITOR (editor), error->message, key);
      show_error (self, _("A stage is refused: see its message below."));
      return;
    }
  show_error (self, error->message);
  if (field != NULL && rapport_entity_form_get_row (self->header_form, field) != NULL)
    rapport_entity_form_show_error (self->header_form, field);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportAdminPipelinesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) pipeline = crm_entity_new (CRM_TYPE_PIPELINE);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (node == NULL || !crm_json_read_entity (pipeline, json_node_get_object (node), error ? NULL : &error))
    {
      /* what was typed stays, with the reason where it applies */
      show_refusal (self, error);
      return;
    }
  fill (self, pipeline);
  /* TRANSLATORS: a toast after saving a pipeline, e.g. Saved “Projects” */
  message = g_strdup_printf (_("Saved “%s”"), crm_entity_get_text (pipeline, "name"));
  rapport_window_toast_for (GTK_WIDGET (self), message);
  rapport_admin_pipelines_page_reload (self);
}

/* sends the pipeline with all its stages in order; a stage that does not
 * check out is shown and nothing is sent */
void
rapport_admin_pipelines_page_save (RapportAdminPipelinesPage *self)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_PIPELINE);
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  CrmEntity *current = NULL;
  guint i = 0;

  g_return_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self));

  if (self->saving || self->api == NULL)
    return;
  clear_errors (self);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box)); child;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      CrmEntity *stage = rapport_stage_editor_build (RAPPORT_STAGE_EDITOR (child), &error);

      if (stage == NULL)
        {
          g_autofree char *path = g_strdup_printf ("stages[%u].%s", i, crm_error_get_field (error));
          g_autoptr(GError) named = NULL;

          crm_error_set_field_error (&named, error->code, path, "%s", error->message);
          show_refusal (self, named);
          return;
        }
      g_ptr_array_add (stages, stage);
    }
  current = rapport_admin_list_get_current (self->admin_list);
  rapport_entity_form_fill_changes (self->header_form, patch);
  if (current == NULL)
    rapport_entity_form_fill_defaults (self->header_form, patch);
  if (!crm_entity_validate (patch, current ? CRM_VALIDATE_PATCH : CRM_VALIDATE_CREATE, &error))
    {
      show_refusal (self, error);
      return;
    }
  crm_entity_set_lines (patch, g_steal_pointer (&stages));
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  rapport_admin_list_send (self->admin_list, self->api, patch, saved, self);
}

static void
archived (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportAdminPipelinesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  /* an archive answers with the record, or with nothing */
  if (node == NULL && error != NULL)
    {
      show_error (self, error->message);
      return;
    }
  /* TRANSLATORS: a toast after archiving a pipeline */
  message = g_strdup_printf (_("Archived “%s”"),
                             crm_entity_get_text (rapport_admin_list_get_current (self->admin_list), "name"));
  rapport_window_toast_for (GTK_WIDGET (self), message);
  fill (self, NULL);
  rapport_admin_pipelines_page_reload (self);
}

static void
on_archive_response (AdwMessageDialog          *dialog,
                     const char                *response,
                     RapportAdminPipelinesPage *self)
{
  CrmEntity *current = rapport_admin_list_get_current (self->admin_list);
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "archive") || current == NULL || self->saving)
    return;
  path = g_strdup_printf ("/pipelines/%" G_GINT64_FORMAT, crm_entity_get_id (current));
  self->saving = TRUE;
  rapport_api_request_async (self->api, "DELETE", path, NULL, self->cancellable, archived, self);
}

/* archives the pipeline shown, once the administrator confirms */
static void
archive (RapportAdminPipelinesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CrmEntity *current = rapport_admin_list_get_current (self->admin_list);
  GtkWidget *dialog;

  if (current == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Archive Pipeline?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” leaves the lists and the board. Its opportunities keep their stages, and an administrator can restore it."),
                                  crm_entity_get_text (current, "name"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "archive", _("_Archive"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "archive", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_archive_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* shows the stored pipeline of that name */
gboolean
rapport_admin_pipelines_page_select (RapportAdminPipelinesPage *self,
                                     const char                *name)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self), FALSE);

  return rapport_admin_list_select_name (self->admin_list, name);
}

guint
rapport_admin_pipelines_page_get_n_stages (RapportAdminPipelinesPage *self)
{
  guint n = 0;

  g_return_val_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box)); child;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* Returns: (transfer none) (nullable): the editor of the stage at @position, from 0 */
GtkWidget *
rapport_admin_pipelines_page_get_stage (RapportAdminPipelinesPage *self,
                                        guint                      position)
{
  GtkWidget *child;

  g_return_val_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self), NULL);

  child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box));
  for (guint i = 0; child != NULL && i < position; i++)
    child = gtk_widget_get_next_sibling (child);
  return child;
}

/* Returns: (nullable): the message above the editor */
const char *
rapport_admin_pipelines_page_get_error (RapportAdminPipelinesPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

gboolean
rapport_admin_pipelines_page_get_busy (RapportAdminPipelinesPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_PIPELINES_PAGE (self), FALSE);

  return self->saving || rapport_admin_list_get_loading (self->admin_list);
}

static void
action_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportAdminPipelinesPage *self = RAPPORT_ADMIN_PIPELINES_PAGE (widget);

  if (g_str_equal (action, "pipelines.new"))
    rapport_admin_pipelines_page_new_pipeline (self);
  else if (g_str_equal (action, "pipelines.add-stage"))
    rapport_admin_pipelines_page_add_stage (self);
  else if (g_str_equal (action, "pipelines.archive"))
    archive (self);
  else
    rapport_admin_pipelines_page_save (self);
}

static void
rapport_admin_pipelines_page_dispose (GObject *object)
{
  RapportAdminPipelinesPage *self = RAPPORT_ADMIN_PIPELINES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->admin_list);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ADMIN_PIPELINES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_admin_pipelines_page_parent_class)->dispose (object);
}

static void
rapport_admin_pipelines_page_class_init (RapportAdminPipelinesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_pipelines_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-pipelines-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPipelinesPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPipelinesPage, archive_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPipelinesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPipelinesPage, list);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPipelinesPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPipelinesPage, stages_box);
  gtk_widget_class_install_action (widget_class, "pipelines.new", NULL, action_activated);
  gtk_widget_class_install_action (widget_class, "pipelines.add-stage", NULL, action_activated);
  gtk_widget_class_install_action (widget_class, "pipelines.archive", NULL, action_activated);
  gtk_widget_class_install_action (widget_class, "pipelines.save", NULL, action_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "pipelines.add-stage", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "pipelines.add-stage", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_pipelines_page_init (RapportAdminPipelinesPage *self)
{
  g_type_ensure (RAPPORT_TYPE_STAGE_EDITOR);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->admin_list = rapport_admin_list_new (GTK_WIDGET (self), self->list, NULL,
                                             CRM_TYPE_PIPELINE, "/pipelines", MAX_PIPELINES,
                                             N_("What you changed on this pipeline has not been saved."),
                                             &list_hooks, self->cancellable);
  /* a reload after a save keeps the stages' editors as they are */
  rapport_admin_list_set_keep_editor (self->admin_list, TRUE);
  self->header_form = rapport_entity_form_new (CRM_TYPE_PIPELINE);
  gtk_box_append (self->header_box, GTK_WIDGET (self->header_form));
  g_signal_connect_object (self->header_form, "changed", G_CALLBACK (update_dirty), self, G_CONNECT_SWAPPED);
}
