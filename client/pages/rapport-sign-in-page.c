/* rapport-sign-in-page.c: RapportSignInPage, server, login and password, with trust on first use */
#include "rapport-sign-in-page.h"
#include "crm-error.h"

#include <glib/gi18n.h>

struct _RapportSignInPage
{
  GtkWidget     parent_instance;

  AdwEntryRow  *server_row;
  AdwEntryRow  *login_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkWidget    *certificate_box;
  GtkLabel     *fingerprint_label;
  GtkWidget    *trust_button;
  GtkWidget    *sign_in_button;
  GtkWidget    *spinner;
  GtkWidget    *change_group;
  AdwEntryRow  *new_password_row;
  AdwEntryRow  *confirm_password_row;
  GtkWidget    *change_button;
  /* the password just used, needed once more to replace it */
  char         *current_password;

  GSettings    *settings;
  RapportApi   *api;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RapportSignInPage, rapport_sign_in_page, GTK_TYPE_WIDGET)

enum
{
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (RapportSignInPage *self,
          gboolean           busy)
{
  gtk_widget_set_visible (self->spinner, busy);
  gtk_widget_set_sensitive (self->sign_in_button, !busy);
}

static void
show_error (RapportSignInPage *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
pinned_for (RapportSignInPage *self,
            const char        *server)
{
  g_autoptr(GVariant) pins = g_settings_get_value (self->settings, "pinned-certificates");
  const char *fingerprint = NULL;

  if (g_variant_lookup (pins, server, "&s", &fingerprint))
    return g_strdup (fingerprint);
  return NULL;
}

static void
show_change (RapportSignInPage *self,
             gboolean           change)
{
  gtk_widget_set_visible (self->change_group, change);
  gtk_widget_set_visible (self->change_button, change);
  gtk_widget_set_visible (self->sign_in_button, !change);
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_password_row), "");
  /* move the focus first: a row made insensitive must not hold it */
  gtk_widget_grab_focus (change ? GTK_WIDGET (self->new_password_row) : GTK_WIDGET (self->password_row));
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !change);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_row), !change);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !change);
}

static void
finish (RapportSignInPage *self)
{
  g_clear_pointer (&self->current_password, g_free);
  g_signal_emit (self, signals[SIGNED_IN], 0, self->api);
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RapportSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_api_sign_in_finish (RAPPORT_API (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      if (g_error_matches (error, RAPPORT_API_ERROR, RAPPORT_API_ERROR_UNTRUSTED_CERTIFICATE))
        {
          gtk_label_set_text (self->fingerprint_label, rapport_api_get_peer_certificate (RAPPORT_API (source)));
          gtk_widget_set_visible (self->certificate_box, TRUE);
          show_error (self, NULL);
          return;
        }
      /* the server speaks its own language; these the client says in the user's */
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED))
        show_error (self, _("Wrong login or password"));
      else if (g_error_matches (error, CRM_ERROR, CRM_ERROR_LOCKED))
        show_error (self, _("This account is locked after too many failed sign-ins. Ask an administrator to unlock it."));
      else if (g_error_matches (error, CRM_ERROR, CRM_ERROR_TOO_MANY_REQUESTS))
        show_error (self, _("Too many failed sign-ins. Wait a few minutes, then try again."));
      else
        show_error (self, error->message);
      return;
    }

  set_busy (self, FALSE);
  show_error (self, NULL);
  g_settings_set_string (self->settings, "server-url", gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
  g_settings_set_string (self->settings, "login", gtk_editable_get_text (GTK_EDITABLE (self->login_row)));
  g_free (self->current_password);
  self->current_password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  /* the server lets nothing else through until the password is replaced */
  if (json_object_get_boolean_member_with_default (rapport_api_get_user (RAPPORT_API (source)),
                                                   "must_change_password", FALSE))
    {
      show_change (self, TRUE);
      return;
    }
  finish (self);
}

static void
password_changed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RapportSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  gtk_widget_set_sensitive (self->change_button, TRUE);
  if (node == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_change (self, FALSE);
  finish (self);
}

static void
on_change_clicked (RapportSignInPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (!g_str_equal (password, gtk_editable_get_text (GTK_EDITABLE (self->confirm_password_row))))
    {
      show_error (self, _("The two new passwords differ"));
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "current");
  json_builder_add_string_value (builder, self->current_password ? self->current_password : "");
  json_builder_set_member_name (builder, "new");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  show_error (self, NULL);
  set_busy (self, TRUE);
  gtk_widget_set_sensitive (self->change_button, FALSE);
  rapport_api_request_async (self->api, "POST", "/session/password", body, self->cancellable,
                             password_changed, self);
}

static void
on_sign_in_clicked (RapportSignInPage *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *pinned = NULL;

  if (!g_str_has_prefix (server, "https://") && !g_str_has_prefix (server, "http://"))
    {
      show_error (self, _("Enter the server’s address, such as https://crm.example.lan:8443"));
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }
  if (login[0] == '\0')
    {
      show_error (self, _("Enter your login"));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->api);
  self->api = rapport_api_new (server);
  pinned = pinned_for (self, rapport_api_get_base_url (self->api));
  rapport_api_set_pinned_certificate (self->api, pinned);

  gtk_widget_set_visible (self->certificate_box, FALSE);
  show_error (self, NULL);
  set_busy (self, TRUE);
  rapport_api_sign_in_async (self->api, login, password, self->cancellable, signed_in, self);
}

static void
on_entry_activated (RapportSignInPage *self)
{
  on_sign_in_clicked (self);
}

static void
pin_certificate (RapportSignInPage *self,
                 const char        *server,
                 const char        *fingerprint)
{
  g_autoptr(GVariant) pins = g_settings_get_value (self->settings, "pinned-certificates");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, pins);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, server))
      g_variant_builder_add (&builder, "{ss}", key, value);
  g_variant_builder_add (&builder, "{ss}", server, fingerprint);
  g_settings_set_value (self->settings, "pinned-certificates", g_variant_builder_end (&builder));
}

static void
on_trust_clicked (RapportSignInPage *self)
{
  const char *fingerprint = rapport_api_get_peer_certificate (self->api);

  if (fingerprint == NULL)
    return;
  pin_certificate (self, rapport_api_get_base_url (self->api), fingerprint);
  gtk_widget_set_visible (self->certificate_box, FALSE);
  on_sign_in_clicked (self);
}

/**
 * rapport_sign_in_page_sign_in:
 * @self: the page
 * @login: the login
 * @password: the password
 * @fingerprint: (nullable): a certificate fingerprint the user vouches for,
 *   e.g. one printed by the server's administrator
 *
 * Signs in with the server already on the page, as if typed.
 */
void
rapport_sign_in_page_sign_in (RapportSignInPage *self,
                              const char        *login,
                              const char        *password,
                              const char        *fingerprint)
{
  g_autoptr(RapportApi) probe = rapport_api_new (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));

  if (fingerprint)
    pin_certificate (self, rapport_api_get_base_url (probe), fingerprint);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  on_sign_in_clicked (self);
}

static void
rapport_sign_in_page_dispose (GObject *object)
{
  RapportSignInPage *self = RAPPORT_SIGN_IN_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->current_password, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_SIGN_IN_PAGE);
  /* the template's top widget has no id: unparent it too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (rapport_sign_in_page_parent_class)->dispose (object);
}

static void
rapport_sign_in_page_class_init (RapportSignInPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_sign_in_page_dispose;

  /**
   * RapportSignInPage::signed-in:
   * @api: the signed-in client
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, RAPPORT_TYPE_API);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, certificate_box);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, trust_button);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, change_group);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, confirm_password_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInPage, change_button);
  gtk_widget_class_bind_template_callback (widget_class, on_change_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_trust_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_sign_in_page_init (RapportSignInPage *self)
{
  g_autofree char *server = NULL;
  g_autofree char *login = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new ("org.rapport.Rapport");
  server = g_settings_get_string (self->settings, "server-url");
  login = g_settings_get_string (self->settings, "login");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
}

void
rapport_sign_in_page_set_server (RapportSignInPage *self,
                                 const char        *server)
{
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
}

/* after signing out: the password is asked for again */
void
rapport_sign_in_page_reset (RapportSignInPage *self)
{
  show_change (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL);
  set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}
