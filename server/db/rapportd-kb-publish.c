/* rapportd-kb-publish.c: publishing knowledge-base articles once approved, and their published versions */
#include "rapportd-kb-publish.h"
#include "rapportd-repo.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-kb-article.h"

#include <glib/gi18n-lib.h>

/* the columns a published version keeps, as the article holds them */
#define VERSION_COLUMNS "title, summary, keywords, body, category_id, visibility, language"

/* the approval that decided, to keep beside the version it published */
static gboolean
keep_version (RapportdDb           *db,
              const RapportdActor  *actor,
              gint64                article_id,
              gint64                number,
              gint64                decided_id,
              GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO kb_article_versions (article_id, number, " VERSION_COLUMNS
                                                 ", published_at, published_by, approval_id) SELECT id, ?, " VERSION_COLUMNS
                                                 ", published_at, ?, (SELECT MAX(p.id) FROM approvals p WHERE "
                                                 "p.entity = 'kb_article' AND p.record_id = ?) FROM `kb-articles` WHERE id = ?");

  rapportd_sql_add_int (sql, number);
  if (actor->user_id > 0)
    rapportd_sql_add_int (sql, actor->user_id);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_int (sql, decided_id);
  rapportd_sql_add_int (sql, article_id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

static CrmEntity *
publish (RapportdDb           *db,
         const RapportdActor  *actor,
         CrmEntity            *article,
         CrmEntity            *text,
         gint64                number,
         GError              **error)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_KB_ARTICLE);
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (patch);

  crm_entity_set_version (patch, crm_entity_get_version (article));
  /* the draft's text: the fields a published article keeps */
  if (text != article)
    for (guint field = 0; field < klass->n_fields; field++)
      {
        const CrmValue *value = crm_entity_value (text, field);
        CrmValue *copy = crm_entity_value (patch, field);

        if ((klass->fields[field].flags & CRM_FIELD_FROZEN) == 0)
          continue;
        copy->set = TRUE;
        copy->is_null = value->is_null || !value->set;
        copy->i = value->i;
        copy->s = g_strdup (value->s);
      }
  crm_entity_set_text (patch, "status", "published");
  crm_entity_set_int (patch, "published_version", number);
  crm_entity_set_int (patch, "published_at", g_get_real_time ());
  return rapportd_repo_update_as_server (db, actor, crm_entity_get_id (article), patch, error);
}

/**
 * rapportd_kb_publish_decided:
 * @db: a connection inside the transaction of the approval's decision
 * @actor: whose action decided it (the submitter when no approval applied)
 * @article: the article submitted, as stored, locked
 * @approved: whether it was approved
 * @error: return location for a #GError
 *
 * An approved article is published as its next version: a draft of a new
 * version (draft_of) gives its text to the article it names, which stays
 * the one readers open, and is archived; the version's text is kept in
 * kb_article_versions. A rejected or withdrawn one returns to draft.
 */
gboolean
rapportd_kb_publish_decided (RapportdDb           *db,
                             const RapportdActor  *actor,
                             CrmEntity            *article,
                             gboolean              approved,
                             GError              **error)
{
  int draft_of = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (article), "draft_of");
  g_autoptr(CrmEntity) target = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  gint64 number;

  g_return_val_if_fail (CRM_IS_KB_ARTICLE (article), FALSE);

  if (!approved)
    {
      g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_KB_ARTICLE);

      crm_entity_set_version (patch, crm_entity_get_version (article));
      crm_entity_set_text (patch, "status", "draft");
      stored = rapportd_repo_update_as_server (db, actor, crm_entity_get_id (article), patch, error);
      return stored != NULL;
    }
  if (!crm_entity_has_value (article, draft_of))
    {
      number = crm_entity_get_int (article, "published_version") + 1;
      return (stored = publish (db, actor, article, article, number, error)) != NULL &&
             keep_version (db, actor, crm_entity_get_id (article), number, crm_entity_get_id (article), error);
    }

  target = rapportd_repo_get (db, NULL, CRM_TYPE_KB_ARTICLE, crm_entity_value (article, draft_of)->i, TRUE, error);
  if (target == NULL)
    return FALSE;
  number = crm_entity_get_int (target, "published_version") + 1;
  if ((stored = publish (db, actor, target, article, number, error)) == NULL ||
      !keep_version (db, actor, crm_entity_get_id (target), number, crm_entity_get_id (article), error))
    return FALSE;
  g_clear_object (&stored);
  /* the draft has become the article's version: it is kept, archived */
  if ((stored = publish (db, actor, article, article, number, error)) == NULL)
    return FALSE;
  {
    g_autoptr(CrmEntity) archived = rapportd_repo_set_archived (db, actor, CRM_TYPE_KB_ARTICLE, crm_entity_get_id (stored),
                                                                crm_entity_get_version (stored), TRUE, error);
    return archived != NULL;
  }
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
}

/**
 * rapportd_kb_publish_versions:
 * @db: a connection
 * @article_id: an article the caller may read
 * @number: one version, or 0 for the list of them all (without their bodies)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the JSON of the version, or of {"items":[…]}
 *   newest first; %NULL with %CRM_ERROR_NOT_FOUND for a version never published
 */
char *
rapportd_kb_publish_versions (RapportdDb  *db,
                              gint64       article_id,
                              gint         number,
                              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT v.number, v.title, v.summary, v.keywords, v.category_id, v.visibility, "
                                                 "v.language, v.published_at, v.published_by, v.approval_id, v.body "
                                                 "FROM kb_article_versions v WHERE v.article_id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  rapportd_sql_add_int (sql, article_id);
  if (number > 0)
    {
      rapportd_sql_append (sql, " AND v.number = ?");
      rapportd_sql_add_int (sql, number);
    }
  rapportd_sql_append (sql, " ORDER BY v.number DESC");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (number > 0 && result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This article has no published version %d"), number);
      return NULL;
    }
  if (number == 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
    }
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autofree char *published_at = NULL;
      gint64 usec;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "article_id");
      json_builder_add_int_value (builder, article_id);
      add_int_member (builder, "number", rapportd_db_result_get (result, r, 0));
      add_member (builder, "title", rapportd_db_result_get (result, r, 1));
      add_member (builder, "summary", rapportd_db_result_get (result, r, 2));
      add_member (builder, "keywords", rapportd_db_result_get (result, r, 3));
      add_int_member (builder, "category_id", rapportd_db_result_get (result, r, 4));
      add_member (builder, "visibility", rapportd_db_result_get (result, r, 5));
      add_member (builder, "language", rapportd_db_result_get (result, r, 6));
      if (rapportd_sql_parse_time (rapportd_db_result_get (result, r, 7), &usec))
        published_at = crm_json_format_timestamp (usec);
      add_member (builder, "published_at", published_at);
      add_int_member (builder, "published_by", rapportd_db_result_get (result, r, 8));
      add_int_member (builder, "approval_id", rapportd_db_result_get (result, r, 9));
      if (number > 0)
        add_member (builder, "body", rapportd_db_result_get (result, r, 10));
      json_builder_end_object (builder);
    }
  if (number == 0)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  root = json_builder_get_root (builder);
  return crm_json_to_string (root);
}
