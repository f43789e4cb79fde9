/* rapportd-search-query.c: how a list finds a term: candidates from the search index, rechecked on the rows */
#include "rapportd-search-index.h"
#include "rapportd-repo-private.h"
#include "crm-entities.h"
#include "crm-search-text.h"

#include <string.h>

/* grams of a term whose postings are counted, spread over the term */
#define PLAN_MAX_PROBED 8
/* the rarest of them, joined to find the candidates */
#define PLAN_MAX_JOINED 3

/* Appends the test of a posting's gram after its column: "= ?", or, for
 * the pair of a term of two ASCII letters or digits, which the index keeps
 * only at the end of a run of ASCII, "IN (?, …)" of the pair and of the
 * triples it begins (crm_search_text_pair_grams()) */
static void
append_gram_test (RapportdSql        *sql,
                  RapportdSearchPlan *plan,
                  guint32             gram)
{
  if (plan->pair_grams == NULL || g_array_index (plan->pair_grams, guint32, 0) != gram)
    {
      rapportd_sql_append (sql, " = ?");
      rapportd_sql_add_int (sql, gram);
      return;
    }
  rapportd_sql_append (sql, " IN (");
  for (guint i = 0; i < plan->pair_grams->len; i++)
    {
      rapportd_sql_append (sql, i ? ", ?" : "?");
      rapportd_sql_add_int (sql, g_array_index (plan->pair_grams, guint32, i));
    }
  rapportd_sql_append (sql, ")");
}

/* SELECT the ids of the rows holding every gram of the plan, at most
 * @limit; distinct where one row may hold several triples of a pair */
static void
append_candidates (RapportdSql        *sql,
                   RapportdSearchPlan *plan,
                   guint               limit)
{
  rapportd_sql_appendf (sql, "SELECT %sg0.record_id AS search_hit FROM search_grams g0",
                        plan->pair_grams != NULL ? "DISTINCT " : "");
  for (guint i = 1; i < plan->grams->len; i++)
    {
      rapportd_sql_appendf (sql, " JOIN search_grams g%u ON g%u.entity = g0.entity AND g%u.gram", i, i, i);
      append_gram_test (sql, plan, g_array_index (plan->grams, guint32, i));
      rapportd_sql_appendf (sql, " AND g%u.record_id = g0.record_id", i);
    }
  rapportd_sql_append (sql, " WHERE g0.entity = ? AND g0.gram");
  rapportd_sql_add_int (sql, plan->entity);
  append_gram_test (sql, plan, g_array_index (plan->grams, guint32, 0));
  rapportd_sql_appendf (sql, " LIMIT %u", limit);
}

/**
 * rapportd_search_append_candidates:
 * @sql: a statement to append a SELECT to
 * @plan: a planned term with grams
 * @limit: the most ids selected
 *
 * Appends the SELECT of the ids of the records holding the plan's grams
 * (column search_hit): the candidates a term's search rechecks.
 */
void
rapportd_search_append_candidates (RapportdSql        *sql,
                                   RapportdSearchPlan *plan,
                                   guint               limit)
{
  g_return_if_fail (plan != NULL && plan->grams != NULL && plan->grams->len > 0);

  append_candidates (sql, plan, limit);
}

typedef struct
{
  guint32 gram;
  gint64  count;
  /* the optimiser's estimate of the postings of a gram counted past the
   * cap, which tells the common grams apart; 0 when not asked */
  gint64  estimate;
} GramCount;

static gboolean
is_phone_field (const CrmFieldSpec *spec)
{
  return spec->type == CRM_FIELD_PHONE && (spec->flags & CRM_FIELD_SEARCHABLE);
}

static gboolean
has_phone_field (CrmEntityClass *klass)
{
  for (guint i = 0; i < klass->n_fields; i++)
    if (is_phone_field (&klass->fields[i]))
      return TRUE;
  return FALSE;
}

static GMutex digits_lock;
/* "table.column" → 1 when the table keeps the column's digits beside it, 2 when not */
static GHashTable *digits_known;

/* Whether MariaDB keeps the digits of a phone field in <column>_digits
 * (015-search-phone-digits.sql), asked once a process: the migrations have
 * run by then. A field without one (made searchable later, its column not
 * yet added) is compared through a regular expression a row instead. */
static gboolean
find_digits_kept (RapportdDb          *db,
                  CrmEntityClass      *klass,
                  RapportdSearchPlan  *plan,
                  GError             **error)
{
  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      g_autofree char *key = NULL;
      gpointer known = NULL;

      if (!is_phone_field (spec))
        continue;
      key = g_strdup_printf ("%s.%s", klass->collection, crm_field_spec_get_column (spec));
      g_mutex_lock (&digits_lock);
      if (digits_known != NULL)
        known = g_hash_table_lookup (digits_known, key);
      g_mutex_unlock (&digits_lock);
      if (known == NULL)
        {
          g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COUNT(*) FROM information_schema.columns "
                                                         "WHERE table_schema = DATABASE() AND table_name = ? "
                                                         "AND column_name = CONCAT(?, '_digits')");
          g_autoptr(RapportdDbResult) result = NULL;

          rapportd_sql_add_text (sql, klass->collection);
          rapportd_sql_add_text (sql, crm_field_spec_get_column (spec));
          if ((result = rapportd_db_query (db, sql, error)) == NULL)
            return FALSE;
          known = GINT_TO_POINTER (g_str_equal (rapportd_db_result_get (result, 0, 0), "1") ? 1 : 2);
          g_mutex_lock (&digits_lock);
          if (digits_known == NULL)
            digits_known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_replace (digits_known, g_steal_pointer (&key), known);
          g_mutex_unlock (&digits_lock);
        }
      if (GPOINTER_TO_INT (known) == 1)
        g_hash_table_add (plan->digits_kept, (gpointer) spec);
    }
  return TRUE;
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const GramCount *x = a;
  const GramCount *y = b;

  if (x->count != y->count)
    return x->count < y->count ? -1 : 1;
  return x->estimate < y->estimate ? -1 : x->estimate > y->estimate;
}

/* the term's normalised text, phone digits and grams; no counts yet */
static gboolean
plan_init (RapportdDb          *db,
           CrmEntityClass      *klass,
           const char          *q,
           RapportdSearchPlan  *plan,
           GArray             **grams,
           GError             **error)
{
  memset (plan, 0, sizeof *plan);
  plan->normalized = crm_search_text_normalize (q);
  plan->grams = g_array_new (FALSE, FALSE, sizeof (guint32));
  plan->digits_kept = g_hash_table_new (NULL, NULL);
  if (has_phone_field (klass))
    plan->phone = crm_search_text_phone_term (q);
  if (plan->phone != NULL && !find_digits_kept (db, klass, plan, error))
    return FALSE;
  /* the phone digits are part of the term's digits, which are all its
   * letters and digits: their grams are in every row either way finds */
  *grams = crm_search_text_query_grams (plan->phone ? plan->phone : plan->normalized);
  plan->pair_grams = crm_search_text_pair_grams (plan->phone ? plan->phone : plan->normalized);
  return TRUE;
}

/* the grams of a term whose postings are counted, spread over the term */
static GArray *
probed_grams (GArray *grams)
{
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (GramCount));

  for (guint i = 0; i < MIN (grams->len, PLAN_MAX_PROBED); i++)
    {
      guint at = grams->len <= PLAN_MAX_PROBED ? i : i * (grams->len - 1) / (PLAN_MAX_PROBED - 1);
      GramCount count = { g_array_index (grams, guint32, at), 0, 0 };

      g_array_append_val (counts, count);
    }
  return counts;
}

/* one statement: the postings of every probed gram of every term, each up
 * to RAPPORTD_SEARCH_CANDIDATES + 1, a gram that several terms share counted once */
static gboolean
count_postings (RapportdDb          *db,
                gint                 entity,
                RapportdSearchPlan  *plans,
                GPtrArray           *probed,
                GError             **error)
{
  g_autoptr(GHashTable) columns = g_hash_table_new (NULL, NULL);
  g_autoptr(RapportdSql) probe = rapportd_sql_new ("SELECT ");
  g_autoptr(RapportdDbResult) result = NULL;
  guint n = 0;

  for (guint t = 0; t < probed->len; t++)
    for (guint i = 0; probed->pdata[t] != NULL && i < ((GArray *) probed->pdata[t])->len; i++)
      {
        guint32 gram = g_array_index ((GArray *) probed->pdata[t], GramCount, i).gram;

        if (g_hash_table_contains (columns, GUINT_TO_POINTER (gram)))
          continue;
        g_hash_table_insert (columns, GUINT_TO_POINTER (gram), GUINT_TO_POINTER (n));
        rapportd_sql_appendf (probe, "%s(SELECT COUNT(*) FROM (SELECT 1 FROM search_grams "
                              "WHERE entity = ? AND gram", n ? ", " : "");
        rapportd_sql_add_int (probe, entity);
        append_gram_test (probe, &plans[t], gram);
        rapportd_sql_appendf (probe, " LIMIT %d) AS c%u)", RAPPORTD_SEARCH_CANDIDATES + 1, n);
        n++;
      }
  if (n == 0)
    return TRUE;
  if ((result = rapportd_db_query (db, probe, error)) == NULL)
    return FALSE;
  for (guint t = 0; t < probed->len; t++)
    for (guint i = 0; probed->pdata[t] != NULL && i < ((GArray *) probed->pdata[t])->len; i++)
      {
        GramCount *count = &g_array_index ((GArray *) probed->pdata[t], GramCount, i);
        guint column = GPOINTER_TO_UINT (g_hash_table_lookup (columns, GUINT_TO_POINTER (count->gram)));

        count->count = g_ascii_strtoll (rapportd_db_result_get (result, 0, column), NULL, 10);
      }
  return TRUE;
}

/* one statement: the optimiser's estimate of the postings of each gram
 * counted past the cap in a plan that has several such, so that the
 * rarest of them are joined (a serial number's "042" and "004", not the
 * "sn0" every article holds); an EXPLAIN reads no posting */
static gboolean
estimate_capped (RapportdDb  *db,
                 gint         entity,
                 GPtrArray   *probed,
                 GError     **error)
{
  g_autoptr(GHashTable) selects = g_hash_table_new (NULL, NULL);
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("EXPLAIN ");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GHashTable) estimates = g_hash_table_new (NULL, NULL);
  int id_col = -1, rows_col = -1;
  guint n = 0;

  for (guint t = 0; t < probed->len; t++)
    {
      GArray *counts = probed->pdata[t];
      guint capped = 0;

      for (guint i = 0; counts != NULL && i < counts->len; i++)
        capped += g_array_index (counts, GramCount, i).count > RAPPORTD_SEARCH_CANDIDATES;
      for (guint i = 0; capped > 1 && i < counts->len; i++)
        {
          guint32 gram = g_array_index (counts, GramCount, i).gram;

          if (g_array_index (counts, GramCount, i).count <= RAPPORTD_SEARCH_CANDIDATES ||
              g_hash_table_contains (selects, GUINT_TO_POINTER (gram)))
            continue;
          g_hash_table_insert (selects, GUINT_TO_POINTER (gram), GUINT_TO_POINTER (++n));
          rapportd_sql_append (sql, n > 1 ? " UNION ALL SELECT 1 FROM search_grams WHERE entity = ? AND gram = ?"
                                          : "SELECT 1 FROM search_grams WHERE entity = ? AND gram = ?");
          rapportd_sql_add_int (sql, entity);
          rapportd_sql_add_int (sql, gram);
        }
    }
  if (n == 0)
    return TRUE;
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint c = 0; c < result->n_cols; c++)
    {
      if (g_str_equal (result->names[c], "id"))
        id_col = c;
      else if (g_str_equal (result->names[c], "rows"))
        rows_col = c;
    }
  for (guint r = 0; id_col >= 0 && rows_col >= 0 && r < result->n_rows; r++)
    if (rapportd_db_result_get (result, r, id_col) != NULL && rapportd_db_result_get (result, r, rows_col) != NULL)
      g_hash_table_insert (estimates, GSIZE_TO_POINTER (g_ascii_strtoull (rapportd_db_result_get (result, r, id_col), NULL, 10)),
                           GSIZE_TO_POINTER (g_ascii_strtoull (rapportd_db_result_get (result, r, rows_col), NULL, 10)));
  for (guint t = 0; t < probed->len; t++)
    for (guint i = 0; probed->pdata[t] != NULL && i < ((GArray *) probed->pdata[t])->len; i++)
      {
        GramCount *count = &g_array_index ((GArray *) probed->pdata[t], GramCount, i);
        gpointer select = g_hash_table_lookup (selects, GUINT_TO_POINTER (count->gram));

        if (select != NULL)
          count->estimate = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (estimates, select));
      }
  return TRUE;
}

/* one statement: for each plan whose grams are all common, how many rows
 * hold its rarest grams together, up to RAPPORTD_SEARCH_CANDIDATES + 1; common
 * grams may still meet in few rows, as the digits of a phone number do */
static gboolean
count_meetings (RapportdDb          *db,
                RapportdSearchPlan  *plans,
                guint                n_plans,
                GError             **error)
{
  g_autoptr(RapportdSql) meet = rapportd_sql_new ("SELECT ");
  g_autoptr(RapportdDbResult) met = NULL;
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint p = 0; p < n_plans; p++)
    {
      if (plans[p].use_index || plans[p].grams == NULL || plans[p].grams->len < 2)
        continue;
      rapportd_sql_appendf (meet, "%s(SELECT COUNT(*) FROM (", asked->len ? ", " : "");
      append_candidates (meet, &plans[p], RAPPORTD_SEARCH_CANDIDATES + 1);
      rapportd_sql_appendf (meet, ") AS probe%u)", asked->len);
      g_array_append_val (asked, p);
    }
  if (asked->len == 0)
    return TRUE;
  if ((met = rapportd_db_query (db, meet, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < asked->len; i++)
    plans[g_array_index (asked, guint, i)].use_index =
      g_ascii_strtoll (rapportd_db_result_get (met, 0, i), NULL, 10) <= RAPPORTD_SEARCH_CANDIDATES;
  return TRUE;
}

/* a term without grams probes none: its place in the probes holds NULL */
static void
probes_free (gpointer counts)
{
  if (counts != NULL)
    g_array_unref (counts);
}

/**
 * rapportd_search_plan_many:
 * @db: a connection
 * @klass: the entity searched
 * @terms: the terms
 * @n_terms: how many
 * @plans: (out caller-allocates) (array length=n_terms): how to find each;
 *   clear each with rapportd_search_plan_clear(), whatever is returned
 * @error: return location for a #GError
 *
 * Plans many terms of one search (a case's subject) as rapportd_search_plan()
 * plans one, in at most three statements whatever their number: the
 * postings of a few grams of every term, the optimiser's estimate of those
 * counted past the cap (which of the common grams are rarest), then, for
 * the terms whose grams are all common, whether the rarest meet in few rows.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_search_plan_many (RapportdDb          *db,
                           CrmEntityClass      *klass,
                           const char * const  *terms,
                           guint                n_terms,
                           RapportdSearchPlan  *plans,
                           GError             **error)
{
  g_autoptr(GPtrArray) probed = g_ptr_array_new_full (n_terms, probes_free);
  gint entity = 0;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (klass != NULL, FALSE);
  g_return_val_if_fail (terms != NULL || n_terms == 0, FALSE);

  memset (plans, 0, n_terms * sizeof *plans);
  for (guint t = 0; t < n_terms; t++)
    {
      g_autoptr(GArray) grams = NULL;

      if (!plan_init (db, klass, terms[t], &plans[t], &grams, error))
        return FALSE;
      g_ptr_array_add (probed, grams->len > 0 ? probed_grams (grams) : NULL);
    }
  if (!rapportd_search_class_is_indexed (klass))
    return TRUE;
  if ((entity = rapportd_search_entity_id (db, klass, error)) < 0)
    return FALSE;
  for (guint t = 0; t < n_terms; t++)
    plans[t].entity = entity;
  if (!count_postings (db, entity, plans, probed, error) ||
      !estimate_capped (db, entity, probed, error))
    return FALSE;
  for (guint t = 0; t < n_terms; t++)
    {
      GArray *counts = probed->pdata[t];

      if (counts == NULL)
        continue;
      g_array_sort (counts, compare_counts);
      for (guint i = 0; i < MIN (counts->len, PLAN_MAX_JOINED); i++)
        g_array_append_val (plans[t].grams, g_array_index (counts, GramCount, i).gram);
      plans[t].use_index = g_array_index (counts, GramCount, 0).count <= RAPPORTD_SEARCH_CANDIDATES;
    }
  return count_meetings (db, plans, n_terms, error);
}

/**
 * rapportd_search_plan:
 * @db: a connection
 * @klass: the entity listed
 * @q: the term
 * @plan: (out caller-allocates): how to find it; clear with rapportd_search_plan_clear()
 * @error: return location for a #GError
 *
 * Counts the postings of a few of the term's grams, each up to
 * %RAPPORTD_SEARCH_CANDIDATES, in one statement, then, if every one is
 * common, how many rows hold the rarest three together, up to as many.
 * When either is at most that, the rows holding the rarest grams drive the
 * query; when they are common together too, or the term has no gram (one
 * Latin letter or digit), the query walks the table in its sort order and
 * checks each row, which fills a page quickly because matches are common.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_search_plan (RapportdDb         *db,
                      CrmEntityClass     *klass,
                      const char         *q,
                      RapportdSearchPlan *plan,
                      GError            **error)
{
  g_return_val_if_fail (q != NULL, FALSE);

  return rapportd_search_plan_many (db, klass, &q, 1, plan, error);
}

/**
 * rapportd_search_append_sample_from:
 * @sql: a statement whose select list is written
 * @klass: the entity listed
 * @plan: a search whose grams are all common
 *
 * Appends a FROM clause of the first %RAPPORTD_SEARCH_CANDIDATES rows holding the
 * rarest gram: the sample from which a count is estimated.
 */
void
rapportd_search_append_sample_from (RapportdSql        *sql,
                                    CrmEntityClass     *klass,
                                    RapportdSearchPlan *plan)
{
  g_return_if_fail (plan != NULL && plan->grams->len > 0);

  rapportd_sql_appendf (sql, " FROM (SELECT %srecord_id AS search_hit FROM search_grams WHERE entity = ? AND gram",
                        plan->pair_grams != NULL ? "DISTINCT " : "");
  rapportd_sql_add_int (sql, plan->entity);
  append_gram_test (sql, plan, g_array_index (plan->grams, guint32, 0));
  rapportd_sql_appendf (sql, " LIMIT %d) AS search_hits STRAIGHT_JOIN `%s` ON `%s`.`id` = search_hits.search_hit",
                        RAPPORTD_SEARCH_CANDIDATES, klass->collection, klass->collection);
}

/**
 * rapportd_search_estimate_postings:
 * @db: a connection
 * @plan: a search with grams
 * @error: return location for a #GError
 *
 * Returns: the optimiser's estimate of the rows holding the rarest gram, or -1
 */
gint64
rapportd_search_estimate_postings (RapportdDb         *db,
                                   RapportdSearchPlan *plan,
                                   GError            **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("EXPLAIN SELECT 1 FROM search_grams WHERE entity = ? AND gram");
  g_autoptr(RapportdDbResult) result = NULL;

  g_return_val_if_fail (plan != NULL && plan->grams->len > 0, -1);

  rapportd_sql_add_int (sql, plan->entity);
  append_gram_test (sql, plan, g_array_index (plan->grams, guint32, 0));
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return -1;
  for (guint c = 0; c < result->n_cols; c++)
    if (g_str_equal (result->names[c], "rows") && result->n_rows > 0 && rapportd_db_result_get (result, 0, c))
      return g_ascii_strtoll (rapportd_db_result_get (result, 0, c), NULL, 10);
  return 0;
}

void
rapportd_search_plan_clear (RapportdSearchPlan *plan)
{
  g_clear_pointer (&plan->normalized, g_free);
  g_clear_pointer (&plan->phone, g_free);
  g_clear_pointer (&plan->digits_kept, g_hash_table_unref);
  g_clear_pointer (&plan->grams, g_array_unref);
  g_clear_pointer (&plan->pair_grams, g_array_unref);
}

/**
 * rapportd_search_append_from:
 * @sql: a statement whose select list is written
 * @klass: the entity listed
 * @plan: the search, or %NULL
 *
 * Appends the FROM clause: the table alone, or, when the index drives, the
 * candidates joined to the table in that order.
 */
void
rapportd_search_append_from (RapportdSql        *sql,
                             CrmEntityClass     *klass,
                             RapportdSearchPlan *plan)
{
  if (plan == NULL || !plan->use_index)
    {
      rapportd_sql_appendf (sql, " FROM `%s`", klass->collection);
      return;
    }
  rapportd_sql_append (sql, " FROM (");
  /* the limit also keeps the optimiser from merging the candidates into the outer join */
  append_candidates (sql, plan, 4 * RAPPORTD_SEARCH_CANDIDATES);
  rapportd_sql_appendf (sql, ") AS search_hits STRAIGHT_JOIN `%s` ON `%s`.`id` = search_hits.search_hit",
                        klass->collection, klass->collection);
}

/* a searchable reference matches by the name of the record it points at,
 * read by primary key for each row rechecked */
static void
append_reference_match (RapportdSql        *sql,
                        CrmEntityClass     *klass,
                        const CrmFieldSpec *spec,
                        gboolean            first)
{
  GType type = crm_entities_lookup_name (spec->reference);
  CrmEntityClass *target = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  int title = target ? crm_entity_class_find_title (target) : -1;

  /* the caller binds the pattern either way */
  if (title < 0)
    {
      rapportd_sql_appendf (sql, "%sNULL LIKE ?", first ? "" : " OR ");
      return;
    }
  rapportd_sql_appendf (sql, "%s(SELECT ref.`%s` FROM `%s` ref WHERE ref.`id` = `%s`.`%s`) LIKE ?",
                        first ? "" : " OR ", crm_field_spec_get_column (&target->fields[title]),
                        target->collection, klass->collection, crm_field_spec_get_column (spec));
}

/**
 * rapportd_search_append_match:
 * @sql: a statement being built
 * @klass: the entity listed
 * @q: the term
 * @plan: its plan
 *
 * Appends the recheck, a condition in parentheses: the term is in one of
 * the searchable columns (LIKE, as the search always was), or, a phone
 * number, its digits in the digits of a searchable phone field, or, an
 * ASCII term, in the pinyin keys of the row's Han text.
 */
void
rapportd_search_append_match (RapportdSql        *sql,
                              CrmEntityClass     *klass,
                              const char         *q,
                              RapportdSearchPlan *plan)
{
  g_autofree char *pattern = rapportd_sql_like_pattern (q);
  gboolean first = TRUE;
  gboolean ascii = plan->normalized[0] != '\0';

  for (const char *p = plan->normalized; *p; p++)
    ascii &= g_ascii_isalpha (*p);

  rapportd_sql_append (sql, "(");
  for (guint i = 0; i < klass->n_fields; i++)
    {
      if (!(klass->fields[i].flags & CRM_FIELD_SEARCHABLE))
        continue;
      if (klass->fields[i].type == CRM_FIELD_REFERENCE)
        append_reference_match (sql, klass, &klass->fields[i], first);
      else
        rapportd_sql_appendf (sql, "%s`%s`.`%s` LIKE ?", first ? "" : " OR ", klass->collection,
                              crm_field_spec_get_column (&klass->fields[i]));
      rapportd_sql_add_text (sql, pattern);
      first = FALSE;
      if (plan->phone != NULL && is_phone_field (&klass->fields[i]))
        {
          g_autofree char *digits_pattern = rapportd_sql_like_pattern (plan->phone);

          /* the stored number's digits, an extension's "x" kept between
           * them as the index keeps it; where MariaDB keeps them beside the
           * number, a LIKE rather than a regular expression a row */
          if (plan->digits_kept != NULL && g_hash_table_contains (plan->digits_kept, &klass->fields[i]))
            rapportd_sql_appendf (sql, " OR `%s`.`%s_digits` LIKE ?", klass->collection,
                                  crm_field_spec_get_column (&klass->fields[i]));
          else
            rapportd_sql_appendf (sql, " OR REGEXP_REPLACE(`%s`.`%s`, '[^0-9xX]', '') LIKE ?", klass->collection,
                                  crm_field_spec_get_column (&klass->fields[i]));
          rapportd_sql_add_text (sql, digits_pattern);
        }
    }
  if (!first && ascii && plan->entity > 0)
    {
      g_autofree char *pinyin_pattern = rapportd_sql_like_pattern (plan->normalized);

      /* a scalar subquery, one primary-key read a row: an EXISTS would be
       * materialised from every pinyin key that matches */
      rapportd_sql_appendf (sql, " OR (SELECT sp.pinyin FROM search_pinyin sp WHERE sp.entity = ? "
                            "AND sp.record_id = `%s`.`id`) LIKE ?", klass->collection);
      rapportd_sql_add_int (sql, plan->entity);
      rapportd_sql_add_text (sql, pinyin_pattern);
    }
  rapportd_sql_append (sql, first ? "FALSE)" : ")");
}
