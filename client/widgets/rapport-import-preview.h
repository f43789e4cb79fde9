/* rapport-import-preview.h: RapportImportPreview, the first rows of a file being imported, as a table */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* the rows shown below the header */
#define RAPPORT_IMPORT_PREVIEW_ROWS 10

#define RAPPORT_TYPE_IMPORT_PREVIEW (rapport_import_preview_get_type ())

G_DECLARE_FINAL_TYPE (RapportImportPreview, rapport_import_preview, RAPPORT, IMPORT_PREVIEW, GtkWidget)

GtkWidget *rapport_import_preview_new      (void);
void       rapport_import_preview_set_rows (RapportImportPreview *self,
                                            GPtrArray            *rows);
guint      rapport_import_preview_get_n_rows (RapportImportPreview *self);
const char *rapport_import_preview_get_cell (RapportImportPreview *self,
                                             guint                 row,
                                             guint                 column);

G_END_DECLS
