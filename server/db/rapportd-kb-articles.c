/* rapportd-kb-articles.c: knowledge-base articles on write: their rules, new drafts of published articles */
#include "rapportd-kb-articles.h"
#include "rapportd-repo.h"
#include "rapportd-tree.h"
#include "crm-error.h"
#include "crm-kb-article.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* the text a new version changes: the fields flagged CRM_FIELD_FROZEN,
 * which keep their values while the article is published */
static gboolean
field_changed (CrmEntity  *before,
               CrmEntity  *after,
               guint       field)
{
  const CrmValue *a = crm_entity_value (before, field);
  const CrmValue *b = crm_entity_value (after, field);

  if (a->is_null != b->is_null)
    return TRUE;
  if (a->is_null)
    return FALSE;
  if (CRM_ENTITY_GET_CLASS (after)->fields[field].type == CRM_FIELD_REFERENCE)
    return a->i != b->i;
  return g_strcmp0 (a->s, b->s) != 0;
}

/* "zh_CN", "en", "en_GB", "pt-BR" */
static gboolean
language_is_valid (const char *language)
{
  return g_regex_match_simple ("^[a-z]{2,3}([_-][A-Za-z]{2,4})?$", language, 0, 0);
}

static gboolean
article_prepare (RapportdDb           *db,
                 const RapportdActor  *actor,
                 CrmEntity            *before,
                 CrmEntity            *after,
                 gboolean              as_server,
                 GError              **error)
{
  int owner = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (after), "owner");
  const char *body = crm_entity_get_text (after, "body");
  const char *language = crm_entity_get_text (after, "language");

  if (body != NULL && strlen (body) > CRM_KB_ARTICLE_MAX_BODY_BYTES)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "body",
                                 _("The body may hold at most %d KiB of text"), CRM_KB_ARTICLE_MAX_BODY_BYTES / 1024);
      return FALSE;
    }
  if (language != NULL && !language_is_valid (language))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "language",
                                 _("A language is written like zh_CN or en"));
      return FALSE;
    }
  if (before == NULL)
    {
      /* its writer keeps it unless another is named */
      if (!crm_entity_value (after, owner)->set && actor->user_id > 0)
        crm_entity_set_int (after, "owner", actor->user_id);
      return TRUE;
    }
  if (as_server)
    return TRUE;
  /* the published text stays what readers see until its next version is approved */
  for (guint i = 0; i < CRM_ENTITY_GET_CLASS (after)->n_fields; i++)
    if (crm_entity_field_is_frozen (before, i) && field_changed (before, after, i))
      {
        g_set_error (error, CRM_ERROR, CRM_ERROR_LOCKED,
                     _("A published article is changed through a new version: make a draft of it, then submit it"));
        return FALSE;
      }
  return TRUE;
}

const RapportdRepoRules rapportd_kb_article_rules = {
  "kb_article", article_prepare, NULL,
};

static gboolean
category_prepare (RapportdDb           *db,
                  const RapportdActor  *actor,
                  CrmEntity            *before,
                  CrmEntity            *after,
                  gboolean              as_server,
                  GError              **error)
{
  return rapportd_tree_check_parent (db, before, after, error);
}

const RapportdRepoRules rapportd_kb_category_rules = {
  "kb_category", category_prepare, NULL,
};

/**
 * rapportd_kb_articles_check_writer:
 * @actor: who asks
 * @error: return location for a #GError
 *
 * Refuses (403) a role that does not write articles before any is read,
 * as the generic writes do.
 *
 * Returns: whether @actor's role writes articles
 */
gboolean
rapportd_kb_articles_check_writer (const RapportdActor  *actor,
                                   GError              **error)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_KB_ARTICLE);

  g_return_val_if_fail (actor != NULL, FALSE);

  if (rapportd_actor_is_read_only (actor) || (actor->scopes != NULL && !crm_entity_class_may_write (klass, actor->role)))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role may read but not change this kind of record (%s)"), noun);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_kb_articles_check_readable:
 * @db: a connection
 * @actor: who asks
 * @article_id: an article
 * @error: return location for a #GError
 *
 * Returns: whether @actor may read the article (404 otherwise, as for any record)
 */
gboolean
rapportd_kb_articles_check_readable (RapportdDb           *db,
                                     const RapportdActor  *actor,
                                     gint64                article_id,
                                     GError              **error)
{
  g_autoptr(CrmEntity) article = rapportd_repo_get (db, actor, CRM_TYPE_KB_ARTICLE, article_id, FALSE, error);

  return article != NULL;
}

/* the open draft of a new version of @article_id, if there is one */
static gint64
find_open_draft (RapportdDb  *db,
                 gint64       article_id,
                 GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM `kb-articles` WHERE draft_of = ? AND archived = 0 "
                                                 "AND status IN ('draft', 'pending_approval') ORDER BY id LIMIT 1");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, article_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return -1;
  return result->n_rows == 1 ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) : 0;
}

/**
 * rapportd_kb_articles_open_draft:
 * @db: a connection inside the request's transaction
 * @actor: who edits
 * @article_id: a published article
 * @created: (out): whether the draft was made now
 * @error: return location for a #GError
 *
 * The draft of the article's next version: the one already open, or a new
 * one holding the published text, owned by @actor, whose draft_of names
 * the article. The article itself stays published and unchanged until the
 * draft is approved (rapportd_kb_publish_decided()).
 *
 * Returns: (transfer full): the draft, or %NULL with @error set
 */
CrmEntity *
rapportd_kb_articles_open_draft (RapportdDb           *db,
                                 const RapportdActor  *actor,
                                 gint64                article_id,
                                 gboolean             *created,
                                 GError              **error)
{
  g_autoptr(CrmEntity) article = NULL;
  g_autoptr(CrmEntity) draft = NULL;
  gint64 open;

  g_return_val_if_fail (db != NULL && actor != NULL, NULL);

  *created = FALSE;
  if ((article = rapportd_repo_get (db, actor, CRM_TYPE_KB_ARTICLE, article_id, TRUE, error)) == NULL)
    return NULL;
  if (g_strcmp0 (crm_entity_get_text (article, "status"), "published") != 0 ||
      crm_entity_has_value (article, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (article), "draft_of")))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                   _("Only a published article gets a new version; a draft is changed as it is"));
      return NULL;
    }
  if ((open = find_open_draft (db, article_id, error)) < 0)
    return NULL;
  if (open > 0)
    return rapportd_repo_get (db, actor, CRM_TYPE_KB_ARTICLE, open, FALSE, error);

  draft = crm_entity_new (CRM_TYPE_KB_ARTICLE);
  for (guint field = 0; field < CRM_ENTITY_GET_CLASS (draft)->n_fields; field++)
    {
      const CrmValue *value = crm_entity_value (article, field);
      CrmValue *copy = crm_entity_value (draft, field);

      if ((CRM_ENTITY_GET_CLASS (draft)->fields[field].flags & CRM_FIELD_FROZEN) == 0)
        continue;
      copy->set = value->set;
      copy->is_null = value->is_null;
      copy->i = value->i;
      copy->s = g_strdup (value->s);
    }
  crm_entity_set_int (draft, "draft_of", article_id);
  crm_entity_set_int (draft, "published_version", crm_entity_get_int (article, "published_version"));
  crm_entity_set_int (draft, "owner", actor->user_id);
  *created = TRUE;
  return rapportd_repo_create (db, actor, draft, error);
}
