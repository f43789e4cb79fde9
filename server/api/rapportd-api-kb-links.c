/* rapportd-api-kb-links.c: knowledge-base articles linked to the cases they solved, and readers' "was this useful" */
#include "rapportd-api-kb.h"
#include "rapportd-audit.h"
#include "crm-case.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-kb-article.h"

#include <glib/gi18n-lib.h>

static gboolean
require_published (CrmEntity  *article,
                   GError    **error,
                   const char *message)
{
  if (g_strcmp0 (crm_entity_get_text (article, "status"), "published") == 0 && crm_entity_get_int (article, "published_version") > 0)
    return TRUE;
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_CONFLICT, message);
  return FALSE;
}

/* "useful": true or false, and nothing else */
static gboolean
read_vote (RapportdRequest  *request,
           gboolean         *useful,
           GError          **error)
{
  g_autoptr(JsonObject) body = rapportd_request_body_object (request, error);
  JsonNode *member;

  if (body == NULL)
    return FALSE;
  member = json_object_get_member (body, "useful");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "useful", _("useful: true or false"));
      return FALSE;
    }
  *useful = json_node_get_boolean (member);
  return TRUE;
}

/* the article's counts from every vote on any of its versions */
static gboolean
recount (RapportdDb  *db,
         gint64       article_id,
         gint64      *useful,
         gint64      *not_useful,
         GError     **error)
{
  g_autoptr(RapportdSql) update = rapportd_sql_new ("UPDATE `kb-articles` SET "
                                                    "useful_count = (SELECT COUNT(*) FROM kb_feedback WHERE article_id = ? AND useful = 1), "
                                                    "not_useful_count = (SELECT COUNT(*) FROM kb_feedback WHERE article_id = ? AND useful = 0) "
                                                    "WHERE id = ?");
  g_autoptr(RapportdSql) read = rapportd_sql_new ("SELECT useful_count, not_useful_count FROM `kb-articles` WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (update, article_id);
  rapportd_sql_add_int (update, article_id);
  rapportd_sql_add_int (update, article_id);
  rapportd_sql_add_int (read, article_id);
  if (!rapportd_db_execute (db, update, NULL, NULL, error) || (result = rapportd_db_query (db, read, error)) == NULL)
    return FALSE;
  *useful = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  *not_useful = g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10);
  return TRUE;
}

/* the user's vote on this version so far: 1, 0, or -1 for none */
static gint
previous_vote (RapportdDb  *db,
               gint64       article_id,
               gint64       number,
               gint64       user_id,
               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT useful FROM kb_feedback WHERE article_id = ? AND number = ? "
                                                 "AND user_id = ? FOR UPDATE");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, article_id);
  rapportd_sql_add_int (sql, number);
  rapportd_sql_add_int (sql, user_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return -2;
  return result->n_rows ? (gint) g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) : -1;
}

/* POST /kb-articles/:id/feedback {"useful": true|false}: one vote per user
 * and published version; voting again changes it */
RAPPORTD_HANDLER (rapportd_api_kb_feedback)
{
  g_autoptr(CrmEntity) article = NULL;
  g_autoptr(RapportdSql) vote = rapportd_sql_new ("INSERT INTO kb_feedback (article_id, number, user_id, useful, voted_at) "
                                                  "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE useful = VALUES(useful), "
                                                  "voted_at = VALUES(voted_at)");
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id, number, useful_count, not_useful_count;
  gboolean useful;
  gint previous;

  if (!rapportd_request_segment_id (request, 1, &id, error) || !read_vote (request, &useful, error) ||
      (article = rapportd_repo_get (db, &request->actor, CRM_TYPE_KB_ARTICLE, id, TRUE, error)) == NULL ||
      !require_published (article, error, _("Only a published article is rated")))
    return FALSE;
  number = crm_entity_get_int (article, "published_version");
  if ((previous = previous_vote (db, id, number, request->actor.user_id, error)) < -1)
    return FALSE;
  rapportd_sql_add_int (vote, id);
  rapportd_sql_add_int (vote, number);
  rapportd_sql_add_int (vote, request->actor.user_id);
  rapportd_sql_add_int (vote, useful ? 1 : 0);
  rapportd_sql_add_text (vote, now);
  if (!rapportd_db_execute (db, vote, NULL, NULL, error) || !recount (db, id, &useful_count, &not_useful_count, error))
    return FALSE;
  before = previous < 0 ? NULL : g_strdup_printf ("{\"published_version\":%" G_GINT64_FORMAT ",\"useful\":%s}", number,
                                                  previous ? "true" : "false");
  after = g_strdup_printf ("{\"published_version\":%" G_GINT64_FORMAT ",\"useful\":%s,\"useful_count\":%" G_GINT64_FORMAT
                           ",\"not_useful_count\":%" G_GINT64_FORMAT "}", number, useful ? "true" : "false",
                           useful_count, not_useful_count);
  if (!rapportd_audit_append (db, request->actor.user_id, "kb_article", id, "feedback", request->actor.reason,
                              before, after, error))
    return FALSE;
  rapportd_request_take_body (request, 200,
                              g_strdup_printf ("{\"article_id\":%" G_GINT64_FORMAT ",\"published_version\":%" G_GINT64_FORMAT
                                               ",\"useful\":%s,\"changed\":%s,\"useful_count\":%" G_GINT64_FORMAT
                                               ",\"not_useful_count\":%" G_GINT64_FORMAT "}", id, number,
                                               useful ? "true" : "false", previous >= 0 ? "true" : "false",
                                               useful_count, not_useful_count));
  return TRUE;
}

/* the records of @type by the ids the query selects, those the actor may read, as {"items":[…]} */
static gboolean
answer_readable (RapportdRequest  *request,
                 RapportdDb       *db,
                 GType             type,
                 RapportdSql      *ids,
                 GError          **error)
{
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, ids, error);
  g_autoptr(GString) out = g_string_new ("{\"items\":[");
  guint n = 0;

  if (result == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autoptr(GError) hidden = NULL;
      g_autoptr(CrmEntity) record = rapportd_repo_get_named (db, &request->actor, type,
                                                             g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10),
                                                             &hidden);

      if (record == NULL)
        {
          if (!g_error_matches (hidden, CRM_ERROR, CRM_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&hidden));
              return FALSE;
            }
          continue;
        }
      if (n++ > 0)
        g_string_append_c (out, ',');
      if (!rapportd_api_kb_append_record (db, out, record, error))
        return FALSE;
    }
  g_string_append (out, "]}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

/* GET /kb-articles/:id/cases: the cases the article solved, those one may read */
RAPPORTD_HANDLER (rapportd_api_kb_article_cases)
{
  g_autoptr(CrmEntity) article = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT case_id FROM kb_article_cases WHERE article_id = ? "
                                                 "ORDER BY created_at, case_id");
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (article = rapportd_repo_get (db, &request->actor, CRM_TYPE_KB_ARTICLE, id, FALSE, error)) == NULL)
    return FALSE;
  rapportd_sql_add_int (sql, id);
  return answer_readable (request, db, CRM_TYPE_CASE, sql, error);
}

/* GET /cases/:id/kb-articles: the articles linked to a case, those one may read */
RAPPORTD_HANDLER (rapportd_api_kb_case_articles)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT article_id FROM kb_article_cases WHERE case_id = ? "
                                                 "ORDER BY created_at, article_id");
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (record = rapportd_repo_get (db, &request->actor, CRM_TYPE_CASE, id, FALSE, error)) == NULL)
    return FALSE;
  rapportd_sql_add_int (sql, id);
  return answer_readable (request, db, CRM_TYPE_KB_ARTICLE, sql, error);
}

/* POST and DELETE /cases/:id/kb-articles/:article_id: one who may change
 * the case links a published article to it, or removes the link */
RAPPORTD_HANDLER (rapportd_api_kb_link)
{
  gboolean linking = g_str_equal (request->method, "POST");
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(CrmEntity) article = NULL;
  g_autoptr(RapportdSql) sql = NULL;
  g_autofree char *summary = NULL;
  gint64 case_id, article_id;
  guint64 affected = 0;

  if (!rapportd_request_segment_id (request, 1, &case_id, error) ||
      !rapportd_request_segment_id (request, 3, &article_id, error))
    return FALSE;
  if (rapportd_actor_is_read_only (&request->actor) ||
      (request->actor.scopes != NULL &&
       !crm_entity_class_may_write (g_type_class_peek (CRM_TYPE_CASE), request->actor.role)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role may read but not change this kind of record (%s)"),
                   "case");
      return FALSE;
    }
  if ((record = rapportd_repo_get (db, &request->actor, CRM_TYPE_CASE, case_id, TRUE, error)) == NULL ||
      (article = rapportd_repo_get (db, &request->actor, CRM_TYPE_KB_ARTICLE, article_id, FALSE, error)) == NULL)
    return FALSE;
  if (linking && !require_published (article, error, _("Only a published article is linked to a case")))
    return FALSE;
  if (linking)
    {
      g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());

      sql = rapportd_sql_new ("INSERT IGNORE INTO kb_article_cases (case_id, article_id, created_at, created_by) "
                              "VALUES (?, ?, ?, ?)");
      rapportd_sql_add_int (sql, case_id);
      rapportd_sql_add_int (sql, article_id);
      rapportd_sql_add_text (sql, now);
      rapportd_sql_add_int (sql, request->actor.user_id);
    }
  else
    {
      sql = rapportd_sql_new ("DELETE FROM kb_article_cases WHERE case_id = ? AND article_id = ?");
      rapportd_sql_add_int (sql, case_id);
      rapportd_sql_add_int (sql, article_id);
    }
  if (!rapportd_db_execute (db, sql, &affected, NULL, error))
    return FALSE;
  if (!linking && affected == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This article is not linked to this case"));
      return FALSE;
    }
  summary = g_strdup_printf ("{\"kb_article_id\":%" G_GINT64_FORMAT "}", article_id);
  if (affected > 0 &&
      !rapportd_audit_append (db, request->actor.user_id, "case", case_id, linking ? "kb_link" : "kb_unlink",
                              request->actor.reason, linking ? NULL : summary, linking ? summary : NULL, error))
    return FALSE;
  rapportd_request_take_body (request, linking && affected > 0 ? 201 : 200,
                              g_strdup_printf ("{\"case_id\":%" G_GINT64_FORMAT ",\"article_id\":%" G_GINT64_FORMAT
                                               ",\"linked\":%s}", case_id, article_id, linking ? "true" : "false"));
  return TRUE;
}
