/* crm-pipeline-stage.c: CrmPipelineStage, one ordered stage of a pipeline, written with it */
#include "crm-pipeline-stage.h"

#include <glib/gi18n-lib.h>

struct _CrmPipelineStage
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmPipelineStage, crm_pipeline_stage, CRM_TYPE_ENTITY)

static const char * const kinds[] = { "open", "won", "lost", NULL };

static const char * const kind_labels[] = {
  NC_("stage kind", "Open"), NC_("stage kind", "Won"), NC_("stage kind", "Lost"), NULL
};

/* An opportunity enters the stage only with its required fields (the
 * opportunity's JSON keys) given, and, where the stage names a workflow,
 * once that workflow approves; the checklist holds the stage's standard
 * tasks, the company's best practice. */
static const CrmFieldSpec stage_fields[] = {
  { "position",        CRM_FIELD_INT,  .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Position") },
  { "name",            CRM_FIELD_TEXT, .max_len = 100, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN, .label = N_("Name") },
  { "probability",     CRM_FIELD_INT,  .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN, .label = N_("Probability (%)"), .min_value = 0, .max_value = 100 },
  { "kind",            CRM_FIELD_ENUM, .enum_values = kinds, .enum_labels = kind_labels, .flags = CRM_FIELD_COLUMN, .label = NC_("stage kind", "Kind"), .context = "stage kind", .default_value = "open" },
  { "required_fields", CRM_FIELD_TAGS, .max_len = 20, .reference = "opportunity", .label = N_("Fields required to enter") },
  { "checklist",       CRM_FIELD_TAGS, .max_len = 20, .label = N_("Checklist") },
  { "workflow",        CRM_FIELD_TEXT, .max_len = 100, .reference = "workflow", .label = N_("Approval workflow to enter") },
};

static void
crm_pipeline_stage_class_init (CrmPipelineStageClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "pipeline_stage", "pipeline_stages",
                                   stage_fields, G_N_ELEMENTS (stage_fields));
  crm_entity_class_set_labels (entity_class, N_("Stage"), N_("Stages"));
  entity_class->parent_column = "pipeline_id";
}

static void
crm_pipeline_stage_init (CrmPipelineStage *self)
{
}
