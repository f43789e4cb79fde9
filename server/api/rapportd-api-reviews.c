/* rapportd-api-reviews.c: supervisor review (批复): an activity's comments, marking it reviewed, what awaits one's review */
#include "rapportd-api.h"
#include "rapportd-api-signer.h"
#include "rapportd-reviews.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

#define PENDING_LIMIT 50
#define PENDING_MAX_LIMIT 200

/* POST /activities/:id/comments, /weekly-reports/:id/comments {"text"}: 201 the comment */
RAPPORTD_HANDLER (rapportd_api_reviews_comment)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *comment = NULL;
  const char *text;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  text = json_object_get_string_member_with_default (body, "text", NULL);
  if ((comment = rapportd_reviews_add_comment (db, &request->actor, request->segments[0], id, text, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 201, g_steal_pointer (&comment));
  return TRUE;
}

/* GET /activities/:id/comments, /weekly-reports/:id/comments: {"items": the
 * thread, oldest first} */
RAPPORTD_HANDLER (rapportd_api_reviews_comments)
{
  g_autofree char *thread = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (thread = rapportd_reviews_comments (db, &request->actor, request->segments[0], id, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, g_steal_pointer (&thread));
  return TRUE;
}

/* PATCH or DELETE /activities/:id/comments/:comment (or a weekly
 * report's): 423, a comment, once
 * posted, is part of the record's history */
RAPPORTD_HANDLER (rapportd_api_reviews_comment_fixed)
{
  g_set_error (error, CRM_ERROR, CRM_ERROR_LOCKED,
               _("A comment is part of the record’s history: it cannot be changed or removed; post another"));
  return FALSE;
}

/* POST /activities/:id/reviewed, /weekly-reports/:id/reviewed [{"password", "login"}]: 200 {"entity",
 * "record_id", "reviewer_id", "reviewed_at"[, "signature_id", "meaning"]};
 * where the company setting makes the review of the activity's kind an
 * electronic signature, the password signs it as approvals are signed */
RAPPORTD_HANDLER (rapportd_api_reviews_mark)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *mark = NULL;
  gboolean needed = FALSE;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  if (request->body != NULL && g_bytes_get_size (request->body) > 0 &&
      (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  if (!rapportd_reviews_needs_signature (db, &request->actor, request->segments[0], id, &needed, error) ||
      (needed && !rapportd_api_signer_check (request, db, settings, body, error)))
    return FALSE;
  if ((mark = rapportd_reviews_mark (db, &request->actor, request->segments[0], id, needed, error)) == NULL ||
      (needed && !rapportd_api_signer_mark_signed (db, request->token, error)))
    return FALSE;
  rapportd_request_take_body (request, 200, g_steal_pointer (&mark));
  return TRUE;
}

/* POST /reviews/mark-all {"until": TIME}: everything recorded up to then
 * (now at the latest) is reviewed; answers {"until": the time marked} */
RAPPORTD_HANDLER (rapportd_api_reviews_mark_all)
{
  g_autoptr(JsonObject) body = NULL;
  const char *until_text;
  g_autofree char *marked_text = NULL;
  gint64 until;
  gint64 marked;

  if ((body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  until_text = json_object_get_string_member_with_default (body, "until", NULL);
  if (until_text == NULL || !crm_json_parse_timestamp (until_text, &until))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "until",
                                 _("until must be a time such as 2026-12-01T18:00:00Z"));
      return FALSE;
    }
  if (!rapportd_reviews_mark_all (db, &request->actor, until, &marked, error))
    return FALSE;
  marked_text = crm_json_format_timestamp (marked);
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"until\":\"%s\"}", marked_text));
  return TRUE;
}

/* GET /reviews/pending[?limit=N][&after=CURSOR]: {"items": activities and
 * weekly reports, each with its "entity", "next"} */
RAPPORTD_HANDLER (rapportd_api_reviews_pending)
{
  const char *limit_text = rapportd_request_query (request, "limit");
  const char *after = rapportd_request_query (request, "after");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *next = NULL;
  guint64 limit = PENDING_LIMIT;

  if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, PENDING_MAX_LIMIT, &limit, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "limit",
                                 _("limit must be a number from 1 to %d"), PENDING_MAX_LIMIT);
      return FALSE;
    }
  if ((items = rapportd_reviews_pending (db, &request->actor, after, (guint) limit, &next, error)) == NULL)
    return FALSE;
  out = g_string_new ("{\"items\":[");
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(GString) record = g_string_new (NULL);

      /* each record named by its entity: {"entity":"weekly_report", ...its fields} */
      crm_json_append_entity (record, items->pdata[i], FALSE);
      g_string_append_printf (out, "%s{\"entity\":\"%s\"%s%s", i > 0 ? "," : "",
                              crm_entity_get_entity_name (items->pdata[i]), record->len > 2 ? "," : "",
                              record->str + 1);
    }
  if (next != NULL)
    g_string_append_printf (out, "],\"next\":\"%s\"}", next);
  else
    g_string_append (out, "],\"next\":null}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}
