/* rapport-preferences-window.c: RapportPreferencesWindow, the client's settings: running in the background, trusted server certificates */
#include "rapport-preferences-window.h"

#include <glib/gi18n.h>

struct _RapportPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *certificates_group;
  GtkWidget            *empty_row;
  GtkWidget            *background_switch;

  GSettings            *settings;
  GPtrArray            *rows;
};

G_DEFINE_FINAL_TYPE (RapportPreferencesWindow, rapport_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void fill (RapportPreferencesWindow *self);

static void
forget (GtkButton                *button,
        RapportPreferencesWindow *self)
{
  const char *server = g_object_get_data (G_OBJECT (button), "server");
  g_autoptr(GVariant) pins = g_settings_get_value (self->settings, "pinned-certificates");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, pins);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, server))
      g_variant_builder_add (&builder, "{ss}", key, value);
  g_settings_set_value (self->settings, "pinned-certificates", g_variant_builder_end (&builder));
  fill (self);
}

/* a row for each pinned server: its address, its fingerprint, a Forget button */
static void
fill (RapportPreferencesWindow *self)
{
  g_autoptr(GVariant) pins = g_settings_get_value (self->settings, "pinned-certificates");
  GVariantIter iter;
  const char *server, *fingerprint;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->certificates_group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  g_variant_iter_init (&iter, pins);
  while (g_variant_iter_next (&iter, "{&s&s}", &server, &fingerprint))
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Forget"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), server);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fingerprint);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "server", g_strdup (server), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (forget), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->certificates_group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (self->empty_row, self->rows->len == 0);
}

static void
rapport_preferences_window_dispose (GObject *object)
{
  RapportPreferencesWindow *self = RAPPORT_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (rapport_preferences_window_parent_class)->dispose (object);
}

static void
rapport_preferences_window_class_init (RapportPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, certificates_group);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, empty_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, background_switch);
}

static void
rapport_preferences_window_init (RapportPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new ("org.rapport.Rapport");
  self->rows = g_ptr_array_new ();
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  fill (self);
}

RapportPreferencesWindow *
rapport_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (RAPPORT_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
