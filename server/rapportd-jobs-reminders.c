/* rapportd-jobs-reminders.c: the reminder job: each task whose reminder is due is told to its assignee, once */
#include "rapportd-jobs-reminders.h"
#include "rapportd-event-log.h"
#include "rapportd-repo.h"
#include "crm-json.h"
#include "crm-task.h"

/* the reminders claimed by one statement; a run takes batches until none
 * is left, or MAX_BATCHES, leaving the rest to the next run */
#define BATCH 500
#define MAX_BATCHES 20

static void
add_time (JsonBuilder *builder,
          CrmEntity   *task,
          const char  *name)
{
  CrmValue *value = crm_entity_value (task, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (task), name));
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (value->is_null)
    {
      json_builder_add_null_value (builder);
      return;
    }
  text = crm_json_format_timestamp (value->i);
  json_builder_add_string_value (builder, text);
}

/* the "task.reminder" event, for the assignee alone */
static gboolean
tell (RapportdDb  *db,
      CrmEntity   *task,
      GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  gint64 assignee = crm_entity_get_int (task, "assignee");

  if (assignee <= 0)
    return TRUE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, "task");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, crm_entity_get_id (task));
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, crm_entity_get_text (task, "subject"));
  add_time (builder, task, "due_at");
  add_time (builder, task, "reminded_at");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = crm_json_to_string (root);
  return rapportd_event_log_add (db, assignee, "task.reminder", "task", crm_entity_get_id (task), payload, error);
}

/* Claims up to a batch of due reminders: the rows are locked, those another
 * rapportd holds are skipped (it tells them), and each is marked reminded
 * in this transaction, so no other run finds it again. */
static gboolean
run_batch (RapportdDb  *db,
           gint64       now,
           guint       *n_reminded,
           gboolean    *more,
           GError     **error)
{
  g_autofree char *at = rapportd_sql_format_time (now);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };

  rapportd_sql_appendf (sql, "SELECT id, version FROM tasks WHERE next_reminder_at <= ? "
                        "ORDER BY next_reminder_at, id LIMIT %u FOR UPDATE SKIP LOCKED", BATCH);
  rapportd_sql_add_text (sql, at);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *more = result->n_rows == BATCH;
  for (guint i = 0; i < result->n_rows; i++)
    {
      g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_TASK);
      g_autoptr(CrmEntity) stored = NULL;
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10);

      crm_entity_set_version (patch, g_ascii_strtoll (rapportd_db_result_get (result, i, 1), NULL, 10));
      crm_entity_set_int (patch, "reminded_at", now);
      if ((stored = rapportd_repo_update_as_server (db, &system, id, patch, error)) == NULL ||
          !tell (db, stored, error))
        return FALSE;
      (*n_reminded)++;
    }
  return TRUE;
}

/**
 * rapportd_jobs_reminders_run:
 * @db: a connection inside a transaction
 * @now: the time to judge the reminders by
 * @n_reminded: (out): how many reminders were told
 * @error: return location for a #GError
 *
 * Tells each task's assignee, with a "task.reminder" event, of every task
 * whose next_reminder_at has come (its remind-at time or its snooze), and
 * marks it reminded (audited, as the system's change). A reminder is told
 * once, however many rapportd run the job on the database at once.
 */
gboolean
rapportd_jobs_reminders_run (RapportdDb  *db,
                             gint64       now,
                             guint       *n_reminded,
                             GError     **error)
{
  gboolean more = TRUE;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (n_reminded != NULL, FALSE);

  *n_reminded = 0;
  for (guint batch = 0; more && batch < MAX_BATCHES; batch++)
    if (!run_batch (db, now, n_reminded, &more, error))
      return FALSE;
  return TRUE;
}
