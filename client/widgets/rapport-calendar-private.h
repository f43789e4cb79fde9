/* rapport-calendar-private.h: what the week and month views share: an item's chip, its moves by keyboard */
#pragma once

#include <gtk/gtk.h>

#include "rapport-calendar-item.h"

G_BEGIN_DECLS

#define RAPPORT_CALENDAR_DAY_USEC (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

GtkWidget           *rapport_calendar_chip_new        (RapportCalendarItem *item,
                                                       gboolean             with_time);
RapportCalendarItem *rapport_calendar_chip_get_item   (GtkWidget           *chip);
GtkDragSource       *rapport_calendar_chip_get_drag_source (GtkWidget      *chip);
GDateTime           *rapport_calendar_local_day       (gint64               usec);
gint64               rapport_calendar_shift           (gint64               usec,
                                                       int                  days,
                                                       int                  minutes);
void                 rapport_calendar_install_moves   (GtkWidgetClass      *widget_class,
                                                       GtkShortcutFunc      move,
                                                       int                  up_down_minutes,
                                                       int                  up_down_days);

G_END_DECLS
