/* crm-assignment-rule.h: CrmAssignmentRule, one of the ordered rules that give a new record its owner */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_ASSIGNMENT_RULE (crm_assignment_rule_get_type ())

G_DECLARE_FINAL_TYPE (CrmAssignmentRule, crm_assignment_rule, CRM, ASSIGNMENT_RULE, CrmEntity)

gboolean crm_assignment_rule_check_condition (const char  *condition,
                                              GType        type,
                                              GError     **error);

G_END_DECLS
