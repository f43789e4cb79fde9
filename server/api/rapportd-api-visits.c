/* rapportd-api-visits.c: POST /visit-plans/:id/check-out, check-in and record; GET /visit-plans/summary, plan versus actual a week */
#include "rapportd-api.h"
#include "rapportd-visits.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* an optional {"place": TEXT} */
static gboolean
read_place (RapportdRequest  *request,
            char            **place,
            GError          **error)
{
  g_autoptr(JsonObject) body = NULL;
  JsonNode *node;

  *place = NULL;
  if (request->body == NULL || g_bytes_get_size (request->body) == 0)
    return TRUE;
  if ((body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  node = json_object_get_member (body, "place");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      g_utf8_strlen (json_node_get_string (node), -1) > 200)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "place", _("place must be a text of at most 200 characters"));
      return FALSE;
    }
  *place = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
step (RapportdRequest    *request,
      RapportdDb         *db,
      RapportdVisitStep   which,
      GError            **error)
{
  g_autofree char *place = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !read_place (request, &place, error) ||
      (stored = rapportd_visits_step (db, &request->actor, id, which, place, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, crm_json_entity_to_string (stored));
  return TRUE;
}

/* {"place"?}: the rep leaves now; 409 unless the visit is planned */
RAPPORTD_HANDLER (rapportd_api_visits_check_out)
{
  return step (request, db, RAPPORTD_VISIT_CHECK_OUT, error);
}

/* {"place"?}: the rep is back now; 409 unless the visit is checked out */
RAPPORTD_HANDLER (rapportd_api_visits_check_in)
{
  return step (request, db, RAPPORTD_VISIT_CHECK_IN, error);
}

/* the visit activity made from a plan checked in: {"visit_plan", "activity"} */
RAPPORTD_HANDLER (rapportd_api_visits_record)
{
  g_autoptr(CrmEntity) plan = NULL;
  g_autoptr(CrmEntity) activity = NULL;
  g_autoptr(GString) out = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (plan = rapportd_visits_record (db, &request->actor, id, &activity, error)) == NULL)
    return FALSE;
  out = g_string_new ("{\"visit_plan\":");
  crm_json_append_entity (out, plan, FALSE);
  g_string_append (out, ",\"activity\":");
  crm_json_append_entity (out, activity, FALSE);
  g_string_append_c (out, '}');
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

/* ?week=2026-W49[&owner_id=N] */
RAPPORTD_HANDLER (rapportd_api_visits_summary)
{
  const char *week = rapportd_request_query (request, "week");
  const char *owner_text = rapportd_request_query (request, "owner_id");
  guint64 owner_id = 0;
  g_autoptr(JsonNode) summary = NULL;

  if (owner_text != NULL && !g_ascii_string_to_unsigned (owner_text, 10, 1, G_MAXINT64, &owner_id, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "owner_id", _("owner_id must be a user’s id"));
      return FALSE;
    }
  if ((summary = rapportd_visits_summary (db, &request->actor, week, (gint64) owner_id, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, json_to_string (summary, FALSE));
  return TRUE;
}
