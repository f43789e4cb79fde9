/* rapport-test-pointer.h: the pointer moved and its button pressed through the X server (XTest), as a mouse does */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rapport_test_pointer_move_to (GtkWidget *window,
                                   GtkWidget *widget,
                                   double     x,
                                   double     y);
void rapport_test_pointer_drag    (GtkWidget *window,
                                   GtkWidget *from,
                                   double     from_x,
                                   double     from_y,
                                   GtkWidget *to,
                                   double     to_x,
                                   double     to_y);
void rapport_test_pointer_drag_between (GtkWidget *from,
                                        double     from_x,
                                        double     from_y,
                                        GtkWidget *to,
                                        double     to_x,
                                        double     to_y);
void rapport_test_pointer_click   (GtkWidget *window,
                                   GtkWidget *widget);

G_END_DECLS
