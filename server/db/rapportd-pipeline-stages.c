/* rapportd-pipeline-stages.c: a pipeline's own rules on its writes: a stage that opportunities are or were in stays */
#include "rapportd-pipeline-stages.h"
#include "rapportd-sql.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* how many opportunities are in the stage, wait to enter it, or have been in it */
static gboolean
count_opportunities (RapportdDb  *db,
                     gint64       stage_id,
                     gint64      *out_count,
                     GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COUNT(*) FROM ("
                                                 "SELECT id FROM opportunities WHERE stage_id = ? OR pending_stage_id = ? "
                                                 "UNION SELECT opportunity_id FROM opportunity_stage_history WHERE stage_id = ?) used");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, stage_id);
  rapportd_sql_add_int (sql, stage_id);
  rapportd_sql_add_int (sql, stage_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *out_count = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  return TRUE;
}

static gboolean
kept (GPtrArray *stages,
      gint64     id)
{
  for (guint i = 0; stages != NULL && i < stages->len; i++)
    if (crm_entity_get_id (stages->pdata[i]) == id)
      return TRUE;
  return FALSE;
}

/* A stage left out of a change is removed, unless an opportunity is in it
 * or has been in it: its history points at it. The refusal names the stage
 * and how many, so that the administrator renames it instead. */
static gboolean
pipeline_prepare (RapportdDb           *db,
                  const RapportdActor  *actor,
                  CrmEntity            *before,
                  CrmEntity            *after,
                  gboolean              as_server,
                  GError              **error)
{
  GPtrArray *old_stages = before ? crm_entity_get_lines (before) : NULL;
  GPtrArray *new_stages = crm_entity_get_lines (after);

  for (guint i = 0; old_stages != NULL && i < old_stages->len; i++)
    {
      CrmEntity *stage = old_stages->pdata[i];
      gint64 count = 0;

      if (kept (new_stages, crm_entity_get_id (stage)))
        continue;
      if (!count_opportunities (db, crm_entity_get_id (stage), &count, error))
        return FALSE;
      if (count > 0)
        {
          crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "stages",
                                     g_dngettext (GETTEXT_PACKAGE,
                                                  "The stage “%s” cannot be removed: %lld opportunity is in it or has been in it. Rename it instead.",
                                                  "The stage “%s” cannot be removed: %lld opportunities are in it or have been in it. Rename it instead.",
                                                  count),
                                     crm_entity_get_text (stage, "name"), (long long) count);
          return FALSE;
        }
    }
  return TRUE;
}

const RapportdRepoRules rapportd_pipeline_rules = {
  "pipeline", pipeline_prepare, NULL,
};
