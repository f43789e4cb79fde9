/* rapportd-sla-recompute.h: a changed SLA policy or business calendar asks for the open cases it may concern to be counted again */
#pragma once

#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

extern const RapportdRepoRules rapportd_sla_policy_rules;
extern const RapportdRepoRules rapportd_business_calendar_rules;

G_END_DECLS
