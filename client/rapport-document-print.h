/* rapport-document-print.h: RapportDocumentPrint, prints a quote, order or contract through GtkPrintOperation with the shared renderer */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"
#include "crm-render-template.h"
#include "crm-renderer.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DOCUMENT_PRINT (rapport_document_print_get_type ())

G_DECLARE_FINAL_TYPE (RapportDocumentPrint, rapport_document_print, RAPPORT, DOCUMENT_PRINT, GObject)

RapportDocumentPrint *rapport_document_print_new        (RapportApi              *api,
                                                         CrmEntity               *document);
void                  rapport_document_print_run_async  (RapportDocumentPrint    *self,
                                                         GtkWindow               *parent,
                                                         GtkPrintOperationAction  action,
                                                         const char              *export_filename,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
gboolean              rapport_document_print_run_finish (RapportDocumentPrint    *self,
                                                         GAsyncResult            *result,
                                                         GError                 **error);

void                  rapport_document_print_prepare_async  (RapportDocumentPrint *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
CrmRenderer          *rapport_document_print_prepare_finish (RapportDocumentPrint *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

CrmRenderTemplate    *rapport_document_print_shipped_template (const char        *language);

G_END_DECLS
