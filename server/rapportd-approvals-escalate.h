/* rapportd-approvals-escalate.h: the instant an approval escalates, kept with it (approvals.escalate_at), for the approvals' own writes */
#pragma once

#include "rapportd-sql.h"
#include "crm-workflow-instance.h"

G_BEGIN_DECLS

gint64 rapportd_approvals_escalation_due  (CrmWorkflowInstance *instance);
void   rapportd_approvals_add_escalate_at (RapportdSql         *sql,
                                           gint64               due);

G_END_DECLS
