/* rapportd-sla-recompute.c: a changed SLA policy or business calendar asks for the open cases it may concern to be counted again */
#include "rapportd-sla-recompute.h"
#include "rapportd-sql.h"

/* One row of sla_recomputes, in the write's transaction: the periodic job
 * (rapportd-jobs-sla-recompute.c) walks the cases in batches, so a change
 * that concerns 100,000 open cases stays one small write here. */
static gboolean
ask (RapportdDb  *db,
     const char  *kind,
     gint64       ref_id,
     gboolean     with_default,
     GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO sla_recomputes (requested_at, kind, ref_id, with_default) "
                                                 "VALUES (UTC_TIMESTAMP(6), ?, ?, ?)");

  rapportd_sql_add_text (sql, kind);
  rapportd_sql_add_int (sql, ref_id);
  rapportd_sql_add_int (sql, with_default ? 1 : 0);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/* whether a field other than the name changed: a policy renamed concerns no case */
static gboolean
changed_beyond_name (CrmEntity *before,
                     CrmEntity *after)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (after);

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    {
      const CrmValue *a = crm_entity_value (before, i);
      const CrmValue *b = crm_entity_value (after, i);

      if (g_str_equal (klass->fields[i].name, "name"))
        continue;
      if (a->is_null != b->is_null || (!a->is_null && (a->i != b->i || g_strcmp0 (a->s, b->s) != 0)))
        return TRUE;
    }
  return FALSE;
}

/* a policy created or changed: the cases that hold it, and those that may now choose it */
static gboolean
policy_written (RapportdDb           *db,
                const RapportdActor  *actor,
                CrmEntity            *before,
                CrmEntity            *stored,
                GError              **error)
{
  if (before != NULL && !changed_beyond_name (before, stored))
    return TRUE;
  return ask (db, "policy", crm_entity_get_id (stored), FALSE, error);
}

/* a policy archived leaves its cases to the next that matches them; restored, it may take them back */
static gboolean
policy_archived (RapportdDb           *db,
                 const RapportdActor  *actor,
                 CrmEntity            *before,
                 CrmEntity            *stored,
                 GError              **error)
{
  return ask (db, "policy", crm_entity_get_id (stored), FALSE, error);
}

static gboolean
is_default (CrmEntity *calendar)
{
  return calendar != NULL && crm_entity_get_bool (calendar, "is_default");
}

/* a calendar's hours, days, zone or default role changed: the cases whose
 * policy counts in it; the default one's, those that count in the default
 * and those without a policy too. A new calendar no policy names yet
 * concerns no case unless it is the default. */
static gboolean
calendar_changed (RapportdDb           *db,
                  const RapportdActor  *actor,
                  CrmEntity            *before,
                  CrmEntity            *stored,
                  GError              **error)
{
  gboolean with_default = is_default (before) || is_default (stored);

  if (before == NULL && !with_default)
    return TRUE;
  return ask (db, "calendar", crm_entity_get_id (stored), with_default, error);
}

const RapportdRepoRules rapportd_sla_policy_rules = {
  "sla_policy", NULL, policy_written, NULL, NULL, policy_archived,
};

const RapportdRepoRules rapportd_business_calendar_rules = {
  "business_calendar", NULL, calendar_changed, NULL, NULL, calendar_changed,
};
