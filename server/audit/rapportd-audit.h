/* rapportd-audit.h: the append-only audit trail in several hash chains: append and verify */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

/* appends go to chains 1 to RAPPORTD_AUDIT_CHAINS (audit_chains holds their
 * heads); chain 0 holds the rows of the single chain of old, closed */
#define RAPPORTD_AUDIT_CHAINS 16
#define RAPPORTD_AUDIT_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

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
gboolean rapportd_audit_append_many  (RapportdDb          *db,
                                      gint64               actor_id,
                                      const char          *entity,
                                      const gint64        *entity_ids,
                                      const char          *action,
                                      const char          *reason,
                                      const char * const  *before_jsons,
                                      const char * const  *after_jsons,
                                      guint                n,
                                      GError             **error);
gboolean rapportd_audit_verify       (RapportdDb          *db,
                                      const char          *pinned_public_key,
                                      RapportdAuditReport *report,
                                      GError             **error);
void     rapportd_audit_report_clear (RapportdAuditReport *report);
gboolean rapportd_audit_report_problem (RapportdAuditReport *report,
                                        guint64              bad_id,
                                        const char          *format,
                                        ...) G_GNUC_PRINTF (3, 4);
guint    rapportd_audit_chain_for    (RapportdDb          *db);
char    *rapportd_audit_row_hash     (const char          *prev_hash,
                                      guint                chain,
                                      guint64              prev_id,
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
