/* rapport-calendar-week.h: RapportCalendarWeek, seven day columns of hours with the items as blocks, tasks in a strip above */
#pragma once

#include <gtk/gtk.h>

#include "rapport-calendar-item.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CALENDAR_WEEK (rapport_calendar_week_get_type ())

G_DECLARE_FINAL_TYPE (RapportCalendarWeek, rapport_calendar_week, RAPPORT, CALENDAR_WEEK, GtkWidget)

GtkWidget *rapport_calendar_week_new            (void);
void       rapport_calendar_week_set_range      (RapportCalendarWeek *self,
                                                 GDateTime           *monday,
                                                 GPtrArray           *items);
GtkWidget *rapport_calendar_week_get_item_widget (RapportCalendarWeek *self,
                                                 const char          *entity,
                                                 gint64               id);
gint64     rapport_calendar_week_time_at        (RapportCalendarWeek *self,
                                                 double               x,
                                                 double               y,
                                                 gboolean            *in_strip);
gboolean   rapport_calendar_week_point_for      (RapportCalendarWeek *self,
                                                 gint64               usec,
                                                 double              *x,
                                                 double              *y);
GtkDropTarget *rapport_calendar_week_get_drop_target (RapportCalendarWeek *self);
void       rapport_calendar_week_relayout       (RapportCalendarWeek *self);
void       rapport_calendar_week_set_vadjustment (RapportCalendarWeek *self,
                                                 GtkAdjustment       *adjustment);

G_END_DECLS
