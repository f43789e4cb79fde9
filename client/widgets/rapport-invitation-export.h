/* rapport-invitation-export.h: RapportInvitationExport, a visit's or a meeting's "Export invitation…", saving its .ics */
#pragma once

#include <gtk/gtk.h>

#include "crm-entity.h"
#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_INVITATION_EXPORT (rapport_invitation_export_get_type ())

G_DECLARE_FINAL_TYPE (RapportInvitationExport, rapport_invitation_export, RAPPORT, INVITATION_EXPORT, GtkWidget)

GtkWidget *rapport_invitation_export_new        (RapportApi              *api);
void       rapport_invitation_export_set_entity (RapportInvitationExport *self,
                                                 CrmEntity               *entity);
GtkWidget *rapport_invitation_export_get_button (RapportInvitationExport *self);
void       rapport_invitation_export_save_to    (RapportInvitationExport *self,
                                                 GFile                   *file);
guint      rapport_invitation_export_get_saved  (RapportInvitationExport *self);

G_END_DECLS
