/* rapport-test-ui.c: driving the real client under Xvfb: waiting, finding widgets, screenshots */
#include "rapport-test-ui.h"
#include "rapport-application.h"
#include "rapport-window.h"
#include "pages/rapport-sign-in-page.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

void
rapport_test_ui_wait_until (RapportTestCondition  condition,
                            gpointer              data,
                            guint                 timeout_seconds,
                            const char           *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* lets the main loop run: layout, drawing, answers already on their way */
void
rapport_test_ui_settle (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

GtkWidget *
rapport_test_ui_find_by_name (GtkWidget  *root,
                              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rapport_test_ui_find_by_name (child, name);
      if (found)
        return found;
    }
  return NULL;
}

/* the record page @window shows, or NULL when it shows another page */
RapportRecordPage *
rapport_test_ui_record_page (GtkWidget *window)
{
  GtkWidget *stack = GTK_WIDGET (gtk_widget_get_template_child (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *child = gtk_stack_get_visible_child (GTK_STACK (stack));

  return RAPPORT_IS_RECORD_PAGE (child) ? RAPPORT_RECORD_PAGE (child) : NULL;
}

GtkWidget *
rapport_test_ui_find_by_type (GtkWidget *root,
                              GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rapport_test_ui_find_by_type (child, type);
      if (found)
        return found;
    }
  return NULL;
}

/* a mapped label showing exactly @text */
GtkWidget *
rapport_test_ui_find_label (GtkWidget  *root,
                            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rapport_test_ui_find_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

/* a mapped button labelled exactly @label (mnemonic included) */
GtkWidget *
rapport_test_ui_find_button (GtkWidget  *root,
                             const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rapport_test_ui_find_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

/* a mapped label whose text contains @part */
GtkWidget *
rapport_test_ui_find_label_containing (GtkWidget  *root,
                                       const char *part)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rapport_test_ui_find_label_containing (child, part);
      if (found)
        return found;
    }
  return NULL;
}

/**
 * rapport_test_ui_screenshot:
 * @window: a shown window
 * @name: file name without extension
 *
 * Renders the window as it is now into `screenshots/NAME.png` under the
 * build directory's test folder (kept as a test artifact).
 *
 * Returns: (transfer full): the file's path
 */
char *
rapport_test_ui_screenshot (GtkWidget  *window,
                            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("RAPPORT_SCREENSHOT_DIR") ? g_getenv ("RAPPORT_SCREENSHOT_DIR") : ".",
                                           NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  char *path = g_build_filename (dir, file, NULL);
  int width, height;

  rapport_test_ui_settle (300);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

/* the client the sign-in page hands to the window, kept for the tests */
static void
keep_api (GtkWidget  *page,
          RapportApi *api,
          gpointer    window)
{
  g_object_set_data_full (G_OBJECT (window), "rapport-test-api", g_object_ref (api), g_object_unref);
}

/**
 * rapport_test_ui_api:
 * @window: a window of rapport_test_ui_open_window()
 *
 * Returns: (transfer none) (nullable): the client its last sign-in handed
 *   to it, to ask it what it is doing
 */
RapportApi *
rapport_test_ui_api (GtkWidget *window)
{
  return g_object_get_data (G_OBJECT (window), "rapport-test-api");
}

/**
 * rapport_test_ui_open_window:
 * @width: width of the window
 * @height: its height
 *
 * Opens a client window, as the application does on start.
 *
 * Returns: (transfer none): the window, shown
 */
GtkWidget *
rapport_test_ui_open_window (int width,
                             int height)
{
  static RapportApplication *app;
  GtkWidget *window;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = rapport_application_new ();
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  window = GTK_WIDGET (rapport_window_new (app));
  g_signal_connect_object (gtk_widget_get_template_child (window, RAPPORT_TYPE_WINDOW, "sign_in_page"), "signed-in",
                           G_CALLBACK (keep_api), window, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_ui_settle (300);
  return window;
}

static gboolean
shows_workspace (gpointer data)
{
  GtkWidget *stack = GTK_WIDGET (gtk_widget_get_template_child (data, RAPPORT_TYPE_WINDOW, "main_stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "workspace") == 0;
}

/* signs @window in as @login and waits for its workspace */
void
rapport_test_ui_sign_in (GtkWidget  *window,
                         const char *server,
                         const char *login,
                         const char *password)
{
  GtkWidget *page = GTK_WIDGET (gtk_widget_get_template_child (window, RAPPORT_TYPE_WINDOW, "sign_in_page"));

  rapport_sign_in_page_set_server (RAPPORT_SIGN_IN_PAGE (page), server);
  rapport_sign_in_page_sign_in (RAPPORT_SIGN_IN_PAGE (page), login, password, NULL);
  rapport_test_ui_wait_until (shows_workspace, window, 30, "the workspace");
}

static gboolean
events_connected (gpointer data)
{
  RapportApi *api = rapport_test_ui_api (data);

  return api != NULL && rapport_api_get_events_connected (api);
}

/**
 * rapport_test_ui_wait_events:
 * @window: a window of rapport_test_ui_open_window(), signed in
 *
 * Waits until the client's event WebSocket is open: an event sent before
 * it opens is not heard.
 */
void
rapport_test_ui_wait_events (GtkWidget *window)
{
  rapport_test_ui_wait_until (events_connected, window, 30, "the event WebSocket");
}

/**
 * rapport_test_ui_find_dialog:
 * @type: a window type, e.g. %ADW_TYPE_MESSAGE_DIALOG
 *
 * Returns: (transfer none) (nullable): the visible toplevel of @type
 */
GtkWidget *
rapport_test_ui_find_dialog (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (toplevel), type) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }
  return NULL;
}

typedef struct
{
  GType      type;
  GtkWidget *found;
} Wanted;

static gboolean
dialog_shown (gpointer data)
{
  Wanted *wanted = data;

  wanted->found = rapport_test_ui_find_dialog (wanted->type);
  return wanted->found != NULL;
}

/**
 * rapport_test_ui_wait_for_dialog:
 * @type: a window type
 * @what: what is waited for, for the failure message
 *
 * Returns: (transfer none): the visible toplevel of @type, once it shows
 */
GtkWidget *
rapport_test_ui_wait_for_dialog (GType       type,
                                 const char *what)
{
  Wanted wanted = { type, NULL };

  rapport_test_ui_wait_until (dialog_shown, &wanted, 30, what);
  return wanted.found;
}

static gboolean
dialog_gone (gpointer data)
{
  return rapport_test_ui_find_dialog (GPOINTER_TO_SIZE (data)) == NULL;
}

/**
 * rapport_test_ui_wait_dialog_gone:
 * @type: a window type
 * @what: what is waited for, for the failure message
 *
 * Waits until no toplevel of @type is visible.
 */
void
rapport_test_ui_wait_dialog_gone (GType       type,
                                  const char *what)
{
  rapport_test_ui_wait_until (dialog_gone, GSIZE_TO_POINTER (type), 30, what);
}

/**
 * rapport_test_ui_respond:
 * @response: the response to give the message dialog that shows up
 * @screenshot: (nullable): a screenshot of the dialog to keep first
 *
 * Waits for an #AdwMessageDialog, answers it and waits for it to close.
 */
void
rapport_test_ui_respond (const char *response,
                         const char *screenshot)
{
  GtkWidget *dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "a message dialog");

  if (screenshot)
    g_free (rapport_test_ui_screenshot (dialog, screenshot));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), response));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  rapport_test_ui_wait_dialog_gone (ADW_TYPE_MESSAGE_DIALOG, "the message dialog to close");
}

/**
 * rapport_test_ui_keep_result:
 * @source: the object the call was on
 * @result: its result
 * @user_data: a `GAsyncResult **`, %NULL until the result comes
 *
 * A #GAsyncReadyCallback that keeps the result for
 * rapport_test_ui_wait_result().
 */
void
rapport_test_ui_keep_result (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/**
 * rapport_test_ui_wait_result:
 * @slot: where rapport_test_ui_keep_result() puts the result
 * @what: what is waited for, for the message on timeout
 *
 * Returns: (transfer none): the result
 */
GAsyncResult *
rapport_test_ui_wait_result (GAsyncResult **slot,
                             const char    *what)
{
  rapport_test_ui_wait_until (result_arrived, slot, 60, what);
  return *slot;
}

/**
 * rapport_test_ui_pdf_text:
 * @path: a file that must be a PDF
 *
 * Returns: (transfer full): its text, as pdftotext lays it out
 */
char *
rapport_test_ui_pdf_text (const char *path)
{
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  gsize length = 0;
  int status;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (data, "%PDF"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&text);
}

/**
 * rapport_test_ui_init_locale:
 *
 * Sets up a client test's language as the client does its own: the locale
 * named by RAPPORT_TEST_LANG (e.g. "zh_CN"; none: the environment's) and
 * the catalogue built under RAPPORT_LOCALEDIR. Call it first in main(),
 * after g_test_init().
 *
 * Returns: (nullable): the language asked for, or %NULL
 */
const char *
rapport_test_ui_init_locale (void)
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");

  if (lang != NULL)
    rapport_test_ui_use_locale (lang);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return lang;
}

/* Makes @lang (e.g. "zh_CN") this process's locale, compiled into a
 * private directory with localedef: no root, no change to the system */
void
rapport_test_ui_use_locale (const char *lang)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-locale-XXXXXX", NULL);
  g_autofree char *name = g_strdup_printf ("%s.UTF-8", lang);
  g_autofree char *target = g_build_filename (dir, name, NULL);
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                     NULL, "localedef", "-c", "-i", lang, "-f", "UTF-8", target, NULL);

  g_assert_nonnull (process);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
  g_setenv ("LOCPATH", dir, TRUE);
  g_setenv ("LANG", name, TRUE);
  g_setenv ("LC_ALL", name, TRUE);
}
