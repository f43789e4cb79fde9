/* rapportd-repo-rules.c: an entity's own rules on the generic writes, looked up by entity name */
#include "rapportd-repo-rules.h"
#include "rapportd-activities.h"
#include "rapportd-cases.h"
#include "rapportd-case-categories.h"
#include "rapportd-kb-articles.h"
#include "rapportd-opportunity-quotes.h"
#include "rapportd-opportunity-stage.h"
#include "rapportd-tasks.h"
#include "rapportd-visits.h"
#include "rapportd-pipeline-stages.h"
#include "rapportd-sla-recompute.h"
#include "crm-json.h"

/* one line an entity */
static const RapportdRepoRules * const rules[] = {
  &rapportd_opportunity_rules,
  &rapportd_pipeline_rules,
  &rapportd_activity_rules,
  &rapportd_quote_rules,
  &rapportd_task_rules,
  &rapportd_visit_plan_rules,
  &rapportd_weekly_report_rules,
  &rapportd_case_rules,
  &rapportd_case_category_rules,
  &rapportd_kb_article_rules,
  &rapportd_kb_category_rules,
  &rapportd_sla_policy_rules,
  &rapportd_business_calendar_rules,
};

/**
 * rapportd_repo_rules_lookup:
 * @entity_name: e.g. "opportunity"
 *
 * Returns: (nullable): the entity's own rules, or %NULL for none
 */
const RapportdRepoRules *
rapportd_repo_rules_lookup (const char *entity_name)
{
  g_return_val_if_fail (entity_name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rules[i]->entity_name, entity_name))
      return rules[i];
  return NULL;
}

/**
 * rapportd_repo_rules_append_json:
 * @db: a connection
 * @out: where to append
 * @record: a record as read
 * @cache: (inout): %NULL at first; free with g_hash_table_unref() once
 *   the answer is written
 * @error: return location for a #GError
 *
 * Appends the record's JSON as the API shows it: its fields, and the
 * members its entity's rules compute as it is read.
 */
gboolean
rapportd_repo_rules_append_json (RapportdDb   *db,
                                 GString      *out,
                                 CrmEntity    *record,
                                 GHashTable  **cache,
                                 GError      **error)
{
  const RapportdRepoRules *rules;

  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);

  rules = rapportd_repo_rules_lookup (crm_entity_get_entity_name (record));
  crm_json_append_entity (out, record, FALSE);
  if (rules == NULL || rules->present == NULL)
    return TRUE;
  /* the members go inside the record's object */
  g_string_truncate (out, out->len - 1);
  g_string_append_c (out, ',');
  if (!rules->present (db, record, cache, out, error))
    return FALSE;
  g_string_append_c (out, '}');
  return TRUE;
}
