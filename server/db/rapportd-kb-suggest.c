/* rapportd-kb-suggest.c: the published articles that answer a case's subject, ranked by the terms they share */
#include "rapportd-kb-suggest.h"
#include "rapportd-kb-articles.h"
#include "rapportd-search-index.h"
#include "crm-kb-article.h"
#include "crm-search-text.h"

#include <string.h>

/* the articles rechecked against every term, best first by the rarer terms */
#define MAX_RECHECKED 200

/* A term of the subject: a word of letters or digits, or a pair of
 * neighbouring Chinese characters (a subject in Chinese has no spaces, and
 * most words are two characters or hold such pairs). */
typedef struct
{
  char   *text;
  char   *normalized;
  /* the run of Chinese characters it comes from, and its place in it; -1: a word */
  gint    run;
  guint   position;
} Term;

static void
term_clear (Term *term)
{
  g_free (term->text);
  g_free (term->normalized);
}

/* words that say nothing about a subject */
static const char * const stop_words[] = {
  "the", "and", "for", "with", "not", "can", "cannot", "how", "what", "why", "when", "does", "doesn", "are",
  "was", "from", "this", "that", "you", "your", "our", "after", "before", "into", "has", "have", "will", "won",
  "please", "help", "issue", "problem", NULL
};

static void
add_term (GArray     *terms,
          const char *text,
          gsize       length,
          gint        run,
          guint       position)
{
  Term term = { g_strndup (text, length), NULL, run, position };
  g_autoptr(GArray) grams = NULL;

  term.normalized = crm_search_text_normalize (term.text);
  grams = crm_search_text_query_grams (term.normalized);
  if (grams->len == 0 || (run < 0 && (g_utf8_strlen (term.normalized, -1) < 3 ||
                                      g_strv_contains (stop_words, term.normalized))))
    {
      term_clear (&term);
      return;
    }
  for (guint i = 0; i < terms->len; i++)
    if (g_str_equal (g_array_index (terms, Term, i).normalized, term.normalized))
      {
        term_clear (&term);
        return;
      }
  g_array_append_val (terms, term);
}

static gboolean
is_han (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

/* the subject's words and the pairs of its runs of Chinese characters */
static GArray *
split_terms (const char *subject)
{
  GArray *terms = g_array_new (FALSE, TRUE, sizeof (Term));
  const char *p = subject;
  gint runs = 0;

  g_array_set_clear_func (terms, (GDestroyNotify) term_clear);
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *start = p;

      if (is_han (c))
        {
          guint position = 0;

          while (*p != '\0' && is_han (g_utf8_get_char (p)))
            {
              const char *next = g_utf8_next_char (p);

              if (*next != '\0' && is_han (g_utf8_get_char (next)))
                add_term (terms, p, g_utf8_next_char (next) - p, runs, position);
              else if (p == start)
                add_term (terms, p, next - p, runs, position);
              position++;
              p = next;
            }
          runs++;
        }
      else if (g_unichar_isalnum (c))
        {
          while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)) && !is_han (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          add_term (terms, start, p - start, -1, 0);
        }
      else
        p = g_utf8_next_char (p);
    }
  return terms;
}

/* each id of a result's column @column, one hit more */
static void
count_hits (RapportdDbResult *result,
            guint             column,
            GHashTable       *hits)
{
  for (guint r = 0; r < result->n_rows; r++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, r, column), NULL, 10);
      gpointer key = GSIZE_TO_POINTER ((gsize) id);

      g_hash_table_insert (hits, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (hits, key)) + 1));
    }
}

/* one statement: the ids of the articles holding each rare term's grams
 * (at most RAPPORTD_SEARCH_CANDIDATES a term), a hit for each term an
 * article holds. @any_rare: some article holds a rare term */
static gboolean
add_rare_candidates (RapportdDb          *db,
                     RapportdSearchPlan  *plans,
                     guint                n_plans,
                     GHashTable          *hits,
                     gboolean            *any_rare,
                     GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  guint n = 0;

  *any_rare = FALSE;
  for (guint p = 0; p < n_plans; p++)
    {
      if (!plans[p].use_index || plans[p].grams->len == 0)
        continue;
      rapportd_sql_appendf (sql, "%sSELECT c%u.search_hit FROM (", n ? " UNION ALL " : "", p);
      rapportd_search_append_candidates (sql, &plans[p], RAPPORTD_SEARCH_CANDIDATES);
      rapportd_sql_appendf (sql, ") AS c%u", p);
      n++;
    }
  if (n == 0)
    return TRUE;
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  /* a term no article holds is no evidence either way */
  *any_rare = result->n_rows > 0;
  count_hits (result, 0, hits);
  return TRUE;
}

/* no rare term held by any article: the first articles holding the rarest
 * gram of the first common term, one statement */
static gboolean
add_common_candidates (RapportdDb          *db,
                       RapportdSearchPlan  *plans,
                       guint                n_plans,
                       GHashTable          *hits,
                       GError             **error)
{
  for (guint p = 0; p < n_plans; p++)
    {
      g_autoptr(RapportdSql) sql = NULL;
      g_autoptr(RapportdDbResult) result = NULL;

      /* a rare term gave nothing already */
      if (plans[p].use_index || plans[p].grams->len == 0)
        continue;
      g_array_set_size (plans[p].grams, 1);
      sql = rapportd_sql_new (NULL);
      rapportd_search_append_candidates (sql, &plans[p], RAPPORTD_SEARCH_CANDIDATES);
      if ((result = rapportd_db_query (db, sql, error)) == NULL)
        return FALSE;
      count_hits (result, 0, hits);
      /* its rarest gram is common: some article holds it */
      return TRUE;
    }
  return TRUE;
}

/* the candidates' hits, from the subject's terms planned together */
static gboolean
find_candidates (RapportdDb   *db,
                 GArray       *terms,
                 GHashTable   *hits,
                 GError      **error)
{
  g_autofree const char **texts = g_new0 (const char *, terms->len + 1);
  g_autofree RapportdSearchPlan *plans = g_new0 (RapportdSearchPlan, terms->len);
  gboolean any_rare = FALSE;
  gboolean ok;

  for (guint i = 0; i < terms->len; i++)
    texts[i] = g_array_index (terms, Term, i).normalized;
  ok = rapportd_search_plan_many (db, g_type_class_peek (CRM_TYPE_KB_ARTICLE), texts, terms->len, plans, error) &&
       add_rare_candidates (db, plans, terms->len, hits, &any_rare, error) &&
       (any_rare || add_common_candidates (db, plans, terms->len, hits, error));
  for (guint i = 0; i < terms->len; i++)
    rapportd_search_plan_clear (&plans[i]);
  return ok;
}

typedef struct
{
  gint64 id;
  guint  hits;
} Candidate;

static gint
by_hits (gconstpointer a,
         gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->hits != y->hits)
    return x->hits > y->hits ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* the candidates with the most rare terms first, at most MAX_RECHECKED */
static GArray *
best_candidates (GHashTable *hits)
{
  GArray *candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, hits);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Candidate candidate = { (gint64) GPOINTER_TO_SIZE (key), GPOINTER_TO_UINT (value) };
      g_array_append_val (candidates, candidate);
    }
  g_array_sort (candidates, by_hits);
  if (candidates->len > MAX_RECHECKED)
    g_array_set_size (candidates, MAX_RECHECKED);
  return candidates;
}

void
rapportd_kb_suggestion_free (RapportdKbSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_clear_pointer (&suggestion->matched, g_ptr_array_unref);
  g_free (suggestion);
}

/* the terms found, the neighbouring pairs of one run joined: 打印 + 印机 → 打印机 */
static GPtrArray *
matched_words (GArray  *terms,
               guint8  *found)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = NULL;
  const Term *last = NULL;

  for (guint i = 0; i < terms->len; i++)
    {
      const Term *term = &g_array_index (terms, Term, i);

      if (!found[i])
        continue;
      if (word != NULL && last->run >= 0 && term->run == last->run && term->position == last->position + 1)
        g_string_append (word, g_utf8_offset_to_pointer (term->text, 1));
      else
        {
          if (word != NULL)
            g_ptr_array_add (words, g_string_free (word, FALSE));
          word = g_string_new (term->text);
        }
      last = term;
    }
  if (word != NULL)
    g_ptr_array_add (words, g_string_free (word, FALSE));
  return words;
}

static gint
by_score (gconstpointer a,
          gconstpointer b)
{
  const RapportdKbSuggestion *x = *(RapportdKbSuggestion **) a, *y = *(RapportdKbSuggestion **) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* each candidate's text against every term: the score is the terms it holds */
static GPtrArray *
recheck (RapportdDb  *db,
         GArray      *terms,
         GArray      *candidates,
         gboolean     customer_only,
         GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT a.id, a.title, a.summary, a.keywords, a.body FROM `kb-articles` a "
                                                 "WHERE a.status = 'published' AND a.archived = 0");
  g_autoptr(RapportdDbResult) result = NULL;
  GPtrArray *suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_kb_suggestion_free);

  if (customer_only)
    rapportd_sql_append (sql, " AND " RAPPORTD_KB_CUSTOMER_WHERE ("a"));
  rapportd_sql_append (sql, " AND a.id IN (");
  for (guint i = 0; i < candidates->len; i++)
    {
      rapportd_sql_append (sql, i ? ", ?" : "?");
      rapportd_sql_add_int (sql, g_array_index (candidates, Candidate, i).id);
    }
  rapportd_sql_append (sql, ")");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    {
      g_ptr_array_unref (suggestions);
      return NULL;
    }
  for (guint r = 0; r < result->n_rows; r++)
    {
      g_autofree guint8 *found = g_new0 (guint8, terms->len);
      char *texts[4] = { NULL };
      RapportdKbSuggestion *suggestion;
      guint score = 0;

      for (guint c = 0; c < 4; c++)
        texts[c] = rapportd_db_result_get (result, r, c + 1) ? crm_search_text_normalize (rapportd_db_result_get (result, r, c + 1)) : NULL;
      for (guint t = 0; t < terms->len; t++)
        for (guint c = 0; c < 4 && !found[t]; c++)
          if (texts[c] != NULL && strstr (texts[c], g_array_index (terms, Term, t).normalized) != NULL)
            found[t] = 1;
      for (guint t = 0; t < terms->len; t++)
        score += found[t];
      for (guint c = 0; c < 4; c++)
        g_free (texts[c]);
      if (score == 0)
        continue;
      suggestion = g_new0 (RapportdKbSuggestion, 1);
      suggestion->id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);
      suggestion->score = score;
      suggestion->matched = matched_words (terms, found);
      g_ptr_array_add (suggestions, suggestion);
    }
  g_ptr_array_sort (suggestions, by_score);
  return suggestions;
}

/**
 * rapportd_kb_suggest:
 * @db: a connection
 * @subject: a case's subject, in any language, with or without spaces
 * @customer_only: only articles that may be shown to customers
 * @limit: the most suggestions, 1 to %RAPPORTD_KB_SUGGEST_MAX
 * @error: return location for a #GError
 *
 * The published articles that hold most of the subject's terms (its
 * words, and the pairs of neighbouring characters of its Chinese), most
 * terms first, then the older article. Candidates come from the search
 * index: the articles holding each rare term (at most 2,000 a term), or,
 * when every term is common, the first 2,000 holding the rarest; the best
 * 200 of them are rechecked against every term. A fixed number of
 * statements, whatever the number of terms: the postings of the terms'
 * grams, whether common grams meet (when a term's are all common), the
 * rare terms' candidates, the first common term's when no rare term is
 * held, and the candidates' text.
 *
 * Returns: (transfer full) (element-type RapportdKbSuggestion): the suggestions
 */
GPtrArray *
rapportd_kb_suggest (RapportdDb   *db,
                     const char   *subject,
                     gboolean      customer_only,
                     guint         limit,
                     GError      **error)
{
  g_autoptr(GArray) terms = NULL;
  g_autoptr(GHashTable) hits = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;

  g_return_val_if_fail (db != NULL && subject != NULL, NULL);

  terms = split_terms (subject);
  if (!find_candidates (db, terms, hits, error))
    return NULL;
  candidates = best_candidates (hits);
  if (candidates->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_kb_suggestion_free);
  if ((suggestions = recheck (db, terms, candidates, customer_only, error)) == NULL)
    return NULL;
  if (suggestions->len > CLAMP (limit, 1, RAPPORTD_KB_SUGGEST_MAX))
    g_ptr_array_set_size (suggestions, CLAMP (limit, 1, RAPPORTD_KB_SUGGEST_MAX));
  return g_steal_pointer (&suggestions);
}
