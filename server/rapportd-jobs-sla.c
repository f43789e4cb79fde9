/* rapportd-jobs-sla.c: the SLA job: cases whose warning or due instant has passed are marked, told and audited, once */
#include "rapportd-jobs-due.h"
#include "rapportd-jobs-sla.h"
#include "rapportd-event-log.h"
#include "rapportd-repo.h"
#include "rapportd-repo-memo.h"
#include "rapportd-sla.h"
#include "rapportd-sla-escalation.h"
#include "crm-case.h"
#include "crm-json.h"

/* the cases claimed by one statement; a run takes batches until none is
 * left, or MAX_BATCHES, leaving the rest to the next run */
#define BATCH 500
#define MAX_BATCHES 20

static const char * const targets[] = { "first_response", "resolution" };

typedef enum
{
  MARK_NONE,
  MARK_WARNING,
  MARK_BREACH,
} Mark;

static gboolean
has_time (CrmEntity  *record,
          const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name);

  return field >= 0 && crm_entity_has_value (record, field) && !crm_entity_value (record, field)->is_null;
}

/* what a target is owed by @now: its breach once due (a warning not yet
 * given is then left out), else its warning once the warning instant passed */
static Mark
judge (CrmEntity  *record,
       const char *target,
       gint64      now)
{
  g_autofree char *due = g_strconcat (target, "_due_at", NULL);
  g_autofree char *warn = g_strconcat (target, "_warn_at", NULL);
  g_autofree char *warned = g_strconcat (target, "_warned_at", NULL);
  g_autofree char *breached = g_strconcat (target, "_breached_at", NULL);
  gboolean met = g_str_equal (target, "first_response")
                 ? has_time (record, "first_response_at")
                 : has_time (record, "resolved_at") || has_time (record, "sla_paused_at");

  if (met || !has_time (record, due) || has_time (record, breached))
    return MARK_NONE;
  if (crm_entity_get_int (record, due) <= now)
    return MARK_BREACH;
  if (!has_time (record, warned) && has_time (record, warn) && crm_entity_get_int (record, warn) <= now)
    return MARK_WARNING;
  return MARK_NONE;
}

/* "case.sla_warning" or "case.sla_breached" for one user */
static gboolean
tell (RapportdDb  *db,
      gint64       user,
      CrmEntity   *record,
      const char  *target,
      Mark         mark,
      GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *due_name = g_strconcat (target, "_due_at", NULL);
  g_autofree char *due = crm_json_format_timestamp (crm_entity_get_int (record, due_name));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, "case");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, crm_entity_get_id (record));
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, crm_entity_get_text (record, "number"));
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, crm_entity_get_text (record, "subject"));
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, target);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, mark == MARK_BREACH ? "breached" : "warning");
  json_builder_set_member_name (builder, "due_at");
  json_builder_add_string_value (builder, due);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = crm_json_to_string (root);
  return rapportd_event_log_add (db, user, mark == MARK_BREACH ? "case.sla_breached" : "case.sla_warning",
                                 "case", crm_entity_get_id (record), payload, error);
}

/* the owner hears of a warning and a breach; the managers of the case's
 * queue team of a breach too */
static gboolean
notify (RapportdDb  *db,
        CrmEntity   *record,
        const char  *target,
        Mark         mark,
        GError     **error)
{
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) managers = NULL;
  gint64 owner = has_time (record, "owner") ? crm_entity_get_int (record, "owner") : 0;

  if (owner > 0 && !tell (db, owner, record, target, mark, error))
    return FALSE;
  if (mark != MARK_BREACH || !has_time (record, "queue_team"))
    return TRUE;
  sql = rapportd_sql_new ("SELECT id FROM users WHERE team_id = ? AND role = 'manager' AND active = 1 AND id <> ? ORDER BY id");
  rapportd_sql_add_int (sql, crm_entity_get_int (record, "queue_team"));
  rapportd_sql_add_int (sql, owner);
  if ((managers = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < managers->n_rows; i++)
    if (!tell (db, g_ascii_strtoll (rapportd_db_result_get (managers, i, 0), NULL, 10), record, target, mark, error))
      return FALSE;
  return TRUE;
}

/* marks what the case is owed (audited, as the system's change, and told
 * as its change event), then tells its people */
static gboolean
judge_case (RapportdDb  *db,
            CrmEntity   *claimed,
            gint64       now,
            guint       *n_warned,
            guint       *n_breached,
            GError     **error)
{
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };
  g_autoptr(CrmEntity) current = crm_entity_copy (claimed);
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_CASE);
  g_autoptr(CrmEntity) stored = NULL;
  Mark marks[G_N_ELEMENTS (targets)];
  gboolean breached = FALSE;
  gint64 escalation = 0;

  crm_entity_set_version (patch, crm_entity_get_version (claimed));
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autofree char *name = NULL;

      marks[t] = judge (current, targets[t], now);
      if (marks[t] == MARK_NONE)
        continue;
      name = g_strconcat (targets[t], marks[t] == MARK_BREACH ? "_breached_at" : "_warned_at", NULL);
      crm_entity_set_int (patch, name, now);
    }
  /* nothing owed: the next instant is set again, so the case leaves the job's sight */
  rapportd_sla_update_next (current);
  crm_entity_set_int (patch, "sla_next_at", crm_entity_get_int (current, "sla_next_at"));
  if (!has_time (current, "sla_next_at"))
    crm_entity_set_null (patch, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (patch), "sla_next_at"));
  if ((stored = rapportd_repo_update_locked_as_server (db, &system, claimed, patch, error)) == NULL)
    return FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      if (marks[t] == MARK_NONE)
        continue;
      if (!notify (db, stored, targets[t], marks[t], error))
        return FALSE;
      (*(marks[t] == MARK_BREACH ? n_breached : n_warned))++;
      breached |= marks[t] == MARK_BREACH;
    }
  /* a breach goes up through the workflow engine, for a signed acknowledgement */
  return !breached || rapportd_sla_escalation_open (db, stored, now, &escalation, error);
}

/**
 * rapportd_jobs_sla_run:
 * @db: a connection inside a transaction
 * @now: the time to judge the service levels by
 * @n_warned: (out) (optional): how many warnings were given
 * @n_breached: (out) (optional): how many targets were marked breached
 * @error: return location for a #GError
 *
 * Marks each case target (first response, resolution) not met whose
 * warning instant has passed as warned, and whose due instant has passed
 * as breached, once each; each mark is audited as the system's change and
 * is the case's change event (webhook case.updated), and the owner is told
 * ("case.sla_warning", "case.sla_breached"), the managers of the case's
 * queue team too on a breach, and a breach opens the case's "sla_breach"
 * workflow (rapportd_sla_escalation_open()). Nothing is marked twice,
 * however many times or on however many rapportd it runs.
 */
gboolean
rapportd_jobs_sla_run (RapportdDb  *db,
                       gint64       now,
                       guint       *n_warned,
                       guint       *n_breached,
                       GError     **error)
{
  guint warned = 0, breached = 0;
  gboolean done;

  g_return_val_if_fail (db != NULL, FALSE);

  /* the owners' managers and the escalation's workflow are read once a
   * run, not once a case: the job changes neither (rapportd-repo-memo.h);
   * a breach's queue-team managers are still read for each breach */
  rapportd_repo_memo_begin ();
  done = rapportd_jobs_cases_due (db, "sla_next_at", BATCH, MAX_BATCHES, now, judge_case, &warned, &breached, error);
  rapportd_repo_memo_end ();
  if (!done)
    return FALSE;
  if (n_warned != NULL)
    *n_warned = warned;
  if (n_breached != NULL)
    *n_breached = breached;
  return TRUE;
}
