/* rapport-admin-scopes-page.c: RapportAdminScopesPage, each role's data scope per kind of record, as a grid of choices */
#include "rapport-admin-scopes-page.h"
#include "rapport-window.h"
#include "crm-entities.h"
#include "crm-user.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportAdminScopesPage
{
  GtkWidget     parent_instance;

  GtkLabel     *error_label;
  GtkGrid      *role_grid;
  GtkGrid      *grid;

  RapportApi   *api;
  GCancellable *cancellable;
  /* "role/entity" -> its GtkDropDown */
  GHashTable   *cells;
  /* set while the grid shows what the server says, so that nothing is sent back */
  gboolean      showing;
  guint         n_pending;
};

G_DEFINE_FINAL_TYPE (RapportAdminScopesPage, rapport_admin_scopes_page, GTK_TYPE_WIDGET)

/* as the server names them, in the order the drop-downs offer them */
static const char * const scopes[] = { "own", "team", "company", "none", NULL };
static const char * const scope_labels[] = { N_("Own"), N_("Team"), N_("Company"), N_("None"), NULL };

static void
show_error (RapportAdminScopesPage *self,
            const GError           *error)
{
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportAdminScopesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_pending--;
  show_error (self, error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  items = json_object_get_array_member (json_node_get_object (node), "items");
  self->showing = TRUE;
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *key = g_strdup_printf ("%s/%s", json_object_get_string_member_with_default (item, "role", ""),
                                              json_object_get_string_member_with_default (item, "entity", ""));
      const char *scope = json_object_get_string_member_with_default (item, "scope", "");
      GtkDropDown *cell = g_hash_table_lookup (self->cells, key);

      for (guint s = 0; cell && scopes[s]; s++)
        if (g_str_equal (scopes[s], scope))
          gtk_drop_down_set_selected (cell, s);
    }
  self->showing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid), TRUE);
}

void
rapport_admin_scopes_page_reload (RapportAdminScopesPage *self)
{
  if (self->api == NULL)
    return;
  self->n_pending++;
  rapport_api_request_async (self->api, "GET", "/role-scopes", NULL, self->cancellable, loaded, self);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportAdminScopesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_pending--;
  show_error (self, error);
  rapport_window_toast_for (GTK_WIDGET (self), node ? _("Data scope saved") : error->message);
  /* the grid shows what the server holds, whatever happened */
  if (node == NULL)
    rapport_admin_scopes_page_reload (self);
}

static void
on_cell_changed (GtkDropDown            *cell,
                 GParamSpec             *pspec,
                 RapportAdminScopesPage *self)
{
  guint selected = gtk_drop_down_get_selected (cell);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (self->showing || self->api == NULL || selected >= G_N_ELEMENTS (scopes) - 1)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, g_object_get_data (G_OBJECT (cell), "role"));
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, g_object_get_data (G_OBJECT (cell), "entity"));
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, scopes[selected]);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  self->n_pending++;
  rapport_api_request_async (self->api, "PUT", "/role-scopes", body, self->cancellable, saved, self);
}

static GtkWidget *
header (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* a row per role, a column per kind of record that has owners: all from the descriptors */
static void
build_grid (RapportAdminScopesPage *self)
{
  CrmEntityClass *users = g_type_class_ref (CRM_TYPE_USER);
  const CrmFieldSpec *role = &users->fields[crm_entity_class_find_field (users, "role")];
  guint n_types;
  const GType *types = crm_entities_list (&n_types);
  g_autoptr(GtkSizeGroup) header_height = gtk_size_group_new (GTK_SIZE_GROUP_VERTICAL);
  g_autoptr(GPtrArray) row_heights = g_ptr_array_new_with_free_func (g_object_unref);
  guint column = 0;
  GtkWidget *role_header = header (_("Role"));

  /* the roles in a grid of their own, outside the sideways scroller; each
   * role's label as high as its row of choices */
  gtk_grid_attach (self->role_grid, role_header, 0, 0, 1, 1);
  gtk_size_group_add_widget (header_height, role_header);
  for (guint r = 0; role->enum_values[r]; r++)
    {
      GtkWidget *label = gtk_label_new (crm_field_spec_enum_label (role, role->enum_values[r]));
      GtkSizeGroup *height = gtk_size_group_new (GTK_SIZE_GROUP_VERTICAL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_grid_attach (self->role_grid, label, 0, r + 1, 1, 1);
      gtk_size_group_add_widget (height, label);
      g_ptr_array_add (row_heights, height);
    }
  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *klass = g_type_class_peek (types[t]);
      const char *plural = g_dgettext (GETTEXT_PACKAGE, klass->plural_label);
      GtkWidget *kind_header;

      if (crm_entity_class_find_owner (klass) < 0)
        continue;
      kind_header = header (plural);
      gtk_grid_attach (self->grid, kind_header, column, 0, 1, 1);
      if (column == 0)
        gtk_size_group_add_widget (header_height, kind_header);
      for (guint r = 0; role->enum_values[r]; r++)
        {
          const char *role_label = crm_field_spec_enum_label (role, role->enum_values[r]);
          g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
          g_autofree char *key = g_strdup_printf ("%s/%s", role->enum_values[r], klass->entity_name);
          /* TRANSLATORS: names a choice in the grid of data scopes, e.g. "Sales: Accounts" */
          g_autofree char *name = g_strdup_printf (_("%s: %s"), role_label, plural);
          GtkWidget *cell;

          for (guint s = 0; scope_labels[s]; s++)
            gtk_string_list_append (choices, _(scope_labels[s]));
          cell = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&choices)), NULL);
          gtk_drop_down_set_selected (GTK_DROP_DOWN (cell), GTK_INVALID_LIST_POSITION);
          g_object_set_data (G_OBJECT (cell), "role", (gpointer) role->enum_values[r]);
          g_object_set_data (G_OBJECT (cell), "entity", (gpointer) klass->entity_name);
          gtk_widget_set_tooltip_text (cell, name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_signal_connect_object (cell, "notify::selected", G_CALLBACK (on_cell_changed), self, 0);
          g_hash_table_insert (self->cells, g_steal_pointer (&key), cell);
          if (column == 0)
            gtk_size_group_add_widget (row_heights->pdata[r], cell);
          gtk_grid_attach (self->grid, cell, column, r + 1, 1, 1);
        }
      column++;
    }
  g_type_class_unref (users);
}

void
rapport_admin_scopes_page_set_api (RapportAdminScopesPage *self,
                                   RapportApi             *api)
{
  g_set_object (&self->api, api);
  rapport_admin_scopes_page_reload (self);
}

/* whether a load or a save is on its way */
gboolean
rapport_admin_scopes_page_get_busy (RapportAdminScopesPage *self)
{
  return self->n_pending > 0;
}

/**
 * rapport_admin_scopes_page_get_cell:
 * @self: the page
 * @role: e.g. "sales"
 * @entity: e.g. "account"
 *
 * Returns: (transfer none) (nullable): the drop-down of that role and entity
 */
GtkDropDown *
rapport_admin_scopes_page_get_cell (RapportAdminScopesPage *self,
                                    const char             *role,
                                    const char             *entity)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", role, entity);

  return g_hash_table_lookup (self->cells, key);
}

static void
rapport_admin_scopes_page_dispose (GObject *object)
{
  RapportAdminScopesPage *self = RAPPORT_ADMIN_SCOPES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ADMIN_SCOPES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_admin_scopes_page_parent_class)->dispose (object);
}

static void
rapport_admin_scopes_page_class_init (RapportAdminScopesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_scopes_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-scopes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminScopesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminScopesPage, role_grid);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminScopesPage, grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_scopes_page_init (RapportAdminScopesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  build_grid (self);
  /* nothing to change until the server says what is */
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid), FALSE);
}
