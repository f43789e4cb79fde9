/* rapport-test-pointer.c: the pointer moved and its button pressed through the X server (XTest), as a mouse does */
#include "rapport-test-pointer.h"
#include "rapport-test-ui.h"

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

static Display *
display_of (GtkWidget *window)
{
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (window));
}

/**
 * rapport_test_pointer_move_to:
 * @window: the toplevel holding @widget
 * @widget: where the pointer goes
 * @x: the point in @widget's coordinates
 * @y: the point in @widget's coordinates
 *
 * Moves the X server's pointer there, as a mouse would.
 */
void
rapport_test_pointer_move_to (GtkWidget *window,
                              GtkWidget *widget,
                              double     x,
                              double     y)
{
  Display *display = display_of (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  graphene_point_t point;
  double dx, dy;
  int root_x, root_y;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, window, &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &dx, &dy);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         (int) (point.x + dx), (int) (point.y + dy), &root_x, &root_y, &child);
  XTestFakeMotionEvent (display, -1, root_x, root_y, CurrentTime);
  XSync (display, False);
}

/* the drag itself: the button pressed on @from (the pointer moved over it
 * first, twice where @enter_first, so that a window just shown hears it
 * enter before the press), moved past the threshold, released over @to */
static void
drag (GtkWidget *from_window,
      GtkWidget *from,
      double     from_x,
      double     from_y,
      GtkWidget *to_window,
      GtkWidget *to,
      double     to_x,
      double     to_y,
      gboolean   enter_first)
{
  Display *display = display_of (from_window);

  if (enter_first)
    {
      rapport_test_pointer_move_to (from_window, from, from_x - 1, from_y);
      rapport_test_ui_settle (100);
    }
  rapport_test_pointer_move_to (from_window, from, from_x, from_y);
  rapport_test_ui_settle (100);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XSync (display, False);
  rapport_test_ui_settle (100);
  for (guint step = 0; step < 4; step++)
    {
      int x, y, window_x, window_y;
      Window root, child;
      unsigned int mask;

      XQueryPointer (display, DefaultRootWindow (display), &root, &child, &x, &y, &window_x, &window_y, &mask);
      XTestFakeMotionEvent (display, -1, x + 10, y + 6, CurrentTime);
      XSync (display, False);
      rapport_test_ui_settle (60);
    }
  /* over the target twice: the drop target hears the drag enter, then move */
  rapport_test_pointer_move_to (to_window, to, to_x, to_y);
  rapport_test_ui_settle (200);
  rapport_test_pointer_move_to (to_window, to, to_x, to_y);
  rapport_test_ui_settle (200);
  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XSync (display, False);
  rapport_test_ui_settle (300);
}

/**
 * rapport_test_pointer_drag:
 * @window: the toplevel holding both widgets
 * @from: what is dragged
 * @from_x: where in @from the button is pressed
 * @from_y: where in @from the button is pressed
 * @to: where it is dropped
 * @to_x: where in @to the button is released
 * @to_y: where in @to the button is released
 *
 * A real drag and drop: the button pressed on @from, the pointer moved in
 * steps past GTK's drag threshold, then over the point in @to, where the
 * button is released; the main loop runs between the steps, as time
 * passes between a hand's movements.
 */
void
rapport_test_pointer_drag (GtkWidget *window,
                           GtkWidget *from,
                           double     from_x,
                           double     from_y,
                           GtkWidget *to,
                           double     to_x,
                           double     to_y)
{
  drag (window, from, from_x, from_y, window, to, to_x, to_y, FALSE);
}

/**
 * rapport_test_pointer_drag_between:
 * @from: what is dragged, in its toplevel
 * @from_x: where in @from the button is pressed
 * @from_y: where in @from the button is pressed
 * @to: where it is dropped, in the same toplevel or another (a file
 *   dragged from a file manager's window onto the client's)
 * @to_x: where in @to the button is released
 * @to_y: where in @to the button is released
 *
 * As rapport_test_pointer_drag(), between any two windows on the display:
 * the drag goes through the X server's drag-and-drop protocol. The pointer
 * enters @from's window before the press.
 */
void
rapport_test_pointer_drag_between (GtkWidget *from,
                                   double     from_x,
                                   double     from_y,
                                   GtkWidget *to,
                                   double     to_x,
                                   double     to_y)
{
  drag (GTK_WIDGET (gtk_widget_get_root (from)), from, from_x, from_y,
        GTK_WIDGET (gtk_widget_get_root (to)), to, to_x, to_y, TRUE);
}

/**
 * rapport_test_pointer_click:
 * @window: the toplevel holding @widget
 * @widget: what is clicked, in its middle
 *
 * The pointer moved over @widget and its first button pressed and
 * released there, the main loop running between, as a hand clicks.
 */
void
rapport_test_pointer_click (GtkWidget *window,
                            GtkWidget *widget)
{
  Display *display = display_of (window);

  /* over it twice: the widget hears the pointer enter, then move */
  rapport_test_pointer_move_to (window, widget, gtk_widget_get_width (widget) / 2.0 - 1, gtk_widget_get_height (widget) / 2.0);
  rapport_test_ui_settle (100);
  rapport_test_pointer_move_to (window, widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
  rapport_test_ui_settle (100);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XSync (display, False);
  rapport_test_ui_settle (60);
  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XSync (display, False);
  rapport_test_ui_settle (200);
}
