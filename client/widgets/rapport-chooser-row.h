/* rapport-chooser-row.h: RapportChooserRow, a combo row to pick a user or a team, loaded from the API */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CHOOSER_ROW (rapport_chooser_row_get_type ())

G_DECLARE_FINAL_TYPE (RapportChooserRow, rapport_chooser_row, RAPPORT, CHOOSER_ROW, AdwComboRow)

void        rapport_chooser_row_load            (RapportChooserRow *self,
                                                 RapportApi        *api,
                                                 gint64             exclude_id);
gboolean    rapport_chooser_row_get_loaded      (RapportChooserRow *self);
gint64      rapport_chooser_row_get_selected_id (RapportChooserRow *self);
void        rapport_chooser_row_select_id       (RapportChooserRow *self,
                                                 gint64             id);
const char *rapport_chooser_row_get_label       (RapportChooserRow *self,
                                                 gint64             id);

G_END_DECLS
