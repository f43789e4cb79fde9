/* rapportd-search-index.h: the substring search index: its upkeep with every write, and its queries */
#pragma once

#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

/* a count reads at most this many rows before it estimates */
#define RAPPORTD_SEARCH_CAP 10000
/* the search index drives a query when it has at most this many candidates;
 * an estimate samples this many */
#define RAPPORTD_SEARCH_CANDIDATES 2000

gboolean  rapportd_search_class_is_indexed (CrmEntityClass *klass);
gboolean  rapportd_search_index_add_many   (RapportdDb     *db,
                                           GPtrArray      *records,
                                           GError        **error);
gint      rapportd_search_entity_id        (RapportdDb     *db,
                                            CrmEntityClass *klass,
                                            GError        **error);
gboolean  rapportd_search_index_replace    (RapportdDb     *db,
                                            CrmEntity      *before,
                                            CrmEntity      *after,
                                            GError        **error);
gboolean  rapportd_search_index_backfill   (RapportdDb     *db,
                                            guint64        *n_indexed,
                                            GError        **error);
gboolean  rapportd_search_index_rebuild    (RapportdDb     *db,
                                            guint64        *n_indexed,
                                            GError        **error);

typedef struct
{
  /* the term as the index sees it */
  char      *normalized;
  /* the digits looked for in phone fields when the term is a phone number
   * (crm_search_text_phone_term()), else NULL */
  char      *phone;
  /* the phone fields (const CrmFieldSpec *) whose digits the table keeps
   * in a column of their own, <column>_digits */
  GHashTable *digits_kept;
  /* the rarest of a few of its grams, rarest first */
  GArray    *grams;
  /* a term of two ASCII letters or digits: its pair, then the triples it
   * begins, any of which finds it (crm_search_text_pair_grams()); else NULL */
  GArray    *pair_grams;
  gint       entity;
  /* the candidates are few enough to drive the query */
  gboolean   use_index;
} RapportdSearchPlan;

gboolean  rapportd_search_plan             (RapportdDb         *db,
                                            CrmEntityClass     *klass,
                                            const char         *q,
                                            RapportdSearchPlan *plan,
                                            GError            **error);
gboolean  rapportd_search_plan_many        (RapportdDb          *db,
                                            CrmEntityClass      *klass,
                                            const char * const  *terms,
                                            guint                n_terms,
                                            RapportdSearchPlan  *plans,
                                            GError             **error);
void      rapportd_search_plan_clear       (RapportdSearchPlan *plan);
void      rapportd_search_append_candidates (RapportdSql        *sql,
                                             RapportdSearchPlan *plan,
                                             guint               limit);
void      rapportd_search_append_from      (RapportdSql        *sql,
                                            CrmEntityClass     *klass,
                                            RapportdSearchPlan *plan);
void      rapportd_search_append_sample_from (RapportdSql        *sql,
                                              CrmEntityClass     *klass,
                                              RapportdSearchPlan *plan);
gint64    rapportd_search_estimate_postings  (RapportdDb         *db,
                                              RapportdSearchPlan *plan,
                                              GError            **error);
void      rapportd_search_append_match     (RapportdSql        *sql,
                                            CrmEntityClass     *klass,
                                            const char         *q,
                                            RapportdSearchPlan *plan);

G_END_DECLS
