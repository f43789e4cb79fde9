/* rapport-export-dialog.h: RapportExportDialog, a list's "Export…": format, columns, archived records, portable references */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_EXPORT_DIALOG (rapport_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportExportDialog, rapport_export_dialog, RAPPORT, EXPORT_DIALOG, AdwWindow)

RapportExportDialog *rapport_export_dialog_new       (GtkWindow           *parent,
                                                      RapportApi          *api,
                                                      const char          *collection,
                                                      const char          *list_query,
                                                      gboolean             archived_view,
                                                      const char * const  *columns,
                                                      const char * const  *visible);
char                *rapport_export_dialog_dup_path  (RapportExportDialog *self);
void                 rapport_export_dialog_save_to   (RapportExportDialog *self,
                                                      GFile               *file);
void                 rapport_export_dialog_set_chooser_answer (RapportExportDialog *self,
                                                               GFile               *file);

G_END_DECLS
