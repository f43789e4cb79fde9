/* rapportd-approvals-seed.c: the shipped default workflow definitions, stored once on a database whose step never had one */
#include "rapportd-approvals.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-workflow.h"

/* whether a workflow for the step ever existed, archived or not */
static gboolean
step_has_workflow (RapportdDb             *db,
                   CrmWorkflowDefinition  *definition,
                   gboolean               *exists,
                   GError                **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COUNT(*) FROM workflows WHERE applies_to = ? AND `trigger` = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (sql, crm_workflow_definition_get_entity (definition));
  rapportd_sql_add_text (sql, crm_workflow_definition_get_trigger (definition));
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *exists = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) > 0;
  return TRUE;
}

/* stores one shipped definition, unless its step has a workflow already */
static gboolean
seed_one (RapportdDb           *db,
          const RapportdActor  *system,
          const char           *file,
          GError              **error)
{
  g_autofree char *path = g_strdup_printf ("/org/rapport/rapportd/workflows/%s", file);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
  g_autoptr(CrmWorkflowDefinition) definition = NULL;
  g_autoptr(CrmEntity) workflow = crm_entity_new (CRM_TYPE_WORKFLOW);
  g_autoptr(CrmEntity) stored = NULL;
  g_autofree char *content = NULL;
  gboolean exists = FALSE;

  if (bytes == NULL ||
      (definition = crm_workflow_definition_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error)) == NULL ||
      !step_has_workflow (db, definition, &exists, error))
    return FALSE;
  if (exists)
    return TRUE;
  content = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  crm_entity_set_text (workflow, "name", crm_workflow_definition_get_name (definition));
  if (crm_workflow_definition_get_description (definition))
    crm_entity_set_text (workflow, "description", crm_workflow_definition_get_description (definition));
  crm_entity_set_bool (workflow, "active", TRUE);
  crm_entity_set_text (workflow, "content", content);
  stored = rapportd_repo_create (db, system, workflow, error);
  return stored != NULL;
}

/**
 * rapportd_approvals_seed:
 * @db: a connection
 * @error: return location for a #GError
 *
 * Stores each shipped default definition whose step (entity and trigger)
 * never had a workflow, audited as created by the system: all of them on a
 * new database, and on an older one those shipped since (a complaint's
 * closure). A definition an administrator archived is not brought back.
 */
gboolean
rapportd_approvals_seed (RapportdDb  *db,
                         GError     **error)
{
  static const char * const shipped[] = { "quote-discount.json", "contract-large.json", "opportunity-report.json", "kb-publish.json",
                                          "complaint-closure.json", "sla-escalation.json" };
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "admin" };

  if (!rapportd_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    if (!seed_one (db, &system, shipped[i], error))
      {
        rapportd_db_rollback (db);
        return FALSE;
      }
  return rapportd_db_commit (db, error);
}
