/* rapportd-api-timeline.c: GET /{accounts|contacts|leads|opportunities}/:id/timeline */
#include "rapportd-api.h"
#include "rapportd-timeline.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

static gboolean
parse_limit (RapportdRequest  *request,
             guint            *limit,
             GError          **error)
{
  const char *text = rapportd_request_query (request, "limit");
  guint64 value = RAPPORTD_TIMELINE_DEFAULT_LIMIT;

  if (text && !g_ascii_string_to_unsigned (text, 10, 1, RAPPORTD_TIMELINE_MAX_LIMIT, &value, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "limit", _("limit must be between 1 and %d"),
                                 RAPPORTD_TIMELINE_MAX_LIMIT);
      return FALSE;
    }
  *limit = value;
  return TRUE;
}

/* GET /{collection}/:id/timeline?kind=&before=&limit=: whoever may read
 * the record reads its stream, of what else they may read, newest first */
RAPPORTD_HANDLER (rapportd_api_records_timeline)
{
  g_auto(RapportdTimelineCursor) before = { 0 };
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(JsonNode) page = NULL;
  RapportdTimelineKinds kinds;
  const char *cursor = rapportd_request_query (request, "before");
  gboolean has_stream = FALSE;
  GType type;
  guint limit;
  gint64 id;

  type = crm_entities_lookup_collection (request->segments[0]);
  if (type != G_TYPE_INVALID)
    {
      CrmEntityClass *klass = g_type_class_ref (type);

      has_stream = rapportd_timeline_has_stream (klass->entity_name);
      g_type_class_unref (klass);
    }
  if (!has_stream)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No timeline for %s"), request->segments[0]);
      return FALSE;
    }
  if (!rapportd_timeline_parse_kinds (rapportd_request_query (request, "kind"), &kinds))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "kind",
                                 _("kind must list some of activity, comment, task, document, approval and change"));
      return FALSE;
    }
  if (cursor != NULL && !rapportd_timeline_parse_cursor (cursor, &before))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "before",
                                 _("before must be the next cursor of a timeline page"));
      return FALSE;
    }
  if (!parse_limit (request, &limit, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (record = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL ||
      (page = rapportd_timeline_read (db, &request->actor, record, kinds, cursor ? &before : NULL,
                                      limit, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, page);
  return TRUE;
}
