/* crm-sla-policy.h: CrmSlaPolicy, the first-response and resolution targets cases of a priority and category are held to */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_SLA_POLICY (crm_sla_policy_get_type ())

G_DECLARE_FINAL_TYPE (CrmSlaPolicy, crm_sla_policy, CRM, SLA_POLICY, CrmEntity)

gint64 crm_sla_policy_warn_seconds (CrmEntity *policy,
                                    gint64     target_seconds);

G_END_DECLS
