/* rapport-audit-page.h: RapportAuditPage, the audit trail for auditors and administrators */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_AUDIT_PAGE (rapport_audit_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAuditPage, rapport_audit_page, RAPPORT, AUDIT_PAGE, GtkWidget)

RapportAuditPage *rapport_audit_page_new     (RapportApi       *api);
void              rapport_audit_page_reload  (RapportAuditPage *self);
guint             rapport_audit_page_get_n_rows (RapportAuditPage *self);
gboolean          rapport_audit_page_get_users_loaded (RapportAuditPage *self);
gboolean          rapport_audit_page_select_user   (RapportAuditPage    *self,
                                                    gint64               id);
void              rapport_audit_page_select_record (RapportAuditPage    *self,
                                                    CrmEntity           *record);
void              rapport_audit_page_export_async  (RapportAuditPage    *self,
                                                    GFile               *file,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          rapport_audit_page_export_finish (RapportAuditPage    *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
