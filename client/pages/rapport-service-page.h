/* rapport-service-page.h: RapportServicePage, the open cases of the Service views — mine, my team's queue, all I may see — most urgent first */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "rapport-records-page.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SERVICE_PAGE (rapport_service_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportServicePage, rapport_service_page, RAPPORT, SERVICE_PAGE, GtkWidget)

GtkWidget  *rapport_service_page_new        (RapportApi         *api);
void        rapport_service_page_reload     (RapportServicePage *self);
void        rapport_service_page_show       (RapportServicePage *self,
                                             const char         *view);
GtkListBox *rapport_service_page_get_list   (RapportServicePage *self,
                                             const char         *view);
gboolean    rapport_service_page_is_loading (RapportServicePage *self);
void        rapport_service_page_add_to     (RapportRecordsPage *page,
                                             RapportApi         *api);

G_END_DECLS
