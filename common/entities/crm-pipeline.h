/* crm-pipeline.h: CrmPipeline, a sales pipeline and its ordered stages, kept by administrators */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_PIPELINE (crm_pipeline_get_type ())

G_DECLARE_FINAL_TYPE (CrmPipeline, crm_pipeline, CRM, PIPELINE, CrmEntity)

CrmEntity *crm_pipeline_find_stage  (CrmEntity *pipeline,
                                     gint64     stage_id);
CrmEntity *crm_pipeline_first_stage (CrmEntity *pipeline);

G_END_DECLS
