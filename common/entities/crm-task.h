/* crm-task.h: CrmTask, something to do by a time, with its reminder and recurrence */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_TASK (crm_task_get_type ())

G_DECLARE_FINAL_TYPE (CrmTask, crm_task, CRM, TASK, CrmEntity)

G_END_DECLS
