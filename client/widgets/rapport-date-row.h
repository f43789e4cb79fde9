/* rapport-date-row.h: RapportDateRow, an entry row for a date, typed or picked in a calendar */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_DATE_ROW (rapport_date_row_get_type ())

G_DECLARE_FINAL_TYPE (RapportDateRow, rapport_date_row, RAPPORT, DATE_ROW, AdwEntryRow)

GtkWidget     *rapport_date_row_new          (void);
char          *rapport_date_row_dup_date     (RapportDateRow *self);
GtkMenuButton *rapport_date_row_get_button   (RapportDateRow *self);
GtkCalendar   *rapport_date_row_get_calendar (RapportDateRow *self);
gboolean       rapport_date_parse            (const char     *text,
                                              GDate          *date);

G_END_DECLS
