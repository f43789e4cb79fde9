/* rapport-application.c: RapportApplication, the desktop client's AdwApplication */
#include "config.h"
#include "rapport-application.h"
#include "rapport-api.h"
#include "rapport-notify.h"
#include "rapport-window.h"
#include "rapport-window-sections.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <glib/gi18n.h>

struct _RapportApplication
{
  AdwApplication  parent_instance;

  char           *server;
  char           *login;
  char           *password_file;
  char           *fingerprint;

  GSettings      *settings;
  /* the signed-in client of the window, while it lives */
  GWeakRef        session;
};

G_DEFINE_FINAL_TYPE (RapportApplication, rapport_application, ADW_TYPE_APPLICATION)

/* the main window, hidden or not (running in the background keeps it),
 * or a new one to sign in with; shown and raised */
static RapportWindow *
present_main_window (RapportApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
  GtkWindow *window = NULL;

  for (GList *l = windows; l != NULL && window == NULL; l = l->next)
    if (RAPPORT_IS_WINDOW (l->data))
      window = l->data;
  if (window == NULL)
    window = GTK_WINDOW (rapport_window_new (self));
  gtk_window_present (window);
  return RAPPORT_WINDOW (window);
}

/* Started again (a second launch, the desktop's launcher, a D-Bus
 * activation): the window that runs, signed in, in the background is
 * shown again rather than a new sign-in. */
static void
rapport_application_activate (GApplication *app)
{
  present_main_window (RAPPORT_APPLICATION (app));
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
  /* told where and as whom to sign in, this start is a client of its own,
   * beside one already running (another server, a script), not a way to
   * show the running one, which would drop the options */
  if (server != NULL || login != NULL || password_file != NULL || fingerprint != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* the signed-in client, while there is one */
static RapportApi *
signed_in_api (RapportApplication *self)
{
  RapportApi *api = g_weak_ref_get (&self->session);

  if (api != NULL && rapport_api_get_user (api) == NULL)
    g_clear_object (&api);
  return api;
}

/* A notification clicked: the window again (hidden while running in the
 * background), on the record it is about, "collection/id". A record of a
 * collection without a section, or while no one is signed in, only shows
 * the window. */
static void
open_record_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RapportApplication *self = RAPPORT_APPLICATION (user_data);
  g_autoptr(RapportApi) api = signed_in_api (self);
  RapportWindow *window = present_main_window (self);
  g_autofree char *collection = NULL;
  gint64 id = 0;

  if (api == NULL || !rapport_notify_parse_target (g_variant_get_string (parameter, NULL), &collection, &id) ||
      rapport_section_find (collection) == NULL || crm_entities_lookup_collection (collection) == G_TYPE_INVALID)
    return;
  rapport_window_open_record (window, collection, id, NULL);
}

/* the toast of a snooze's answer, in the main window if it is there */
static void
snoozed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GApplication) app = user_data;
  GList *windows;

  if (node != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* refused (done meanwhile, no longer one's own): said where it is seen */
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  for (GList *l = windows; l != NULL; l = l->next)
    if (RAPPORT_IS_WINDOW (l->data))
      {
        rapport_window_add_toast (RAPPORT_WINDOW (l->data), adw_toast_new (error->message));
        break;
      }
}

/* a reminder's Snooze: reminded again in an hour, without the window */
static void
snooze_task_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RapportApplication *self = RAPPORT_APPLICATION (user_data);
  g_autoptr(RapportApi) api = signed_in_api (self);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *until = NULL;

  if (api == NULL || g_variant_get_int64 (parameter) <= 0)
    return;
  path = g_strdup_printf ("/tasks/%" G_GINT64_FORMAT "/snooze", g_variant_get_int64 (parameter));
  until = crm_json_format_timestamp (g_get_real_time () + RAPPORT_NOTIFY_SNOOZE_SECONDS * G_USEC_PER_SEC);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "until");
  json_builder_add_string_value (builder, until);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  rapport_api_request_async (api, "POST", path, body, NULL, snoozed, g_object_ref (self));
}

/* signed in, and the user lets it run on */
static gboolean
keeps_running (RapportApplication *self)
{
  g_autoptr(RapportApi) api = g_weak_ref_get (&self->session);

  return self->settings != NULL && g_settings_get_boolean (self->settings, "run-in-background") &&
         api != NULL && rapport_api_get_user (api) != NULL;
}

/* Closing the window once signed in hides it: the application keeps it,
 * and so keeps running, hearing reminders; Quit ends it. */
static gboolean
on_close_request (GtkWindow *window,
                  gpointer   user_data)
{
  RapportApplication *self = user_data;

  if (!keeps_running (self))
    return FALSE;
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  return TRUE;
}

static void
rapport_application_window_added (GtkApplication *app,
                                  GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (rapport_application_parent_class)->window_added (app, window);
  if (RAPPORT_IS_WINDOW (window))
    g_signal_connect_object (window, "close-request", G_CALLBACK (on_close_request), app, 0);
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
    { "open-record", open_record_activated, "s" },
    { "snooze-task", snooze_task_activated, "x" },
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
  RAPPORT_APPLICATION (app)->settings = g_settings_new ("org.rapport.Rapport");

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
  g_clear_object (&self->settings);
  g_weak_ref_clear (&self->session);
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
  GTK_APPLICATION_CLASS (klass)->window_added = rapport_application_window_added;
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
  g_weak_ref_init (&self->session, NULL);
}

RapportApplication *
rapport_application_new (void)
{
  return g_object_new (RAPPORT_TYPE_APPLICATION,
                       "application-id", "org.rapport.Rapport",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
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

/**
 * rapport_application_set_session:
 * @self: the application
 * @api: (nullable): the client the window signed in with
 *
 * While @api is signed in, closing the window keeps the application
 * running (the setting "run-in-background" allowing), so that its
 * reminders still show.
 */
void
rapport_application_set_session (RapportApplication *self,
                                 RapportApi         *api)
{
  g_return_if_fail (RAPPORT_IS_APPLICATION (self));
  g_return_if_fail (api == NULL || RAPPORT_IS_API (api));

  g_weak_ref_set (&self->session, api);
  if (api != NULL)
    rapport_notify_comments_watch (G_APPLICATION (self), api);
}
