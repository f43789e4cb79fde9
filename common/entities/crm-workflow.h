/* crm-workflow.h: CrmWorkflow, an approval workflow definition as administrators keep it, versioned by its record */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_WORKFLOW (crm_workflow_get_type ())

G_DECLARE_FINAL_TYPE (CrmWorkflow, crm_workflow, CRM, WORKFLOW, CrmEntity)

G_END_DECLS
