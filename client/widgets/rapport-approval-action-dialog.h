/* rapport-approval-action-dialog.h: RapportApprovalActionDialog, asks what a comment, delegation or withdrawal needs */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVAL_ACTION_DIALOG (rapport_approval_action_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportApprovalActionDialog, rapport_approval_action_dialog, RAPPORT, APPROVAL_ACTION_DIALOG,
                      AdwMessageDialog)

RapportApprovalActionDialog *rapport_approval_action_dialog_new      (GtkWidget                   *parent,
                                                                      RapportApi                  *api,
                                                                      const char                  *verb,
                                                                      const char                  *subject);
const char                  *rapport_approval_action_dialog_get_verb (RapportApprovalActionDialog *self);
JsonNode                    *rapport_approval_action_dialog_dup_body (RapportApprovalActionDialog *self);

G_END_DECLS
