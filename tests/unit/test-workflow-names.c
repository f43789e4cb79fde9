/* test-workflow-names.c: workflow and step names in other languages, the shipped ones in Chinese, and trigger labels */
#include <string.h>

#include <glib.h>

#include "crm-error.h"
#include "crm-workflow-definition.h"

static const char * const chinese[] = { "zh_CN.UTF-8", "zh_CN", "zh", "C", NULL };
static const char * const english[] = { "C", NULL };

static const char *definition_text =
  "{\"name\":\"Quote discount\",\"names\":{\"zh_CN\":\"报价折扣审批\",\"de\":\"Angebotsrabatt\"},"
  "\"version\":1,\"entity\":\"quote\",\"trigger\":\"submit\",\"steps\":["
  "{\"name\":\"Manager\",\"names\":{\"zh_CN\":\"经理审批\"},\"approvers\":{\"manager_levels\":1}},"
  "{\"name\":\"Director\",\"approvers\":{\"role\":\"director\"}}]}";

static void
test_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmWorkflowDefinition) definition = crm_workflow_definition_new_from_data (definition_text, -1, &error);
  g_autoptr(CrmWorkflowDefinition) again = NULL;
  g_autofree char *data = NULL;
  const char * const german[] = { "de_DE", "de", NULL };

  g_assert_no_error (error);
  g_assert_cmpstr (crm_workflow_definition_get_name_for (definition, chinese), ==, "报价折扣审批");
  g_assert_cmpstr (crm_workflow_definition_get_name_for (definition, german), ==, "Angebotsrabatt");
  g_assert_cmpstr (crm_workflow_definition_get_name_for (definition, english), ==, "Quote discount");
  g_assert_cmpstr (crm_workflow_definition_get_name_for (definition, NULL), ==, "Quote discount");
  g_assert_cmpstr (crm_workflow_definition_get_name (definition), ==, "Quote discount");
  g_assert_cmpstr (crm_workflow_step_get_name_for (crm_workflow_definition_get_step (definition, 0), chinese), ==, "经理审批");
  g_assert_cmpstr (crm_workflow_step_get_name_for (crm_workflow_definition_get_step (definition, 0), english), ==, "Manager");
  /* a step without names keeps its one name in every language */
  g_assert_cmpstr (crm_workflow_step_get_name_for (crm_workflow_definition_get_step (definition, 1), chinese), ==, "Director");

  /* written out and read back, as an approval pins its definition */
  data = crm_workflow_definition_to_data (definition);
  g_assert_nonnull (strstr (data, "\"names\""));
  again = crm_workflow_definition_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_workflow_definition_get_name_for (again, chinese), ==, "报价折扣审批");
  g_assert_cmpstr (crm_workflow_step_get_name_for (crm_workflow_definition_get_step (again, 0), chinese), ==, "经理审批");
}

typedef struct
{
  const char *names;
  const char *field;
} BadNames;

static void
test_bad_names (void)
{
  static const BadNames cases[] = {
    { "\"names\":\"报价\"", "names" },
    { "\"names\":{\"chinese\":\"报价\"}", "names.chinese" },
    { "\"names\":{\"zh-CN\":\"报价\"}", "names.zh-CN" },
    { "\"names\":{\"zh_cn\":\"报价\"}", "names.zh_cn" },
    { "\"names\":{\"zh_CN\":1}", "names.zh_CN" },
    { "\"names\":{\"zh_CN\":\"  \"}", "names.zh_CN" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"name\":\"Quote discount\",%s,\"version\":1,\"entity\":\"quote\","
                                               "\"trigger\":\"submit\",\"steps\":[{\"name\":\"Manager\","
                                               "\"approvers\":{\"manager_levels\":1}}]}", cases[i].names);
      g_autofree char *step_text = g_strdup_printf ("{\"name\":\"Quote discount\",\"version\":1,\"entity\":\"quote\","
                                                    "\"trigger\":\"submit\",\"steps\":[{\"name\":\"Manager\",%s,"
                                                    "\"approvers\":{\"manager_levels\":1}}]}", cases[i].names);
      g_autofree char *step_field = g_strdup_printf ("steps[0].%s", cases[i].field);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) step_error = NULL;
      g_autoptr(CrmWorkflowDefinition) definition = crm_workflow_definition_new_from_data (text, -1, &error);
      g_autoptr(CrmWorkflowDefinition) step_definition = crm_workflow_definition_new_from_data (step_text, -1, &step_error);

      g_assert_null (definition);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_cmpstr (crm_error_get_field (error), ==, cases[i].field);
      g_assert_null (step_definition);
      g_assert_error (step_error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_cmpstr (crm_error_get_field (step_error), ==, step_field);
    }
}

/* every shipped workflow and each of its steps has a Chinese name */
static void
test_shipped (void)
{
  static const char * const files[] = { "quote-discount.json", "contract-large.json", "expense.json" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (WORKFLOWS_DIR, files[i], NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmWorkflowDefinition) definition = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, &error));
      definition = crm_workflow_definition_new_from_data (text, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (crm_workflow_definition_get_name_for (definition, chinese), !=,
                       crm_workflow_definition_get_name (definition));
      for (guint s = 0; s < crm_workflow_definition_get_n_steps (definition); s++)
        {
          const CrmWorkflowStep *step = crm_workflow_definition_get_step (definition, s);

          g_test_message ("%s: %s → %s", files[i], step->name, crm_workflow_step_get_name_for (step, chinese));
          g_assert_cmpstr (crm_workflow_step_get_name_for (step, chinese), !=, step->name);
        }
    }
}

static void
test_trigger_labels (void)
{
  g_assert_cmpstr (crm_workflow_trigger_label ("submit"), ==, "Submit");
  g_assert_cmpstr (crm_workflow_trigger_label ("confirm"), ==, "Confirm");
  g_assert_cmpstr (crm_workflow_trigger_label ("activate"), ==, "Activate");
  g_assert_cmpstr (crm_workflow_trigger_label ("report"), ==, "Report");
  g_assert_cmpstr (crm_workflow_trigger_label ("launch"), ==, "launch");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workflow-names/names", test_names);
  g_test_add_func ("/workflow-names/bad-names", test_bad_names);
  g_test_add_func ("/workflow-names/shipped", test_shipped);
  g_test_add_func ("/workflow-names/trigger-labels", test_trigger_labels);
  return g_test_run ();
}
