/* rapport-reminder-preferences.c: RapportReminderPreferences, the automatic reminders the signed-in user receives, turned on or off */
#include "rapport-reminder-preferences.h"
#include "crm-reminder-setting.h"

#include <glib/gi18n.h>

struct _RapportReminderPreferences
{
  AdwPreferencesPage  parent_instance;

  RapportApi         *api;
  GCancellable       *cancellable;
  AdwPreferencesGroup *group;
  /* kind -> its GtkSwitch */
  GHashTable         *switches;
  gboolean            loaded;
  /* set while the switches show what the server answered */
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (RapportReminderPreferences, rapport_reminder_preferences, ADW_TYPE_PREFERENCES_PAGE)

static const char *
kind_label (const char *kind)
{
  CrmEntityClass *klass = g_type_class_ref (CRM_TYPE_REMINDER_SETTING);
  const CrmFieldSpec *spec = &klass->fields[crm_entity_class_find_field (klass, "kind")];
  const char *label = crm_field_spec_enum_label (spec, kind);

  g_type_class_unref (klass);
  return label ? label : kind;
}

/* when the company's setting tells, in words */
static char *
describe (const char *kind,
          gboolean    company_enabled,
          gint64      days)
{
  int n = (int) days;

  if (!company_enabled)
    return g_strdup (_("Turned off for the whole company"));
  if (g_str_equal (kind, "contract_end"))
    return g_strdup_printf (ngettext ("%d day before a contract ends", "%d days before a contract ends", n), n);
  if (g_str_equal (kind, "quote_expiry"))
    return g_strdup_printf (ngettext ("%d day before a quote expires", "%d days before a quote expires", n), n);
  if (g_str_equal (kind, "no_activity"))
    return g_strdup_printf (ngettext ("After %d day without activity", "After %d days without activity", n), n);
  if (days == 0)
    return g_strdup (_("On the day"));
  return g_strdup_printf (ngettext ("%d day ahead", "%d days ahead", n), n);
}

static void show_answer (RapportReminderPreferences *self,
                         JsonNode                   *answer);

static void
changed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportReminderPreferences *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_REMINDER_PREFERENCES (user_data);
  if (answer == NULL)
    {
      adw_preferences_group_set_description (self->group, error->message);
      return;
    }
  show_answer (self, answer);
}

static void
switched (GtkSwitch                  *toggle,
          GParamSpec                 *pspec,
          RapportReminderPreferences *self)
{
  const char *kind = g_object_get_data (G_OBJECT (toggle), "kind");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  if (self->updating)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, kind);
  json_builder_add_boolean_value (builder, gtk_switch_get_active (toggle));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  rapport_api_request_async (self->api, "PATCH", "/reminder-preferences", body, self->cancellable,
                             changed, self);
}

/* a row a kind, its switch on where the user wants it, off and greyed
 * where the company turned the kind off */
static void
show_answer (RapportReminderPreferences *self,
             JsonNode                   *answer)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (answer), "items");

  self->updating = TRUE;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *kind = json_object_get_string_member_with_default (item, "kind", "");
      gboolean company_enabled = json_object_get_boolean_member_with_default (item, "company_enabled", FALSE);
      g_autofree char *subtitle = describe (kind, company_enabled,
                                            json_object_get_int_member_with_default (item, "days", 0));
      GtkWidget *toggle = g_hash_table_lookup (self->switches, kind);
      GtkWidget *row;

      if (toggle == NULL)
        {
          row = adw_action_row_new ();
          toggle = gtk_switch_new ();
          gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (toggle), "kind", g_strdup (kind), g_free);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kind_label (kind));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
          adw_preferences_group_add (self->group, row);
          g_hash_table_insert (self->switches, g_strdup (kind), toggle);
          g_signal_connect (toggle, "notify::active", G_CALLBACK (switched), self);
        }
      row = gtk_widget_get_ancestor (toggle, ADW_TYPE_ACTION_ROW);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_switch_set_active (GTK_SWITCH (toggle),
                             company_enabled && json_object_get_boolean_member_with_default (item, "enabled", TRUE));
      gtk_widget_set_sensitive (row, company_enabled);
    }
  self->updating = FALSE;
  self->loaded = TRUE;
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportReminderPreferences *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_REMINDER_PREFERENCES (user_data);
  if (answer == NULL)
    {
      adw_preferences_group_set_description (self->group, error->message);
      return;
    }
  show_answer (self, answer);
}

static void
rapport_reminder_preferences_dispose (GObject *object)
{
  RapportReminderPreferences *self = RAPPORT_REMINDER_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->switches, g_hash_table_unref);
  G_OBJECT_CLASS (rapport_reminder_preferences_parent_class)->dispose (object);
}

static void
rapport_reminder_preferences_class_init (RapportReminderPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_reminder_preferences_dispose;
}

static void
rapport_reminder_preferences_init (RapportReminderPreferences *self)
{
  self->cancellable = g_cancellable_new ();
  self->switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Automatic reminders"));
  adw_preferences_group_set_description (self->group,
                                         _("The automatic reminders you receive, of those your company turned on"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->group);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("My reminders"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "alarm-symbolic");
}

/**
 * rapport_reminder_preferences_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): a preferences page that loads the user's
 *   choices of automatic reminders and sends each change at once
 */
GtkWidget *
rapport_reminder_preferences_new (RapportApi *api)
{
  RapportReminderPreferences *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_REMINDER_PREFERENCES, NULL);
  self->api = g_object_ref (api);
  rapport_api_request_async (api, "GET", "/reminder-preferences", NULL, self->cancellable, loaded, self);
  return GTK_WIDGET (self);
}

/**
 * rapport_reminder_preferences_is_loaded:
 * @self: the page
 *
 * Returns: whether the user's choices have come and are shown
 */
gboolean
rapport_reminder_preferences_is_loaded (RapportReminderPreferences *self)
{
  g_return_val_if_fail (RAPPORT_IS_REMINDER_PREFERENCES (self), FALSE);

  return self->loaded;
}

/**
 * rapport_reminder_preferences_get_switch:
 * @self: the page
 * @kind: a kind of automatic reminder, such as "birthday"
 *
 * Returns: (transfer none) (nullable): the switch of @kind, once loaded
 */
GtkWidget *
rapport_reminder_preferences_get_switch (RapportReminderPreferences *self,
                                         const char                 *kind)
{
  g_return_val_if_fail (RAPPORT_IS_REMINDER_PREFERENCES (self), NULL);

  return g_hash_table_lookup (self->switches, kind);
}
