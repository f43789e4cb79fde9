/* rapport-admin-users-page.c: RapportAdminUsersPage, the users for administrators: list, create, edit, deactivate, passwords, locks, sessions */
#include "rapport-admin-users-page.h"
#include "rapport-window.h"
#include "widgets/rapport-transfer-dialog.h"
#include "widgets/rapport-user-dialog.h"
#include "crm-format.h"
#include "crm-json.h"
#include "crm-user.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportAdminUsersPage
{
  GtkWidget         parent_instance;

  GtkSearchEntry   *search_entry;
  GtkStack         *view_stack;
  GtkColumnView    *column_view;
  AdwStatusPage    *error_page;
  GtkLabel         *count_label;

  RapportApi       *api;
  RapportListModel *model;
  GCancellable     *cancellable;
  /* team id -> name, for the Team column */
  GHashTable       *teams;
};

G_DEFINE_FINAL_TYPE (RapportAdminUsersPage, rapport_admin_users_page, GTK_TYPE_WIDGET)

/* the list's columns: fields of the user, their team and manager by name, then the actions */
static const char * const columns[] = { "login", "name", "role", "team", "manager", "active", "locked", NULL };

static void
toast (RapportAdminUsersPage *self,
       const char            *message)
{
  rapport_window_toast_for (GTK_WIDGET (self), message);
}

static void
update_state (RapportAdminUsersPage *self)
{
  const GError *error = rapport_list_model_get_error (self->model);
  gint64 total = rapport_list_model_get_total (self->model);

  if (error)
    adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->view_stack, error ? "error" : "list");
  if (total >= 0 && !error)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld user", "%lld users", total),
                                               (long long) total);
      gtk_label_set_text (self->count_label, text);
    }
  else
    gtk_label_set_text (self->count_label, "");
}

/* a user by id among those loaded */
static CrmEntity *
find_user (RapportAdminUsersPage *self,
           gint64                 id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmEntity) user = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (crm_entity_get_id (user) == id)
        return g_steal_pointer (&user);
    }
  return NULL;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_size_request (label, -1, 24);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  RapportAdminUsersPage *self = g_object_get_data (G_OBJECT (factory), "page");
  const char *name = user_data;
  CrmEntity *user = gtk_list_item_get_item (item);
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (user);
  int index = crm_entity_class_find_field (klass, name);
  g_autofree char *text = NULL;

  if (g_str_equal (name, "team"))
    {
      gint64 team = crm_entity_get_int (user, "team");
      const char *team_name = g_hash_table_lookup (self->teams, GSIZE_TO_POINTER ((gsize) team));

      text = g_strdup (team == 0 ? "" : team_name ? team_name : "?");
    }
  else if (klass->fields[index].type == CRM_FIELD_REFERENCE)
    text = g_strdup (crm_entity_get_reference_name (user, index) ? crm_entity_get_reference_name (user, index) : "");
  else
    text = crm_format_value (&klass->fields[index], crm_entity_value (user, index));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
setup_actions (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (button, _("Actions for this user"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Actions for this user"), -1);
  gtk_list_item_set_child (item, button);
}

static void
add_item (GMenu      *menu,
          const char *label,
          const char *action,
          gint64      id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
  g_menu_append_item (menu, item);
}

/* what may be done to this user: nothing more once deactivated */
static void
bind_actions (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  RapportAdminUsersPage *self = g_object_get_data (G_OBJECT (factory), "page");
  CrmEntity *user = gtk_list_item_get_item (item);
  GtkWidget *button = gtk_list_item_get_child (item);
  gint64 id = crm_entity_get_id (user);
  g_autoptr(GMenu) menu = g_menu_new ();
  gboolean active = crm_entity_get_bool (user, "active");

  if (active)
    {
      add_item (menu, _("Edit…"), "users.edit", id);
      add_item (menu, _("Reset Password…"), "users.reset-password", id);
      if (crm_entity_get_bool (user, "locked"))
        add_item (menu, _("Unlock"), "users.unlock", id);
      add_item (menu, _("End Sessions…"), "users.end-sessions", id);
      if (id != rapport_api_get_user_id (self->api))
        add_item (menu, _("Deactivate…"), "users.deactivate", id);
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (button, active && id != 0);
}

static void
build_columns (RapportAdminUsersPage *self)
{
  CrmEntityClass *klass = g_type_class_ref (CRM_TYPE_USER);
  g_autoptr(GtkListItemFactory) actions = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) actions_column = NULL;

  for (guint i = 0; columns[i]; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      int index = crm_entity_class_find_field (klass, columns[i]);

      g_object_set_data (G_OBJECT (factory), "page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), (gpointer) columns[i]);
      column = gtk_column_view_column_new (crm_field_spec_get_label (&klass->fields[index]), g_steal_pointer (&factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, g_str_equal (columns[i], "name"));
      gtk_column_view_append_column (self->column_view, column);
    }
  g_object_set_data (G_OBJECT (actions), "page", self);
  g_signal_connect (actions, "setup", G_CALLBACK (setup_actions), NULL);
  g_signal_connect (actions, "bind", G_CALLBACK (bind_actions), NULL);
  actions_column = gtk_column_view_column_new (NULL, g_steal_pointer (&actions));
  gtk_column_view_append_column (self->column_view, actions_column);
  g_type_class_unref (klass);
}

typedef enum
{
  OP_DEACTIVATE,
  OP_PASSWORD,
  OP_UNLOCK,
  OP_END_SESSIONS,
} OpKind;

typedef struct
{
  RapportAdminUsersPage *self;
  OpKind                 kind;
  char                  *who;
  char                  *heir;
} Op;

static void
op_free (Op *op)
{
  g_free (op->who);
  g_free (op->heir);
  g_free (op);
}

static void
op_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      op_free (op);
      return;
    }
  if (node == NULL)
    message = g_strdup (error->message);
  else if (op->kind == OP_DEACTIVATE)
    {
      gint64 n = json_object_get_int_member_with_default (json_node_get_object (node), "transferred", 0);

      /* TRANSLATORS: who left, how many records were handed over, and to whom */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s deactivated; %lld record transferred to %s",
                                              "%s deactivated; %lld records transferred to %s", n),
                                 op->who, (long long) n, op->heir);
    }
  else if (op->kind == OP_PASSWORD)
    message = g_strdup_printf (_("Temporary password set for %s"), op->who);
  else if (op->kind == OP_UNLOCK)
    message = g_strdup_printf (_("%s unlocked"), op->who);
  else
    message = g_strdup_printf (_("%s signed out everywhere"), op->who);
  toast (op->self, message);
  if (node != NULL)
    rapport_admin_users_page_reload (op->self);
  op_free (op);
}

static void
run (RapportAdminUsersPage *self,
     OpKind                 kind,
     const char            *method,
     gint64                 id,
     const char            *suffix,
     JsonNode              *body,
     CrmEntity             *user,
     const char            *heir)
{
  g_autofree char *path = g_strdup_printf ("/users/%" G_GINT64_FORMAT "/%s", id, suffix);
  Op *op = g_new0 (Op, 1);

  op->self = self;
  op->kind = kind;
  op->who = g_strdup (crm_entity_get_text (user, "name"));
  op->heir = g_strdup (heir);
  rapport_api_request_async (self->api, method, path, body, self->cancellable, op_done, op);
}

static void
deactivate_response (RapportTransferDialog *dialog,
                     const char            *response,
                     RapportAdminUsersPage *self)
{
  CrmEntity *user = g_object_get_data (G_OBJECT (dialog), "user");
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (!g_str_equal (response, "transfer"))
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "transfer_to");
  json_builder_add_int_value (builder, rapport_transfer_dialog_get_owner_id (dialog));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  run (self, OP_DEACTIVATE, "POST", crm_entity_get_id (user), "deactivate", body, user,
       rapport_transfer_dialog_get_owner_label (dialog));
}

static void
deactivate_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  RapportAdminUsersPage *self = RAPPORT_ADMIN_USERS_PAGE (widget);
  g_autoptr(CrmEntity) user = find_user (self, g_variant_get_int64 (parameter));
  RapportTransferDialog *dialog;

  if (user == NULL)
    return;
  dialog = rapport_transfer_dialog_new (widget, self->api, crm_entity_get_id (user), FALSE);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Deactivate %s?"),
                                     crm_entity_get_text (user, "name"));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("They can no longer sign in, and their sessions end now. Users are never "
                                 "deleted: everything they own goes to the person you choose."));
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (dialog), "transfer", _("_Deactivate"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "transfer", ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "user", g_steal_pointer (&user), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (deactivate_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
password_changed (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "reset", gtk_editable_get_text (entry)[0] != '\0');
}

static void
password_response (AdwMessageDialog      *dialog,
                   const char            *response,
                   RapportAdminUsersPage *self)
{
  CrmEntity *user = g_object_get_data (G_OBJECT (dialog), "user");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (!g_str_equal (response, "reset"))
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, gtk_editable_get_text (entry));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  run (self, OP_PASSWORD, "POST", crm_entity_get_id (user), "password", body, user, NULL);
}

static void
reset_password_activated (GtkWidget  *widget,
                          const char *action,
                          GVariant   *parameter)
{
  RapportAdminUsersPage *self = RAPPORT_ADMIN_USERS_PAGE (widget);
  g_autoptr(CrmEntity) user = find_user (self, g_variant_get_int64 (parameter));
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *list, *entry;

  if (user == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root), NULL,
                                                       _("They sign in with this temporary password and must "
                                                         "choose a new one. Their sessions end now.")));
  adw_message_dialog_format_heading (dialog, _("Reset the Password of %s?"), crm_entity_get_text (user, "name"));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  entry = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Temporary password"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (dialog, list);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reset", _("_Reset Password"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reset", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "reset", FALSE);
  adw_message_dialog_set_default_response (dialog, "reset");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "user", g_steal_pointer (&user), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (password_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unlock_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportAdminUsersPage *self = RAPPORT_ADMIN_USERS_PAGE (widget);
  g_autoptr(CrmEntity) user = find_user (self, g_variant_get_int64 (parameter));

  if (user)
    run (self, OP_UNLOCK, "POST", crm_entity_get_id (user), "unlock", NULL, user, NULL);
}

static void
end_sessions_response (AdwMessageDialog      *dialog,
                       const char            *response,
                       RapportAdminUsersPage *self)
{
  CrmEntity *user = g_object_get_data (G_OBJECT (dialog), "user");

  if (g_str_equal (response, "end"))
    run (self, OP_END_SESSIONS, "DELETE", crm_entity_get_id (user), "sessions", NULL, user, NULL);
}

static void
end_sessions_activated (GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter)
{
  RapportAdminUsersPage *self = RAPPORT_ADMIN_USERS_PAGE (widget);
  g_autoptr(CrmEntity) user = find_user (self, g_variant_get_int64 (parameter));
  AdwMessageDialog *dialog;

  if (user == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL,
                                                       _("They are signed out on every computer at once and "
                                                         "must sign in again.")));
  adw_message_dialog_format_heading (dialog, _("End Every Session of %s?"), crm_entity_get_text (user, "name"));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "end", _("_End Sessions"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "end", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "user", g_steal_pointer (&user), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (end_sessions_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_user_created (RapportAdminUsersPage *self,
                 CrmEntity             *user)
{
  g_autofree char *message = g_strdup_printf (_("User %s created"), crm_entity_get_text (user, "login"));

  toast (self, message);
  rapport_admin_users_page_reload (self);
}

static void
new_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  RapportAdminUsersPage *self = RAPPORT_ADMIN_USERS_PAGE (widget);
  RapportUserDialog *dialog;

  if (self->api == NULL)
    return;
  dialog = rapport_user_dialog_new (widget, self->api);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_user_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_user_saved (RapportAdminUsersPage *self,
               CrmEntity             *user)
{
  g_autofree char *message = g_strdup_printf (_("%s saved"), crm_entity_get_text (user, "name"));

  toast (self, message);
  rapport_admin_users_page_reload (self);
}

/**
 * rapport_admin_users_page_edit:
 * @self: the page
 * @id: a listed user
 *
 * Opens the form of the user: their name, email, role, team and manager.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL when @id is not listed
 */
GtkWidget *
rapport_admin_users_page_edit (RapportAdminUsersPage *self,
                               gint64                 id)
{
  g_autoptr(CrmEntity) user = NULL;
  RapportUserDialog *dialog;

  g_return_val_if_fail (RAPPORT_IS_ADMIN_USERS_PAGE (self), NULL);

  user = find_user (self, id);
  if (user == NULL || self->api == NULL)
    return NULL;
  dialog = rapport_user_dialog_new_edit (GTK_WIDGET (self), self->api, user);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_user_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  rapport_admin_users_page_edit (RAPPORT_ADMIN_USERS_PAGE (widget), g_variant_get_int64 (parameter));
}

/* Enter or a double click on a row edits that user */
static void
on_row_activated (RapportAdminUsersPage *self,
                  guint                  position,
                  GtkColumnView         *view)
{
  g_autoptr(CrmEntity) user = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (user && crm_entity_get_bool (user, "active"))
    rapport_admin_users_page_edit (self, crm_entity_get_id (user));
}

static void
on_search_changed (RapportAdminUsersPage *self)
{
  if (self->model)
    rapport_list_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
teams_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportAdminUsersPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GtkSelectionModel) selection = NULL;
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove_all (self->teams);
  items = node && JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_array_member (json_node_get_object (node), "items") : NULL;
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *team = json_array_get_object_element (items, i);

      g_hash_table_insert (self->teams, GSIZE_TO_POINTER ((gsize) json_object_get_int_member_with_default (team, "id", 0)),
                           g_strdup (json_object_get_string_member_with_default (team, "name", "")));
    }

  /* the list comes once the teams can be named */
  if (self->model == NULL)
    {
      self->model = rapport_list_model_new (self->api, CRM_TYPE_USER, "/users");
      rapport_list_model_set_sort (self->model, "name", FALSE);
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      selection = GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model))));
      gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
      gtk_column_view_set_model (self->column_view, selection);
    }
  else
    rapport_list_model_reload (self->model);
}

/* fetches the teams and the users afresh */
void
rapport_admin_users_page_reload (RapportAdminUsersPage *self)
{
  if (self->api)
    rapport_api_request_async (self->api, "GET", "/teams?limit=500", NULL, self->cancellable, teams_loaded, self);
}

void
rapport_admin_users_page_set_api (RapportAdminUsersPage *self,
                                  RapportApi            *api)
{
  g_set_object (&self->api, api);
  rapport_admin_users_page_reload (self);
}

/**
 * rapport_admin_users_page_get_model:
 *
 * Returns: (transfer none) (nullable): the users, once the list is set up
 */
RapportListModel *
rapport_admin_users_page_get_model (RapportAdminUsersPage *self)
{
  return self->model;
}

static void
rapport_admin_users_page_dispose (GObject *object)
{
  RapportAdminUsersPage *self = RAPPORT_ADMIN_USERS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ADMIN_USERS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->api);
  g_clear_pointer (&self->teams, g_hash_table_unref);
  G_OBJECT_CLASS (rapport_admin_users_page_parent_class)->dispose (object);
}

static void
rapport_admin_users_page_class_init (RapportAdminUsersPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_users_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminUsersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminUsersPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminUsersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminUsersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminUsersPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, rapport_admin_users_page_reload);

  gtk_widget_class_install_action (widget_class, "users.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "users.edit", "x", edit_activated);
  gtk_widget_class_install_action (widget_class, "users.deactivate", "x", deactivate_activated);
  gtk_widget_class_install_action (widget_class, "users.reset-password", "x", reset_password_activated);
  gtk_widget_class_install_action (widget_class, "users.unlock", "x", unlock_activated);
  gtk_widget_class_install_action (widget_class, "users.end-sessions", "x", end_sessions_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_users_page_init (RapportAdminUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->teams = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  build_columns (self);
}
