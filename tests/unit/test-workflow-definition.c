/* test-workflow-definition.c: unit tests for workflow definitions: the shipped ones, every validation error */
#include <string.h>

#include <glib.h>

#include "crm-contract.h"
#include "crm-error.h"
#include "crm-quote.h"
#include "crm-workflow-definition.h"

/* ' stands for " below */
#define HEAD         "{'name':'W','version':1,'entity':'quote','trigger':'submit',"
#define STEPS(steps) HEAD "'steps':[" steps "]}"
#define STEP(body)   STEPS ("{'name':'S'," body "}")
#define DIRECTOR     "'approvers':{'role':'director'}"

typedef struct
{
  const char *json;
  /* the member the error names, or NULL for a definition that loads */
  const char *field;
  const char *message;
} DefinitionCase;

static const DefinitionCase definition_cases[] = {
  /* valid ones, in every shape */
  { STEP (DIRECTOR) },
  { STEP ("'approvers':[{'role':'director'},{'team':'Legal'},{'users':['a','b']},{'manager_levels':2}],"
          "'mode':'all','deadline_hours':8760,'escalate':'next_manager'") },
  { STEP ("'approvers':{'users':['a','b','c']},'mode':'quorum','quorum':3") },
  { STEP ("'approvers':{'team':'Legal'},'mode':'quorum','quorum':100") },
  { "{'$schema':'./workflow.schema.json','name':'W','description':'d','version':2147483647,'entity':'opportunity',"
    "'trigger':'report','condition':'amount > 1','steps':[{'name':'S','condition':'true'," DIRECTOR "}]}" },

  /* the document */
  { "[]", NULL, "A workflow definition must be a JSON object" },
  { "{", NULL, "The workflow definition is not valid JSON: " },
  { "{'version':1,'entity':'quote','trigger':'submit','steps':[{'name':'S'," DIRECTOR "}]}", "name",
    "“name” is required" },
  { "{'name':'','version':1,'entity':'quote','trigger':'submit','steps':[]}", "name", "“name” must not be empty" },
  { "{'name':'  ','version':1,'entity':'quote','trigger':'submit','steps':[]}", "name" },
  { "{'name':5,'version':1,'entity':'quote','trigger':'submit','steps':[]}", "name", "“name” must be a string" },
  { HEAD "'colour':'red','steps':[]}", "colour", "Unknown member “colour”" },
  { "{'name':'W','version':0,'entity':'quote','trigger':'submit','steps':[]}", "version",
    "“version” must be a whole number from 1 to 2147483647" },
  { "{'name':'W','version':1.5,'entity':'quote','trigger':'submit','steps':[]}", "version" },
  { "{'name':'W','version':'1','entity':'quote','trigger':'submit','steps':[]}", "version" },
  { "{'name':'W','entity':'quote','trigger':'submit','steps':[]}", "version" },
  { "{'name':'W','version':1,'entity':'invoice','trigger':'submit','steps':[]}", "entity",
    "“entity” must be one of: quote, order, contract, expense, opportunity" },
  { "{'name':'W','version':1,'entity':'quote','trigger':'confirm','steps':[]}", "trigger",
    "“trigger” must be one of: submit" },
  { "{'name':'W','version':1,'entity':'order','trigger':'submit','steps':[]}", "trigger" },
  { "{'name':'W','version':1,'entity':'quote','steps':[]}", "trigger" },
  { "{'$schema':5,'name':'W','version':1,'entity':'quote','trigger':'submit','steps':[]}", "$schema" },
  { HEAD "'condition':'total_base >','steps':[]}", "condition",
    "“condition”: Column 13: expected an operand after “>”" },
  { HEAD "'condition':'','steps':[]}", "condition" },

  /* steps */
  { HEAD "'x':1}", "x" },
  { "{'name':'W','version':1,'entity':'quote','trigger':'submit'}", "steps", "“steps” is required" },
  { STEPS (""), "steps", "“steps” must be a list of 1 to 20 steps" },
  { HEAD "'steps':{}}", "steps" },
  { STEPS ("[]"), "steps[0]", "“steps[0]” must be an object" },
  { STEPS ("{" DIRECTOR "}"), "steps[0].name" },
  { STEPS ("{'name':'S'," DIRECTOR "},{'name':'S'," DIRECTOR "}"), "steps", "“steps”: “S” appears twice" },
  { STEP (DIRECTOR ",'approver':{}"), "steps[0].approver" },
  { STEPS ("{'name':'A'," DIRECTOR "},{'name':'B','condition':'a <'," DIRECTOR "}"), "steps[1].condition",
    "“steps[1].condition”: Column 4: expected an operand after “<”" },

  /* approvers */
  { STEP ("'mode':'any'"), "steps[0].approvers", "“steps[0].approvers” is required" },
  { STEP ("'approvers':'director'"), "steps[0].approvers",
    "“steps[0].approvers” must be an object or a list of 1 to 10 objects" },
  { STEP ("'approvers':[]"), "steps[0].approvers" },
  { STEP ("'approvers':{}"), "steps[0].approvers",
    "“steps[0].approvers” must name exactly one of role, team, users or manager_levels" },
  { STEP ("'approvers':{'role':'director','team':'Legal'}"), "steps[0].approvers" },
  { STEP ("'approvers':{'role':'boss'}"), "steps[0].approvers.role",
    "“steps[0].approvers.role” must be one of: admin, director, manager, sales, service, finance, auditor" },
  { STEP ("'approvers':{'role':['director']}"), "steps[0].approvers.role" },
  { STEP ("'approvers':[{'role':'director'},{'rol':'finance'}]"), "steps[0].approvers[1].rol" },
  { STEP ("'approvers':[{'role':'director'},5]"), "steps[0].approvers[1]" },
  { STEP ("'approvers':[{'role':'director'},{'role':'director'}]"), "steps[0].approvers",
    "“steps[0].approvers”: “director” appears twice" },
  { STEP ("'approvers':[{'manager_levels':1},{'manager_levels':2}]"), "steps[0].approvers" },
  { STEP ("'approvers':[{'users':['a']},{'users':['b','a']}]"), "steps[0].approvers" },
  { STEP ("'approvers':{'users':[]}"), "steps[0].approvers.users",
    "“steps[0].approvers.users” must be a list of 1 to 50 logins" },
  { STEP ("'approvers':{'users':['a','a']}"), "steps[0].approvers.users" },
  { STEP ("'approvers':{'users':['a','']}"), "steps[0].approvers.users[1]" },
  { STEP ("'approvers':{'users':['a',3]}"), "steps[0].approvers.users[1]" },
  { STEP ("'approvers':{'manager_levels':0}"), "steps[0].approvers.manager_levels",
    "“steps[0].approvers.manager_levels” must be a whole number from 1 to 10" },
  { STEP ("'approvers':{'manager_levels':11}"), "steps[0].approvers.manager_levels" },
  { STEP ("'approvers':{'team':''}"), "steps[0].approvers.team" },

  /* rules */
  { STEP (DIRECTOR ",'mode':'most'"), "steps[0].mode", "“steps[0].mode” must be one of: any, all, quorum" },
  { STEP (DIRECTOR ",'mode':'quorum'"), "steps[0].quorum", "“steps[0].quorum” is required" },
  { STEP (DIRECTOR ",'quorum':2"), "steps[0].quorum",
    "“steps[0].quorum” is only allowed when mode is “quorum”" },
  { STEP ("'approvers':{'users':['a','b']},'mode':'quorum','quorum':3"), "steps[0].quorum",
    "“steps[0].quorum” is larger than the 2 approvers the step names" },
  { STEP (DIRECTOR ",'mode':'quorum','quorum':0"), "steps[0].quorum" },
  { STEP (DIRECTOR ",'deadline_hours':0"), "steps[0].deadline_hours" },
  { STEP (DIRECTOR ",'deadline_hours':8761"), "steps[0].deadline_hours" },
  { STEP (DIRECTOR ",'escalate':'next_manager'"), "steps[0].escalate",
    "“steps[0].escalate” needs “deadline_hours”" },
  { STEP (DIRECTOR ",'deadline_hours':4,'escalate':'ceo'"), "steps[0].escalate" },
};

static char *
unquote (const char *json)
{
  return g_strdelimit (g_strdup (json), "'", '"');
}

static void
test_table (void)
{
  for (guint n = 0; n < G_N_ELEMENTS (definition_cases); n++)
    {
      const DefinitionCase *c = &definition_cases[n];
      g_autofree char *json = unquote (c->json);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmWorkflowDefinition) definition = crm_workflow_definition_new_from_data (json, -1, &error);

      g_test_message ("case %u: %s", n, json);
      if (c->field == NULL && c->message == NULL)
        {
          g_autofree char *text = NULL;
          g_autofree char *text_again = NULL;
          g_autoptr(CrmWorkflowDefinition) again = NULL;

          g_assert_no_error (error);
          text = crm_workflow_definition_to_data (definition);
          again = crm_workflow_definition_new_from_data (text, -1, &error);
          g_assert_no_error (error);
          text_again = crm_workflow_definition_to_data (again);
          g_assert_cmpstr (text_again, ==, text);
          continue;
        }

      g_assert_null (definition);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_cmpstr (crm_error_get_field (error), ==, c->field);
      if (c->message != NULL)
        g_assert_true (g_str_has_prefix (error->message, c->message));
    }
  g_test_message ("%u definition cases", (guint) G_N_ELEMENTS (definition_cases));
}

static CrmWorkflowDefinition *
load_shipped (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *path = g_build_filename (WORKFLOWS_DIR, file, NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  CrmWorkflowDefinition *definition;

  g_assert_true (g_file_get_contents (path, &json, NULL, &error));
  definition = crm_workflow_definition_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  return definition;
}

/* Every definition shipped in schemas/workflows loads and prints back the same. */
static void
test_shipped (void)
{
  g_autoptr(GDir) dir = g_dir_open (WORKFLOWS_DIR, 0, NULL);
  const char *file;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((file = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *name = NULL;
      g_autoptr(CrmWorkflowDefinition) definition = NULL;
      g_autoptr(CrmWorkflowDefinition) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_again = NULL;

      if (!g_str_has_suffix (file, ".json") || g_str_has_suffix (file, ".schema.json"))
        continue;
      g_test_message ("%s", file);
      name = g_strndup (file, strlen (file) - strlen (".json"));
      definition = load_shipped (name);
      text = crm_workflow_definition_to_data (definition);
      again = crm_workflow_definition_new_from_data (text, -1, NULL);
      text_again = crm_workflow_definition_to_data (again);
      g_assert_cmpstr (text_again, ==, text);
      n++;
    }
  g_assert_cmpuint (n, >=, 3);
}

static void
test_shipped_content (void)
{
  g_autoptr(CrmWorkflowDefinition) quote = load_shipped ("quote-discount");
  g_autoptr(CrmWorkflowDefinition) contract = load_shipped ("contract-large");
  g_autoptr(CrmWorkflowDefinition) expense = load_shipped ("expense");
  g_autoptr(GTypeClass) quote_class = g_type_class_ref (CRM_TYPE_QUOTE);
  g_autoptr(GTypeClass) contract_class = g_type_class_ref (CRM_TYPE_CONTRACT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = crm_workflow_definition_dup_identifiers (quote);
  const CrmWorkflowStep *step;

  g_assert_cmpstr (crm_workflow_definition_get_entity (quote), ==, "quote");
  g_assert_cmpstr (crm_workflow_definition_get_trigger (quote), ==, "submit");
  g_assert_cmpuint (crm_workflow_definition_get_n_steps (quote), ==, 2);
  step = crm_workflow_definition_get_step (quote, 0);
  g_assert_null (step->condition);
  g_assert_cmpint (((CrmWorkflowApprovers *) g_ptr_array_index (step->approvers, 0))->kind, ==,
                   CRM_WORKFLOW_APPROVER_MANAGER);
  g_assert_cmpint (step->escalate, ==, CRM_WORKFLOW_ESCALATE_NEXT_MANAGER);
  step = crm_workflow_definition_get_step (quote, 1);
  g_assert_nonnull (step->condition);
  g_assert_cmpstr (((CrmWorkflowApprovers *) g_ptr_array_index (step->approvers, 0))->name, ==, "director");
  g_assert_cmpstrv (ids, ((const char *[]) { "header_discount", "max_line_discount", NULL }));

  step = crm_workflow_definition_get_step (contract, 0);
  g_assert_cmpint (step->mode, ==, CRM_WORKFLOW_MODE_ALL);
  g_assert_cmpuint (step->approvers->len, ==, 2);
  g_assert_cmpstr (crm_condition_get_text (crm_workflow_definition_get_condition (contract)), ==,
                   "total_base >= 1000000");
  g_assert_cmpstr (crm_workflow_definition_get_entity (expense), ==, "expense");

  /* the fields they read exist on the entities */
  g_assert_true (crm_workflow_definition_check_entity (quote, CRM_ENTITY_CLASS (quote_class), &error));
  g_assert_no_error (error);
  g_assert_true (crm_workflow_definition_check_entity (contract, CRM_ENTITY_CLASS (contract_class), &error));
  g_assert_no_error (error);
  g_assert_false (crm_workflow_definition_check_entity (contract, CRM_ENTITY_CLASS (quote_class), &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_cmpstr (crm_error_get_field (error), ==, "entity");
}

static void
test_check_entity (void)
{
  static const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { STEPS ("{'name':'S','condition':'discount > 10'," DIRECTOR "}"), "steps[0].condition" },
    { HEAD "'condition':'created_at > 1','steps':[{'name':'S'," DIRECTOR "}]}", "condition" },
    { HEAD "'condition':'status == \\'draft\\' and owner != null and valid_until > date(\\'2026-01-01\\')',"
      "'steps':[{'name':'S'," DIRECTOR "}]}", NULL },
  };
  g_autoptr(GTypeClass) klass = g_type_class_ref (CRM_TYPE_QUOTE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = unquote (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmWorkflowDefinition) definition = NULL;
      gboolean ok;

      definition = crm_workflow_definition_new_from_data (json, -1, &error);
      g_assert_no_error (error);
      ok = crm_workflow_definition_check_entity (definition, CRM_ENTITY_CLASS (klass), &error);
      g_assert_cmpint (ok, ==, cases[i].field == NULL);
      g_assert_cmpstr (crm_error_get_field (error), ==, cases[i].field);
    }
}

static void
test_triggers (void)
{
  g_assert_true (crm_workflow_trigger_is_valid ("quote", "submit"));
  g_assert_true (crm_workflow_trigger_is_valid ("order", "confirm"));
  g_assert_true (crm_workflow_trigger_is_valid ("contract", "activate"));
  g_assert_true (crm_workflow_trigger_is_valid ("expense", "submit"));
  g_assert_true (crm_workflow_trigger_is_valid ("opportunity", "report"));
  g_assert_false (crm_workflow_trigger_is_valid ("quote", "activate"));
  g_assert_false (crm_workflow_trigger_is_valid (NULL, "submit"));
  g_assert_cmpstr (crm_workflow_mode_to_string (CRM_WORKFLOW_MODE_QUORUM), ==, "quorum");
}

/* a definition is read as strictly as a request body, without recursion */
static void
test_strict (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"steps\":");
  const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { "{\"name\":\"a\",\"name\":\"b\"}",  "name" },
    { "{\"name\":\"a\" // c\n}",         NULL },
    { "{'name':'a'}",                     NULL },
    { "{\"name\":\"a\"} x",               NULL },
    { "{\"name\":\"a\\u0000b\"}",         "name" },
    { "{\"name\":\"\\ud800\"}",            NULL },
  };

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  for (guint i = 0; i <= G_N_ELEMENTS (cases); i++)
    {
      const char *json = i < G_N_ELEMENTS (cases) ? cases[i].json : deep->str;
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmWorkflowDefinition) definition = crm_workflow_definition_new_from_data (json, -1, &error);

      g_test_message ("case %u", i);
      g_assert_null (definition);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_cmpstr (crm_error_get_field (error), ==, i < G_N_ELEMENTS (cases) ? cases[i].field : NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workflow-definition/table", test_table);
  g_test_add_func ("/workflow-definition/shipped", test_shipped);
  g_test_add_func ("/workflow-definition/shipped-content", test_shipped_content);
  g_test_add_func ("/workflow-definition/check-entity", test_check_entity);
  g_test_add_func ("/workflow-definition/triggers", test_triggers);
  g_test_add_func ("/workflow-definition/strict", test_strict);

  return g_test_run ();
}
