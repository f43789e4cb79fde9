/* rapportd-api-kb.c: knowledge-base articles' publishing, versions and suggestions */
#include "rapportd-api-kb.h"
#include "rapportd-approvals.h"
#include "rapportd-kb-articles.h"
#include "rapportd-kb-publish.h"
#include "rapportd-kb-suggest.h"
#include "rapportd-repo-rules.h"
#include "crm-case.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-kb-article.h"

#include <glib/gi18n-lib.h>

/* the longest subject suggestions are looked for with, in characters */
#define MAX_SUBJECT_CHARS 1000

/**
 * rapportd_api_kb_append_record:
 * @db: a connection
 * @out: where to append
 * @record: a record as read
 * @error: return location for a #GError
 *
 * Appends the record's JSON as the API shows it anywhere else.
 */
gboolean
rapportd_api_kb_append_record (RapportdDb   *db,
                               GString      *out,
                               CrmEntity    *record,
                               GError      **error)
{
  g_autoptr(GHashTable) cache = NULL;

  return rapportd_repo_rules_append_json (db, out, record, &cache, error);
}

/* the article of the path, locked, if the version the client says it saw is its own */
static CrmEntity *
article_for_update (RapportdRequest  *request,
                    RapportdDb       *db,
                    GError          **error)
{
  g_autoptr(CrmEntity) article = NULL;
  g_autoptr(JsonObject) body = NULL;
  gint64 id;

  if (!rapportd_kb_articles_check_writer (&request->actor, error) ||
      !rapportd_request_segment_id (request, 1, &id, error))
    return NULL;
  if (request->body != NULL && g_bytes_get_size (request->body) > 0 &&
      (body = rapportd_request_body_object (request, error)) == NULL)
    return NULL;
  if ((article = rapportd_repo_get (db, &request->actor, CRM_TYPE_KB_ARTICLE, id, TRUE, error)) == NULL)
    return NULL;
  if (body != NULL && json_object_has_member (body, "version") &&
      json_object_get_int_member_with_default (body, "version", -1) != crm_entity_get_version (article))
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version",
                                 _("This article was changed since you read it; reload it and try again"));
      return NULL;
    }
  return g_steal_pointer (&article);
}

/* POST /kb-articles/:id/submit: a draft goes to its approval, and is
 * published once approved (at once when no approval step applies) */
RAPPORTD_HANDLER (rapportd_api_kb_submit)
{
  g_autoptr(CrmEntity) article = article_for_update (request, db, error);
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_KB_ARTICLE);
  g_autoptr(CrmEntity) pending = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 approval_id = 0;

  if (article == NULL)
    return FALSE;
  if (g_strcmp0 (crm_entity_get_text (article, "status"), "draft") != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("Only a draft is submitted for publishing"));
      return FALSE;
    }
  crm_entity_set_version (patch, crm_entity_get_version (article));
  crm_entity_set_text (patch, "status", "pending_approval");
  if ((pending = rapportd_repo_update_as_server (db, &request->actor, crm_entity_get_id (article), patch, error)) == NULL ||
      !rapportd_approvals_submit (db, &request->actor, rapportd_approvals_gate ("kb_article", "publish"), pending,
                                  &approval_id, error) ||
      (stored = rapportd_repo_get (db, &request->actor, CRM_TYPE_KB_ARTICLE, crm_entity_get_id (article), FALSE, error)) == NULL ||
      !rapportd_api_kb_append_record (db, out, stored, error))
    return FALSE;
  /* the article, and the approval it now waits for (or null) */
  g_string_truncate (out, out->len - 1);
  if (approval_id > 0)
    g_string_append_printf (out, ",\"approval_id\":%" G_GINT64_FORMAT "}", approval_id);
  else
    g_string_append (out, ",\"approval_id\":null}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

/* POST /kb-articles/:id/draft: the draft of a published article's next
 * version, made now (201) or the one already open (200) */
RAPPORTD_HANDLER (rapportd_api_kb_draft)
{
  g_autoptr(CrmEntity) draft = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean created = FALSE;
  gint64 id;

  if (!rapportd_kb_articles_check_writer (&request->actor, error) ||
      !rapportd_request_segment_id (request, 1, &id, error) ||
      (draft = rapportd_kb_articles_open_draft (db, &request->actor, id, &created, error)) == NULL ||
      !rapportd_api_kb_append_record (db, out, draft, error))
    return FALSE;
  rapportd_request_take_body (request, created ? 201 : 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

/* GET /kb-articles/:id/versions and /kb-articles/:id/versions/N: the
 * versions published, newest first, and one of them with its body */
RAPPORTD_HANDLER (rapportd_api_kb_versions)
{
  g_autofree char *json = NULL;
  guint64 number = 0;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_kb_articles_check_readable (db, &request->actor, id, error))
    return FALSE;
  if (request->segments[3] != NULL &&
      !g_ascii_string_to_unsigned (request->segments[3], 10, 1, G_MAXINT32, &number, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No version “%s” of this article"), request->segments[3]);
      return FALSE;
    }
  if ((json = rapportd_kb_publish_versions (db, id, (gint) number, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, g_steal_pointer (&json));
  return TRUE;
}

/* the subject of the query, or of the case it names */
static char *
suggest_subject (RapportdRequest  *request,
                 RapportdDb       *db,
                 GError          **error)
{
  const char *subject = rapportd_request_query (request, "subject");
  const char *case_text = rapportd_request_query (request, "case_id");
  g_autoptr(CrmEntity) record = NULL;
  guint64 case_id = 0;

  if (case_text != NULL && !g_ascii_string_to_unsigned (case_text, 10, 1, G_MAXINT64, &case_id, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "case_id", _("case_id: the id of a case"));
      return NULL;
    }
  if (case_id > 0 && (record = rapportd_repo_get (db, &request->actor, CRM_TYPE_CASE, (gint64) case_id, FALSE, error)) == NULL)
    return NULL;
  if ((subject == NULL || *subject == '\0') && record != NULL)
    subject = crm_entity_get_text (record, "subject");
  if (subject == NULL || *subject == '\0' || !g_utf8_validate (subject, -1, NULL) ||
      g_utf8_strlen (subject, -1) > MAX_SUBJECT_CHARS)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "subject",
                                 _("subject: the text to find articles for, up to %d characters, or a case_id"),
                                 MAX_SUBJECT_CHARS);
      return NULL;
    }
  return g_strdup (subject);
}

/* those of @ids the case of @case_text links to: one statement */
static GHashTable *
linked_articles (RapportdDb  *db,
                 const char  *case_text,
                 GArray      *ids,
                 GError     **error)
{
  g_autoptr(GHashTable) linked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;

  if (case_text == NULL || ids->len == 0)
    return g_steal_pointer (&linked);
  sql = rapportd_sql_new ("SELECT article_id FROM kb_article_cases WHERE case_id = ? AND article_id IN (");
  rapportd_sql_add_int (sql, g_ascii_strtoll (case_text, NULL, 10));
  for (guint i = 0; i < ids->len; i++)
    {
      rapportd_sql_append (sql, i ? ", ?" : "?");
      rapportd_sql_add_int (sql, g_array_index (ids, gint64, i));
    }
  rapportd_sql_append (sql, ")");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);

      g_hash_table_add (linked, g_memdup2 (&id, sizeof id));
    }
  return g_steal_pointer (&linked);
}

/* one suggestion as the answer gives it */
static gboolean
append_suggestion (RapportdDb                  *db,
                   GString                     *out,
                   CrmEntity                   *article,
                   const RapportdKbSuggestion  *suggestion,
                   gboolean                     linked,
                   GError                     **error)
{
  g_autoptr(JsonNode) matched = NULL;
  g_autofree char *matched_json = NULL;

  g_string_append (out, "{\"article\":");
  if (!rapportd_api_kb_append_record (db, out, article, error))
    return FALSE;
  /* the node takes the array's one reference */
  matched = json_node_alloc ();
  json_node_take_array (json_node_init (matched, JSON_NODE_ARRAY), json_array_new ());
  for (guint m = 0; m < suggestion->matched->len; m++)
    json_array_add_string_element (json_node_get_array (matched), suggestion->matched->pdata[m]);
  matched_json = crm_json_to_string (matched);
  g_string_append_printf (out, ",\"score\":%u,\"linked\":%s,\"matched\":%s}", suggestion->score,
                          linked ? "true" : "false", matched_json);
  return TRUE;
}

/* GET /kb-articles/suggest?subject=TEXT[&case_id=N][&limit=5][&visibility=customer] */
RAPPORTD_HANDLER (rapportd_api_kb_suggest)
{
  g_autofree char *subject = suggest_subject (request, db, error);
  const char *limit_text = rapportd_request_query (request, "limit");
  const char *visibility = rapportd_request_query (request, "visibility");
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) articles = NULL;
  g_autoptr(GHashTable) linked = NULL;
  g_autoptr(GString) out = g_string_new ("{\"items\":[");
  guint64 limit = 5;
  guint n = 0;

  if (subject == NULL)
    return FALSE;
  if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, RAPPORTD_KB_SUGGEST_MAX, &limit, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "limit", _("limit: 1 to %d"), RAPPORTD_KB_SUGGEST_MAX);
      return FALSE;
    }
  if (visibility != NULL && g_strcmp0 (visibility, "customer") != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "visibility",
                                 _("visibility: customer, for articles customers may be shown"));
      return FALSE;
    }
  if ((suggestions = rapportd_kb_suggest (db, subject, visibility != NULL, (guint) limit, error)) == NULL)
    return FALSE;
  /* the articles the caller may read, and those the case links to: a statement each */
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), suggestions->len);
  for (guint i = 0; i < suggestions->len; i++)
    g_array_append_val (ids, ((RapportdKbSuggestion *) suggestions->pdata[i])->id);
  if (ids->len > 0 &&
      (articles = rapportd_repo_get_visible_by_ids (db, &request->actor, CRM_TYPE_KB_ARTICLE, ids, error)) == NULL)
    return FALSE;
  if ((linked = linked_articles (db, rapportd_request_query (request, "case_id"), ids, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < suggestions->len; i++)
    {
      RapportdKbSuggestion *suggestion = suggestions->pdata[i];
      CrmEntity *article = articles != NULL ? g_hash_table_lookup (articles, &suggestion->id) : NULL;

      if (article == NULL)
        continue;
      if (n++)
        g_string_append_c (out, ',');
      if (!append_suggestion (db, out, article, suggestion, g_hash_table_contains (linked, &suggestion->id), error))
        return FALSE;
    }
  g_string_append (out, "]}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}
