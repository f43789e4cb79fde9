/* rapport-tasks-page.h: RapportTasksPage, one's open tasks as Today, Overdue and Upcoming, each done or snoozed with a click */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "pages/rapport-records-page.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TASKS_PAGE (rapport_tasks_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportTasksPage, rapport_tasks_page, RAPPORT, TASKS_PAGE, GtkWidget)

GtkWidget  *rapport_tasks_page_new         (RapportApi         *api);
void        rapport_tasks_page_add_to      (RapportRecordsPage *page,
                                            RapportApi         *api);
void        rapport_tasks_page_reload      (RapportTasksPage *self);
gboolean    rapport_tasks_page_get_busy    (RapportTasksPage *self);
GListModel *rapport_tasks_page_get_tasks   (RapportTasksPage *self,
                                            const char       *view);
void        rapport_tasks_page_show_view   (RapportTasksPage *self,
                                            const char       *view);
const char *rapport_tasks_page_get_message (RapportTasksPage *self);

G_END_DECLS
