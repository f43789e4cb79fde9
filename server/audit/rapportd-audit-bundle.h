/* rapportd-audit-bundle.h: the audit trail exported with its signed checkpoints, and verified offline */
#pragma once

#include "rapportd-audit.h"

G_BEGIN_DECLS

gboolean rapportd_audit_export        (RapportdDb          *db,
                                       const char          *path,
                                       gint64               from_usec,
                                       gint64               to_usec,
                                       guint64             *n_rows,
                                       GError             **error);
gboolean rapportd_audit_verify_bundle (const char          *path,
                                       const char          *pinned_public_key,
                                       RapportdAuditReport *report,
                                       GError             **error);

G_END_DECLS
