/* rapportd-api-history.c: a record's history, and the audit trail for auditors and administrators */
#include "rapportd-api.h"
#include "rapportd-audit.h"
#include "rapportd-audit-history.h"
#include "rapportd-audit-labels.h"
#include "rapportd-pool-view.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

#define HISTORY_DEFAULT 100
#define HISTORY_MAX 500

static gboolean
parse_limit (RapportdRequest  *request,
             guint            *limit,
             GError          **error)
{
  const char *text = rapportd_request_query (request, "limit");
  guint64 value = HISTORY_DEFAULT;

  if (text && !g_ascii_string_to_unsigned (text, 10, 1, HISTORY_MAX, &value, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "limit", _("limit must be between 1 and %d"), HISTORY_MAX);
      return FALSE;
    }
  *limit = value;
  return TRUE;
}

/* the rows, their records and the references they changed named */
static gboolean
answer_rows (RapportdRequest  *request,
             RapportdDb       *db,
             GPtrArray        *rows,
             gboolean          with_next,
             guint             limit,
             GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) labels = rapportd_audit_labels_load (db, rows, error);

  if (labels == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint r = 0; r < rows->len; r++)
    rapportd_audit_add_row_labelled (builder, rows->pdata[r], labels);
  json_builder_end_array (builder);
  if (with_next)
    {
      /* newest first: the next page is what is older than the last row */
      json_builder_set_member_name (builder, "next");
      if (rows->len == limit && rows->len > 0)
        {
          g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, ((RapportdHistoryRow *) rows->pdata[rows->len - 1])->id);
          json_builder_add_string_value (builder, next);
        }
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}

/* GET /{collection}/:id/history: whoever may read the record may read its history, oldest first */
RAPPORTD_HANDLER (rapportd_api_records_history)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint limit;
  gint64 id;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such collection: %s"), request->segments[0]);
      return FALSE;
    }
  if (!parse_limit (request, &limit, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (record = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL ||
      !rapportd_pool_view_check_history (db, &request->actor, record, error) ||
      (rows = rapportd_audit_history (db, crm_entity_get_entity_name (record), id, limit, error)) == NULL)
    return FALSE;
  return answer_rows (request, db, rows, FALSE, limit, error);
}

static gboolean
query_int (RapportdRequest  *request,
           const char       *name,
           gint64           *value,
           GError          **error)
{
  const char *text = rapportd_request_query (request, name);
  guint64 number;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &number, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name, _("%s must be an id"), name);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

static gboolean
query_time (RapportdRequest  *request,
            const char       *name,
            gint64           *value,
            GError          **error)
{
  const char *text = rapportd_request_query (request, name);

  if (text == NULL || crm_json_parse_timestamp (text, value))
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, name, _("%s must be an ISO 8601 time"), name);
  return FALSE;
}

static gboolean
parse_filter (RapportdRequest      *request,
              RapportdAuditFilter  *filter,
              GError              **error)
{
  if (!rapportd_actor_is_admin (&request->actor) && !rapportd_actor_is_read_only (&request->actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Only auditors and administrators review the audit trail"));
      return FALSE;
    }
  filter->entity = rapportd_request_query (request, "entity");
  filter->action = rapportd_request_query (request, "action");
  return parse_limit (request, &filter->limit, error) &&
         query_int (request, "user", &filter->actor_id, error) &&
         query_int (request, "record", &filter->entity_id, error) &&
         query_int (request, "after", &filter->before_id, error) &&
         query_time (request, "from", &filter->from_usec, error) &&
         query_time (request, "to", &filter->to_usec, error);
}

/* GET /audit/export?…: every matching row at once, to keep; the export is audited too */
RAPPORTD_HANDLER (rapportd_api_audit_export)
{
  RapportdAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) rows = NULL;

  if (!parse_filter (request, &filter, error))
    return FALSE;
  filter.limit = 0;
  if ((rows = rapportd_audit_query (db, &filter, error)) == NULL)
    return FALSE;
  if (!answer_rows (request, db, rows, FALSE, 0, error))
    return FALSE;
  return rapportd_audit_append (db, request->actor.user_id, "audit", 0, "export", request->actor.reason,
                                NULL, NULL, error);
}

/* GET /audit?user=&entity=&record=&action=&from=&to=&limit=&after=: the trail, newest first */
RAPPORTD_HANDLER (rapportd_api_audit_list)
{
  RapportdAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) rows = NULL;

  if (!parse_filter (request, &filter, error))
    return FALSE;
  if ((rows = rapportd_audit_query (db, &filter, error)) == NULL)
    return FALSE;
  return answer_rows (request, db, rows, TRUE, filter.limit, error);
}
