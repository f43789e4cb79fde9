/* rapport-calendar-month.h: RapportCalendarMonth, a month as a grid of days with the items as chips */
#pragma once

#include <gtk/gtk.h>

#include "rapport-calendar-item.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CALENDAR_MONTH (rapport_calendar_month_get_type ())

G_DECLARE_FINAL_TYPE (RapportCalendarMonth, rapport_calendar_month, RAPPORT, CALENDAR_MONTH, GtkWidget)

GtkWidget *rapport_calendar_month_new             (void);
void       rapport_calendar_month_set_range       (RapportCalendarMonth *self,
                                                   GDateTime            *first_monday,
                                                   int                   month,
                                                   GPtrArray            *items);
GtkWidget *rapport_calendar_month_get_item_widget (RapportCalendarMonth *self,
                                                   const char           *entity,
                                                   gint64                id);
GDateTime *rapport_calendar_month_day_at          (RapportCalendarMonth *self,
                                                   double                x,
                                                   double                y);
gboolean   rapport_calendar_month_point_for       (RapportCalendarMonth *self,
                                                   gint64                usec,
                                                   double               *x,
                                                   double               *y);
GtkDropTarget *rapport_calendar_month_get_drop_target (RapportCalendarMonth *self);
guint      rapport_calendar_month_get_hidden      (RapportCalendarMonth *self,
                                                   gint64                usec);

G_END_DECLS
