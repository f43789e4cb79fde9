/* crm-kb-article.h: CrmKbArticle, an article of the knowledge base, published through an approval */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_KB_ARTICLE (crm_kb_article_get_type ())

G_DECLARE_FINAL_TYPE (CrmKbArticle, crm_kb_article, CRM, KB_ARTICLE, CrmEntity)

/* the most bytes of UTF-8 an article's body holds */
#define CRM_KB_ARTICLE_MAX_BODY_BYTES (256 * 1024)

G_END_DECLS
