/* rapport-document-page.h: RapportDocumentPage, a quote, order or contract: header, lines, live totals, steps, printing */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "widgets/rapport-print-preview.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DOCUMENT_PAGE (rapport_document_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportDocumentPage, rapport_document_page, RAPPORT, DOCUMENT_PAGE, GtkWidget)

RapportDocumentPage *rapport_document_page_new               (RapportApi           *api,
                                                              GType                 entity_type,
                                                              gint64                id,
                                                              GVariant             *preset);
const char          *rapport_document_page_get_title         (RapportDocumentPage  *self);
CrmEntity           *rapport_document_page_get_entity        (RapportDocumentPage  *self);
gboolean             rapport_document_page_get_busy          (RapportDocumentPage  *self);
void                 rapport_document_page_save              (RapportDocumentPage  *self);
void                 rapport_document_page_reload            (RapportDocumentPage  *self);
void                 rapport_document_page_close             (RapportDocumentPage  *self);
void                 rapport_document_page_print             (RapportDocumentPage  *self);
void                 rapport_document_page_export            (RapportDocumentPage  *self);
void                 rapport_document_page_print_async       (RapportDocumentPage  *self,
                                                              GtkPrintOperationAction action,
                                                              const char           *export_filename,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             rapport_document_page_print_finish      (RapportDocumentPage  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void                 rapport_document_page_export_pdf_async  (RapportDocumentPage  *self,
                                                              GFile                *file,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             rapport_document_page_export_pdf_finish (RapportDocumentPage  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void                 rapport_document_page_preview_async     (RapportDocumentPage  *self,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportPrintPreview *rapport_document_page_preview_finish    (RapportDocumentPage  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS
