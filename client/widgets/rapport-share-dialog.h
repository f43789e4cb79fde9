/* rapport-share-dialog.h: RapportShareDialog, who else may read or change one record, and until when */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SHARE_DIALOG (rapport_share_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportShareDialog, rapport_share_dialog, RAPPORT, SHARE_DIALOG, AdwWindow)

RapportShareDialog *rapport_share_dialog_new          (GtkWidget          *parent,
                                                       RapportApi         *api,
                                                       const char         *collection,
                                                       gint64              id,
                                                       const char         *title);
void                rapport_share_dialog_share        (RapportShareDialog *self);
int                 rapport_share_dialog_get_n_shares (RapportShareDialog *self);
gboolean            rapport_share_dialog_get_busy     (RapportShareDialog *self);

G_END_DECLS
