/* rapportd-audit.h: the append-only, hash-chained audit trail: append and verify */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  guint64  n_rows;
  /* 0 when the chain is intact */
  guint64  bad_id;
  char    *problem;
} RapportdAuditReport;

gboolean rapportd_audit_append       (RapportdDb          *db,
                                      gint64               actor_id,
                                      const char          *entity,
                                      gint64               entity_id,
                                      const char          *action,
                                      const char          *reason,
                                      const char          *before_json,
                                      const char          *after_json,
                                      GError             **error);
gboolean rapportd_audit_verify       (RapportdDb          *db,
                                      RapportdAuditReport *report,
                                      GError             **error);
void     rapportd_audit_report_clear (RapportdAuditReport *report);
gboolean rapportd_audit_report_problem (RapportdAuditReport *report,
                                        guint64              bad_id,
                                        const char          *format,
                                        ...) G_GNUC_PRINTF (3, 4);
char    *rapportd_audit_row_hash     (const char          *prev_hash,
                                      guint64              id,
                                      const char          *at,
                                      const char          *actor_id,
                                      const char          *entity,
                                      const char          *entity_id,
                                      const char          *action,
                                      const char          *reason,
                                      const char          *before_json,
                                      const char          *after_json);

G_END_DECLS
