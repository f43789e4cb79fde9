/* rapport-service-page.c: RapportServicePage, the open cases of the Service views — mine, my team's queue, all I may see — most urgent first, read again when a case changes */
#include "rapport-service-page.h"
#include "rapport-window.h"
#include "widgets/rapport-sla-badge.h"
#include "crm-entities.h"

#include <glib/gi18n.h>

/* the open statuses, and at most this many cases a view */
#define OPEN_STATUSES "new,assigned,in_progress,waiting_on_customer"
#define MAX_ROWS 200

typedef struct
{
  const char *name;
  const char *title;
  const char *icon;
  const char *filter;
} View;

static const View views[] = {
  { "mine",  N_("My cases"),    "avatar-default-symbolic", "owner_id=me&" },
  { "queue", N_("My queue"),    "system-users-symbolic",   "queue_team_id=mine&owner_id=none&" },
  { "all",   N_("All open"),    "view-list-symbolic",      "" },
};

#define N_VIEWS G_N_ELEMENTS (views)

struct _RapportServicePage
{
  GtkWidget     parent_instance;

  RapportApi   *api;
  GCancellable *cancellable;
  AdwViewStack *stack;
  GtkListBox   *lists[N_VIEWS];
  GtkLabel     *message;
  guint         pending;
  /* a reload after the cases changed, a moment after the last change told */
  guint         follow_source;
};

G_DEFINE_FINAL_TYPE (RapportServicePage, rapport_service_page, GTK_TYPE_WIDGET)

static const char *
enum_label (const char *field,
            const char *value)
{
  CrmEntityClass *klass = g_type_class_peek (crm_entities_lookup_collection ("cases"));
  int index = klass ? crm_entity_class_find_json_key (klass, field) : -1;

  return index >= 0 && value != NULL ? crm_field_spec_enum_label (&klass->fields[index], value) : value;
}

static GtkWidget *
case_row (JsonObject *item)
{
  GtkWidget *row = adw_action_row_new ();
  const char *number = json_object_get_string_member_with_default (item, "number", "");
  const char *subject = json_object_get_string_member_with_default (item, "subject", "");
  const char *account = json_object_get_string_member_with_default (item, "account_name", "");
  JsonNode *sla = json_object_get_member (item, "sla");
  g_autofree char *title = g_strdup_printf ("%s  %s", number, subject);
  g_autofree char *subtitle = NULL;
  g_autofree char *urgency = NULL;
  const char *css_class = NULL;

  /* TRANSLATORS: a case's account, priority and status in the service lists */
  subtitle = g_strdup_printf (_("%s · %s · %s"), account ? account : "",
                              enum_label ("priority", json_object_get_string_member_with_default (item, "priority", NULL)),
                              enum_label ("status", json_object_get_string_member_with_default (item, "status", NULL)));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (sla != NULL && JSON_NODE_HOLDS_OBJECT (sla) &&
      (urgency = rapport_sla_badge_describe_urgent (json_node_get_object (sla), &css_class)) != NULL)
    {
      GtkWidget *label = gtk_label_new (urgency);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, css_class);
      gtk_widget_add_css_class (label, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "case-id", GINT_TO_POINTER ((int) json_object_get_int_member_with_default (item, "id", 0)));
  return row;
}

typedef struct
{
  RapportServicePage *self;
  guint               view;
} Load;

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autofree Load *load = user_data;
  RapportServicePage *self;
  GtkListBox *list;
  GtkListBoxRow *row;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = load->self;
  list = self->lists[load->view];
  self->pending--;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      gtk_label_set_text (self->message, error ? error->message : _("The cases could not be read"));
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
      return;
    }
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
  for (guint i = 0; i < json_array_get_length (items); i++)
    gtk_list_box_append (list, case_row (json_array_get_object_element (items, i)));
}

/**
 * rapport_service_page_reload:
 * @self: the page
 *
 * Reads the three views again, a request each, cancelling any still running.
 */
void
rapport_service_page_reload (RapportServicePage *self)
{
  g_return_if_fail (RAPPORT_IS_SERVICE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending = N_VIEWS;
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  for (guint v = 0; v < N_VIEWS; v++)
    {
      g_autofree char *path = g_strdup_printf ("/cases?%sstatus=" OPEN_STATUSES "&sort=sla_due_at&limit=%d",
                                               views[v].filter, MAX_ROWS);
      Load *load = g_new0 (Load, 1);

      load->self = self;
      load->view = v;
      rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, load);
    }
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  gpointer       user_data)
{
  RapportServicePage *self = RAPPORT_SERVICE_PAGE (user_data);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "case-id"));

  if (id > 0 && RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), "cases", id, NULL);
}

/**
 * rapport_service_page_show:
 * @self: the page
 * @view: "mine", "queue" or "all"
 */
void
rapport_service_page_show (RapportServicePage *self,
                           const char         *view)
{
  g_return_if_fail (RAPPORT_IS_SERVICE_PAGE (self));

  adw_view_stack_set_visible_child_name (self->stack, view);
}

/**
 * rapport_service_page_get_list:
 * @self: the page
 * @view: "mine", "queue" or "all"
 *
 * Returns: (transfer none) (nullable): the list of that view
 */
GtkListBox *
rapport_service_page_get_list (RapportServicePage *self,
                               const char         *view)
{
  g_return_val_if_fail (RAPPORT_IS_SERVICE_PAGE (self), NULL);

  for (guint v = 0; v < N_VIEWS; v++)
    if (g_strcmp0 (views[v].name, view) == 0)
      return self->lists[v];
  return NULL;
}

gboolean
rapport_service_page_is_loading (RapportServicePage *self)
{
  g_return_val_if_fail (RAPPORT_IS_SERVICE_PAGE (self), FALSE);

  return self->pending > 0;
}

static gboolean
follow (gpointer user_data)
{
  RapportServicePage *self = RAPPORT_SERVICE_PAGE (user_data);

  self->follow_source = 0;
  rapport_service_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* a case changed (taken, answered, closed…) or changes were missed: the
 * views are read again while shown, once a burst of changes has passed */
static void
schedule_follow (RapportServicePage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_clear_handle_id (&self->follow_source, g_source_remove);
  self->follow_source = g_timeout_add (300, follow, self);
}

static void
on_change (RapportServicePage *self,
           const char         *kind,
           JsonObject         *data)
{
  if (g_strcmp0 (json_object_get_string_member_with_default (data, "entity", NULL), "case") == 0)
    schedule_follow (self);
}

static void
on_reload_event (RapportServicePage *self)
{
  schedule_follow (self);
}

static void
rapport_service_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rapport_service_page_parent_class)->map (widget);
  rapport_service_page_reload (RAPPORT_SERVICE_PAGE (widget));
}

static void
rapport_service_page_dispose (GObject *object)
{
  RapportServicePage *self = RAPPORT_SERVICE_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_service_page_parent_class)->dispose (object);
}

static void
rapport_service_page_class_init (RapportServicePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_service_page_dispose;
  widget_class->map = rapport_service_page_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_service_page_init (RapportServicePage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *switcher = adw_view_switcher_new ();
  GtkWidget *refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");

  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  gtk_widget_set_hexpand (switcher, TRUE);
  gtk_widget_set_tooltip_text (refresh, _("Refresh"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (refresh), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Refresh"), -1);
  g_signal_connect_swapped (refresh, "clicked", G_CALLBACK (rapport_service_page_reload), self);
  gtk_box_append (GTK_BOX (bar), switcher);
  gtk_box_append (GTK_BOX (bar), refresh);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  for (guint v = 0; v < N_VIEWS; v++)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *empty = gtk_label_new (_("No open cases here"));
      AdwViewStackPage *page;

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 24);
      gtk_widget_set_margin_bottom (empty, 24);
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list), empty);
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_widget_set_margin_start (list, 12);
      gtk_widget_set_margin_end (list, 12);
      gtk_widget_set_margin_top (list, 6);
      gtk_widget_set_margin_bottom (list, 12);
      gtk_widget_set_valign (list, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _(views[v].title), -1);
      g_signal_connect (list, "row-activated", G_CALLBACK (on_row_activated), self);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      gtk_widget_set_vexpand (scrolled, TRUE);
      page = adw_view_stack_add_titled (self->stack, scrolled, views[v].name, _(views[v].title));
      adw_view_stack_page_set_icon_name (page, views[v].icon);
      self->lists[v] = GTK_LIST_BOX (list);
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_widget_set_parent (box, GTK_WIDGET (self));
}

GtkWidget *
rapport_service_page_new (RapportApi *api)
{
  RapportServicePage *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_SERVICE_PAGE, NULL);
  self->api = g_object_ref (api);
  g_signal_connect_object (api, "event::change", G_CALLBACK (on_change), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (on_reload_event), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/**
 * rapport_service_page_add_to:
 * @page: the Cases section's list
 * @api: the signed-in client
 *
 * Puts the Service views (my cases, my queue, all open, most urgent
 * first) beside the list of every case one may see, and shows them first.
 */
void
rapport_service_page_add_to (RapportRecordsPage *page,
                             RapportApi         *api)
{
  g_return_if_fail (RAPPORT_IS_RECORDS_PAGE (page));
  g_return_if_fail (RAPPORT_IS_API (api));

  rapport_records_page_add_view (page, "service", C_("cases view", "Service"), "help-browser-symbolic", rapport_service_page_new (api));
  rapport_records_page_show_view (page, "service");
}
