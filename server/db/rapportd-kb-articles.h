/* rapportd-kb-articles.h: knowledge-base articles on write: their rules, new drafts of published articles */
#pragma once

#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

extern const RapportdRepoRules rapportd_kb_article_rules;
extern const RapportdRepoRules rapportd_kb_category_rules;

CrmEntity *rapportd_kb_articles_open_draft (RapportdDb           *db,
                                            const RapportdActor  *actor,
                                            gint64                article_id,
                                            gboolean             *created,
                                            GError              **error);
gboolean   rapportd_kb_articles_check_writer (const RapportdActor  *actor,
                                              GError              **error);
gboolean   rapportd_kb_articles_check_readable (RapportdDb           *db,
                                                const RapportdActor  *actor,
                                                gint64                article_id,
                                                GError              **error);

/* the SQL condition an article must meet to be shown outside the staff
 * (customer-facing output: suggestions sent to customers, survey and mail
 * texts): published, customer-facing and not archived; for a table aliased
 * as @alias */
#define RAPPORTD_KB_CUSTOMER_WHERE(alias) \
  alias ".status = 'published' AND " alias ".visibility = 'customer' AND " alias ".archived = 0"

G_END_DECLS
