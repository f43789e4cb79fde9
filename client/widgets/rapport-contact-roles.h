/* rapport-contact-roles.h: RapportContactRoles, an opportunity's contacts and each one's role, added and removed in place */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONTACT_ROLES (rapport_contact_roles_get_type ())

G_DECLARE_FINAL_TYPE (RapportContactRoles, rapport_contact_roles, RAPPORT, CONTACT_ROLES, AdwBin)

GtkWidget *rapport_contact_roles_new        (RapportApi          *api);
void       rapport_contact_roles_set_entity (RapportContactRoles *self,
                                             CrmEntity           *entity);
gboolean   rapport_contact_roles_get_busy   (RapportContactRoles *self);
guint      rapport_contact_roles_get_n_rows (RapportContactRoles *self);
gboolean   rapport_contact_roles_add        (RapportContactRoles *self,
                                             gint64               contact_id,
                                             const char          *role);

G_END_DECLS
