/* rapport-window.c: RapportWindow, sign-in, then the sections sidebar and the current page */
#include "rapport-window.h"
#include "rapport-window-sections.h"
#include "pages/rapport-admin-page.h"
#include "pages/rapport-approvals-page.h"
#include "pages/rapport-audit-page.h"
#include "pages/rapport-pipeline-report-page.h"
#include "pages/rapport-pool-page.h"
#include "pages/rapport-document-page.h"
#include "pages/rapport-opportunity-board.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-sign-in-page.h"
#include "rapport-preferences-window.h"
#include "widgets/rapport-global-search.h"
#include "widgets/rapport-reminder-preferences.h"
#include "rapport-recent.h"
#include "rapport-task-reminders.h"
#include "rapport-sla-notices.h"
#include "crm-entities.h"

#include <glib/gi18n.h>

struct _RapportWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  RapportSignInPage    *sign_in_page;
  AdwLeaflet           *leaflet;
  GtkListBox           *section_list;
  GtkLabel             *user_label;
  GtkWidget            *content;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  GtkWidget            *back_button;
  GtkWidget            *new_button;
  /* the records left for another opened from them, to return to, newest last */
  GArray               *trail;
  /* the record page closes because the user went back, not closed it */
  gboolean              going_back;
  GtkMenuButton        *search_button;
  RapportGlobalSearch  *global_search;

  GSettings            *settings;
  RapportApi           *api;
  /* the record page on top of the current section's list, if any */
  RapportRecordPage    *record_page;
  /* the counts beside the sections that have them (GtkLabel, or NULL), by section */
  GPtrArray            *badges;
  /* or, for a quote, order or contract, the document page */
  RapportDocumentPage  *document_page;
  char                 *section;
};

G_DEFINE_FINAL_TYPE (RapportWindow, rapport_window, ADW_TYPE_APPLICATION_WINDOW)

void
rapport_window_add_toast (RapportWindow *self,
                          AdwToast      *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * rapport_window_toast_for:
 * @widget: a widget in the window, or in a dialog that belongs to it
 * @message: what to tell
 *
 * Shows @message as a toast in the window @widget belongs to, if any.
 */
void
rapport_window_toast_for (GtkWidget  *widget,
                          const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  while (window != NULL && !RAPPORT_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  if (window != NULL)
    rapport_window_add_toast (RAPPORT_WINDOW (window), adw_toast_new (message));
}

static RapportRecordsPage *
current_records_page (RapportWindow *self)
{
  GtkWidget *child;

  if (self->section == NULL)
    return NULL;
  child = gtk_stack_get_child_by_name (self->content_stack, self->section);
  return child && RAPPORT_IS_RECORDS_PAGE (child) ? RAPPORT_RECORDS_PAGE (child) : NULL;
}

static void
update_header (RapportWindow *self)
{
  const RapportSection *section = self->section ? rapport_section_find (self->section) : NULL;
  const char *why_not = NULL;

  adw_window_title_set_title (self->content_title, section ? _(section->label) : "");
  if (self->record_page)
    adw_window_title_set_subtitle (self->content_title, rapport_record_page_get_title (self->record_page));
  else if (self->document_page)
    adw_window_title_set_subtitle (self->content_title, rapport_document_page_get_title (self->document_page));
  else
    adw_window_title_set_subtitle (self->content_title, "");
  gtk_widget_set_visible (self->back_button,
                          self->record_page != NULL || self->document_page != NULL ||
                          adw_leaflet_get_folded (self->leaflet));

  /* "+" and Ctrl+N make what the section lists; where nothing is made
   * there, they are off and the button says why */
  if (section != NULL && section->approvals)
    why_not = _("Approvals are asked for by submitting a quote, order or contract");
  else if (section != NULL && section->audit)
    why_not = _("The audit trail is written by the server as records change");
  else if (section != NULL && section->new_page)
    why_not = _("Reports are read from the records; nothing is made here");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", why_not == NULL);
  gtk_widget_set_tooltip_text (self->new_button, why_not != NULL ? why_not : _("New (Ctrl+N)"));
}

static void
close_record_page (RapportWindow *self)
{
  RapportRecordsPage *list = current_records_page (self);

  if (self->document_page != NULL)
    {
      gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (list));
      gtk_stack_remove (self->content_stack, GTK_WIDGET (self->document_page));
      self->document_page = NULL;
      update_header (self);
    }
  if (self->record_page == NULL)
    return;
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (list));
  gtk_stack_remove (self->content_stack, GTK_WIDGET (self->record_page));
  self->record_page = NULL;
  update_header (self);
}

typedef struct
{
  char   *collection;
  gint64  id;
} TrailStep;

static void
trail_step_clear (TrailStep *step)
{
  g_free (step->collection);
}

/* the record open now, to come back to from one opened from it */
static void
trail_push (RapportWindow *self)
{
  CrmEntity *entity = NULL;
  TrailStep step;

  if (self->record_page)
    entity = rapport_record_page_get_entity (self->record_page);
  else if (self->document_page)
    entity = rapport_document_page_get_entity (self->document_page);
  if (entity == NULL || crm_entity_get_id (entity) <= 0 || self->section == NULL)
    return;
  step.collection = g_strdup (self->section);
  step.id = crm_entity_get_id (entity);
  g_array_append_val (self->trail, step);
}

static void
on_record_closed (RapportWindow *self,
                  GtkWidget     *page)
{
  if (page != GTK_WIDGET (self->record_page) && page != GTK_WIDGET (self->document_page))
    return;
  close_record_page (self);
  /* back to the record this one was opened from, e.g. the account of a
   * contact added from the account's page; closing instead goes to the
   * section's list and forgets the way */
  if (!self->going_back)
    g_array_set_size (self->trail, 0);
  self->going_back = FALSE;
  if (self->trail->len > 0)
    {
      TrailStep *last = &g_array_index (self->trail, TrailStep, self->trail->len - 1);
      g_autofree char *collection = g_steal_pointer (&last->collection);
      gint64 id = last->id;

      g_array_set_size (self->trail, self->trail->len - 1);
      rapport_window_open_record (self, collection, id, NULL);
    }
}

static void
on_record_changed (RapportWindow *self,
                   GtkWidget     *page)
{
  RapportRecordsPage *list = current_records_page (self);

  update_header (self);
  if (list)
    rapport_records_page_reload (list);
}

static void show_section (RapportWindow *self,
                          const char    *collection);

/**
 * rapport_window_open_record:
 * @self: the window
 * @collection: e.g. "accounts"
 * @id: the record, or 0 for a new one
 * @preset: (nullable): for a new record, initial values as an a{sv} of JSON keys
 */
void
rapport_window_open_record (RapportWindow *self,
                            const char    *collection,
                            gint64         id,
                            GVariant      *preset)
{
  RapportRecordPage *page;
  GType type = crm_entities_lookup_collection (collection);

  if (self->record_page != NULL || self->document_page != NULL)
    trail_push (self);
  if (!g_str_equal (collection, self->section))
    show_section (self, collection);
  close_record_page (self);
  if (id > 0 && self->api != NULL && rapport_api_get_user (self->api) != NULL)
    {
      g_autofree char *user_key = rapport_recent_user_key (rapport_api_get_base_url (self->api),
                                                           json_object_get_string_member_with_default (rapport_api_get_user (self->api),
                                                                                                       "login", ""));

      rapport_recent_remember (self->settings, user_key, collection, id);
    }

  /* priced documents have their own editor, with their lines */
  if (crm_entity_class_is_document (g_type_class_peek (type)))
    {
      self->document_page = rapport_document_page_new (self->api, type, id, preset);
      g_signal_connect_object (self->document_page, "closed", G_CALLBACK (on_record_closed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->document_page, "changed", G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->document_page, "notify::title", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->document_page), "record");
      gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->document_page));
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      update_header (self);
      return;
    }

  page = rapport_record_page_new (self->api, crm_entities_lookup_collection (collection), id, preset);
  g_signal_connect_object (page, "closed", G_CALLBACK (on_record_closed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "changed", G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (page), "record");
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (page));
  self->record_page = page;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  update_header (self);
}

static void
on_records_activated (RapportWindow      *self,
                      gint64              id,
                      RapportRecordsPage *page)
{
  rapport_window_open_record (self, rapport_records_page_get_collection (page), id, NULL);
}

static void
show_section (RapportWindow *self,
              const char    *collection)
{
  GtkWidget *page;

  close_record_page (self);
  page = gtk_stack_get_child_by_name (self->content_stack, collection);
  if (page == NULL && rapport_section_find (collection)->audit)
    {
      page = GTK_WIDGET (rapport_audit_page_new (self->api));
      gtk_stack_add_named (self->content_stack, page, collection);
    }
  else if (page == NULL && rapport_section_find (collection)->admin)
    {
      page = GTK_WIDGET (rapport_admin_page_new (self->api));
      gtk_stack_add_named (self->content_stack, page, collection);
    }
  else if (page == NULL && rapport_section_find (collection)->new_page)
    {
      page = rapport_section_find (collection)->new_page (self->api);
      gtk_stack_add_named (self->content_stack, page, collection);
    }
  else if (page == NULL && rapport_section_find (collection)->approvals)
    {
      page = GTK_WIDGET (rapport_approvals_page_new (self->api));
      gtk_stack_add_named (self->content_stack, page, collection);
    }
  else if (page == NULL)
    {
      page = GTK_WIDGET (rapport_records_page_new (self->api, collection));
      g_signal_connect_object (page, "record-activated", G_CALLBACK (on_records_activated), self, G_CONNECT_SWAPPED);
      if (rapport_section_find (collection)->add_views)
        rapport_section_find (collection)->add_views (RAPPORT_RECORDS_PAGE (page), self->api);
      gtk_stack_add_named (self->content_stack, page, collection);
    }
  gtk_stack_set_visible_child (self->content_stack, page);
  g_free (self->section);
  self->section = g_strdup (collection);

  for (guint i = 0; i < rapport_n_sections; i++)
    if (g_str_equal (rapport_sections[i].collection, collection))
      gtk_list_box_select_row (self->section_list, gtk_list_box_get_row_at_index (self->section_list, i));
  update_header (self);
}

/**
 * rapport_window_show_section:
 * @self: the window
 * @collection: the section, e.g. "accounts"
 *
 * Shows a section as its row in the sidebar does: a fresh start, with no
 * record to go back to.
 */
void
rapport_window_show_section (RapportWindow *self,
                             const char    *collection)
{
  g_array_set_size (self->trail, 0);
  show_section (self, collection);
}

/* a hit of the global search opens as a click in its list would */
static void
on_search_hit (RapportWindow *self,
               const char    *collection,
               gint64         id)
{
  if (self->api == NULL || rapport_section_find (collection) == NULL)
    return;
  rapport_window_open_record (self, collection, id, NULL);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
global_search_activated (GtkWidget  *widget,
                         const char *action,
                         GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  if (self->api == NULL)
    return;
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_menu_button_popup (self->search_button);
}

static void
on_section_activated (RapportWindow *self,
                      GtkListBoxRow *row)
{
  rapport_window_show_section (self, rapport_sections[gtk_list_box_row_get_index (row)].collection);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
clear_workspace (RapportWindow *self)
{
  GtkWidget *child;

  self->record_page = NULL;
  self->document_page = NULL;
  g_array_set_size (self->trail, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack))) != NULL)
    gtk_stack_remove (self->content_stack, child);
  g_clear_pointer (&self->section, g_free);
}

static RapportApprovalsPage *
current_approvals_page (RapportWindow *self)
{
  GtkWidget *page = self->section ? gtk_stack_get_child_by_name (self->content_stack, self->section) : NULL;

  return page && RAPPORT_IS_APPROVALS_PAGE (page) ? RAPPORT_APPROVALS_PAGE (page) : NULL;
}

/* The section a user opens on: the first, unless their role sees none of
 * its records (an administrator, by default), then Administration for an
 * administrator rather than an empty list. */
static const char *
first_section (JsonObject *user)
{
  const char *role = user ? json_object_get_string_member_with_default (user, "role", "") : "";
  JsonObject *scopes = user && json_object_has_member (user, "scopes") ? json_object_get_object_member (user, "scopes") : NULL;
  const char *scope = scopes ? json_object_get_string_member_with_default (scopes, "account", "none") : NULL;

  if (g_str_equal (role, "admin") && g_strcmp0 (scope, "none") == 0)
    return "admin";
  return rapport_sections[0].collection;
}

static void
on_signed_in (RapportWindow *self,
              RapportApi    *api)
{
  JsonObject *user = rapport_api_get_user (api);
  const char *role = user ? json_object_get_string_member_with_default (user, "role", "") : "";
  g_autofree char *who = NULL;

  clear_workspace (self);
  g_set_object (&self->api, api);
  rapport_global_search_set_api (self->global_search, api);
  rapport_api_connect_events (api);
  rapport_task_reminders_watch (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), api);
  rapport_sla_notices_watch (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), api);
  if (RAPPORT_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    rapport_application_set_session (RAPPORT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), api);
  who = g_strdup_printf (_("Signed in as %s"),
                         user ? json_object_get_string_member_with_default (user, "name", "") : "");
  /* the audit trail is for auditors and administrators (the server checks too) */
  for (guint i = 0; i < rapport_n_sections; i++)
    gtk_widget_set_visible (GTK_WIDGET (gtk_list_box_get_row_at_index (self->section_list, i)),
                            rapport_section_shown_to (&rapport_sections[i], role));
  rapport_sections_add_counted_pages (self->content_stack, self->badges, self->api, role);
  gtk_label_set_text (self->user_label, who);
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
  rapport_window_show_section (self, first_section (user));
  /* folded, the list comes first; the sections are one step back */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
sign_out_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  if (self->api)
    rapport_api_sign_out (self->api);
  clear_workspace (self);
  gtk_menu_button_popdown (self->search_button);
  rapport_global_search_set_api (self->global_search, NULL);
  g_clear_object (&self->api);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  rapport_sign_in_page_reset (self->sign_in_page);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  RapportRecordsPage *list = current_records_page (self);

  if (list == NULL)
    return;
  close_record_page (self);
  rapport_records_page_focus_search (list);
}

static void
new_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  GtkWidget *page = self->section ? gtk_stack_get_child_by_name (self->content_stack, self->section) : NULL;

  /* approvals are made by submitting a record, the audit trail by the
   * server: the action is off there */
  if (page && RAPPORT_IS_APPROVALS_PAGE (page))
    return;
  if (self->section && rapport_section_find (self->section) &&
      (rapport_section_find (self->section)->audit || rapport_section_find (self->section)->new_page))
    return;
  if (page && RAPPORT_IS_ADMIN_PAGE (page))
    rapport_admin_page_new_item (RAPPORT_ADMIN_PAGE (page));
  /* a record of the section's kind; a contact's account is picked in its form */
  else if (self->section)
    rapport_window_open_record (self, self->section, 0, NULL);
}

static void
save_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  GtkWidget *page = self->section ? gtk_stack_get_child_by_name (self->content_stack, self->section) : NULL;

  if (self->record_page)
    rapport_record_page_save (self->record_page);
  else if (self->document_page)
    rapport_document_page_save (self->document_page);
  else if (page && RAPPORT_IS_ADMIN_PAGE (page))
    rapport_admin_page_save (RAPPORT_ADMIN_PAGE (page));
}

static void
close_page_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  self->going_back = FALSE;
  if (self->record_page)
    rapport_record_page_close (self->record_page);
  else if (self->document_page)
    rapport_document_page_close (self->document_page);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
go_back_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  /* the page may ask first whether to drop edits: it closes later, or not */
  self->going_back = self->record_page != NULL || self->document_page != NULL;
  if (self->record_page)
    rapport_record_page_close (self->record_page);
  else if (self->document_page)
    rapport_document_page_close (self->document_page);
  else if (current_approvals_page (self) && rapport_approvals_page_go_back (current_approvals_page (self)))
    return;
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
preferences_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  RapportPreferencesWindow *preferences = rapport_preferences_window_new (GTK_WINDOW (widget));

  /* signed in: the automatic reminders one receives, kept on the server */
  if (self->api != NULL && rapport_api_get_user (self->api) != NULL)
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (preferences),
                                ADW_PREFERENCES_PAGE (rapport_reminder_preferences_new (self->api)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
reload_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  RapportRecordsPage *list = current_records_page (self);
  GtkWidget *page = self->section ? gtk_stack_get_child_by_name (self->content_stack, self->section) : NULL;

  if (self->record_page)
    rapport_record_page_reload (self->record_page);
  else if (self->document_page)
    rapport_document_page_reload (self->document_page);
  else if (list)
    rapport_records_page_reload (list);
  else if (page && RAPPORT_IS_ADMIN_PAGE (page))
    rapport_admin_page_reload (RAPPORT_ADMIN_PAGE (page));
  else if (page && RAPPORT_IS_APPROVALS_PAGE (page))
    rapport_approvals_page_reload (RAPPORT_APPROVALS_PAGE (page));
}

/* Ctrl+P and Ctrl+Shift+E on a quote, order or contract */
static void
print_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  if (self->document_page && g_str_equal (action, "win.export-pdf"))
    rapport_document_page_export (self->document_page);
  else if (self->document_page)
    rapport_document_page_print (self->document_page);
}

/**
 * rapport_window_get_section_row:
 * @self: the window
 * @collection: a section, e.g. "quotes" or "audit"
 *
 * Returns: (transfer none) (nullable): its row in the sidebar
 */
GtkListBoxRow *
rapport_window_get_section_row (RapportWindow *self,
                                const char    *collection)
{
  for (guint i = 0; i < rapport_n_sections; i++)
    if (g_str_equal (rapport_sections[i].collection, collection))
      return gtk_list_box_get_row_at_index (self->section_list, i);
  return NULL;
}

static void
on_folded_changed (RapportWindow *self)
{
  update_header (self);
}

static void
rapport_window_dispose (GObject *object)
{
  RapportWindow *self = RAPPORT_WINDOW (object);

  if (self->settings)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_clear_object (&self->settings);
  g_clear_object (&self->api);
  g_clear_pointer (&self->section, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_WINDOW);
  G_OBJECT_CLASS (rapport_window_parent_class)->dispose (object);
}

static void
rapport_window_finalize (GObject *object)
{
  RapportWindow *self = RAPPORT_WINDOW (object);

  g_array_unref (self->trail);
  g_ptr_array_unref (self->badges);
  G_OBJECT_CLASS (rapport_window_parent_class)->finalize (object);
}

static void
rapport_window_class_init (RapportWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_window_finalize;

  g_type_ensure (RAPPORT_TYPE_SIGN_IN_PAGE);
  g_type_ensure (RAPPORT_TYPE_GLOBAL_SEARCH);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, section_list);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, content);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, global_search);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_section_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_hit);

  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.global-search", NULL, global_search_activated);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "win.close-page", NULL, close_page_activated);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_activated);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_activated);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_activated);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, print_activated);
}

static void
rapport_window_init (RapportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->trail = g_array_new (FALSE, FALSE, sizeof (TrailStep));
  self->badges = g_ptr_array_sized_new (rapport_n_sections);
  g_array_set_clear_func (self->trail, (GDestroyNotify) trail_step_clear);
  self->settings = g_settings_new ("org.rapport.Rapport");
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  rapport_sections_build_sidebar (self->section_list, self->badges);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed), self, G_CONNECT_SWAPPED);
}

RapportWindow *
rapport_window_new (RapportApplication *application)
{
  RapportWindow *self = g_object_new (RAPPORT_TYPE_WINDOW, "application", application, NULL);
  const char *server = rapport_application_get_server (application);

  const char *login, *password_file, *fingerprint;

  if (server)
    rapport_sign_in_page_set_server (self->sign_in_page, server);
  rapport_application_get_sign_in (application, &login, &password_file, &fingerprint);
  if (password_file)
    {
      g_autofree char *password = NULL;
      g_autoptr(GError) error = NULL;

      if (g_file_get_contents (password_file, &password, NULL, &error))
        rapport_sign_in_page_sign_in (self->sign_in_page, login ? login : "admin", g_strchomp (password), fingerprint);
      else
        g_warning ("%s", error->message);
    }
  return self;
}
