/* rapportd-jobs-complaints.c: the complaint job: a regulatory report coming due is warned of, one overdue escalated, once */
#include "rapportd-jobs-due.h"
#include "rapportd-jobs-complaints.h"
#include "rapportd-event-log.h"
#include "rapportd-repo.h"
#include "crm-case.h"
#include "crm-json.h"

/* the complaints claimed by one statement; a run takes batches until none
 * is left, or MAX_BATCHES, leaving the rest to the next run */
#define BATCH 200
#define MAX_BATCHES 10

static gboolean
is_set (CrmEntity  *record,
        const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name);

  return field >= 0 && crm_entity_has_value (record, field) && !crm_entity_value (record, field)->is_null;
}

/* "case.complaint_report_due" or "case.complaint_report_overdue" for one user */
static gboolean
tell (RapportdDb  *db,
      gint64       user,
      CrmEntity   *record,
      gboolean     overdue,
      GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *due = crm_json_format_timestamp (crm_entity_get_int (record, "report_due_at"));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, "case");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, crm_entity_get_id (record));
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, crm_entity_get_text (record, "number"));
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, crm_entity_get_text (record, "subject"));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, overdue ? "overdue" : "due_soon");
  json_builder_set_member_name (builder, "due_at");
  json_builder_add_string_value (builder, due);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = crm_json_to_string (root);
  return rapportd_event_log_add (db, user, overdue ? "case.complaint_report_overdue" : "case.complaint_report_due",
                                 "case", crm_entity_get_id (record), payload, error);
}

/* The owner and the quality role hear of a report coming due; of one
 * overdue, the owner's manager and the managers of the case's queue team
 * too: each person once. */
static gboolean
notify (RapportdDb  *db,
        CrmEntity   *record,
        gboolean     overdue,
        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM users WHERE active = 1 AND (id = ? OR role IN "
                                                 "(SELECT role FROM role_permissions WHERE permission = 'complaint.assess')");
  g_autoptr(RapportdDbResult) people = NULL;
  gint64 owner = is_set (record, "owner") ? crm_entity_get_int (record, "owner") : 0;

  rapportd_sql_add_int (sql, owner);
  if (overdue)
    {
      rapportd_sql_append (sql, " OR id = (SELECT manager_id FROM users WHERE id = ?) OR (role = 'manager' AND team_id = ?)");
      rapportd_sql_add_int (sql, owner);
      rapportd_sql_add_int (sql, is_set (record, "queue_team") ? crm_entity_get_int (record, "queue_team") : 0);
    }
  rapportd_sql_append (sql, ") ORDER BY id");
  if ((people = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < people->n_rows; i++)
    if (!tell (db, g_ascii_strtoll (rapportd_db_result_get (people, i, 0), NULL, 10), record, overdue, error))
      return FALSE;
  return TRUE;
}

/* marks the complaint warned or overdue (audited as the system's change,
 * which also sets its next instant), then tells its people */
static gboolean
judge_complaint (RapportdDb  *db,
                 CrmEntity   *current,
                 gint64       now,
                 guint       *n_warned,
                 guint       *n_overdue,
                 GError     **error)
{
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_CASE);
  g_autoptr(CrmEntity) stored = NULL;
  gboolean overdue;

  if (!is_set (current, "report_due_at"))
    return TRUE;
  overdue = crm_entity_get_int (current, "report_due_at") <= now;
  if (!overdue && is_set (current, "report_warned_at"))
    return TRUE;
  crm_entity_set_version (patch, crm_entity_get_version (current));
  crm_entity_set_int (patch, overdue ? "report_overdue_at" : "report_warned_at", now);
  if ((stored = rapportd_repo_update_locked_as_server (db, &system, current, patch, error)) == NULL ||
      !notify (db, stored, overdue, error))
    return FALSE;
  (*(overdue ? n_overdue : n_warned))++;
  return TRUE;
}

/**
 * rapportd_jobs_complaints_run:
 * @db: a connection inside a transaction
 * @now: the time to judge the deadlines by
 * @n_warned: (out) (optional): how many complaints were warned of
 * @n_overdue: (out) (optional): how many were marked overdue
 * @error: return location for a #GError
 *
 * A complaint whose regulatory report is owed (not assessed as not
 * reportable, not submitted) is warned of once its type's warn_days before
 * report_due_at have begun: report_warned_at is set and the owner and the
 * quality role are told ("case.complaint_report_due"). Once report_due_at
 * has passed, it is escalated: report_overdue_at is set, and the owner, the
 * quality role, the owner's manager and the managers of its queue team are
 * told ("case.complaint_report_overdue"). Each mark is one audited change
 * of the case by the system, given once, however often or on however many
 * rapportd the job runs.
 */
gboolean
rapportd_jobs_complaints_run (RapportdDb  *db,
                              gint64       now,
                              guint       *n_warned,
                              guint       *n_overdue,
                              GError     **error)
{
  guint warned = 0, overdue = 0;

  g_return_val_if_fail (db != NULL, FALSE);

  if (!rapportd_jobs_cases_due (db, "report_next_at", BATCH, MAX_BATCHES, now, judge_complaint, &warned, &overdue, error))
    return FALSE;
  if (n_warned != NULL)
    *n_warned = warned;
  if (n_overdue != NULL)
    *n_overdue = overdue;
  return TRUE;
}
