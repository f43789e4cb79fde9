/* rapport-test-ui.c: driving the real client under Xvfb: waiting, finding widgets, screenshots */
#include "rapport-test-ui.h"
#include "rapport-application.h"
#include "rapport-window.h"

#include <glib/gstdio.h>
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
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_ui_settle (300);
  return window;
}
