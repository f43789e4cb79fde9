/* rapportd-api-business-calendars.c: deadlines and business time computed against a business calendar */
#include "rapportd-api-business-calendars.h"
#include "crm-business-calendar.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* the most pauses one computation takes */
#define MAX_PAUSES 100

/* an instant of the query, ISO 8601 with its offset, in whole seconds */
static gboolean
query_instant (RapportdRequest  *request,
               const char       *name,
               gint64           *seconds,
               GError          **error)
{
  const char *text = rapportd_request_query (request, name);
  gint64 usec;

  if (text == NULL || !crm_json_parse_timestamp (text, &usec))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name,
                                 _("%s: a time in ISO 8601 with its offset, e.g. 2026-10-09T17:30:00+08:00"), name);
      return FALSE;
    }
  *seconds = usec / G_USEC_PER_SEC;
  return TRUE;
}

/* "pauses=FROM/TO,FROM/TO": the stretches a case waited on its customer */
static GArray *
query_pauses (RapportdRequest  *request,
              GError          **error)
{
  const char *text = rapportd_request_query (request, "pauses");
  g_auto(GStrv) items = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (CrmBusinessPause));

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (items[i], "/", 2);
      CrmBusinessPause pause;
      gint64 from, to;

      if (*items[i] == '\0' && items[1] == NULL)
        break;
      if (i >= MAX_PAUSES || g_strv_length (ends) != 2 ||
          !crm_json_parse_timestamp (ends[0], &from) || !crm_json_parse_timestamp (ends[1], &to) || to < from)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pauses",
                                     _("pauses: up to %d stretches FROM/TO, separated by commas, each ending after it starts"),
                                     MAX_PAUSES);
          return NULL;
        }
      pause.from = from / G_USEC_PER_SEC;
      pause.to = to / G_USEC_PER_SEC;
      g_array_append_val (pauses, pause);
    }
  return g_steal_pointer (&pauses);
}

/* the calendar named by the path, as the caller may read it, ready to compute */
static CrmBusinessTime *
path_calendar (RapportdRequest  *request,
               RapportdDb       *db,
               gint64           *id,
               GError          **error)
{
  g_autoptr(CrmEntity) calendar = NULL;

  if (!rapportd_request_segment_id (request, 1, id, error) ||
      (calendar = rapportd_repo_get (db, &request->actor, CRM_TYPE_BUSINESS_CALENDAR, *id, FALSE, error)) == NULL)
    return NULL;
  return crm_business_calendar_compile (calendar, error);
}

static void
add_instant (JsonBuilder     *builder,
             const char      *name,
             CrmBusinessTime *time,
             gint64           seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, crm_business_time_get_zone (time));
  g_autofree char *utc_text = g_date_time_format_iso8601 (utc);
  g_autofree char *local_text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *local_name = g_strconcat (name, "_local", NULL);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, utc_text);
  json_builder_set_member_name (builder, local_name);
  json_builder_add_string_value (builder, local_text);
}

static void
begin_answer (JsonBuilder     *builder,
              gint64           id,
              CrmBusinessTime *time)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "calendar_id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "time_zone");
  json_builder_add_string_value (builder, crm_business_time_get_time_zone (time));
}

/* a problem of the computation, named by the parameter it comes from */
static void
name_problem (GError       **error,
              const char    *name,
              const GError  *problem)
{
  crm_error_set_field_error (error, (CrmErrorCode) problem->code, name, "%s", problem->message);
}

/* GET /business-calendars/:id/deadline?from=…&seconds=…[&pauses=…]: the
 * instant by which that much business time has elapsed */
RAPPORTD_HANDLER (rapportd_api_business_calendars_deadline)
{
  g_autoptr(CrmBusinessTime) time = NULL;
  g_autoptr(GArray) pauses = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) problem = NULL;
  const char *seconds_text = rapportd_request_query (request, "seconds");
  gint64 id = 0, from = 0, deadline = 0;
  guint64 seconds = 0;

  if ((time = path_calendar (request, db, &id, error)) == NULL ||
      !query_instant (request, "from", &from, error) || (pauses = query_pauses (request, error)) == NULL)
    return FALSE;
  if (seconds_text == NULL || !g_ascii_string_to_unsigned (seconds_text, 10, 0, G_MAXINT64, &seconds, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "seconds", _("seconds: a whole number of seconds, 0 or more"));
      return FALSE;
    }
  if (!crm_business_time_deadline (time, from, (gint64) seconds, (CrmBusinessPause *) pauses->data, pauses->len,
                                   &deadline, &problem))
    {
      name_problem (error, "seconds", problem);
      return FALSE;
    }
  begin_answer (builder, id, time);
  add_instant (builder, "from", time, from);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_int_value (builder, (gint64) seconds);
  add_instant (builder, "deadline", time, deadline);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}

/* GET /business-calendars/:id/business-seconds?from=…&to=…[&pauses=…]: the
 * business time between two instants, and whether each is in it */
RAPPORTD_HANDLER (rapportd_api_business_calendars_business_seconds)
{
  g_autoptr(CrmBusinessTime) time = NULL;
  g_autoptr(GArray) pauses = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) problem = NULL;
  gint64 id = 0, from = 0, to = 0, seconds;

  if ((time = path_calendar (request, db, &id, error)) == NULL ||
      !query_instant (request, "from", &from, error) || !query_instant (request, "to", &to, error) ||
      (pauses = query_pauses (request, error)) == NULL)
    return FALSE;
  seconds = crm_business_time_seconds_between (time, from, to, (CrmBusinessPause *) pauses->data, pauses->len, &problem);
  if (seconds < 0)
    {
      name_problem (error, "to", problem);
      return FALSE;
    }
  begin_answer (builder, id, time);
  add_instant (builder, "from", time, from);
  add_instant (builder, "to", time, to);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_int_value (builder, seconds);
  json_builder_set_member_name (builder, "from_in_business_time");
  json_builder_add_boolean_value (builder, crm_business_time_contains (time, from));
  json_builder_set_member_name (builder, "to_in_business_time");
  json_builder_add_boolean_value (builder, crm_business_time_contains (time, to));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
