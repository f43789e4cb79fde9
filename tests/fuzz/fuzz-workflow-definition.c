/* fuzz-workflow-definition.c: workflow definitions as an administrator uploads them */
#include "fuzz-common.h"
#include "crm-workflow-definition.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CrmWorkflowDefinition) definition = NULL;
  g_autoptr(CrmWorkflowDefinition) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  fuzz_set_up ();
  if (size == 0)
    return 0;
  definition = crm_workflow_definition_new_from_data ((const char *) data, size, &error);
  if (definition == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  /* a valid definition survives being saved and read again */
  saved = crm_workflow_definition_to_data (definition);
  again = crm_workflow_definition_new_from_data (saved, -1, &error);
  if (again == NULL)
    g_error ("a saved definition does not load again: %s\n%s", error->message, saved);
  return 0;
}
