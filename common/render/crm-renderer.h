/* crm-renderer.h: draws a document from a template on any cairo_t: PDF on the server, print and preview on the client */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "crm-render-document.h"
#include "crm-render-template.h"

G_BEGIN_DECLS

/* ISO A4 in PostScript points */
#define CRM_RENDER_A4_WIDTH  595.276
#define CRM_RENDER_A4_HEIGHT 841.89

#define CRM_TYPE_RENDERER (crm_renderer_get_type ())
G_DECLARE_FINAL_TYPE (CrmRenderer, crm_renderer, CRM, RENDERER, GObject)

CrmRenderer *crm_renderer_new             (CrmRenderTemplate  *template,
                                           CrmRenderDocument  *document);
CrmRenderTemplate *crm_renderer_get_template (CrmRenderer     *self);
CrmRenderDocument *crm_renderer_get_document (CrmRenderer     *self);

guint        crm_renderer_paginate        (CrmRenderer        *self,
                                           double              page_width,
                                           double              page_height,
                                           cairo_t            *cr);
guint        crm_renderer_get_n_pages     (CrmRenderer        *self);
gboolean     crm_renderer_get_page_lines  (CrmRenderer        *self,
                                           guint               page,
                                           guint              *first_line,
                                           guint              *n_lines);
void         crm_renderer_draw_page       (CrmRenderer        *self,
                                           cairo_t            *cr,
                                           guint               page);

gboolean     crm_renderer_write_pdf       (CrmRenderer        *self,
                                           GOutputStream      *stream,
                                           GCancellable       *cancellable,
                                           GError            **error);
GBytes      *crm_renderer_render_pdf      (CrmRenderer        *self,
                                           GCancellable       *cancellable,
                                           GError            **error);

G_END_DECLS
