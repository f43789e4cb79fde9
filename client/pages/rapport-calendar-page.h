/* rapport-calendar-page.h: RapportCalendarPage, the Calendar section: one's (or the team's) week or month, items dragged to reschedule them */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "widgets/rapport-calendar-month.h"
#include "widgets/rapport-calendar-week.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CALENDAR_PAGE (rapport_calendar_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportCalendarPage, rapport_calendar_page, RAPPORT, CALENDAR_PAGE, GtkWidget)

GtkWidget            *rapport_calendar_page_new          (RapportApi          *api);
void                  rapport_calendar_page_reload       (RapportCalendarPage *self);
gboolean              rapport_calendar_page_get_busy     (RapportCalendarPage *self);
guint                 rapport_calendar_page_get_loads    (RapportCalendarPage *self);
RapportCalendarWeek  *rapport_calendar_page_get_week     (RapportCalendarPage *self);
RapportCalendarMonth *rapport_calendar_page_get_month    (RapportCalendarPage *self);
void                  rapport_calendar_page_show_month   (RapportCalendarPage *self,
                                                          gboolean             month);
void                  rapport_calendar_page_go_to        (RapportCalendarPage *self,
                                                          GDateTime           *day);
const char           *rapport_calendar_page_get_refusal  (RapportCalendarPage *self);

G_END_DECLS
