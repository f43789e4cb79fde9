/* rapportd-tasks.c: a task's server-kept fields, its next occurrence when done, snoozing and the agenda */
#include "rapportd-tasks.h"
#include "rapportd-repo-private.h"
#include "crm-error.h"
#include "crm-rrule.h"
#include "crm-task.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>

/* the fields a new occurrence of a recurring task copies from the one done */
static const char * const carried[] = {
  "subject", "notes", "recurrence", "assignee", "account", "contact", "lead", "opportunity",
};

static CrmValue *
field (CrmEntity  *task,
       const char *name)
{
  return crm_entity_value (task, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (task), name));
}

static gboolean
is_set (CrmEntity  *task,
        const char *name)
{
  CrmValue *value = field (task, name);

  return value->set && !value->is_null;
}

static gboolean
time_changed (CrmEntity  *before,
              CrmEntity  *after,
              const char *name)
{
  CrmValue *a = field (before, name);
  CrmValue *b = field (after, name);

  if (a->is_null || b->is_null)
    return a->is_null != b->is_null;
  return a->i != b->i;
}

static void
set_time (CrmEntity  *task,
          const char *name,
          gint64      at)
{
  if (at == 0)
    crm_entity_set_null (task, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (task), name));
  else
    crm_entity_set_int (task, name, at);
}

static gint64
get_time (CrmEntity  *task,
          const char *name)
{
  return is_set (task, name) ? field (task, name)->i : 0;
}

static const char *
recurrence (CrmEntity *task)
{
  const char *rule = is_set (task, "recurrence") ? crm_entity_get_text (task, "recurrence") : NULL;

  return rule != NULL && rule[0] != '\0' ? rule : NULL;
}

/**
 * rapportd_tasks_time_zone:
 *
 * The zone whose wall clock recurring tasks follow and the agenda's days
 * are counted in: the server's local zone (TZ), as for every date the
 * periodic jobs judge, or UTC when libical does not know it.
 *
 * Returns: an Olson name such as "Asia/Shanghai"
 */
const char *
rapportd_tasks_time_zone (void)
{
  static const char *name;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      const char *id = g_time_zone_get_identifier (local);

      if (id == NULL || icaltimezone_get_builtin_timezone (id) == NULL)
        id = "UTC";
      name = g_intern_string (id);
      g_once_init_leave (&initialized, 1);
    }
  return name;
}

/* done_at follows done; a changed remind-at or snooze re-arms the reminder;
 * a recurring series counts from the due time it was given */
static gboolean
task_prepare (RapportdDb           *db,
              const RapportdActor  *actor,
              CrmEntity            *before,
              CrmEntity            *after,
              gboolean              as_server,
              GError              **error)
{
  gboolean done = is_set (after, "done") && crm_entity_get_bool (after, "done");
  gint64 fire;

  if (before == NULL)
    {
      set_time (after, "done_at", done ? g_get_real_time () : 0);
      if (recurrence (after) != NULL && !is_set (after, "series_start"))
        set_time (after, "series_start", get_time (after, "due_at"));
    }
  else
    {
      if (done != crm_entity_get_bool (before, "done"))
        set_time (after, "done_at", done ? g_get_real_time () : 0);
      if (time_changed (before, after, "remind_at") && !time_changed (before, after, "snoozed_until"))
        set_time (after, "snoozed_until", 0);
      if (time_changed (before, after, "remind_at") || time_changed (before, after, "snoozed_until"))
        set_time (after, "reminded_at", 0);
      if (!as_server && (time_changed (before, after, "due_at") ||
                         g_strcmp0 (recurrence (before), recurrence (after)) != 0))
        set_time (after, "series_start", recurrence (after) ? get_time (after, "due_at") : 0);
    }
  fire = is_set (after, "snoozed_until") ? get_time (after, "snoozed_until") : get_time (after, "remind_at");
  set_time (after, "next_reminder_at", done || is_set (after, "reminded_at") ? 0 : fire);
  return TRUE;
}

/* the occurrence that follows a recurring task, as a new task, when it is done */
static gboolean
task_written (RapportdDb           *db,
              const RapportdActor  *actor,
              CrmEntity            *before,
              CrmEntity            *stored,
              GError              **error)
{
  const char *rule = recurrence (stored);
  gint64 due = get_time (stored, "due_at");
  gint64 start = is_set (stored, "series_start") ? get_time (stored, "series_start") : due;
  gint64 next = 0;
  g_autoptr(CrmEntity) task = NULL;
  g_autoptr(CrmEntity) created = NULL;

  if (before == NULL || rule == NULL || due == 0 || crm_entity_get_bool (before, "done") ||
      !crm_entity_get_bool (stored, "done"))
    return TRUE;
  if (!crm_rrule_next (rule, start, due, rapportd_tasks_time_zone (), &next, error))
    return FALSE;
  if (next == 0)
    return TRUE;

  task = crm_entity_new (CRM_TYPE_TASK);
  for (guint i = 0; i < G_N_ELEMENTS (carried); i++)
    if (is_set (stored, carried[i]))
      {
        CrmValue *from = field (stored, carried[i]);
        CrmValue *to = field (task, carried[i]);

        to->set = TRUE;
        to->is_null = FALSE;
        to->i = from->i;
        to->s = g_strdup (from->s);
      }
  crm_entity_set_int (task, "due_at", next);
  if (is_set (stored, "remind_at"))
    crm_entity_set_int (task, "remind_at", next - (due - get_time (stored, "remind_at")));
  crm_entity_set_int (task, "series_start", start);
  crm_entity_set_int (task, "previous_task", crm_entity_get_id (stored));
  created = rapportd_repo_create (db, actor, task, error);
  return created != NULL;
}

const RapportdRepoRules rapportd_task_rules = {
  "task", task_prepare, task_written,
};

/**
 * rapportd_tasks_snooze:
 * @db: a connection inside the request's transaction
 * @actor: who snoozes; they must be able to change the task
 * @id: the task
 * @until: when to be reminded again, µs since the epoch
 * @error: return location for a #GError
 *
 * Puts the task's reminder off until @until, re-arming it if it fired.
 *
 * Returns: (transfer full): the task as stored
 */
CrmEntity *
rapportd_tasks_snooze (RapportdDb           *db,
                       const RapportdActor  *actor,
                       gint64                id,
                       gint64                until,
                       GError              **error)
{
  g_autoptr(CrmEntity) task = NULL;
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_TASK);

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  /* the actor's own right to change it, before the server's step */
  if ((task = rapportd_repo_get (db, actor, CRM_TYPE_TASK, id, TRUE, error)) == NULL)
    return NULL;
  if (crm_entity_get_bool (task, "done"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "until", _("A task that is done is not reminded"));
      return NULL;
    }
  crm_entity_set_version (patch, crm_entity_get_version (task));
  crm_entity_set_int (patch, "snoozed_until", until);
  /* snoozing twice to the same time still re-arms what fired */
  if (get_time (task, "snoozed_until") == until)
    set_time (patch, "reminded_at", 0);
  return rapportd_repo_update_as_server (db, actor, id, patch, error);
}

/**
 * rapportd_tasks_agenda:
 * @db: a connection
 * @actor: whose tasks: those assigned to them, open
 * @view: overdue (due before @now), today (due from @now to midnight in
 *   rapportd_tasks_time_zone()) or upcoming (due later, or at no time)
 * @now: the time the views are judged by
 * @limit: the most tasks returned
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type CrmEntity): the tasks, the
 *   soonest due first
 */
GPtrArray *
rapportd_tasks_agenda (RapportdDb           *db,
                       const RapportdActor  *actor,
                       RapportdTasksView     view,
                       gint64                now,
                       guint                 limit,
                       GError              **error)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_TASK);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (rapportd_tasks_time_zone ());
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *now_text = rapportd_sql_format_time (now);
  g_autofree char *tomorrow_text = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  local = g_date_time_to_timezone (at, zone);
  midnight = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  tomorrow = g_date_time_add_days (midnight, 1);
  tomorrow_text = rapportd_sql_format_time (g_date_time_to_unix (tomorrow) * G_USEC_PER_SEC);

  rapportd_repo_append_select (sql, klass);
  rapportd_sql_append (sql, " WHERE assignee_id = ? AND done = 0 AND archived = 0");
  rapportd_sql_add_int (sql, actor->user_id);
  switch (view)
    {
    case RAPPORTD_TASKS_OVERDUE:
      rapportd_sql_append (sql, " AND due_at < ?");
      rapportd_sql_add_text (sql, now_text);
      break;
    case RAPPORTD_TASKS_TODAY:
      rapportd_sql_append (sql, " AND due_at >= ? AND due_at < ?");
      rapportd_sql_add_text (sql, now_text);
      rapportd_sql_add_text (sql, tomorrow_text);
      break;
    case RAPPORTD_TASKS_UPCOMING:
    default:
      rapportd_sql_append (sql, " AND (due_at >= ? OR due_at IS NULL)");
      rapportd_sql_add_text (sql, tomorrow_text);
      break;
    }
  rapportd_sql_appendf (sql, " ORDER BY due_at IS NULL, due_at, id LIMIT %u", limit);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint i = 0; i < result->n_rows; i++)
    {
      CrmEntity *task = rapportd_repo_entity_from_row (CRM_TYPE_TASK, result, i, error);

      if (task == NULL)
        return NULL;
      g_ptr_array_add (tasks, task);
    }
  return g_steal_pointer (&tasks);
}
