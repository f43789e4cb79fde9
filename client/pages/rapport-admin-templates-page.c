/* rapport-admin-templates-page.c: RapportAdminTemplatesPage, print templates for administrators: edit the common settings or the JSON, see it printed */
#include "rapport-admin-templates-page.h"
#include "widgets/rapport-admin-list.h"
#include "rapport-window.h"
#include "widgets/rapport-template-form.h"
#include "widgets/rapport-template-preview.h"
#include "crm-document-template.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-render-template.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* an office keeps a handful of templates */
#define MAX_TEMPLATES 200
/* the preview follows typing once it pauses */
#define PREVIEW_DELAY_MS 300
#define SHIPPED_TEMPLATE "/org/rapport/Rapport/templates/default.json"

struct _RapportAdminTemplatesPage
{
  GtkWidget               parent_instance;

  GtkWidget              *save_button;
  GtkLabel               *error_label;
  GtkStack               *list_stack;
  GtkListBox             *list;
  GtkWidget              *name_row;
  GtkWidget              *description_row;
  GtkTextView            *content_view;
  GtkStack               *editor_stack;
  RapportTemplateForm    *template_form;
  GtkLabel               *problem_label;
  RapportTemplatePreview *preview;

  RapportApi             *api;
  GCancellable           *cancellable;
  /* the templates, the one being edited and whether it changed */
  RapportAdminList       *admin_list;
  /* set while the editor shows a template, so that it does not count as a change */
  gboolean                filling;
  gboolean                saving;
  guint                   preview_source;
  /* set while the form writes the JSON, so that it is not read back */
  gboolean                form_writing;
};

G_DEFINE_FINAL_TYPE (RapportAdminTemplatesPage, rapport_admin_templates_page, GTK_TYPE_WIDGET)

static char *
content_text (RapportAdminTemplatesPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->content_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_error (RapportAdminTemplatesPage *self,
            const GError              *error)
{
  const char *field = error ? crm_error_get_field (error) : NULL;

  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_widget_remove_css_class (self->name_row, "error");
  if (g_strcmp0 (field, "name") == 0)
    gtk_widget_add_css_class (self->name_row, "error");
}

/* the template as typed, checked by the renderer that prints it */
static gboolean
update_preview (gpointer user_data)
{
  RapportAdminTemplatesPage *self = user_data;
  g_autofree char *content = content_text (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmRenderTemplate) template = crm_render_template_new_from_json (content, &error);

  self->preview_source = 0;
  if (template)
    {
      rapport_template_preview_set_template (self->preview, template);
      gtk_label_set_text (self->problem_label, _("The preview shows the template as typed."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "warning");
    }
  else
    {
      const char *member = crm_error_get_field (error);
      /* TRANSLATORS: the template's problem, and the JSON member it is in */
      g_autofree char *where = member ? g_strdup_printf (_("%s (%s)"), error->message, member) : g_strdup (error->message);
      /* TRANSLATORS: shown under a template being edited that would not print */
      g_autofree char *text = g_strdup_printf (_("Not printable yet, so the preview shows the last version that was: %s"),
                                               where);

      gtk_label_set_text (self->problem_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "warning");
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (RapportAdminTemplatesPage *self)
{
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, update_preview, self);
}

static void
update_dirty (RapportAdminTemplatesPage *self)
{
  if (!self->filling)
    rapport_admin_list_set_dirty (self->admin_list, TRUE);
}

static void
on_content_changed (RapportAdminTemplatesPage *self)
{
  update_dirty (self);
  schedule_preview (self);
  /* the JSON typed: the form shows it, or is insensitive while it is not JSON */
  if (!self->form_writing)
    {
      g_autofree char *content = content_text (self);

      rapport_template_form_set_json (self->template_form, content);
    }
}

/* the form changed a setting: the JSON follows, with what the form does not show kept */
static void
on_form_changed (RapportAdminTemplatesPage *self)
{
  g_autofree char *json = rapport_template_form_get_json (self->template_form);

  if (json == NULL)
    return;
  self->form_writing = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->content_view), json, -1);
  self->form_writing = FALSE;
}

static void
fill (RapportAdminTemplatesPage *self,
      CrmEntity                 *template,
      const char                *content)
{
  const char *name = template ? crm_entity_get_text (template, "name") : NULL;
  const char *description = template ? crm_entity_get_text (template, "description") : NULL;

  rapport_admin_list_set_current (self->admin_list, template);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), description ? description : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->content_view), content ? content : "", -1);
  self->filling = FALSE;
  rapport_admin_list_set_dirty (self->admin_list, FALSE);
  show_error (self, NULL);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  update_preview (self);
}

static GtkWidget *
row_for (CrmEntity *template)
{
  GtkWidget *row = adw_action_row_new ();
  const char *description = crm_entity_get_text (template, "description");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_entity_get_text (template, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description ? description : "");
  return row;
}

/* shows @template, or a new one starting from the shipped template */
static void
edit (GtkWidget *page,
      CrmEntity *template)
{
  RapportAdminTemplatesPage *self = RAPPORT_ADMIN_TEMPLATES_PAGE (page);
  g_autoptr(GBytes) shipped = NULL;

  if (template)
    {
      fill (self, template, crm_entity_get_text (template, "content"));
      return;
    }
  shipped = g_resources_lookup_data (SHIPPED_TEMPLATE, 0, NULL);
  fill (self, NULL, shipped ? g_bytes_get_data (shipped, NULL) : "");
  gtk_widget_grab_focus (self->name_row);
}

static void
show_load_error (GtkWidget    *page,
                 const GError *error)
{
  show_error (RAPPORT_ADMIN_TEMPLATES_PAGE (page), error);
}

static const RapportAdminListHooks list_hooks = {
  .make_row = row_for,
  .edit = edit,
  .show_error = show_load_error,
};

void
rapport_admin_templates_page_reload (RapportAdminTemplatesPage *self)
{
  rapport_admin_list_load (self->admin_list, self->api);
}

void
rapport_admin_templates_page_set_api (RapportAdminTemplatesPage *self,
                                      RapportApi                *api)
{
  g_set_object (&self->api, api);
  rapport_admin_templates_page_reload (self);
}

/* a new template, starting from the shipped one */
void
rapport_admin_templates_page_new_template (RapportAdminTemplatesPage *self)
{
  rapport_admin_list_start_new (self->admin_list);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportAdminTemplatesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) template = crm_entity_new (CRM_TYPE_DOCUMENT_TEMPLATE);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (node == NULL || !crm_json_read_entity (template, json_node_get_object (node), error ? NULL : &error))
    {
      /* what was typed stays, with the server's reason beside it */
      show_error (self, error);
      return;
    }
  show_error (self, NULL);
  rapport_admin_list_set_current (self->admin_list, template);
  rapport_admin_list_set_dirty (self->admin_list, FALSE);
  /* TRANSLATORS: a toast after saving a print template, e.g. Saved “house” */
  message = g_strdup_printf (_("Saved “%s”"), crm_entity_get_text (template, "name"));
  rapport_window_toast_for (GTK_WIDGET (self), message);
  rapport_admin_templates_page_reload (self);
}

/* sends the template; the server refuses one that would not print, naming why */
void
rapport_admin_templates_page_save (RapportAdminTemplatesPage *self)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_DOCUMENT_TEMPLATE);
  g_autofree char *content = content_text (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  CrmEntity *current = rapport_admin_list_get_current (self->admin_list);
  const char *stored_description = current ? crm_entity_get_text (current, "description") : NULL;
  g_autoptr(GError) error = NULL;

  if (self->saving || self->api == NULL)
    return;
  if (current == NULL || g_strcmp0 (name, crm_entity_get_text (current, "name")) != 0)
    crm_entity_set_text (patch, "name", name);
  if (current == NULL || g_strcmp0 (description, stored_description ? stored_description : "") != 0)
    crm_entity_set_text (patch, "description", description[0] ? description : NULL);
  if (current == NULL || g_strcmp0 (content, crm_entity_get_text (current, "content")) != 0)
    crm_entity_set_text (patch, "content", content);
  if (!crm_entity_validate (patch, current ? CRM_VALIDATE_PATCH : CRM_VALIDATE_CREATE, &error))
    {
      show_error (self, error);
      return;
    }
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  rapport_admin_list_send (self->admin_list, self->api, patch, saved, self);
}

/* shows the stored template of that name */
gboolean
rapport_admin_templates_page_select (RapportAdminTemplatesPage *self,
                                     const char                *name)
{
  return rapport_admin_list_select_name (self->admin_list, name);
}

guint
rapport_admin_templates_page_get_n_templates (RapportAdminTemplatesPage *self)
{
  return rapport_admin_list_get_n_items (self->admin_list);
}

gboolean
rapport_admin_templates_page_get_busy (RapportAdminTemplatesPage *self)
{
  return self->saving || rapport_admin_list_get_loading (self->admin_list);
}

/* replaces the JSON being edited, as typing would */
void
rapport_admin_templates_page_set_content (RapportAdminTemplatesPage *self,
                                          const char                *content)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->content_view), content, -1);
}

static void
action_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportAdminTemplatesPage *self = RAPPORT_ADMIN_TEMPLATES_PAGE (widget);

  if (g_str_equal (action, "templates.new"))
    rapport_admin_templates_page_new_template (self);
  else
    rapport_admin_templates_page_save (self);
}

static void
rapport_admin_templates_page_dispose (GObject *object)
{
  RapportAdminTemplatesPage *self = RAPPORT_ADMIN_TEMPLATES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_object (&self->admin_list);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_admin_templates_page_parent_class)->dispose (object);
}

static void
rapport_admin_templates_page_class_init (RapportAdminTemplatesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_templates_page_dispose;

  g_type_ensure (RAPPORT_TYPE_TEMPLATE_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, list);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, content_view);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, template_form);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTemplatesPage, preview);
  /* not used by the page: named for tests that look at its layout */
  gtk_widget_class_bind_template_child_full (widget_class, "new_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "editor_switcher", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "scroller", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, update_dirty);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_install_action (widget_class, "templates.new", NULL, action_activated);
  gtk_widget_class_install_action (widget_class, "templates.save", NULL, action_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_templates_page_init (RapportAdminTemplatesPage *self)
{
  g_type_ensure (RAPPORT_TYPE_TEMPLATE_FORM);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->admin_list = rapport_admin_list_new (GTK_WIDGET (self), self->list, self->list_stack,
                                             CRM_TYPE_DOCUMENT_TEMPLATE, "/templates", MAX_TEMPLATES,
                                             N_("What you changed on this template has not been saved."),
                                             &list_hooks, self->cancellable);
  g_signal_connect_object (gtk_text_view_get_buffer (self->content_view), "changed",
                           G_CALLBACK (on_content_changed), self, G_CONNECT_SWAPPED);
}
