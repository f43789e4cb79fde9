/* rapport-template-preview.h: RapportTemplatePreview, page 1 of a sample quote drawn with a template being edited */
#pragma once

#include <gtk/gtk.h>

#include "crm-render-template.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TEMPLATE_PREVIEW (rapport_template_preview_get_type ())

G_DECLARE_FINAL_TYPE (RapportTemplatePreview, rapport_template_preview, RAPPORT, TEMPLATE_PREVIEW, GtkDrawingArea)

void  rapport_template_preview_set_template (RapportTemplatePreview *self,
                                             CrmRenderTemplate      *template);
guint rapport_template_preview_get_n_pages  (RapportTemplatePreview *self);

G_END_DECLS
