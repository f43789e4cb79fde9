/* rapport-transfer-dialog.h: RapportTransferDialog, asks who takes over records, and why */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TRANSFER_DIALOG (rapport_transfer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportTransferDialog, rapport_transfer_dialog, RAPPORT, TRANSFER_DIALOG, AdwMessageDialog)

RapportTransferDialog *rapport_transfer_dialog_new          (GtkWidget             *parent,
                                                             RapportApi            *api,
                                                             gint64                 exclude_id,
                                                             gboolean               ask_reason);
gint64                 rapport_transfer_dialog_get_owner_id (RapportTransferDialog *self);
const char            *rapport_transfer_dialog_get_owner_label (RapportTransferDialog *self);
char                  *rapport_transfer_dialog_get_reason   (RapportTransferDialog *self);
void                   rapport_transfer_dialog_transfer_async  (RapportTransferDialog *self,
                                                                const char            *collection,
                                                                const gint64          *ids,
                                                                guint                  n_ids,
                                                                GCancellable          *cancellable,
                                                                GAsyncReadyCallback    callback,
                                                                gpointer               user_data);
gint64                 rapport_transfer_dialog_transfer_finish (RapportTransferDialog *self,
                                                                GAsyncResult          *result,
                                                                GError               **error);

G_END_DECLS
