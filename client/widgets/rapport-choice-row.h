/* rapport-choice-row.h: RapportChoiceRow, a row choosing one of a field's values in a drop-down with search */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CHOICE_ROW (rapport_choice_row_get_type ())

G_DECLARE_FINAL_TYPE (RapportChoiceRow, rapport_choice_row, RAPPORT, CHOICE_ROW, AdwActionRow)

GtkWidget   *rapport_choice_row_new          (const char       *title);
void         rapport_choice_row_add          (RapportChoiceRow *self,
                                              const char       *value,
                                              const char       *label);
void         rapport_choice_row_add_named    (RapportChoiceRow *self,
                                              const char       *value,
                                              const char       *label,
                                              const char       *name);
const char  *rapport_choice_row_get_value    (RapportChoiceRow *self);
void         rapport_choice_row_set_value    (RapportChoiceRow *self,
                                              const char       *value);
GtkDropDown *rapport_choice_row_get_drop_down (RapportChoiceRow *self);
gboolean     rapport_choice_row_has_choice    (RapportChoiceRow *self,
                                               const char       *value);
void         rapport_choice_row_offer_only    (RapportChoiceRow   *self,
                                               const char * const *values);
void         rapport_choice_row_load_names    (RapportChoiceRow *self,
                                               RapportApi       *api,
                                               const char       *collection);

G_END_DECLS
