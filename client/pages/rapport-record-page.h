/* rapport-record-page.h: RapportRecordPage, one record: its form, save with its version, archive, and its children */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "widgets/rapport-entity-form.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_PAGE (rapport_record_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportRecordPage, rapport_record_page, RAPPORT, RECORD_PAGE, GtkWidget)

RapportRecordPage *rapport_record_page_new       (RapportApi        *api,
                                                  GType              entity_type,
                                                  gint64             id,
                                                  GVariant          *preset);
const char        *rapport_record_page_get_title (RapportRecordPage *self);
CrmEntity         *rapport_record_page_get_entity (RapportRecordPage *self);
RapportEntityForm *rapport_record_page_get_form  (RapportRecordPage *self);
void               rapport_record_page_save      (RapportRecordPage *self);
void               rapport_record_page_reload    (RapportRecordPage *self);
void               rapport_record_page_close     (RapportRecordPage *self);
void               rapport_record_page_archive   (RapportRecordPage *self);

G_END_DECLS
