/* rapportd-api-opportunities.c: POST /opportunities/:id/stage and /quote, GET /opportunities/:id/stage-history */
#include "rapportd-api.h"
#include "rapportd-opportunity-quotes.h"
#include "rapportd-opportunity-stage.h"
#include "rapportd-repo.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-opportunity.h"

#include <glib/gi18n-lib.h>

static gboolean
parse_move (RapportdRequest    *request,
            JsonObject         *body,
            RapportdStageMove  *move,
            GError            **error)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  move->stage_id = 0;
  move->version = -1;
  move->close_reason = NULL;
  move->probability = -1;
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    {
      GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      gint64 number = value_type == G_TYPE_INT64 ? json_node_get_int (node) : -1;

      if (g_str_equal (member, "stage_id") && number > 0)
        move->stage_id = number;
      else if (g_str_equal (member, "version") && number > 0)
        move->version = number;
      else if (g_str_equal (member, "probability") && number >= 0 && number <= 100)
        move->probability = number;
      else if (g_str_equal (member, "close_reason") && value_type == G_TYPE_STRING &&
               g_utf8_strlen (json_node_get_string (node), -1) <= 500)
        move->close_reason = json_node_get_string (node);
      else if (g_str_equal (member, "close_reason") && JSON_NODE_HOLDS_NULL (node))
        continue;
      else
        {
          if (g_str_equal (member, "probability"))
            crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("probability must be a whole number from 0 to 100"));
          else if (g_str_equal (member, "close_reason"))
            crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("close_reason must be a text of at most 500 characters"));
          else if (g_str_equal (member, "stage_id") || g_str_equal (member, "version"))
            crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("%s must be a positive integer"), member);
          else
            crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                       _("A stage move takes only stage_id, version, close_reason and probability"));
          return FALSE;
        }
    }
  if (move->stage_id == 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "stage_id", _("Say which stage: stage_id"));
      return FALSE;
    }
  return TRUE;
}

/* POST /opportunities/:id/stage {"stage_id", "version"?, "close_reason"?,
 * "probability"?}: 200 {"opportunity"} once moved; 202 {"opportunity",
 * "approval"} while the stage's approval workflow decides, the opportunity
 * still in its stage with the new one as pending_stage_id */
RAPPORTD_HANDLER (rapportd_api_opportunities_stage)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autofree char *json = NULL;
  RapportdStageMove move;
  gint64 approval_id = 0;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL ||
      !parse_move (request, body, &move, error) ||
      (stored = rapportd_opportunity_move (db, &request->actor, id, &move, &approval_id, error)) == NULL)
    return FALSE;
  json = crm_json_entity_to_string (stored);
  if (approval_id > 0)
    rapportd_request_take_body (request, 202, g_strdup_printf ("{\"opportunity\":%s,\"approval\":{\"id\":%" G_GINT64_FORMAT
                                                               ",\"state\":\"pending\"}}", json, approval_id));
  else
    rapportd_request_take_body (request, 200, g_strdup_printf ("{\"opportunity\":%s}", json));
  return TRUE;
}

/* POST /opportunities/:id/quote {"version"?}: 201 {"quote"}, a draft for
 * the opportunity; a stale version is refused */
RAPPORTD_HANDLER (rapportd_api_opportunities_quote)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) quote = NULL;
  g_autofree char *json = NULL;
  gint64 version = -1;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  if (request->body != NULL && g_bytes_get_size (request->body) > 0)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      if ((body = rapportd_request_body_object (request, error)) == NULL)
        return FALSE;
      json_object_iter_init (&iter, body);
      while (json_object_iter_next (&iter, &member, &node))
        {
          if (!g_str_equal (member, "version") || !JSON_NODE_HOLDS_VALUE (node) ||
              json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) <= 0)
            {
              crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("Creating a quote takes only the opportunity’s version"));
              return FALSE;
            }
          version = json_node_get_int (node);
        }
    }
  if ((quote = rapportd_opportunity_create_quote (db, &request->actor, id, version, error)) == NULL)
    return FALSE;
  json = crm_json_entity_to_string (quote);
  rapportd_request_take_body (request, 201, g_strdup_printf ("{\"quote\":%s}", json));
  return TRUE;
}

/* GET /opportunities/:id/stage-history: {"items":[{"stage_id", "stage_name",
 * "entered_at", "left_at", "entered_by", "seconds"}]}, oldest first; a stay
 * not ended counts its seconds until now */
RAPPORTD_HANDLER (rapportd_api_opportunities_history)
{
  g_autoptr(CrmEntity) opportunity = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT h.stage_id, s.name, h.entered_at, h.left_at, h.entered_by, "
                                                 "TIMESTAMPDIFF(SECOND, h.entered_at, COALESCE(h.left_at, UTC_TIMESTAMP(6))) "
                                                 "FROM opportunity_stage_history h JOIN pipeline_stages s ON s.id = h.stage_id "
                                                 "WHERE h.opportunity_id = ? ORDER BY h.id");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (opportunity = rapportd_repo_get (db, &request->actor, CRM_TYPE_OPPORTUNITY, id, FALSE, error)) == NULL)
    return FALSE;
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint row = 0; row < result->n_rows; row++)
    {
      const char *left = rapportd_db_result_get (result, row, 3);
      const char *by = rapportd_db_result_get (result, row, 4);
      gint64 entered_at = 0, left_at = 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "stage_id");
      json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (result, row, 0), NULL, 10));
      json_builder_set_member_name (builder, "stage_name");
      json_builder_add_string_value (builder, rapportd_db_result_get (result, row, 1));
      json_builder_set_member_name (builder, "entered_at");
      if (rapportd_sql_parse_time (rapportd_db_result_get (result, row, 2), &entered_at))
        {
          g_autofree char *text = crm_json_format_timestamp (entered_at);
          json_builder_add_string_value (builder, text);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "left_at");
      if (left != NULL && rapportd_sql_parse_time (left, &left_at))
        {
          g_autofree char *text = crm_json_format_timestamp (left_at);
          json_builder_add_string_value (builder, text);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "entered_by");
      if (by != NULL)
        json_builder_add_int_value (builder, g_ascii_strtoll (by, NULL, 10));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (result, row, 5), NULL, 10));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
