/* rapport-application.c: RapportApplication, the desktop client's AdwApplication */
#include "config.h"
#include "rapport-application.h"
#include "rapport-window.h"

#include <glib/gi18n.h>

struct _RapportApplication
{
  AdwApplication  parent_instance;

  char           *server;
  char           *login;
  char           *password_file;
  char           *fingerprint;
};

G_DEFINE_FINAL_TYPE (RapportApplication, rapport_application, ADW_TYPE_APPLICATION)

static void
rapport_application_activate (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (rapport_window_new (self));
  gtk_window_present (window);
}

static int
rapport_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);
  const char *server = NULL;
  const char *login = NULL;
  const char *password_file = NULL;
  const char *fingerprint = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_free (self->server);
      self->server = g_strdup (server);
    }
  if (g_variant_dict_lookup (options, "login", "&s", &login))
    {
      g_free (self->login);
      self->login = g_strdup (login);
    }
  if (g_variant_dict_lookup (options, "password-file", "^&ay", &password_file))
    {
      g_free (self->password_file);
      self->password_file = g_strdup (password_file);
    }
  if (g_variant_dict_lookup (options, "trust-certificate", "&s", &fingerprint))
    {
      g_free (self->fingerprint);
      self->fingerprint = g_strdup (fingerprint);
    }
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("rapport %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Rapport"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), "org.rapport.Rapport");
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("A customer relationship manager for your own network"));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Rapport developers"));
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
}

/* GTK 4.8 gives a button with a mnemonic its raw label ("_Save") as its
 * accessible label, beside the label widget that names it already, so a
 * screen reader says "underscore Save Save". When such a button shows, the
 * raw label is dropped and the label widget names it alone; a label that
 * the client gave on purpose is kept. */
static gboolean
drop_mnemonic_label (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               user_data)
{
  GObject *object = g_value_get_object (&values[0]);
  const char *label;
  g_autofree char *differs = NULL;

  if (!GTK_IS_BUTTON (object) || !gtk_button_get_use_underline (GTK_BUTTON (object)))
    return TRUE;
  label = gtk_button_get_label (GTK_BUTTON (object));
  if (label == NULL)
    return TRUE;
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (differs == NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL);
  return TRUE;
}

static void
rapport_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_activated },
    { "about", about_activated },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.global-search", { "<Control>k", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.close-page", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.reload", { "<Control>r", "F5", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.export-pdf", { "<Control><Shift>e", NULL } },
  };

  G_APPLICATION_CLASS (rapport_application_parent_class)->startup (app);

  /* GTK_A11Y=none leaves widgets without accessible properties to put right */
  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "none") != 0)
    {
      /* a signal is looked up in a class that exists */
      gpointer widget_class = g_type_class_ref (GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (g_signal_lookup ("map", G_TYPE_FROM_CLASS (widget_class)), 0,
                                  drop_mnemonic_label, NULL, NULL);
      g_type_class_unref (widget_class);
    }
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
rapport_application_finalize (GObject *object)
{
  RapportApplication *self = RAPPORT_APPLICATION (object);

  g_free (self->login);
  g_free (self->password_file);
  g_free (self->fingerprint);
  g_free (self->server);
  G_OBJECT_CLASS (rapport_application_parent_class)->finalize (object);
}

static void
rapport_application_class_init (RapportApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rapport_application_finalize;
  app_class->activate = rapport_application_activate;
  app_class->startup = rapport_application_startup;
  app_class->handle_local_options = rapport_application_handle_local_options;
}

static void
rapport_application_init (RapportApplication *self)
{
  static const GOptionEntry options[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL, N_("Server address, e.g. https://crm.example.lan:8443"), N_("URL") },
    { "login", 'l', 0, G_OPTION_ARG_STRING, NULL, N_("Login to sign in with"), N_("LOGIN") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Sign in at once with the password in this file"), N_("FILE") },
    { "trust-certificate", 0, 0, G_OPTION_ARG_STRING, NULL, N_("SHA-256 fingerprint of the server’s certificate to trust"), N_("SHA256") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

RapportApplication *
rapport_application_new (void)
{
  return g_object_new (RAPPORT_TYPE_APPLICATION,
                       "application-id", "org.rapport.Rapport",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/rapport/Rapport",
                       NULL);
}

/**
 * rapport_application_get_server:
 *
 * Returns: (nullable): the server given with --server
 */
const char *
rapport_application_get_server (RapportApplication *self)
{
  return self->server;
}

/**
 * rapport_application_get_sign_in:
 * @self: the application
 * @login: (out) (transfer none) (nullable): the login given with --login
 * @password_file: (out) (transfer none) (nullable): the file given with --password-file
 * @fingerprint: (out) (transfer none) (nullable): the fingerprint given with --trust-certificate
 */
void
rapport_application_get_sign_in (RapportApplication  *self,
                                 const char         **login,
                                 const char         **password_file,
                                 const char         **fingerprint)
{
  *login = self->login;
  *password_file = self->password_file;
  *fingerprint = self->fingerprint;
}
