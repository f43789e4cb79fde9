/* rapport-discard-dialog.h: the question before unsaved edits are thrown away */
#pragma once

#include <gtk/gtk.h>

#include "crm-entity.h"

G_BEGIN_DECLS

/* called once the user chose to discard; @wanted is what they wanted to open instead, or %NULL */
typedef void (*RapportDiscardFunc) (GObject   *owner,
                                    CrmEntity *wanted);

void rapport_discard_dialog_present (GtkWidget          *owner,
                                     const char         *body,
                                     CrmEntity          *wanted,
                                     RapportDiscardFunc  discard);

G_END_DECLS
