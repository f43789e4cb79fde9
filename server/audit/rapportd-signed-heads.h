/* rapportd-signed-heads.h: what the signed checkpoints vouch for, held against the rows found */
#pragma once

#include "rapportd-audit.h"

G_BEGIN_DECLS

typedef struct _RapportdSignedHeads RapportdSignedHeads;

RapportdSignedHeads *rapportd_signed_heads_new     (const char          *pinned_public_key);
void                 rapportd_signed_heads_free    (RapportdSignedHeads *self);
gboolean             rapportd_signed_heads_add     (RapportdSignedHeads *self,
                                                    guint64              last_audit_id,
                                                    const char          *head_hash,
                                                    const char          *signed_at,
                                                    const char          *public_key,
                                                    const char          *signature,
                                                    const char          *heads,
                                                    RapportdAuditReport *report);
void                 rapportd_signed_heads_check_row (RapportdSignedHeads *self,
                                                      guint64              id,
                                                      guint                chain,
                                                      const char          *hash,
                                                      RapportdAuditReport *report);
void                 rapportd_signed_heads_check_missing (RapportdSignedHeads *self,
                                                          guint64              from_id,
                                                          RapportdAuditReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdSignedHeads, rapportd_signed_heads_free)

G_END_DECLS
