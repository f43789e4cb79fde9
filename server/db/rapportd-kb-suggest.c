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

/* the ids of the articles holding a rare term's grams, or the first of
 * those holding a common term's rarest gram when @common; none when the
 * term is common and not @common. @rare: the term was rare and held by
 * some article */
static gboolean
add_candidates (RapportdDb  *db,
                const Term  *term,
                gboolean     common,
                GHashTable  *hits,
                gboolean    *rare,
                GError     **error)
{
  RapportdSearchPlan plan;
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  gboolean ok;

  *rare = FALSE;
  ok = rapportd_search_plan (db, g_type_class_peek (CRM_TYPE_KB_ARTICLE), term->normalized, &plan, error);
  if (ok && plan.grams->len > 0 && (plan.use_index || common))
    {
      *rare = plan.use_index;
      if (!plan.use_index)
        g_array_set_size (plan.grams, 1);
      sql = rapportd_sql_new (NULL);
      rapportd_search_append_candidates (sql, &plan, RAPPORTD_SEARCH_CANDIDATES);
      ok = (result = rapportd_db_query (db, sql, error)) != NULL;
    }
  rapportd_search_plan_clear (&plan);
  /* a term no article holds is no evidence either way */
  *rare &= result != NULL && result->n_rows > 0;
  for (guint r = 0; ok && result != NULL && r < result->n_rows; r++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);
      gpointer key = GSIZE_TO_POINTER ((gsize) id);

      g_hash_table_insert (hits, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (hits, key)) + 1));
    }
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
 * 200 of them are rechecked against every term.
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
  gboolean any_rare = FALSE;

  g_return_val_if_fail (db != NULL && subject != NULL, NULL);

  terms = split_terms (subject);
  for (guint i = 0; i < terms->len; i++)
    {
      gboolean rare = FALSE;

      if (!add_candidates (db, &g_array_index (terms, Term, i), FALSE, hits, &rare, error))
        return NULL;
      any_rare |= rare;
    }
  /* no rare term held by any article: the first articles holding the
   * first term that some article holds */
  for (guint i = 0; !any_rare && i < terms->len && g_hash_table_size (hits) == 0; i++)
    {
      gboolean rare;

      if (!add_candidates (db, &g_array_index (terms, Term, i), TRUE, hits, &rare, error))
        return NULL;
    }
  candidates = best_candidates (hits);
  if (candidates->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_kb_suggestion_free);
  if ((suggestions = recheck (db, terms, candidates, customer_only, error)) == NULL)
    return NULL;
  if (suggestions->len > CLAMP (limit, 1, RAPPORTD_KB_SUGGEST_MAX))
    g_ptr_array_set_size (suggestions, CLAMP (limit, 1, RAPPORTD_KB_SUGGEST_MAX));
  return g_steal_pointer (&suggestions);
}
