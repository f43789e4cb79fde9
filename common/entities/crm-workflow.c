/* crm-workflow.c: CrmWorkflow, an approval workflow definition as administrators keep it, versioned by its record */
#include "crm-workflow.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-workflow-definition.h"

#include <glib/gi18n-lib.h>

struct _CrmWorkflow
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmWorkflow, crm_workflow, CRM_TYPE_ENTITY)

/* The content is the definition's JSON (schemas/workflows/workflow.schema.json).
 * Every save is a new version of the record; an approval keeps the
 * definition it started with, whatever is saved later. */
static const CrmFieldSpec workflow_fields[] = {
  { "name",        CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "description", CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN, .label = N_("Description") },
  { "applies_to",  CRM_FIELD_TEXT,      .max_len = 32, .flags = CRM_FIELD_READONLY | CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Applies to") },
  { "trigger",     CRM_FIELD_TEXT,      .max_len = 32, .flags = CRM_FIELD_READONLY | CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Trigger") },
  { "active",      CRM_FIELD_BOOL,      .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Active") },
  { "content",     CRM_FIELD_LONG_TEXT, .max_len = 200000, .flags = CRM_FIELD_REQUIRED, .label = N_("Definition") },
};

/* a definition is stored only if it parses, and names fields its entity has */
static gboolean
crm_workflow_derive (CrmEntity    *self,
                     CrmRounding   rounding,
                     GError      **error)
{
  const char *content = crm_entity_get_text (self, "content");
  g_autoptr(CrmWorkflowDefinition) definition = NULL;
  g_autoptr(GError) problem = NULL;
  GType target;

  definition = crm_workflow_definition_new_from_data (content ? content : "", -1, &problem);
  target = definition ? crm_entities_lookup_name (crm_workflow_definition_get_entity (definition)) : G_TYPE_INVALID;
  if (definition != NULL && target != G_TYPE_INVALID &&
      !crm_workflow_definition_check_entity (definition, g_type_class_peek (target), &problem))
    g_clear_pointer (&definition, crm_workflow_definition_unref);
  if (definition == NULL)
    {
      crm_error_set_nested_field_error (error, "content", problem);
      return FALSE;
    }
  crm_entity_set_text (self, "applies_to", crm_workflow_definition_get_entity (definition));
  crm_entity_set_text (self, "trigger", crm_workflow_definition_get_trigger (definition));
  return TRUE;
}

static void
crm_workflow_class_init (CrmWorkflowClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "workflow", "workflows", workflow_fields, G_N_ELEMENTS (workflow_fields));
  crm_entity_class_set_labels (entity_class, N_("Approval workflow"), N_("Approval workflows"));
  entity_class->admin_writes = TRUE;
  entity_class->derive = crm_workflow_derive;
}

static void
crm_workflow_init (CrmWorkflow *self)
{
}
