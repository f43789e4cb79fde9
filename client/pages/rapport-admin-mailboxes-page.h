/* rapport-admin-mailboxes-page.h: RapportAdminMailboxesPage, the service queues' mailboxes: list, make, change, read now, delete */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_MAILBOXES_PAGE (rapport_admin_mailboxes_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminMailboxesPage, rapport_admin_mailboxes_page, RAPPORT, ADMIN_MAILBOXES_PAGE, GtkWidget)

void        rapport_admin_mailboxes_page_set_api       (RapportAdminMailboxesPage *self,
                                                        RapportApi                *api);
void        rapport_admin_mailboxes_page_reload        (RapportAdminMailboxesPage *self);
GListModel *rapport_admin_mailboxes_page_get_mailboxes (RapportAdminMailboxesPage *self);
gboolean    rapport_admin_mailboxes_page_get_busy      (RapportAdminMailboxesPage *self);

G_END_DECLS
