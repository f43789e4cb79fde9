/* rapport-reference-row.h: RapportReferenceRow, a row naming the record a field points at, chosen by searching */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "rapport-entity-picker.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_REFERENCE_ROW (rapport_reference_row_get_type ())

G_DECLARE_FINAL_TYPE (RapportReferenceRow, rapport_reference_row, RAPPORT, REFERENCE_ROW, AdwActionRow)

RapportReferenceRow *rapport_reference_row_new        (RapportApi          *api,
                                                       const char          *collection);
gint64               rapport_reference_row_get_id     (RapportReferenceRow *self);
void                 rapport_reference_row_set_id     (RapportReferenceRow *self,
                                                       gint64               id);
void                 rapport_reference_row_set_value  (RapportReferenceRow *self,
                                                       gint64               id,
                                                       const char          *label);
const char          *rapport_reference_row_get_label  (RapportReferenceRow *self);
void                 rapport_reference_row_set_filter (RapportReferenceRow *self,
                                                       const char          *query);
void                 rapport_reference_row_set_editable (RapportReferenceRow *self,
                                                         gboolean             editable);
RapportEntityPicker *rapport_reference_row_get_picker (RapportReferenceRow *self);

G_END_DECLS
