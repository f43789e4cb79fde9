/* rapportd-approval-summary.c: what an approval is about, for those who decide it: customer, amount, discount, trigger, names */
#include "rapportd-approval-summary.h"
#include "rapportd-repo.h"
#include "crm-account.h"
#include "crm-json.h"

/* a money field of @record as a decimal string, or null where it has none */
static void
add_money (JsonBuilder *builder,
           const char  *member,
           CrmEntity   *record,
           const char  *field)
{
  CrmEntityClass *klass = record ? CRM_ENTITY_GET_CLASS (record) : NULL;
  int index = klass ? crm_entity_class_find_field (klass, field) : -1;

  json_builder_set_member_name (builder, member);
  if (index >= 0 && crm_entity_has_value (record, index))
    {
      g_autofree char *text = crm_money_to_string (crm_entity_get_money (record, field));

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

/* the account's name, read whatever the scope of the one who asks: the
 * approver decides for the customer even where their scope hides the account */
static char *
read_customer (RapportdDb *db,
               CrmEntity  *record)
{
  CrmEntityClass *klass = record ? CRM_ENTITY_GET_CLASS (record) : NULL;
  int index = klass ? crm_entity_class_find_field (klass, "account") : -1;
  g_autoptr(CrmEntity) account = NULL;

  if (index >= 0 && crm_entity_has_value (record, index))
    account = rapportd_repo_get (db, NULL, CRM_TYPE_ACCOUNT, crm_entity_get_int (record, "account"), FALSE, NULL);
  return account ? g_strdup (crm_entity_get_text (account, "name")) : NULL;
}

/* the step a request is at: the current one, or once it has ended the last
 * one that was decided */
static int
step_at (CrmWorkflowInstance *instance)
{
  int step = crm_workflow_instance_get_current_step (instance);

  for (guint s = crm_workflow_instance_get_n_steps (instance); step < 0 && s > 0; s--)
    {
      CrmWorkflowStepState state = crm_workflow_instance_get_step_state (instance, s - 1);

      if (state == CRM_WORKFLOW_STEP_APPROVED || state == CRM_WORKFLOW_STEP_REJECTED)
        step = (int) s - 1;
    }
  return step;
}

/* the condition that put the request before its approvers: that of the step
 * it is at, or else the workflow's; with the values it read at submission */
static void
add_trigger (JsonBuilder         *builder,
             CrmWorkflowInstance *instance)
{
  CrmWorkflowDefinition *definition = instance ? crm_workflow_instance_get_definition (instance) : NULL;
  int step = instance ? step_at (instance) : -1;
  CrmCondition *condition = NULL;
  const char * const *names;

  if (step >= 0)
    condition = crm_workflow_definition_get_step (definition, (guint) step)->condition;
  if (condition == NULL && definition != NULL)
    condition = crm_workflow_definition_get_condition (definition);
  json_builder_set_member_name (builder, "trigger");
  if (condition == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "step");
  if (step >= 0)
    json_builder_add_string_value (builder, crm_workflow_definition_get_step (definition, (guint) step)->name);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "condition");
  json_builder_add_string_value (builder, crm_condition_get_text (condition));
  json_builder_set_member_name (builder, "values");
  json_builder_begin_object (builder);
  names = crm_condition_get_identifiers (condition);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const CrmConditionValue *value = crm_workflow_instance_get_value (instance, names[i]);

      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_value (builder, crm_condition_value_to_json (value));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/**
 * rapportd_approval_summary_add:
 * @builder: inside an approval's object
 * @db: the request's connection
 * @record: (nullable): the record the approval is about
 * @instance: (nullable): the approval
 *
 * Adds `customer` (the account's name), `amount` (the total, or an
 * expense's amount) with its `currency`, `discount` (the largest line
 * discount) and `header_discount`, as decimal strings or null, and
 * `trigger`: `{"step","condition","values"}`, the condition that brought
 * the current step (the workflow's, once none is current) with the values
 * it read, for the client to say in words. Reads the customer's name.
 */
void
rapportd_approval_summary_add (JsonBuilder         *builder,
                               RapportdDb          *db,
                               CrmEntity           *record,
                               CrmWorkflowInstance *instance)
{
  g_autofree char *customer = NULL;

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (db != NULL);
  g_return_if_fail (record == NULL || CRM_IS_ENTITY (record));

  customer = read_customer (db, record);
  rapportd_approval_summary_add_known (builder, record, customer, instance);
}

/**
 * rapportd_approval_summary_add_known:
 * @builder: inside an approval's object
 * @record: (nullable): the record the approval is about
 * @customer: (nullable): the name of its account, read by the caller
 * @instance: (nullable): the approval
 *
 * As rapportd_approval_summary_add(), for a caller that read the
 * customers of many approvals at once: reads nothing.
 */
void
rapportd_approval_summary_add_known (JsonBuilder         *builder,
                                     CrmEntity           *record,
                                     const char          *customer,
                                     CrmWorkflowInstance *instance)
{
  CrmEntityClass *klass = record ? CRM_ENTITY_GET_CLASS (record) : NULL;
  gboolean has_total = klass && crm_entity_class_find_field (klass, "total") >= 0;
  const char *currency = klass && crm_entity_class_find_field (klass, "currency") >= 0
                         ? crm_entity_get_text (record, "currency") : NULL;

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (record == NULL || CRM_IS_ENTITY (record));

  json_builder_set_member_name (builder, "customer");
  if (customer != NULL)
    json_builder_add_string_value (builder, customer);
  else
    json_builder_add_null_value (builder);
  add_money (builder, "amount", record, has_total ? "total" : "amount");
  json_builder_set_member_name (builder, "currency");
  if (currency != NULL)
    json_builder_add_string_value (builder, currency);
  else
    json_builder_add_null_value (builder);
  add_money (builder, "discount", record, "max_line_discount");
  add_money (builder, "header_discount", record, "header_discount");
  add_trigger (builder, instance);
}

static void
collect (GHashTable *logins,
         const char *login)
{
  if (login != NULL && login[0] != '\0')
    g_hash_table_add (logins, (gpointer) login);
}

/**
 * rapportd_approval_summary_add_people:
 * @builder: inside an approval's object
 * @db: the request's connection
 * @instance: the approval
 *
 * Adds `people`: each login the approval names (submitter, owner,
 * approvers, who acted, delegates, escalations) → that user's display
 * name, so that clients show names, never logins.
 */
void
rapportd_approval_summary_add_people (JsonBuilder         *builder,
                                      RapportdDb          *db,
                                      CrmWorkflowInstance *instance)
{
  g_autoptr(GHashTable) logins = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) query = g_string_new ("SELECT login, name FROM users WHERE login IN (");
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GHashTableIter iter;
  gpointer login;
  guint n = 0;

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (instance != NULL);

  collect (logins, crm_workflow_instance_get_submitter (instance));
  collect (logins, crm_workflow_instance_get_owner (instance));
  for (guint s = 0; s < crm_workflow_instance_get_n_steps (instance); s++)
    {
      const char * const *escalated = crm_workflow_instance_get_step_escalated (instance, s);
      char **approvers = crm_workflow_instance_dup_step_approvers (instance, s);
      char **approvals = crm_workflow_instance_dup_step_approvals (instance, s);

      g_ptr_array_add (owned, approvers);
      g_ptr_array_add (owned, approvals);
      for (guint i = 0; approvers && approvers[i]; i++)
        collect (logins, approvers[i]);
      for (guint i = 0; approvals && approvals[i]; i++)
        collect (logins, approvals[i]);
      for (guint i = 0; escalated && escalated[i]; i++)
        collect (logins, escalated[i]);
    }
  for (guint r = 0; r < crm_workflow_instance_get_n_records (instance); r++)
    {
      const CrmWorkflowRecord *record = crm_workflow_instance_get_record (instance, r);

      collect (logins, record->actor);
      collect (logins, record->on_behalf_of);
      collect (logins, record->delegate);
      collect (logins, record->added);
    }

  json_builder_set_member_name (builder, "people");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, logins);
  while (g_hash_table_iter_next (&iter, &login, NULL))
    g_string_append (query, n++ ? ", ?" : "?");
  g_string_append_c (query, ')');
  if (n > 0)
    {
      sql = rapportd_sql_new (query->str);
      g_hash_table_iter_init (&iter, logins);
      while (g_hash_table_iter_next (&iter, &login, NULL))
        rapportd_sql_add_text (sql, login);
      result = rapportd_db_query (db, sql, NULL);
    }
  for (guint i = 0; result != NULL && i < result->n_rows; i++)
    {
      const char *name = rapportd_db_result_get (result, i, 1);

      json_builder_set_member_name (builder, rapportd_db_result_get (result, i, 0));
      json_builder_add_string_value (builder, name && name[0] ? name : rapportd_db_result_get (result, i, 0));
    }
  json_builder_end_object (builder);
}
