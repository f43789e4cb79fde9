/* crm-pipeline.c: CrmPipeline, a sales pipeline and its ordered stages, kept by administrators */
#include "crm-pipeline.h"
#include "crm-pipeline-stage.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

struct _CrmPipeline
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmPipeline, crm_pipeline, CRM_TYPE_ENTITY)

/* the most stages a pipeline may have */
#define MAX_STAGES 30

static const CrmFieldSpec pipeline_fields[] = {
  { "name",       CRM_FIELD_TEXT, .max_len = 100, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "is_default", CRM_FIELD_BOOL, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Default pipeline"), .default_value = "false" },
};

/* every field a stage names as required must be one an opportunity's user gives */
static gboolean
check_required_fields (CrmEntity  *stage,
                       guint       index,
                       GError    **error)
{
  CrmEntityClass *opportunity = g_type_class_peek (crm_entities_lookup_name ("opportunity"));
  const char * const *required = crm_entity_get_tags (stage, "required_fields");

  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    {
      int field = crm_entity_class_find_json_key (opportunity, required[i]);

      if (field < CRM_ENTITY_N_SYSTEM_FIELDS || (opportunity->fields[field].flags & CRM_FIELD_READONLY))
        {
          g_autofree char *path = g_strdup_printf ("stages[%u].required_fields", index);

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, path,
                                     _("Stage %u: an opportunity has no field “%s” to require"), index + 1, required[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* a stage's name is its own within the pipeline, whatever the case and the
 * spaces around it: the board and the reports tell stages by name */
static gboolean
check_unique_name (GPtrArray  *stages,
                   guint       index,
                   GError    **error)
{
  const char *text = crm_entity_get_text (stages->pdata[index], "name");
  g_autofree char *name = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *key = g_utf8_casefold (name, -1);

  for (guint j = 0; j < index; j++)
    {
      const char *other_text = crm_entity_get_text (stages->pdata[j], "name");
      g_autofree char *other = g_strstrip (g_strdup (other_text ? other_text : ""));
      g_autofree char *other_key = g_utf8_casefold (other, -1);

      if (g_str_equal (key, other_key))
        {
          g_autofree char *path = g_strdup_printf ("stages[%u].name", index);

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, path,
                                     _("Stage %u: stage %u is already called “%s”"), index + 1, j + 1, other);
          return FALSE;
        }
    }
  return TRUE;
}

/* Stages are numbered in the order given; open stages come first, then
 * exactly one won and one lost stage, in either order. */
static gboolean
crm_pipeline_derive (CrmEntity    *self,
                     CrmRounding   rounding,
                     GError      **error)
{
  GPtrArray *stages = crm_entity_get_lines (self);
  guint n_won = 0, n_lost = 0;

  if (stages == NULL || stages->len < 3 || stages->len > MAX_STAGES)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "stages",
                                 _("A pipeline has 3 to %u stages: open ones, then one won and one lost stage"), MAX_STAGES);
      return FALSE;
    }
  for (guint i = 0; i < stages->len; i++)
    {
      CrmEntity *stage = stages->pdata[i];
      const char *kind = crm_entity_get_text (stage, "kind");
      gboolean open = kind == NULL || g_str_equal (kind, "open");

      if (kind == NULL)
        crm_entity_set_text (stage, "kind", "open");
      n_won += g_strcmp0 (kind, "won") == 0;
      n_lost += g_strcmp0 (kind, "lost") == 0;
      if (open != (i + 2 < stages->len))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "stages",
                                     _("A pipeline’s last two stages are its won and its lost stage, and only those"));
          return FALSE;
        }
      if (!check_required_fields (stage, i, error) || !check_unique_name (stages, i, error))
        return FALSE;
      crm_entity_set_int (stage, "position", i);
    }
  if (n_won != 1 || n_lost != 1)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "stages",
                                 _("A pipeline has exactly one won and one lost stage"));
      return FALSE;
    }
  return TRUE;
}

static void
crm_pipeline_class_init (CrmPipelineClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "pipeline", "pipelines",
                                   pipeline_fields, G_N_ELEMENTS (pipeline_fields));
  crm_entity_class_set_labels (entity_class, N_("Pipeline"), N_("Pipelines"));
  entity_class->admin_writes = TRUE;
  entity_class->line_type = CRM_TYPE_PIPELINE_STAGE;
  entity_class->lines_member = "stages";
  entity_class->lines_in_lists = TRUE;
  entity_class->derive = crm_pipeline_derive;
}

static void
crm_pipeline_init (CrmPipeline *self)
{
}

/**
 * crm_pipeline_find_stage:
 * @pipeline: a pipeline read with its stages
 * @stage_id: a stage's id
 *
 * Returns: (transfer none) (nullable): the pipeline's stage with that id,
 *   or %NULL when it has none
 */
CrmEntity *
crm_pipeline_find_stage (CrmEntity *pipeline,
                         gint64     stage_id)
{
  GPtrArray *stages;

  g_return_val_if_fail (CRM_IS_PIPELINE (pipeline), NULL);

  stages = crm_entity_get_lines (pipeline);
  for (guint i = 0; stages != NULL && i < stages->len; i++)
    if (crm_entity_get_id (stages->pdata[i]) == stage_id)
      return stages->pdata[i];
  return NULL;
}

/**
 * crm_pipeline_first_stage:
 * @pipeline: a pipeline read with its stages
 *
 * Returns: (transfer none) (nullable): the stage a new opportunity starts in
 */
CrmEntity *
crm_pipeline_first_stage (CrmEntity *pipeline)
{
  GPtrArray *stages;

  g_return_val_if_fail (CRM_IS_PIPELINE (pipeline), NULL);

  stages = crm_entity_get_lines (pipeline);
  return stages != NULL && stages->len > 0 ? stages->pdata[0] : NULL;
}
