/* rapportd-approvals.h: approvals on records: the engine run against the database, signatures, record states */
#pragma once

#include "crm-entity.h"
#include "crm-workflow-engine.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* a step of a record's life that needs approval first (a quote's submit,
 * an order's confirm, a contract's activate), and the record's status in
 * each state of its approval */
typedef struct
{
  const char *entity;
  const char *trigger;
  const char *pending;
  const char *approved;
  const char *refused;
  /* approval issues the document (renders and archives its PDF) */
  gboolean    issue;
  /* instead of statuses: what the record does once its approval decides
   * (an opportunity enters the stage it waited for, or stays) */
  gboolean  (*decided) (RapportdDb           *db,
                        const RapportdActor  *actor,
                        CrmEntity            *record,
                        gboolean              approved,
                        GError              **error);
} RapportdApprovalGate;

const RapportdApprovalGate *rapportd_approvals_gate (const char *entity,
                                                     const char *verb);

gboolean rapportd_approvals_submit   (RapportdDb                 *db,
                                      const RapportdActor        *actor,
                                      const RapportdApprovalGate *gate,
                                      CrmEntity                  *record,
                                      gint64                     *approval_id,
                                      GError                    **error);
gboolean rapportd_approvals_submit_named (RapportdDb                 *db,
                                          const RapportdActor        *actor,
                                          const RapportdApprovalGate *gate,
                                          CrmEntity                  *record,
                                          const char                 *workflow,
                                          gint64                     *approval_id,
                                          GError                    **error);

gboolean rapportd_approvals_submit_at (RapportdDb                 *db,
                                       const RapportdActor        *actor,
                                       const RapportdApprovalGate *gate,
                                       CrmEntity                  *record,
                                       gint64                      now,
                                       gint64                     *approval_id,
                                       GError                    **error);

/* what a signer says, for approve and reject */
typedef struct
{
  const char *meaning;
  const char *comment;
} RapportdSignature;

gboolean rapportd_approvals_act      (RapportdDb                 *db,
                                      const RapportdActor        *actor,
                                      gint64                      approval_id,
                                      const CrmWorkflowAction    *action,
                                      const RapportdSignature    *signature,
                                      gint64                      now,
                                      GError                    **error);
guint    rapportd_approvals_escalate (RapportdDb                 *db,
                                      gint64                      now,
                                      GError                    **error);
gboolean rapportd_approvals_sign_record (RapportdDb              *db,
                                         const RapportdActor     *actor,
                                         CrmEntity               *record,
                                         const RapportdSignature *signature,
                                         gint64                   now,
                                         gint64                  *signature_id,
                                         GError                 **error);
char    *rapportd_approvals_record_sha256 (CrmEntity             *record);
gboolean rapportd_approvals_verify_signature (RapportdDb         *db,
                                              const char         *entity,
                                              gint64              record_id,
                                              gint64              version,
                                              const char         *sha256);
gboolean rapportd_approvals_seed     (RapportdDb                 *db,
                                      GError                    **error);

G_END_DECLS
