/* rapport-records-page.h: RapportRecordsPage, one collection as a searchable, sortable, lazily paged list */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "rapport-list-model.h"
#include "widgets/rapport-import-assistant.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORDS_PAGE (rapport_records_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportRecordsPage, rapport_records_page, RAPPORT, RECORDS_PAGE, GtkWidget)

RapportRecordsPage *rapport_records_page_new            (RapportApi         *api,
                                                         const char         *collection);
const char         *rapport_records_page_get_collection (RapportRecordsPage *self);
RapportListModel   *rapport_records_page_get_model      (RapportRecordsPage *self);
GtkSelectionModel  *rapport_records_page_get_selection  (RapportRecordsPage *self);
void                rapport_records_page_reload         (RapportRecordsPage *self);
void                rapport_records_page_focus_search   (RapportRecordsPage *self);
void                rapport_records_page_add_view       (RapportRecordsPage *self,
                                                         const char         *name,
                                                         const char         *title,
                                                         const char         *icon_name,
                                                         GtkWidget          *view);
void                rapport_records_page_show_view      (RapportRecordsPage *self,
                                                         const char         *name);
RapportImportAssistant *rapport_records_page_import     (RapportRecordsPage *self,
                                                         GFile              *file);

G_END_DECLS
