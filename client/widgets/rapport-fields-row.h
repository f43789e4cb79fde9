/* rapport-fields-row.h: RapportFieldsRow, a row choosing fields of a kind of record by their labels */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_FIELDS_ROW (rapport_fields_row_get_type ())

G_DECLARE_FINAL_TYPE (RapportFieldsRow, rapport_fields_row, RAPPORT, FIELDS_ROW, AdwExpanderRow)

GtkWidget  *rapport_fields_row_new       (const char       *entity_name);
char       *rapport_fields_row_dup_value (RapportFieldsRow *self);
void        rapport_fields_row_set_value (RapportFieldsRow *self,
                                          const char       *value);

G_END_DECLS
