/* rapportd-api-tasks.c: POST /tasks/:id/snooze, a reminder put off; GET /tasks/agenda, one's open tasks by when they are due */
#include "rapportd-api.h"
#include "rapportd-tasks.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

#define AGENDA_LIMIT 100
#define AGENDA_MAX_LIMIT 500

/* {"until": TIME}: the reminder comes again then */
RAPPORTD_HANDLER (rapportd_api_tasks_snooze)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  const char *until_text;
  gint64 id;
  gint64 until;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  until_text = json_object_get_string_member_with_default (body, "until", NULL);
  if (until_text == NULL || !crm_json_parse_timestamp (until_text, &until))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "until",
                                 _("until must be a time such as 2026-12-01T18:00:00Z"));
      return FALSE;
    }
  if ((stored = rapportd_tasks_snooze (db, &request->actor, id, until, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, crm_json_entity_to_string (stored));
  return TRUE;
}

/* ?view=overdue|today|upcoming[&limit=N][&now=TIME] */
RAPPORTD_HANDLER (rapportd_api_tasks_agenda)
{
  const char *view_text = rapportd_request_query (request, "view");
  const char *limit_text = rapportd_request_query (request, "limit");
  const char *now_text = rapportd_request_query (request, "now");
  RapportdTasksView view;
  gint64 now = g_get_real_time ();
  guint64 limit = AGENDA_LIMIT;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GString) out = NULL;

  if (g_strcmp0 (view_text, "overdue") == 0)
    view = RAPPORTD_TASKS_OVERDUE;
  else if (g_strcmp0 (view_text, "today") == 0)
    view = RAPPORTD_TASKS_TODAY;
  else if (g_strcmp0 (view_text, "upcoming") == 0)
    view = RAPPORTD_TASKS_UPCOMING;
  else
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "view", _("view must be overdue, today or upcoming"));
      return FALSE;
    }
  if (limit_text != NULL &&
      (!g_ascii_string_to_unsigned (limit_text, 10, 1, AGENDA_MAX_LIMIT, &limit, NULL)))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "limit", _("limit must be a number from 1 to %d"), AGENDA_MAX_LIMIT);
      return FALSE;
    }
  if (now_text != NULL && !crm_json_parse_timestamp (now_text, &now))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "now", _("now must be a time such as 2026-12-01T18:00:00Z"));
      return FALSE;
    }
  if ((tasks = rapportd_tasks_agenda (db, &request->actor, view, now, (guint) limit, error)) == NULL ||
      !rapportd_repo_name_references (db, tasks, error))
    return FALSE;

  out = g_string_new ("{\"items\":[");
  for (guint i = 0; i < tasks->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      crm_json_append_entity (out, tasks->pdata[i], FALSE);
    }
  g_string_append (out, "]}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}
