/* rapport-contact-roles.c: RapportContactRoles, an opportunity's contacts and each one's role, added and removed in place */
#include "rapport-contact-roles.h"
#include "rapport-window.h"
#include "crm-entities.h"

#include <glib/gi18n.h>

/* the account's contacts offered to add, at most */
#define MAX_OFFERED 200

struct _RapportContactRoles
{
  AdwBin        parent_instance;

  AdwPreferencesGroup *group;
  GtkWidget    *add_row;
  GtkDropDown  *contact_choice;
  GtkDropDown  *role_choice;
  GtkWidget    *add_button;
  GPtrArray    *rows;

  RapportApi   *api;
  CrmEntity    *entity;
  GCancellable *cancellable;
  gint64        account_id;
  /* the account's contacts: ids in the order offered, names by id */
  GArray       *offered;
  GHashTable   *names;
  /* a change on its way, or the page reading the record again after one */
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (RapportContactRoles, rapport_contact_roles, ADW_TYPE_BIN)

enum
{
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const CrmFieldSpec *
role_spec (void)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_ENTITY_CLASS (g_type_class_peek (crm_entities_lookup_name ("opportunity")))->line_type);

  return &klass->fields[crm_entity_class_find_field (klass, "role")];
}

static GPtrArray *
lines (RapportContactRoles *self)
{
  return self->entity != NULL ? crm_entity_get_lines (self->entity) : NULL;
}

static void
update_sensitive (RapportContactRoles *self)
{
  gboolean idle = !self->busy && self->entity != NULL;

  gtk_widget_set_sensitive (self->add_button, idle && self->offered->len > 0);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_set_sensitive (g_object_get_data (self->rows->pdata[i], "remove"), idle);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportContactRoles *self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* the page reads the record again: the answer is not kept */
  g_clear_pointer (&node, json_node_unref);
  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    rapport_window_toast_for (GTK_WIDGET (self), error->message);
  /* saved or refused, the page reads the record again: its version moved */
  g_signal_emit (self, signals[RECORD_CHANGED], 0);
}

/* PATCH the opportunity's contacts: every line but @skip, then @contact_id in @role when it is not 0 */
static void
save (RapportContactRoles *self,
      gint                 skip,
      gint64               contact_id,
      const char          *role)
{
  GPtrArray *current = lines (self);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, crm_entity_get_version (self->entity));
  json_builder_set_member_name (builder, "contacts");
  json_builder_begin_array (builder);
  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      if ((gint) i == skip)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, crm_entity_get_id (current->pdata[i]));
      json_builder_set_member_name (builder, "contact_id");
      json_builder_add_int_value (builder, crm_entity_get_int (current->pdata[i], "contact"));
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, crm_entity_get_text (current->pdata[i], "role"));
      json_builder_end_object (builder);
    }
  if (contact_id > 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "contact_id");
      json_builder_add_int_value (builder, contact_id);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, role);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/opportunities/%" G_GINT64_FORMAT, crm_entity_get_id (self->entity));
  self->busy = TRUE;
  update_sensitive (self);
  rapport_api_request_async (self->api, "PATCH", path, body, self->cancellable, saved, self);
}

static void
on_remove_clicked (GtkButton           *button,
                   RapportContactRoles *self)
{
  if (!self->busy && self->entity != NULL)
    save (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "index")), 0, NULL);
}

static void
on_add_clicked (RapportContactRoles *self)
{
  guint contact = gtk_drop_down_get_selected (self->contact_choice);
  guint role = gtk_drop_down_get_selected (self->role_choice);

  if (contact >= self->offered->len || role == GTK_INVALID_LIST_POSITION)
    return;
  rapport_contact_roles_add (self, g_array_index (self->offered, gint64, contact), role_spec ()->enum_values[role]);
}

static void
rebuild_rows (RapportContactRoles *self)
{
  GPtrArray *current = lines (self);
  const CrmFieldSpec *spec = role_spec ();

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      gint64 contact = crm_entity_get_int (current->pdata[i], "contact");
      const char *name = g_hash_table_lookup (self->names, &contact);
      g_autofree char *fallback = g_strdup_printf (_("Contact %lld"), (long long) contact);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : fallback);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   crm_field_spec_enum_label (spec, crm_entity_get_text (current->pdata[i], "role")));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this contact from the opportunity"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove this contact from the opportunity"), -1);
      g_object_set_data (G_OBJECT (remove), "index", GINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      g_object_set_data (G_OBJECT (row), "remove", remove);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  /* the row that adds one comes last */
  g_object_ref (self->add_row);
  adw_preferences_group_remove (self->group, self->add_row);
  adw_preferences_group_add (self->group, self->add_row);
  g_object_unref (self->add_row);
  update_sensitive (self);
}

static void
contacts_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportContactRoles *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonArray *items;

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      if (error != NULL)
        rapport_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  g_array_set_size (self->offered, 0);
  g_hash_table_remove_all (self->names);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member_with_default (item, "id", 0);
      const char *name = json_object_get_string_member_with_default (item, "name", "");

      g_array_append_val (self->offered, id);
      g_hash_table_insert (self->names, g_memdup2 (&id, sizeof id), g_strdup (name));
      gtk_string_list_append (names, name);
    }
  gtk_drop_down_set_model (self->contact_choice, G_LIST_MODEL (names));
  rebuild_rows (self);
}

static void
rapport_contact_roles_dispose (GObject *object)
{
  RapportContactRoles *self = RAPPORT_CONTACT_ROLES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entity);
  g_clear_object (&self->api);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->offered, g_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  G_OBJECT_CLASS (rapport_contact_roles_parent_class)->dispose (object);
}

static void
rapport_contact_roles_class_init (RapportContactRolesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_contact_roles_dispose;

  /**
   * RapportContactRoles::record-changed:
   *
   * The opportunity's contacts were saved (or refused because someone
   * changed it first): the page shows it read again.
   */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_contact_roles_init (RapportContactRoles *self)
{
  const CrmFieldSpec *spec = role_spec ();
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->offered = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Contacts and their roles"));
  adw_preferences_group_set_description (self->group, _("Who decides, who pays, who judges and who will use it"));
  for (guint i = 0; spec->enum_values[i] != NULL; i++)
    gtk_string_list_append (roles, crm_field_spec_enum_label (spec, spec->enum_values[i]));
  self->contact_choice = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  self->role_choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (roles)), NULL));
  self->add_button = gtk_button_new_with_mnemonic (_("_Add"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->contact_choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Contact"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->role_choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  C_("contact role", "Role"), -1);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->contact_choice));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->role_choice));
  gtk_box_append (GTK_BOX (box), self->add_button);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);
  self->add_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row), _("Add a contact"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->add_row), box);
  adw_preferences_group_add (self->group, self->add_row);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->group));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  update_sensitive (self);
}

/**
 * rapport_contact_roles_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the group, hidden until it has an opportunity
 */
GtkWidget *
rapport_contact_roles_new (RapportApi *api)
{
  RapportContactRoles *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_CONTACT_ROLES, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}

/**
 * rapport_contact_roles_set_entity:
 * @self: the group
 * @entity: the opportunity as loaded or saved
 *
 * Shows its contacts with their roles; the account's contacts, offered
 * to add, are read when the account changes.
 */
void
rapport_contact_roles_set_entity (RapportContactRoles *self,
                                  CrmEntity           *entity)
{
  gint64 account_id;

  g_return_if_fail (RAPPORT_IS_CONTACT_ROLES (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  g_set_object (&self->entity, entity);
  self->busy = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), crm_entity_get_id (entity) > 0);
  account_id = crm_entity_get_int (entity, "account");
  if (account_id != self->account_id)
    {
      g_autofree char *path = g_strdup_printf ("/contacts?account_id=%" G_GINT64_FORMAT "&limit=%d&sort=name",
                                               account_id, MAX_OFFERED);

      self->account_id = account_id;
      rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, contacts_loaded, self);
    }
  rebuild_rows (self);
}

/* Returns: whether a change is on its way */
gboolean
rapport_contact_roles_get_busy (RapportContactRoles *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTACT_ROLES (self), FALSE);
  return self->busy;
}

/* Returns: how many contacts are shown with their roles */
guint
rapport_contact_roles_get_n_rows (RapportContactRoles *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTACT_ROLES (self), 0);
  return self->rows->len;
}

/**
 * rapport_contact_roles_add:
 * @self: the group
 * @contact_id: a contact
 * @role: its role, e.g. "decision_maker"
 *
 * Adds the contact in that role, as the Add button does.
 *
 * Returns: %FALSE when a change is already on its way
 */
gboolean
rapport_contact_roles_add (RapportContactRoles *self,
                           gint64               contact_id,
                           const char          *role)
{
  g_return_val_if_fail (RAPPORT_IS_CONTACT_ROLES (self), FALSE);
  g_return_val_if_fail (contact_id > 0 && role != NULL, FALSE);

  if (self->busy || self->entity == NULL)
    return FALSE;
  save (self, -1, contact_id, role);
  return TRUE;
}
