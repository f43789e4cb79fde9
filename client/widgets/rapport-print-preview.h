/* rapport-print-preview.h: RapportPrintPreview, a window that shows a document's printed pages, drawn by the shared renderer */
#pragma once

#include <adwaita.h>

#include "crm-renderer.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_PRINT_PREVIEW (rapport_print_preview_get_type ())

G_DECLARE_FINAL_TYPE (RapportPrintPreview, rapport_print_preview, RAPPORT, PRINT_PREVIEW, AdwWindow)

RapportPrintPreview *rapport_print_preview_new           (GtkWindow           *parent,
                                                          CrmRenderer         *renderer,
                                                          const char          *subtitle);
CrmRenderer         *rapport_print_preview_get_renderer  (RapportPrintPreview *self);
guint                rapport_print_preview_get_n_pages   (RapportPrintPreview *self);
guint                rapport_print_preview_get_page      (RapportPrintPreview *self);
void                 rapport_print_preview_set_page      (RapportPrintPreview *self,
                                                          guint                page);
double               rapport_print_preview_get_zoom      (RapportPrintPreview *self);
void                 rapport_print_preview_set_zoom      (RapportPrintPreview *self,
                                                          double               zoom);
gboolean             rapport_print_preview_get_fit_width (RapportPrintPreview *self);
void                 rapport_print_preview_set_fit_width (RapportPrintPreview *self,
                                                          gboolean             fit_width);

G_END_DECLS
