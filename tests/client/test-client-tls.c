/* test-client-tls.c: trust on first use: a self-signed server certificate is shown, pinned, and a changed one refused */
#include "rapport-api.h"
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-sign-in-page.h"
#include "rapport-preferences-window.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

static RapportTestServer *server;
static GtkWidget *window;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static GtkWidget *
sign_in_child (const char *name)
{
  return CHILD (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"), RAPPORT_TYPE_SIGN_IN_PAGE, name);
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static char *
server_fingerprint (void)
{
  g_autofree char *path = g_build_filename (server->data_dir, "tls", "cert.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return rapport_api_certificate_fingerprint (certificate);
}

static void
sign_in (void)
{
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("server_row")), server->base_url);
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("login_row")), "admin");
  gtk_editable_set_text (GTK_EDITABLE (sign_in_child ("password_row")), server->admin_password);
  gtk_widget_activate (sign_in_child ("sign_in_button"));
}

static void
test_first_use (void)
{
  g_autofree char *expected = server_fingerprint ();
  GtkWidget *box = sign_in_child ("certificate_box");

  sign_in ();
  rapport_test_ui_wait_until (widget_visible, box, 30, "the certificate to trust");
  /* the user sees exactly the server's fingerprint, and is not signed in yet */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (sign_in_child ("fingerprint_label"))), ==, expected);
  g_assert_false (is_workspace (NULL));
  g_free (rapport_test_ui_screenshot (window, "sign-in-certificate"));

  gtk_widget_activate (sign_in_child ("trust_button"));
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace after trusting");
}

static gboolean
preferences_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (RAPPORT_IS_PREFERENCES_WINDOW (toplevel))
        {
          *(GtkWidget **) data = GTK_WIDGET (toplevel);
          return TRUE;
        }
    }
  return FALSE;
}

/* Preferences lists the trusted certificate; forgetting it means being asked again */
static void
test_preferences (void)
{
  g_autofree char *fingerprint = server_fingerprint ();
  GtkWidget *preferences = NULL;
  GtkWidget *forget;
  g_autoptr(GSettings) settings = g_settings_new ("org.rapport.Rapport");
  g_autoptr(GVariant) pins = NULL;

  gtk_widget_activate_action (window, "win.preferences", NULL);
  rapport_test_ui_wait_until (preferences_shown, &preferences, 10, "the preferences");
  /* the certificates are on the Servers page, as a user would open it */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "servers");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (preferences, fingerprint));
  g_free (rapport_test_ui_screenshot (preferences, "preferences"));

  forget = rapport_test_ui_find_button (preferences, "_Forget");
  g_assert_nonnull (forget);
  gtk_widget_activate (forget);
  rapport_test_ui_settle (400);
  pins = g_settings_get_value (settings, "pinned-certificates");
  g_assert_cmpuint (g_variant_n_children (pins), ==, 0);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_pinned_and_changed (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.rapport.Rapport");
  g_autoptr(GVariant) pins = g_settings_get_value (settings, "pinned-certificates");
  g_autofree char *old = server_fingerprint ();
  g_autofree char *cert = g_build_filename (server->data_dir, "tls", "cert.pem", NULL);
  g_autofree char *key = g_build_filename (server->data_dir, "tls", "key.pem", NULL);
  g_autofree char *fresh = NULL;
  const char *pinned = NULL;
  GtkWidget *error_label = sign_in_child ("error_label");

  g_assert_true (g_variant_lookup (pins, server->base_url, "&s", &pinned));
  g_assert_cmpstr (pinned, ==, old);

  /* the pinned certificate signs in without asking */
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  g_assert_false (is_workspace (NULL));
  sign_in ();
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "signing in with the pinned certificate");
  gtk_widget_activate_action (window, "win.sign-out", NULL);

  /* the server now shows another certificate: refused, with a warning */
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_unlink (cert);
  g_unlink (key);
  rapport_test_server_restart (server);
  fresh = server_fingerprint ();
  g_assert_cmpstr (fresh, !=, old);

  sign_in ();
  rapport_test_ui_wait_until (widget_visible, error_label, 30, "the changed-certificate warning");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "changed"));
  g_assert_false (gtk_widget_get_visible (sign_in_child ("certificate_box")));
  rapport_test_ui_settle (300);
  g_assert_false (is_workspace (NULL));
  g_free (rapport_test_ui_screenshot (window, "sign-in-certificate-changed"));
}

static void
test_vouched_fingerprint (void)
{
  g_autofree char *fingerprint = server_fingerprint ();

  /* a fingerprint given by whoever set the server up (make run passes it) is trusted at once */
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  g_assert_false (is_workspace (NULL));
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.rapport.Rapport");
    g_settings_reset (settings, "pinned-certificates");
  }
  rapport_sign_in_page_sign_in (RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page")),
                                "admin", server->admin_password, fingerprint);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "signing in with a vouched-for certificate");
  g_assert_false (gtk_widget_get_visible (sign_in_child ("certificate_box")));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_tls ();

  window = rapport_test_ui_open_window (900, 700);

  g_test_add_func ("/ui/tls/first-use", test_first_use);
  g_test_add_func ("/ui/tls/pinned-and-changed", test_pinned_and_changed);
  g_test_add_func ("/ui/tls/vouched-fingerprint", test_vouched_fingerprint);
  g_test_add_func ("/ui/tls/preferences", test_preferences);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
