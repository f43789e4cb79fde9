/* rapport-document-lines.h: RapportDocumentLines, a document's lines as an editable grid, typed at the keyboard */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DOCUMENT_LINES (rapport_document_lines_get_type ())

G_DECLARE_FINAL_TYPE (RapportDocumentLines, rapport_document_lines, RAPPORT, DOCUMENT_LINES, GtkWidget)

RapportDocumentLines *rapport_document_lines_new            (RapportApi           *api,
                                                             GType                 line_type);
void                  rapport_document_lines_set_lines      (RapportDocumentLines *self,
                                                             GPtrArray            *lines);
GListModel           *rapport_document_lines_get_model      (RapportDocumentLines *self);
void                  rapport_document_lines_add_line       (RapportDocumentLines *self);
GPtrArray            *rapport_document_lines_build          (RapportDocumentLines *self,
                                                             GError              **error);
void                  rapport_document_lines_set_results    (RapportDocumentLines *self,
                                                             GPtrArray            *priced);
void                  rapport_document_lines_show_error     (RapportDocumentLines *self,
                                                             const char           *field);
gboolean              rapport_document_lines_get_dirty      (RapportDocumentLines *self);
void                  rapport_document_lines_set_editable   (RapportDocumentLines *self,
                                                             gboolean              editable);
void                  rapport_document_lines_set_account_id (RapportDocumentLines *self,
                                                             gint64                account_id);
GtkWidget            *rapport_document_lines_get_cell       (RapportDocumentLines *self,
                                                             guint                 line,
                                                             const char           *key);
const char           *rapport_document_lines_get_last_price (RapportDocumentLines *self,
                                                             guint                 line);

G_END_DECLS
