/* rapport-admin-teams-page.c: RapportAdminTeamsPage, the team tree for administrators: add a team under another, rename */
#include "rapport-admin-teams-page.h"
#include "rapport-window.h"
#include "widgets/rapport-team-dialog.h"
#include "crm-json.h"
#include "crm-team.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* enough for the departments of an office */
#define MAX_TEAMS 500

struct _RapportAdminTeamsPage
{
  GtkWidget           parent_instance;

  GtkLabel           *error_label;
  GtkStack           *view_stack;
  GtkListView        *list_view;

  RapportApi         *api;
  GCancellable       *cancellable;
  /* parent id (0 for the top) -> GListStore of its teams */
  GHashTable         *children;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (RapportAdminTeamsPage, rapport_admin_teams_page, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GListStore *
children_of (RapportAdminTeamsPage *self,
             gint64                 id)
{
  return g_hash_table_lookup (self->children, GSIZE_TO_POINTER ((gsize) id));
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GListStore *store = children_of (user_data, crm_entity_get_id (item));

  return store ? g_object_ref (G_LIST_MODEL (store)) : NULL;
}

static CrmEntity *
selected_team (RapportAdminTeamsPage *self)
{
  GtkTreeListRow *row = self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;

  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
on_selection_changed (RapportAdminTeamsPage *self)
{
  g_autoptr(CrmEntity) team = selected_team (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "teams.rename", team != NULL);
}

static void
show_error (RapportAdminTeamsPage *self,
            const GError          *error)
{
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportAdminTeamsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (NULL, NULL);
  JsonArray *items;
  GListStore *top;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_error (self, error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      g_autoptr(CrmEntity) team = crm_entity_new (CRM_TYPE_TEAM);

      if (crm_json_read_entity (team, json_array_get_object_element (items, i), NULL))
        {
          g_hash_table_add (ids, GSIZE_TO_POINTER ((gsize) crm_entity_get_id (team)));
          g_ptr_array_add (teams, g_steal_pointer (&team));
        }
    }
  /* each team under its parent (sorted by name, as fetched); one whose parent is gone, at the top */
  g_hash_table_remove_all (self->children);
  for (guint i = 0; i < teams->len; i++)
    {
      gint64 parent = crm_entity_get_int (teams->pdata[i], "parent");
      GListStore *store;

      if (!g_hash_table_contains (ids, GSIZE_TO_POINTER ((gsize) parent)))
        parent = 0;
      store = children_of (self, parent);
      if (store == NULL)
        {
          store = g_list_store_new (CRM_TYPE_ENTITY);
          g_hash_table_insert (self->children, GSIZE_TO_POINTER ((gsize) parent), store);
        }
      g_list_store_append (store, teams->pdata[i]);
    }

  top = children_of (self, 0);
  g_clear_object (&self->tree);
  self->tree = gtk_tree_list_model_new (top ? g_object_ref (G_LIST_MODEL (top))
                                            : G_LIST_MODEL (g_list_store_new (CRM_TYPE_ENTITY)),
                                        FALSE, TRUE, create_children, self, NULL);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_stack_set_visible_child_name (self->view_stack, teams->len > 0 ? "tree" : "empty");
  on_selection_changed (self);
}

void
rapport_admin_teams_page_reload (RapportAdminTeamsPage *self)
{
  g_autofree char *path = g_strdup_printf ("/teams?limit=%d&sort=name", MAX_TEAMS);

  if (self->api)
    rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

void
rapport_admin_teams_page_set_api (RapportAdminTeamsPage *self,
                                  RapportApi            *api)
{
  g_set_object (&self->api, api);
  rapport_admin_teams_page_reload (self);
}

/**
 * rapport_admin_teams_page_get_tree:
 *
 * Returns: (transfer none) (nullable): the tree as shown, a #GtkTreeListModel
 */
GListModel *
rapport_admin_teams_page_get_tree (RapportAdminTeamsPage *self)
{
  return self->tree ? G_LIST_MODEL (self->tree) : NULL;
}

typedef struct
{
  RapportAdminTeamsPage *self;
  char                  *message;
} Save;

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      rapport_window_toast_for (GTK_WIDGET (save->self), node ? save->message : error->message);
      if (node)
        {
          rapport_admin_teams_page_reload (save->self);
          g_signal_emit (save->self, signals[CHANGED], 0);
        }
    }
  g_free (save->message);
  g_free (save);
}

static void
send (RapportAdminTeamsPage *self,
      const char            *method,
      const char            *path,
      CrmEntity             *team,
      char                  *message)
{
  g_autoptr(JsonNode) body = crm_json_from_entity_set (team);
  Save *save = g_new0 (Save, 1);

  save->self = self;
  save->message = message;
  rapport_api_request_async (self->api, method, path, body, self->cancellable, saved, save);
}

static void
new_response (RapportTeamDialog     *dialog,
              const char            *response,
              RapportAdminTeamsPage *self)
{
  g_autoptr(CrmEntity) team = crm_entity_new (CRM_TYPE_TEAM);
  g_autofree char *name = rapport_team_dialog_get_name (dialog);
  gint64 parent = rapport_team_dialog_get_parent_id (dialog);

  if (!g_str_equal (response, "save"))
    return;
  crm_entity_set_text (team, "name", name);
  if (parent > 0)
    crm_entity_set_int (team, "parent", parent);
  send (self, "POST", "/teams", team, g_strdup_printf (_("Team “%s” created"), name));
}

static void
new_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  RapportAdminTeamsPage *self = RAPPORT_ADMIN_TEAMS_PAGE (widget);
  g_autoptr(CrmEntity) selected = selected_team (self);
  RapportTeamDialog *dialog;

  if (self->api == NULL)
    return;
  dialog = rapport_team_dialog_new (widget, self->api, NULL, selected ? crm_entity_get_id (selected) : 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_response (RapportTeamDialog     *dialog,
                 const char            *response,
                 RapportAdminTeamsPage *self)
{
  CrmEntity *team = g_object_get_data (G_OBJECT (dialog), "team");
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_TEAM);
  g_autofree char *name = rapport_team_dialog_get_name (dialog);
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "save") || g_strcmp0 (name, crm_entity_get_text (team, "name")) == 0)
    return;
  crm_entity_set_version (patch, crm_entity_get_version (team));
  crm_entity_set_text (patch, "name", name);
  path = g_strdup_printf ("/teams/%" G_GINT64_FORMAT, crm_entity_get_id (team));
  send (self, "PATCH", path, patch, g_strdup_printf (_("Team renamed to “%s”"), name));
}

static void
rename_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportAdminTeamsPage *self = RAPPORT_ADMIN_TEAMS_PAGE (widget);
  g_autoptr(CrmEntity) team = selected_team (self);
  RapportTeamDialog *dialog;

  if (team == NULL)
    return;
  dialog = rapport_team_dialog_new (widget, self->api, crm_entity_get_text (team, "name"), 0);
  g_object_set_data_full (G_OBJECT (dialog), "team", g_steal_pointer (&team), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_activate (RapportAdminTeamsPage *self,
             guint                  position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "teams.rename", NULL);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("system-users-symbolic"));
  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (item));
  g_autoptr(CrmEntity) team = gtk_tree_list_row_get_item (row);
  GtkWidget *label = gtk_widget_get_last_child (gtk_tree_expander_get_child (expander));

  gtk_tree_expander_set_list_row (expander, row);
  gtk_label_set_text (GTK_LABEL (label), crm_entity_get_text (team, "name"));
}

static void
rapport_admin_teams_page_dispose (GObject *object)
{
  RapportAdminTeamsPage *self = RAPPORT_ADMIN_TEAMS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ADMIN_TEAMS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_admin_teams_page_parent_class)->dispose (object);
}

static void
rapport_admin_teams_page_class_init (RapportAdminTeamsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_teams_page_dispose;

  /**
   * RapportAdminTeamsPage::changed:
   *
   * A team was added or renamed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-teams-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTeamsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTeamsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminTeamsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);

  gtk_widget_class_install_action (widget_class, "teams.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "teams.rename", NULL, rename_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_teams_page_init (RapportAdminTeamsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->children = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "teams.rename", FALSE);
}
