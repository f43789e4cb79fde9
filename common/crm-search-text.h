/* crm-search-text.h: the search index's text rules: normalisation, grams and pinyin keys */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* raised whenever the rules below change so that postings written before
 * no longer answer the queries, so that indexes are rebuilt (leaving out
 * the ASCII pairs inside runs did not: older postings only hold more) */
#define CRM_SEARCH_TEXT_VERSION 1

char    *crm_search_text_normalize   (const char *text);
void     crm_search_text_add_grams   (const char *normalized,
                                      GHashTable *grams);
GArray  *crm_search_text_query_grams (const char *normalized);
GArray  *crm_search_text_pair_grams  (const char *normalized);
char    *crm_search_text_pinyin      (const char *normalized);
guint32  crm_search_text_gram_hash   (const char *gram,
                                      gsize       length);
char    *crm_search_text_phone_term  (const char *term);

G_END_DECLS
