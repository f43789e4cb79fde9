/* rapportd-calendar-items.c: the activities, visit plans and tasks between two instants, for the client's calendar */
#include "rapportd-calendar-items.h"
#include "rapportd-repo-private.h"
#include "rapportd-sql.h"
#include "rapportd-tasks.h"
#include "crm-activity.h"
#include "crm-json.h"
#include "crm-rrule.h"
#include "crm-task.h"
#include "crm-visit-plan.h"

/* at most so many records of each kind, and occurrences of one recurring task, in a window */
#define MAX_ITEMS 2000
#define MAX_OCCURRENCES 100

typedef struct
{
  JsonArray *items;
  gboolean   truncated;
} Answer;

static gint64
column_time (RapportdDbResult *result,
             guint             row,
             guint             column)
{
  const char *text = rapportd_db_result_get (result, row, column);
  gint64 usec = 0;

  if (text == NULL || !rapportd_sql_parse_time (text, &usec))
    return 0;
  return usec;
}

static void
set_time (JsonObject *item,
          const char *member,
          gint64      usec)
{
  g_autofree char *text = NULL;

  if (usec == 0)
    {
      json_object_set_null_member (item, member);
      return;
    }
  text = crm_json_format_timestamp (usec);
  json_object_set_string_member (item, member, text);
}

/* columns: id, version, title, kind, starts, ends, owner, status */
static JsonObject *
new_item (RapportdDbResult *result,
          guint             row,
          const char        *entity,
          const char        *kind)
{
  JsonObject *item = json_object_new ();
  const char *type = rapportd_db_result_get (result, row, 3);
  const char *status = rapportd_db_result_get (result, row, 7);

  json_object_set_string_member (item, "kind", kind);
  json_object_set_string_member (item, "entity", entity);
  json_object_set_int_member (item, "id", g_ascii_strtoll (rapportd_db_result_get (result, row, 0), NULL, 10));
  json_object_set_int_member (item, "version", g_ascii_strtoll (rapportd_db_result_get (result, row, 1), NULL, 10));
  json_object_set_string_member (item, "title", rapportd_db_result_get (result, row, 2) ?: "");
  if (type != NULL)
    json_object_set_string_member (item, "type", type);
  else
    json_object_set_null_member (item, "type");
  set_time (item, "starts_at", column_time (result, row, 4));
  set_time (item, "ends_at", column_time (result, row, 5));
  json_object_set_int_member (item, "owner_id", g_ascii_strtoll (rapportd_db_result_get (result, row, 6) ?: "0", NULL, 10));
  json_object_set_string_member (item, "status", status ?: "");
  json_object_set_boolean_member (item, "occurrence", FALSE);
  return item;
}

static RapportdDbResult *
query (RapportdDb          *db,
       RapportdSql         *sql,
       CrmEntityClass      *klass,
       const RapportdActor *actor,
       const char          *order,
       Answer              *answer,
       GError             **error)
{
  RapportdDbResult *result;

  rapportd_repo_append_scope (sql, klass, actor, FALSE);
  rapportd_sql_appendf (sql, " ORDER BY %s, id LIMIT %d", order, MAX_ITEMS + 1);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows > MAX_ITEMS)
    {
      answer->truncated = TRUE;
      result->n_rows = MAX_ITEMS;
    }
  return result;
}

static void
add_window (RapportdSql *sql,
            const char  *column,
            gint64       from,
            gint64       to)
{
  g_autofree char *from_text = rapportd_sql_format_time (from);
  g_autofree char *to_text = rapportd_sql_format_time (to);

  rapportd_sql_appendf (sql, " AND `%s` >= ? AND `%s` < ?", column, column);
  rapportd_sql_add_text (sql, from_text);
  rapportd_sql_add_text (sql, to_text);
}

/* activities by their start; "mine" also those one takes part in */
static gboolean
add_activities (RapportdDb           *db,
                const RapportdActor  *actor,
                gint64                from,
                gint64                to,
                gboolean              team,
                Answer               *answer,
                GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, version, subject, kind, starts_at, ends_at, owner_id, status "
                                                 "FROM activities WHERE archived = 0");
  g_autoptr(RapportdDbResult) result = NULL;

  add_window (sql, "starts_at", from, to);
  if (!team)
    {
      rapportd_sql_append (sql, " AND (owner_id = ? OR id IN (SELECT activity_id FROM activity_participants WHERE user_id = ?))");
      rapportd_sql_add_int (sql, actor->user_id);
      rapportd_sql_add_int (sql, actor->user_id);
    }
  if ((result = query (db, sql, g_type_class_peek (CRM_TYPE_ACTIVITY), actor, "starts_at", answer, error)) == NULL)
    return FALSE;
  for (guint row = 0; row < result->n_rows; row++)
    json_array_add_object_element (answer->items, new_item (result, row, "activities", "activity"));
  return TRUE;
}

/* visit plans at their planned time, named by their purpose or else their account */
static gboolean
add_visit_plans (RapportdDb           *db,
                 const RapportdActor  *actor,
                 gint64                from,
                 gint64                to,
                 gboolean              team,
                 Answer               *answer,
                 GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, version, COALESCE(NULLIF(purpose, ''), "
                                                 "(SELECT a.name FROM accounts a WHERE a.id = `visit-plans`.account_id)), "
                                                 "NULL, planned_at, NULL, owner_id, status "
                                                 "FROM `visit-plans` WHERE archived = 0");
  g_autoptr(RapportdDbResult) result = NULL;

  add_window (sql, "planned_at", from, to);
  if (!team)
    {
      rapportd_sql_append (sql, " AND owner_id = ?");
      rapportd_sql_add_int (sql, actor->user_id);
    }
  if ((result = query (db, sql, g_type_class_peek (CRM_TYPE_VISIT_PLAN), actor, "planned_at", answer, error)) == NULL)
    return FALSE;
  for (guint row = 0; row < result->n_rows; row++)
    json_array_add_object_element (answer->items, new_item (result, row, "visit-plans", "visit"));
  return TRUE;
}

/* the later occurrences of an open recurring task that fall in the window,
 * each as the task itself at another time: marking the task done makes the
 * next one a task of its own */
static gboolean
add_occurrences (RapportdDbResult  *result,
                 guint              row,
                 gint64             from,
                 gint64             to,
                 Answer            *answer,
                 GError           **error)
{
  const char *rule = rapportd_db_result_get (result, row, 8);
  gint64 due = column_time (result, row, 4);
  gint64 start = column_time (result, row, 9);
  gint64 after = MAX (due, from - 1);

  if (start == 0)
    start = due;
  for (guint n = 0; n < MAX_OCCURRENCES; n++)
    {
      JsonObject *item;
      gint64 next;

      if (!crm_rrule_next (rule, start, after, rapportd_tasks_time_zone (), &next, error))
        return FALSE;
      if (next == 0 || next >= to)
        return TRUE;
      item = new_item (result, row, "tasks", "task");
      set_time (item, "starts_at", next);
      json_object_set_boolean_member (item, "occurrence", TRUE);
      json_array_add_object_element (answer->items, item);
      after = next;
    }
  answer->truncated = TRUE;
  return TRUE;
}

/* tasks at their due time, and the occurrences of open recurring ones */
static gboolean
add_tasks (RapportdDb           *db,
           const RapportdActor  *actor,
           gint64                from,
           gint64                to,
           gboolean              team,
           Answer               *answer,
           GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, version, subject, NULL, due_at, NULL, assignee_id, "
                                                 "IF(done, 'done', 'open'), recurrence, series_start, remind_at "
                                                 "FROM tasks WHERE archived = 0");
  g_autofree char *from_text = rapportd_sql_format_time (from);
  g_autofree char *to_text = rapportd_sql_format_time (to);
  g_autoptr(RapportdDbResult) result = NULL;

  /* a recurring series that started before the window may repeat inside it */
  rapportd_sql_append (sql, " AND ((due_at >= ? AND due_at < ?) OR (recurrence IS NOT NULL AND done = 0 AND due_at < ?))");
  rapportd_sql_add_text (sql, from_text);
  rapportd_sql_add_text (sql, to_text);
  rapportd_sql_add_text (sql, to_text);
  if (!team)
    {
      rapportd_sql_append (sql, " AND assignee_id = ?");
      rapportd_sql_add_int (sql, actor->user_id);
    }
  if ((result = query (db, sql, g_type_class_peek (CRM_TYPE_TASK), actor, "due_at", answer, error)) == NULL)
    return FALSE;
  for (guint row = 0; row < result->n_rows; row++)
    {
      gint64 due = column_time (result, row, 4);

      if (due >= from && due < to)
        {
          JsonObject *item = new_item (result, row, "tasks", "task");

          /* moving the task moves its reminder with it */
          set_time (item, "remind_at", column_time (result, row, 10));
          json_array_add_object_element (answer->items, item);
        }
      if (rapportd_db_result_get (result, row, 8) != NULL &&
          g_str_equal (rapportd_db_result_get (result, row, 7), "open") &&
          !add_occurrences (result, row, from, to, answer, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_calendar_items:
 * @db: a connection
 * @actor: whose calendar
 * @from: the window's start, µs since the epoch
 * @to: its end (excluded), at most %RAPPORTD_CALENDAR_MAX_DAYS days later
 * @team: everyone's items that @actor may read, rather than @actor's own
 * @error: return location for a #GError
 *
 * The activities (by their start), visit plans (by their planned time) and
 * tasks (by their due time, with the occurrences of open recurring ones)
 * in the window, each read under @actor's scope for its kind.
 *
 * Returns: (transfer full): `{"from","to","items":[…],"truncated"}`
 */
JsonNode *
rapportd_calendar_items (RapportdDb           *db,
                         const RapportdActor  *actor,
                         gint64                from,
                         gint64                to,
                         gboolean              team,
                         GError              **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  Answer answer = { json_array_new (), FALSE };

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (from < to, NULL);

  json_object_set_array_member (object, "items", answer.items);
  if (!add_activities (db, actor, from, to, team, &answer, error) ||
      !add_visit_plans (db, actor, from, to, team, &answer, error) ||
      !add_tasks (db, actor, from, to, team, &answer, error))
    return NULL;
  set_time (object, "from", from);
  set_time (object, "to", to);
  json_object_set_boolean_member (object, "truncated", answer.truncated);
  return json_node_init_object (json_node_alloc (), object);
}
