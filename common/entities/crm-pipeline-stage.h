/* crm-pipeline-stage.h: CrmPipelineStage, one ordered stage of a pipeline, written with it */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_PIPELINE_STAGE (crm_pipeline_stage_get_type ())

G_DECLARE_FINAL_TYPE (CrmPipelineStage, crm_pipeline_stage, CRM, PIPELINE_STAGE, CrmEntity)

G_END_DECLS
