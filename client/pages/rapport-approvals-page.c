/* rapport-approvals-page.c: RapportApprovalsPage, what waits for the user's approval and what they submitted */
#include "rapport-approvals-page.h"
#include "widgets/rapport-approval-format.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportApprovalsPage
{
  GtkWidget            parent_instance;

  AdwLeaflet          *leaflet;
  AdwViewStack        *lists;
  AdwViewStackPage    *pending_page;
  GtkStack            *pending_stack;
  GtkListBox          *pending_list;
  AdwStatusPage       *pending_error;
  GtkStack            *submitted_stack;
  GtkListBox          *submitted_list;
  AdwStatusPage       *submitted_error;
  GtkWidget           *detail_pane;
  GtkStack            *detail_stack;
  RapportApprovalView *view;

  RapportApi          *api;
  GCancellable        *cancellable;
  guint                n_loading;
  guint                n_pending;
  /* approval id → its record's number, of what waits now; NULL before the first answer */
  GHashTable          *pending;
  /* "entity:id" of the records both lists show */
  GHashTable          *records;
  guint                n_notified;
};

G_DEFINE_FINAL_TYPE (RapportApprovalsPage, rapport_approvals_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_N_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
item_row (JsonObject *item,
          gboolean    waiting)
{
  const char *number = json_object_get_string_member_with_default (item, "number", NULL);
  const char *state = json_object_get_string_member_with_default (item, "state", "");
  g_autofree char *title = rapport_approval_format_record (json_object_get_string_member_with_default (item, "entity", ""),
                                                           number, json_object_get_int_member_with_default (item, "record_id", 0));
  g_autofree char *about = rapport_approval_format_about (item);
  g_autofree char *trigger = rapport_approval_format_trigger (item);
  g_autoptr(GString) subtitle = g_string_new (about);
  GtkWidget *row = adw_action_row_new ();

  /* what the decision is about, why it is asked for, and who asks */
  if (trigger != NULL)
    {
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      /* TRANSLATORS: what brought an approval step, e.g. "Why: discount 15 % is over 10 %" */
      g_string_append_printf (subtitle, _("Why: %s"), trigger);
    }
  if (subtitle->len > 0)
    g_string_append_c (subtitle, '\n');
  if (waiting)
    /* TRANSLATORS: who asks for an approval, e.g. "From Rita Rep" */
    g_string_append_printf (subtitle, _("From %s"), json_object_get_string_member_with_default (item, "submitted_by", ""));
  else
    g_string_append (subtitle, rapport_approval_format_state (state));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "approval-id",
                     GSIZE_TO_POINTER ((gsize) json_object_get_int_member_with_default (item, "id", 0)));
  g_object_set_data_full (G_OBJECT (row), "number", g_strdup (number), g_free);
  return row;
}

static void
fill (GtkListBox *list,
      GtkStack   *stack,
      JsonArray  *items,
      gboolean    waiting,
      gint64      shown)
{
  rapport_approval_format_clear_list (list);
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      GtkWidget *row = item_row (item, waiting);

      gtk_list_box_append (list, row);
      if (json_object_get_int_member_with_default (item, "id", 0) == shown)
        gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (row));
    }
  gtk_stack_set_visible_child_name (stack, items && json_array_get_length (items) > 0 ? "list" : "empty");
}

/* a desktop notification, or nothing where there is no session bus to send it */
static void
notify_waiting (RapportApprovalsPage *self,
                JsonObject           *item)
{
  GApplication *app = g_application_get_default ();
  gint64 id = json_object_get_int_member_with_default (item, "id", 0);
  g_autofree char *what = rapport_approval_format_record (json_object_get_string_member_with_default (item, "entity", ""),
                                                          json_object_get_string_member_with_default (item, "number", NULL),
                                                          json_object_get_int_member_with_default (item, "record_id", 0));
  g_autofree char *notification_id = g_strdup_printf ("approval-%" G_GINT64_FORMAT, id);
  g_autofree char *body = NULL;
  g_autoptr(GNotification) notification = NULL;

  self->n_notified++;
  if (app == NULL || !g_application_get_is_registered (app) || g_application_get_dbus_connection (app) == NULL)
    return;
  /* TRANSLATORS: a desktop notification, e.g. "Quote Q-2026-00001 from Rita Rep waits for your approval" */
  body = g_strdup_printf (_("%s from %s waits for your approval"), what,
                          json_object_get_string_member_with_default (item, "submitted_by", ""));
  notification = g_notification_new (_("Approval Requested"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (app, notification_id, notification);
}

static void
withdraw_notification (gpointer key,
                       gpointer value,
                       gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  g_autofree char *notification_id = g_strdup_printf ("approval-%" G_GINT64_FORMAT, (gint64) GPOINTER_TO_SIZE (key));

  if (app != NULL && g_application_get_is_registered (app) && g_application_get_dbus_connection (app) != NULL)
    g_application_withdraw_notification (app, notification_id);
}

/* what waits now, against what waited before: new ones are told, gone ones forgotten */
static void
update_pending (RapportApprovalsPage *self,
                JsonArray            *items)
{
  GHashTable *before = self->pending;
  guint n = items ? json_array_get_length (items) : 0;

  self->pending = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gpointer id = GSIZE_TO_POINTER ((gsize) json_object_get_int_member_with_default (item, "id", 0));

      g_hash_table_add (self->pending, id);
      /* the first answer after signing in is shown by the badge, not announced */
      if (before != NULL && !g_hash_table_remove (before, id))
        notify_waiting (self, item);
    }
  if (before != NULL)
    {
      g_hash_table_foreach (before, withdraw_notification, NULL);
      g_hash_table_unref (before);
    }
  if (n != self->n_pending)
    {
      self->n_pending = n;
      adw_view_stack_page_set_badge_number (self->pending_page, n);
      adw_view_stack_page_set_needs_attention (self->pending_page, n > 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
}

/* "quote:12": the records the lists show, whose changes reload them */
static char *
record_key (const char *entity,
            gint64      id)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, entity ? entity : "", id);
}

static void
list_loaded (RapportApprovalsPage *self,
             gboolean              waiting,
             JsonNode             *node,
             const GError         *error)
{
  GtkStack *stack = waiting ? self->pending_stack : self->submitted_stack;
  JsonArray *items = NULL;

  self->n_loading--;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || !json_object_has_member (json_node_get_object (node), "items"))
    {
      adw_status_page_set_description (waiting ? self->pending_error : self->submitted_error,
                                       error ? error->message : NULL);
      gtk_stack_set_visible_child_name (stack, "error");
      return;
    }
  items = json_object_get_array_member (json_node_get_object (node), "items");
  fill (waiting ? self->pending_list : self->submitted_list, stack, items, waiting,
        rapport_approval_view_get_approval_id (self->view));
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_hash_table_add (self->records, record_key (json_object_get_string_member_with_default (item, "entity", NULL),
                                                   json_object_get_int_member_with_default (item, "record_id", 0)));
    }
  if (waiting)
    update_pending (self, items);
}

static void
pending_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* cancelled: the page is gone or loads again, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  list_loaded (user_data, TRUE, node, error);
}

static void
submitted_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* cancelled: the page is gone or loads again, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  list_loaded (user_data, FALSE, node, error);
}

/* both lists again, and the approval shown */
void
rapport_approvals_page_reload (RapportApprovalsPage *self)
{
  if (self->api == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_loading = 2;
  g_hash_table_remove_all (self->records);
  rapport_api_request_async (self->api, "GET", "/approvals?mine=pending", NULL, self->cancellable,
                             pending_loaded, self);
  rapport_api_request_async (self->api, "GET", "/approvals?mine=submitted", NULL, self->cancellable,
                             submitted_loaded, self);
  if (rapport_approval_view_get_approval_id (self->view) > 0)
    rapport_approval_view_reload (self->view);
}

/* an approval event is for this user; a change, when it is to a record the lists show,
 * may be someone else deciding an approval this user could have decided too */
static void
on_event (RapportApprovalsPage *self,
          const char           *kind,
          JsonObject           *data)
{
  g_autofree char *key = NULL;

  if (g_str_equal (kind, "change"))
    {
      key = record_key (json_object_get_string_member_with_default (data, "entity", NULL),
                        json_object_get_int_member_with_default (data, "id", 0));
      /* the user's own change may be a submission, which "Submitted" shows */
      if (!g_hash_table_contains (self->records, key) &&
          json_object_get_int_member_with_default (data, "actor_id", 0) != rapport_api_get_user_id (self->api))
        return;
    }
  rapport_approvals_page_reload (self);
}

/* events sent while the socket was down are lost: what they told is loaded afresh */
static void
on_events_connected (RapportApprovalsPage *self)
{
  if (rapport_api_get_events_connected (self->api))
    rapport_approvals_page_reload (self);
}

static void
on_view_changed (RapportApprovalsPage *self)
{
  rapport_approvals_page_reload (self);
}

static const char *
number_of (RapportApprovalsPage *self,
           gint64                approval_id)
{
  GtkListBox *lists[] = { self->pending_list, self->submitted_list };
  GtkListBoxRow *row;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (int i = 0; (row = gtk_list_box_get_row_at_index (lists[l], i)) != NULL; i++)
      if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "approval-id")) == approval_id)
        return g_object_get_data (G_OBJECT (row), "number");
  return NULL;
}

/* shows one approval beside the lists (or instead of them, when narrow) */
void
rapport_approvals_page_show_approval (RapportApprovalsPage *self,
                                      gint64                approval_id)
{
  GtkListBox *lists[] = { self->pending_list, self->submitted_list };
  GtkListBoxRow *row;

  /* the row of the approval shown is the one selected, in either list */
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      gtk_list_box_unselect_all (lists[l]);
      for (int i = 0; (row = gtk_list_box_get_row_at_index (lists[l], i)) != NULL; i++)
        if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "approval-id")) == approval_id)
          gtk_list_box_select_row (lists[l], row);
    }
  rapport_approval_view_show (self->view, approval_id, number_of (self, approval_id));
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

static void
on_row_activated (RapportApprovalsPage *self,
                  GtkListBoxRow        *row)
{
  rapport_approvals_page_show_approval (self, (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "approval-id")));
}

/**
 * rapport_approvals_page_go_back:
 * @self: the page
 *
 * When narrow, from the approval back to the lists.
 *
 * Returns: whether it went back
 */
gboolean
rapport_approvals_page_go_back (RapportApprovalsPage *self)
{
  if (!adw_leaflet_get_folded (self->leaflet) || adw_leaflet_get_visible_child (self->leaflet) != self->detail_pane)
    return FALSE;
  return adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* shows "pending" (waiting for the user) or "submitted" */
void
rapport_approvals_page_show_list (RapportApprovalsPage *self,
                                  const char           *name)
{
  adw_view_stack_set_visible_child_name (self->lists, name);
}

/* how many approvals wait for the user: the sidebar's badge */
guint
rapport_approvals_page_get_n_pending (RapportApprovalsPage *self)
{
  return self->n_pending;
}

/**
 * rapport_approvals_page_get_view:
 *
 * Returns: (transfer none): the approval shown beside the lists
 */
RapportApprovalView *
rapport_approvals_page_get_view (RapportApprovalsPage *self)
{
  return self->view;
}

gboolean
rapport_approvals_page_get_busy (RapportApprovalsPage *self)
{
  return self->n_loading > 0 || rapport_approval_view_get_busy (self->view);
}

/* how many new requests were announced since signing in */
guint
rapport_approvals_page_get_n_notified (RapportApprovalsPage *self)
{
  return self->n_notified;
}

static void
rapport_approvals_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportApprovalsPage *self = RAPPORT_APPROVALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_approvals_page_dispose (GObject *object)
{
  RapportApprovalsPage *self = RAPPORT_APPROVALS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->api)
    g_signal_handlers_disconnect_by_data (self->api, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_APPROVALS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_approvals_page_parent_class)->dispose (object);
}

static void
rapport_approvals_page_class_init (RapportApprovalsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_approvals_page_dispose;
  object_class->get_property = rapport_approvals_page_get_property;

  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RAPPORT_TYPE_APPROVAL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-approvals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, lists);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, pending_page);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, pending_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, pending_list);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, pending_error);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, submitted_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, submitted_list);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, submitted_error);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, view);
  gtk_widget_class_bind_template_callback (widget_class, rapport_approvals_page_reload);
  gtk_widget_class_bind_template_callback (widget_class, rapport_approvals_page_go_back);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_approvals_page_init (RapportApprovalsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * rapport_approvals_page_new:
 * @api: the signed-in client, its event WebSocket connected
 *
 * The page loads what waits for the user at once and follows the
 * approval events, so that its count (#RapportApprovalsPage:n-pending)
 * is current from sign-in on, shown or not.
 *
 * Returns: (transfer floating): the page
 */
RapportApprovalsPage *
rapport_approvals_page_new (RapportApi *api)
{
  RapportApprovalsPage *self = g_object_new (RAPPORT_TYPE_APPROVALS_PAGE, NULL);

  self->api = g_object_ref (api);
  rapport_approval_view_set_api (self->view, api);
  g_signal_connect_object (api, "event::approval", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::change", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "notify::events-connected", G_CALLBACK (on_events_connected), self, G_CONNECT_SWAPPED);
  rapport_approvals_page_reload (self);
  return self;
}
