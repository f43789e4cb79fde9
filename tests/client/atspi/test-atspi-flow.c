/* test-atspi-flow.c: the real client driven through AT-SPI only, from sign-in to a quote submitted for approval
 *
 * This program is the fixture around flow.py: it starts a throwaway rapportd
 * and seeds a sales rep with a manager, an account and a product; brings up a
 * private D-Bus session bus on which the accessibility bus (at-spi2-core) is
 * activated; starts the client binary with its accessibility on; runs the
 * driver, which reaches every widget by role and accessible name; and checks
 * afterwards, through the API, what the driver did.
 */
#include "rapport-test-server.h"
#include "rapport-test-ui.h"

#include <cairo-xlib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>
#include <X11/Xlib.h>

#define PASSWORD "correct horse battery"
#define ACCOUNT_NAME "Kangtai Medical Devices"
#define NEW_PHONE "+86 10 5555 0199"
#define PRODUCT_CODE "ATS-1"
#define QUANTITY "7"
#define DISCOUNT "15"

static RapportTestServer *server;
static char *rep;
static gint64 account_id, product_id;

/* what the X server shows now, kept beside the other client tests' screenshots */
static void
screenshot (const char *base)
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *name = lang ? g_strdup_printf ("%s-%s", base, lang) : g_strdup (base);
  const char *dir = g_getenv ("RAPPORT_SCREENSHOT_DIR") ? g_getenv ("RAPPORT_SCREENSHOT_DIR") : ".";
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  Display *display = XOpenDisplay (NULL);
  cairo_surface_t *surface;
  int screen;

  g_assert_nonnull (display);
  screen = DefaultScreen (display);
  surface = cairo_xlib_surface_create (display, RootWindow (display, screen), DefaultVisual (display, screen),
                                       DisplayWidth (display, screen), DisplayHeight (display, screen));
  g_mkdir_with_parents (dir, 0755);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  XCloseDisplay (display);
  g_test_message ("screenshot: %s", path);
}

/* the client as a user starts it, with its accessibility on */
static GSubprocess *
start_client (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  const char *client = g_getenv ("RAPPORT_CLIENT");
  GSubprocess *process;

  g_assert_nonnull (client);
  /* the other client tests turn GTK's accessibility off; a screen reader's user has it on */
  g_subprocess_launcher_unsetenv (launcher, "GTK_A11Y");
  g_subprocess_launcher_unsetenv (launcher, "NO_AT_BRIDGE");
  /* stdout carries TAP: what the client prints goes to stderr */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  process = g_subprocess_launcher_spawn (launcher, &error, client, NULL);
  g_assert_no_error (error);
  return process;
}

/* flow.py, with where to sign in and what to look for in its environment */
static int
run_driver (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) driver = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "flow.py", NULL);
  const char *python = g_getenv ("RAPPORT_PYTHON") ? g_getenv ("RAPPORT_PYTHON") : "python3";

  g_subprocess_launcher_setenv (launcher, "RAPPORT_FLOW_SERVER", server->base_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "RAPPORT_FLOW_LOGIN", "rep", TRUE);
  g_subprocess_launcher_setenv (launcher, "RAPPORT_FLOW_PASSWORD", PASSWORD, TRUE);
  g_subprocess_launcher_setenv (launcher, "RAPPORT_FLOW_ACCOUNT", ACCOUNT_NAME, TRUE);
  g_subprocess_launcher_setenv (launcher, "RAPPORT_FLOW_PHONE", NEW_PHONE, TRUE);
  g_subprocess_launcher_setenv (launcher, "RAPPORT_FLOW_PRODUCT", PRODUCT_CODE, TRUE);
  g_subprocess_launcher_setenv (launcher, "RAPPORT_FLOW_QUANTITY", QUANTITY, TRUE);
  g_subprocess_launcher_setenv (launcher, "RAPPORT_FLOW_DISCOUNT", DISCOUNT, TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  driver = g_subprocess_launcher_spawn (launcher, &error, python, script, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (driver, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (driver) ? g_subprocess_get_exit_status (driver) : -1;
}

static JsonObject *
find_quote (JsonArray *items)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member_with_default (item, "account_id", 0) == account_id)
        return item;
    }
  return NULL;
}

/* what the driver did, as the server stores it */
static void
check_server_state (void)
{
  g_autofree char *account_path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, account_id);
  g_autoptr(RapportTestReply) account = rapport_test_request (server, "GET", account_path, rep, NULL);
  g_autoptr(RapportTestReply) quotes = rapport_test_request (server, "GET", "/api/v1/quotes", rep, NULL);
  g_autoptr(RapportTestReply) quote = NULL;
  g_autofree char *quote_path = NULL;
  JsonObject *listed, *line;
  JsonArray *lines;

  g_assert_cmpuint (account->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (account, "phone"), ==, NEW_PHONE);
  g_assert_cmpint (rapport_test_reply_int (account, "version"), ==, 2);

  g_assert_cmpuint (quotes->status, ==, 200);
  listed = find_quote (json_object_get_array_member (rapport_test_reply_object (quotes), "items"));
  g_assert_nonnull (listed);
  quote_path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, json_object_get_int_member (listed, "id"));
  quote = rapport_test_request (server, "GET", quote_path, rep, NULL);
  g_assert_cmpuint (quote->status, ==, 200);
  /* over 10 % off, the rep's manager must approve it */
  g_assert_cmpstr (rapport_test_reply_string (quote, "status"), ==, "pending_approval");
  lines = json_object_get_array_member (rapport_test_reply_object (quote), "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 1);
  line = json_array_get_object_element (lines, 0);
  g_assert_cmpint (json_object_get_int_member_with_default (line, "product_id", 0), ==, product_id);
  g_assert_cmpfloat (g_ascii_strtod (json_object_get_string_member_with_default (line, "quantity", "0"), NULL), ==, 7.0);
  g_assert_cmpfloat (g_ascii_strtod (json_object_get_string_member_with_default (line, "discount", "0"), NULL), ==, 15.0);
}

static void
test_flow (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GSubprocess) client = NULL;
  int saved_stdout;
  int status;

  g_assert_nonnull (display);
  /* the session bus activates the accessibility bus (org.a11y.Bus) and its registry */
  g_test_dbus_add_service_dir (bus, "/usr/share/dbus-1/services");
  /* what the buses and the registry print goes to stderr: stdout carries TAP */
  fflush (stdout);
  saved_stdout = dup (STDOUT_FILENO);
  g_assert_cmpint (dup2 (STDERR_FILENO, STDOUT_FILENO), ==, STDOUT_FILENO);
  g_test_dbus_up (bus);
  g_assert_cmpint (dup2 (saved_stdout, STDOUT_FILENO), ==, STDOUT_FILENO);
  close (saved_stdout);
  /* the bus is up in this process's environment, which g_test_dbus_up() cleared of the display */
  g_setenv ("DISPLAY", display, TRUE);

  client = start_client ();
  status = run_driver ();
  if (status != 0)
    screenshot ("atspi-flow-failed");
  else
    {
      const char *lang = g_getenv ("RAPPORT_TEST_LANG");
      g_autofree char *file = lang ? g_strdup_printf ("atspi-flow-failed-%s.png", lang) : g_strdup ("atspi-flow-failed.png");
      g_autofree char *failed = g_build_filename (g_getenv ("RAPPORT_SCREENSHOT_DIR") ? g_getenv ("RAPPORT_SCREENSHOT_DIR") : ".",
                                                  file, NULL);

      /* no picture of an earlier failure is left beside this pass's */
      g_unlink (failed);
      screenshot ("atspi-flow-submitted");
    }

  g_subprocess_send_signal (client, SIGTERM);
  g_subprocess_wait (client, NULL, NULL);
  g_test_dbus_down (bus);

  g_assert_cmpint (status, ==, 0);
  /* the client lived until it was told to end: a critical is fatal here */
  g_assert_true (g_subprocess_get_if_signaled (client));
  g_assert_cmpint (g_subprocess_get_term_sig (client), ==, SIGTERM);
  check_server_state ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *director = NULL;
  g_autofree char *manager = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* the client, and the names flow.py looks for, in that language */
  if (g_getenv ("RAPPORT_TEST_LANG"))
    rapport_test_ui_use_locale (g_getenv ("RAPPORT_TEST_LANG"));

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  director = rapport_test_server_add_managed_user (server, "dir", "director", NULL);
  manager = rapport_test_server_add_managed_user (server, "mgr", "manager", "dir");
  rep = rapport_test_server_add_managed_user (server, "rep", "sales", "mgr");
  product_id = rapport_test_create (server, director, "products",
                                    "{\"code\":\"" PRODUCT_CODE "\",\"name\":\"Patient monitor\",\"unit\":\"pc\","
                                    "\"list_price\":\"2400.00\",\"currency\":\"CNY\",\"tax_rate\":\"13\"}");
  account_id = rapport_test_create (server, rep, "accounts",
                                    "{\"name\":\"" ACCOUNT_NAME "\",\"phone\":\"+86 10 5555 0100\"}");

  g_test_add_func ("/atspi/flow", test_flow);
  status = g_test_run ();

  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
