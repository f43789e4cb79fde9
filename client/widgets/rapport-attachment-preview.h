/* rapport-attachment-preview.h: RapportAttachmentPreview, a window that shows a file attached to a record: an image, a PDF's pages, or an offer to open it */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ATTACHMENT_PREVIEW (rapport_attachment_preview_get_type ())

G_DECLARE_FINAL_TYPE (RapportAttachmentPreview, rapport_attachment_preview, RAPPORT, ATTACHMENT_PREVIEW, AdwWindow)

/* the most pages of a PDF shown */
#define RAPPORT_ATTACHMENT_PREVIEW_MAX_PAGES 20

GtkWidget    *rapport_attachment_preview_new           (RapportApi               *api,
                                                        gint64                    id,
                                                        const char               *name,
                                                        const char               *content_type);
GtkWidget    *rapport_attachment_preview_new_for_path  (RapportApi               *api,
                                                        const char               *path,
                                                        const char               *name,
                                                        const char               *content_type);
const char   *rapport_attachment_preview_get_shown     (RapportAttachmentPreview *self);
GdkPaintable *rapport_attachment_preview_get_paintable (RapportAttachmentPreview *self);
guint         rapport_attachment_preview_get_n_pages   (RapportAttachmentPreview *self);
guint         rapport_attachment_preview_get_n_rendered (RapportAttachmentPreview *self);

G_END_DECLS
