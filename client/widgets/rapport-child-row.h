/* rapport-child-row.h: RapportChildRow, a record that points at the one shown (an account's contact, quote…), to open */
#pragma once

#include <adwaita.h>

#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CHILD_ROW (rapport_child_row_get_type ())

G_DECLARE_FINAL_TYPE (RapportChildRow, rapport_child_row, RAPPORT, CHILD_ROW, AdwActionRow)

RapportChildRow *rapport_child_row_new        (CrmEntity       *entity);
CrmEntity       *rapport_child_row_get_entity (RapportChildRow *self);
GtkWidget       *rapport_child_row_new_placeholder (void);

G_END_DECLS
