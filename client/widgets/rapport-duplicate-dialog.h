/* rapport-duplicate-dialog.h: RapportDuplicateDialog, the records a new one may duplicate: open one, merge into it, or save anyway with a reason */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_DUPLICATE_DIALOG (rapport_duplicate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportDuplicateDialog, rapport_duplicate_dialog, RAPPORT, DUPLICATE_DIALOG, AdwMessageDialog)

RapportDuplicateDialog *rapport_duplicate_dialog_new        (GtkWidget              *parent,
                                                             const char             *entity,
                                                             JsonArray              *matches);
char                   *rapport_duplicate_dialog_get_reason (RapportDuplicateDialog *self);
char                   *rapport_duplicate_rule_describe     (const char             *rule);

G_END_DECLS
