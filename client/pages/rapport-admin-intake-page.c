/* rapport-admin-intake-page.c: RapportAdminIntakePage, the intake keys of web forms and kiosks: make one (its secret shown once), list, revoke */
#include "rapport-admin-intake-page.h"
#include "rapport-json-items.h"
#include "rapport-window.h"
#include "widgets/rapport-confirm-dialog.h"
#include "crm-entities.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportAdminIntakePage
{
  GtkWidget     parent_instance;

  GtkLabel     *error_label;
  GtkStack     *view_stack;
  GtkListBox   *list_box;

  RapportApi   *api;
  GCancellable *cancellable;
  /* one GObject a key, its JSON object as "key" */
  GListStore   *keys;
};

G_DEFINE_FINAL_TYPE (RapportAdminIntakePage, rapport_admin_intake_page, GTK_TYPE_WIDGET)

/* the leads' source field: the channels a key may name */
static const CrmFieldSpec *
source_spec (void)
{
  CrmEntityClass *leads = g_type_class_peek (crm_entities_lookup_name ("lead"));

  return &leads->fields[crm_entity_class_find_field (leads, "source")];
}

static JsonObject *
key_of (gpointer item)
{
  return rapport_json_items_get (item, "key");
}

static void
show_error (RapportAdminIntakePage *self,
            const GError           *error)
{
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static char *
describe_key (JsonObject *key)
{
  const char *channel = crm_field_spec_enum_label (source_spec (), json_object_get_string_member_with_default (key, "channel", ""));
  const char *last_used = json_object_get_string_member_with_default (key, "last_used_at", NULL);
  gint64 uses = json_object_get_int_member_with_default (key, "uses", 0);
  g_autofree char *used = NULL;

  if (last_used != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (last_used, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%x %H:%M") : g_strdup (last_used);

      /* TRANSLATORS: how often an intake key was used, and when last */
      used = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u lead, the last on %s", "%u leads, the last on %s",
                                           (gulong) MIN (uses, G_MAXUINT)), (guint) MIN (uses, G_MAXUINT), when);
    }
  else
    used = g_strdup (_("Not used yet"));
  /* TRANSLATORS: an intake key's channel, the first characters of its secret, and its use */
  return g_strdup_printf (_("%s · %s… · %s"), channel, json_object_get_string_member_with_default (key, "prefix", ""), used);
}

static void
on_revoke_clicked (GtkButton *button,
                   gpointer   user_data);

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  JsonObject *key = key_of (item);
  g_autofree char *subtitle = describe_key (key);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *suffix;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), json_object_get_string_member_with_default (key, "name", ""));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (json_object_get_boolean_member_with_default (key, "revoked", FALSE))
    {
      suffix = gtk_label_new (_("Revoked"));
      gtk_widget_add_css_class (suffix, "dim-label");
    }
  else
    {
      suffix = gtk_button_new_with_mnemonic (_("_Revoke…"));
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (suffix, "destructive-action");
      gtk_widget_set_tooltip_text (suffix, _("Refuse this key from now on"));
      g_object_set_data_full (G_OBJECT (suffix), "item", g_object_ref (item), g_object_unref);
      g_signal_connect (suffix, "clicked", G_CALLBACK (on_revoke_clicked), user_data);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  return row;
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportAdminIntakePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_error (self, error);
  if (node == NULL)
    return;
  gtk_stack_set_visible_child_name (self->view_stack, rapport_json_items_replace (self->keys, node, "key") > 0 ? "list" : "empty");
}

void
rapport_admin_intake_page_reload (RapportAdminIntakePage *self)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_INTAKE_PAGE (self));

  if (self->api)
    rapport_api_request_async (self->api, "GET", "/intake-keys", NULL, self->cancellable, loaded, self);
}

void
rapport_admin_intake_page_set_api (RapportAdminIntakePage *self,
                                   RapportApi             *api)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_INTAKE_PAGE (self));

  g_set_object (&self->api, api);
  rapport_admin_intake_page_reload (self);
}

/**
 * rapport_admin_intake_page_get_keys:
 *
 * Returns: (transfer none): the keys as listed, GObjects whose "key" data
 *   is the key's JSON object
 */
GListModel *
rapport_admin_intake_page_get_keys (RapportAdminIntakePage *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_INTAKE_PAGE (self), NULL);

  return G_LIST_MODEL (self->keys);
}

static void
on_secret_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  const char *secret = g_object_get_data (G_OBJECT (dialog), "secret");

  if (g_strcmp0 (response, "copy") == 0 && secret != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), secret);
}

/* the secret, once: the server keeps only its hash */
static void
show_secret (RapportAdminIntakePage *self,
             JsonObject             *key)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *secret = json_object_get_string_member_with_default (key, "key", "");
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Intake Key Made"),
                                              _("Copy the key into the form’s settings now: it is shown only this once."));
  GtkWidget *label = gtk_label_new (secret);

  gtk_widget_set_name (label, "intake-secret");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Intake key"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), "copy", _("C_opy and Close"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  g_object_set_data_full (G_OBJECT (dialog), "secret", g_strdup (secret), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_secret_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
created (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportAdminIntakePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      rapport_window_toast_for (GTK_WIDGET (self), error ? error->message : _("The key was not made"));
      return;
    }
  show_secret (self, json_node_get_object (node));
  rapport_admin_intake_page_reload (self);
}

static void
on_new_response (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  RapportAdminIntakePage *self = user_data;
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  AdwComboRow *channel = g_object_get_data (G_OBJECT (dialog), "channel");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (g_strcmp0 (response, "create") != 0 || self->api == NULL)
    return;
  body = json_object_new ();
  json_object_set_string_member (body, "name", gtk_editable_get_text (name));
  json_object_set_string_member (body, "channel", source_spec ()->enum_values[adw_combo_row_get_selected (channel)]);
  node = json_node_init_object (json_node_alloc (), body);
  rapport_api_request_async (self->api, "POST", "/intake-keys", node, self->cancellable, created, self);
}

static void
on_name_changed (GtkEditable      *name,
                 AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (name)));

  adw_message_dialog_set_response_enabled (dialog, "create", text[0] != '\0');
}

static void
new_key (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  RapportAdminIntakePage *self = RAPPORT_ADMIN_INTAKE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const CrmFieldSpec *spec = source_spec ();
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("New Intake Key"),
                                              _("Leads sent with the key take its channel as their source."));
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *name = adw_entry_row_new ();
  GtkWidget *channel = adw_combo_row_new ();

  for (guint i = 0; spec->enum_values[i] != NULL; i++)
    gtk_string_list_append (channels, crm_field_spec_enum_label (spec, spec->enum_values[i]));
  gtk_widget_set_name (name, "intake-name");
  gtk_widget_set_name (channel, "intake-channel");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Name"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (channel), crm_field_spec_get_label (spec));
  adw_combo_row_set_model (ADW_COMBO_ROW (channel), G_LIST_MODEL (channels));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), name);
  gtk_list_box_append (GTK_LIST_BOX (list), channel);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "create", _("_Make Key"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "channel", channel);
  g_signal_connect (name, "changed", G_CALLBACK (on_name_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_new_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
revoked (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportAdminIntakePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  rapport_window_toast_for (GTK_WIDGET (self), node ? _("The intake key is revoked") : error->message);
  rapport_admin_intake_page_reload (self);
}

static void
on_revoke_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RapportAdminIntakePage *self = user_data;
  g_autofree char *path = NULL;

  if (g_strcmp0 (response, "revoke") != 0 || self->api == NULL)
    return;
  path = g_strdup_printf ("/intake-keys/%" G_GINT64_FORMAT,
                          json_object_get_int_member (key_of (g_object_get_data (G_OBJECT (dialog), "item")), "id"));
  rapport_api_request_async (self->api, "DELETE", path, NULL, self->cancellable, revoked, self);
}

static void
on_revoke_clicked (GtkButton *button,
                   gpointer   user_data)
{
  RapportAdminIntakePage *self = user_data;
  gpointer item = g_object_get_data (G_OBJECT (button), "item");
  /* TRANSLATORS: %s is the name of an intake key */
  g_autofree char *body = g_strdup_printf (_("Leads sent with “%s” will be refused from now on. A revoked key cannot be restored."),
                                           json_object_get_string_member_with_default (key_of (item), "name", ""));

  rapport_confirm_dialog_present (GTK_WIDGET (self), _("Revoke the Intake Key?"), body, "revoke", _("_Revoke"), item,
                                  G_CALLBACK (on_revoke_response), self);
}

static void
rapport_admin_intake_page_dispose (GObject *object)
{
  RapportAdminIntakePage *self = RAPPORT_ADMIN_INTAKE_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_ADMIN_INTAKE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->keys);
  G_OBJECT_CLASS (rapport_admin_intake_page_parent_class)->dispose (object);
}

static void
rapport_admin_intake_page_class_init (RapportAdminIntakePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_intake_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-intake-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminIntakePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminIntakePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminIntakePage, list_box);
  gtk_widget_class_install_action (widget_class, "intake.new", NULL, new_key);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_intake_page_init (RapportAdminIntakePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->keys = g_list_store_new (G_TYPE_OBJECT);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->keys), create_row, self, NULL);
  gtk_stack_set_visible_child_name (self->view_stack, "empty");
}
