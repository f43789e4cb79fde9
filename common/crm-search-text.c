/* crm-search-text.c: the search index's text rules: normalisation, grams and pinyin keys */
#include "crm-search-text.h"
#include "crm-search-text-private.h"
#include "crm-pinyin-table.h"

#include <string.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

/*
 * Text and term are normalised alike: compatibility decomposition (full-width
 * forms become ASCII), combining marks dropped (accents), case folded, and
 * everything that is neither a letter nor a digit dropped (spaces,
 * punctuation, symbols). Whatever the LIKE search finds therefore also
 * contains the term's grams after normalisation.
 *
 * Grams of a normalised string, by code point:
 *   - every non-ASCII character alone (a Han character is a word);
 *   - every pair of neighbours holding a non-ASCII character;
 *   - every three neighbours that are all ASCII letters or digits;
 *   - a pair of ASCII neighbours only where no such three start, at the end
 *     of a run of them: "abcd" holds abc, bcd and cd, not ab or bc.
 * A term asks for its ASCII triples and its pairs holding a non-ASCII
 * character, or for its one pair, or for its one non-ASCII character; a
 * single ASCII letter or digit asks for nothing (the caller scans). A term
 * of two ASCII letters or digits is found by its pair or by any of the 36
 * triples it begins (crm_search_text_pair_grams()). Leaving out the other
 * ASCII pairs halves what an ASCII text (an e-mail address, a phone
 * number, pinyin keys) writes to the index.
 */

/**
 * crm_search_text_normalize:
 * @text: UTF-8 text
 *
 * Returns: (transfer full): the letters and digits of @text, folded
 */
char *
crm_search_text_normalize (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) kept = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (decomposed, -1);
  kept = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (kept, c);
    }
  return g_utf8_normalize (kept->str, -1, G_NORMALIZE_ALL_COMPOSE);
}

/**
 * crm_search_text_gram_hash:
 * @gram: UTF-8 bytes of one gram
 * @length: their length
 *
 * Grams are stored as 32-bit FNV-1a hashes: a collision only adds a
 * candidate, which the recheck drops.
 *
 * Returns: the gram's key in the index
 */
guint32
crm_search_text_gram_hash (const char *gram,
                           gsize       length)
{
  guint32 hash = 2166136261u;

  g_return_val_if_fail (gram != NULL, 0);

  for (gsize i = 0; i < length; i++)
    {
      hash ^= (guchar) gram[i];
      hash *= 16777619u;
    }
  return hash;
}

/* byte offsets of the code points of @s, and the end */
static GArray *
char_offsets (const char *s)
{
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *p;

  for (p = s; *p; p = g_utf8_next_char (p))
    {
      gsize at = p - s;
      g_array_append_val (offsets, at);
    }
  {
    gsize end = p - s;
    g_array_append_val (offsets, end);
  }
  return offsets;
}

#define OFFSET(o, i) g_array_index ((o), gsize, (i))

static gboolean
is_ascii_at (const char *s,
             GArray     *offsets,
             guint       i)
{
  return OFFSET (offsets, i + 1) - OFFSET (offsets, i) == 1;
}

static guint32
hash_span (const char *s,
           GArray     *offsets,
           guint       from,
           guint       n)
{
  return crm_search_text_gram_hash (s + OFFSET (offsets, from),
                                    OFFSET (offsets, from + n) - OFFSET (offsets, from));
}

/**
 * crm_search_text_add_grams:
 * @normalized: text from crm_search_text_normalize() or a pinyin key word
 * @grams: a set (g_hash_table_add()) of GUINT_TO_POINTER() gram hashes
 *
 * Adds every gram of @normalized; a space separates words that share no gram.
 */
void
crm_search_text_add_grams (const char *normalized,
                           GHashTable *grams)
{
  g_auto(GStrv) words = NULL;

  g_return_if_fail (normalized != NULL);
  g_return_if_fail (grams != NULL);

  words = g_strsplit (normalized, " ", -1);
  for (guint w = 0; words[w]; w++)
    {
      const char *s = words[w];
      g_autoptr(GArray) offsets = char_offsets (s);
      guint n = offsets->len - 1;

      for (guint i = 0; i < n; i++)
        {
          if (!is_ascii_at (s, offsets, i))
            g_hash_table_add (grams, GUINT_TO_POINTER (hash_span (s, offsets, i, 1)));
          gboolean ascii_pair = i + 1 < n && is_ascii_at (s, offsets, i) && is_ascii_at (s, offsets, i + 1);
          gboolean triple = ascii_pair && i + 2 < n && is_ascii_at (s, offsets, i + 2);

          if (i + 1 < n && !triple)
            g_hash_table_add (grams, GUINT_TO_POINTER (hash_span (s, offsets, i, 2)));
          if (triple)
            g_hash_table_add (grams, GUINT_TO_POINTER (hash_span (s, offsets, i, 3)));
        }
    }
}

/**
 * crm_search_text_query_grams:
 * @normalized: a term from crm_search_text_normalize()
 *
 * Every text that contains the term, once normalised, holds all of these
 * grams. None for an empty term or a single ASCII letter or digit: such a
 * term cannot use the index.
 *
 * Returns: (transfer full) (element-type guint32): distinct gram hashes, in
 *   the term's order
 */
GArray *
crm_search_text_query_grams (const char *normalized)
{
  g_autoptr(GArray) offsets = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GArray *grams = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n;

  g_return_val_if_fail (normalized != NULL, grams);

  offsets = char_offsets (normalized);
  n = offsets->len - 1;
  for (guint i = 0; i < n; i++)
    {
      guint length = 0;
      guint32 hash;

      if (n == 1 && !is_ascii_at (normalized, offsets, i))
        length = 1;
      else if (n == 2 && i == 0)
        length = 2;
      else if (n > 2 && i + 1 < n &&
               (!is_ascii_at (normalized, offsets, i) || !is_ascii_at (normalized, offsets, i + 1)))
        length = 2;
      else if (n > 2 && i + 2 < n && is_ascii_at (normalized, offsets, i) &&
               is_ascii_at (normalized, offsets, i + 1) && is_ascii_at (normalized, offsets, i + 2))
        length = 3;
      if (length == 0)
        continue;
      hash = hash_span (normalized, offsets, i, length);
      if (g_hash_table_add (seen, GUINT_TO_POINTER (hash)))
        g_array_append_val (grams, hash);
    }
  return grams;
}

/**
 * crm_search_text_pair_grams:
 * @normalized: a term from crm_search_text_normalize()
 *
 * A term of two ASCII letters or digits is in a text that holds its pair
 * (the end of a run of ASCII) or one of the triples it begins.
 *
 * Returns: (transfer full) (nullable) (element-type guint32): the pair's
 *   hash, then the 36 triples', for such a term; %NULL for any other
 */
GArray *
crm_search_text_pair_grams (const char *normalized)
{
  static const char third[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  GArray *grams;
  guint32 hash;

  g_return_val_if_fail (normalized != NULL, NULL);

  if (strlen (normalized) != 2 || !g_ascii_isalnum (normalized[0]) || !g_ascii_isalnum (normalized[1]))
    return NULL;
  grams = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 1 + sizeof third - 1);
  hash = crm_search_text_gram_hash (normalized, 2);
  g_array_append_val (grams, hash);
  for (guint i = 0; i < sizeof third - 1; i++)
    {
      char triple[3] = { normalized[0], normalized[1], third[i] };

      hash = crm_search_text_gram_hash (triple, 3);
      g_array_append_val (grams, hash);
    }
  return grams;
}

static GMutex transliterator_lock;
static UTransliterator *transliterator;
/* gunichar -> its syllable: at most one entry per Han character, kept for good */
static GHashTable *syllables;

/* the pinyin of one Han character, ASCII letters; NULL if ICU has none */
static char *
transliterate (gunichar c)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar text[64];
  int32_t length = 0;
  int32_t limit;
  char utf8[8];
  GString *out;

  u_strFromUTF8 (text, G_N_ELEMENTS (text), &length, utf8, g_unichar_to_utf8 (c, utf8), &status);
  if (U_FAILURE (status))
    return NULL;
  if (transliterator == NULL)
    {
      static const UChar id[] = { 'H', 'a', 'n', '-', 'L', 'a', 't', 'i', 'n', ';', ' ',
                                  'L', 'a', 't', 'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0 };
      UParseError parse_error;

      transliterator = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
      if (U_FAILURE (status))
        {
          transliterator = NULL;
          g_warning ("no Han-Latin transliterator: %s", u_errorName (status));
          return NULL;
        }
    }
  limit = length;
  utrans_transUChars (transliterator, text, &length, G_N_ELEMENTS (text), 0, &limit, &status);
  if (U_FAILURE (status))
    return NULL;
  out = g_string_new (NULL);
  for (int32_t i = 0; i < length; i++)
    if (text[i] < 0x80 && g_ascii_isalpha (text[i]))
      g_string_append_c (out, g_ascii_tolower (text[i]));
  return g_string_free (out, FALSE);
}

/**
 * crm_search_text_transliterator_is_open:
 *
 * Returns: whether this process has opened ICU's Han-Latin transliterator
 */
gboolean
crm_search_text_transliterator_is_open (void)
{
  gboolean open;

  g_mutex_lock (&transliterator_lock);
  open = transliterator != NULL;
  g_mutex_unlock (&transliterator_lock);
  return open;
}

/* the syllable of @c: from the build's table (crm-pinyin-table-gen.c), or
 * else from the cache or from ICU, whose transliterator, once open, keeps
 * some 6.5 MB resident for good; "" if none */
static const char *
syllable_of (gunichar c)
{
  const char *syllable;

  if (c >= CRM_PINYIN_TABLE_FIRST && c <= CRM_PINYIN_TABLE_LAST)
    return crm_pinyin_table_syllables + crm_pinyin_table_offsets[c - CRM_PINYIN_TABLE_FIRST];
  g_mutex_lock (&transliterator_lock);
  if (syllables == NULL)
    syllables = g_hash_table_new (NULL, NULL);
  syllable = g_hash_table_lookup (syllables, GUINT_TO_POINTER (c));
  if (syllable == NULL)
    {
      char *made = transliterate (c);

      syllable = made ? made : "";
      g_hash_table_insert (syllables, GUINT_TO_POINTER (c), (gpointer) syllable);
    }
  g_mutex_unlock (&transliterator_lock);
  return syllable;
}

static gboolean
is_han (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

/* appends "<full> <initials>" for one run of Han characters, a syllable a character */
static void
append_run_keys (GString    *keys,
                 const char *run,
                 const char *end)
{
  g_autoptr(GString) full = g_string_new (NULL);
  g_autoptr(GString) initials = g_string_new (NULL);

  for (const char *p = run; p < end; p = g_utf8_next_char (p))
    {
      const char *syllable = syllable_of (g_utf8_get_char (p));

      g_string_append (full, syllable);
      if (syllable[0] != '\0')
        g_string_append_c (initials, syllable[0]);
    }
  if (full->len == 0)
    return;
  if (keys->len > 0)
    g_string_append_c (keys, ' ');
  g_string_append (keys, full->str);
  /* a one-character run's initial is a prefix of its full pinyin */
  if (initials->len > 1)
    g_string_append_printf (keys, " %s", initials->str);
}

/**
 * crm_search_text_pinyin:
 * @normalized: text from crm_search_text_normalize()
 *
 * For every run of Han characters, its full pinyin and its initials, as
 * ASCII words separated by spaces: 上海康泰 gives "shanghaikangtai shkt".
 *
 * Returns: (transfer full): the pinyin keys, empty for text without Han
 */
char *
crm_search_text_pinyin (const char *normalized)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  const char *run = NULL;

  g_return_val_if_fail (normalized != NULL, NULL);

  for (const char *p = normalized;; p = g_utf8_next_char (p))
    {
      gboolean han = *p != '\0' && is_han (g_utf8_get_char (p));

      if (han && run == NULL)
        run = p;
      else if (!han && run != NULL)
        {
          append_run_keys (keys, run, p);
          run = NULL;
        }
      if (*p == '\0')
        break;
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

/**
 * crm_search_text_phone_term:
 * @term: a search term
 *
 * A term typed as a phone number, digits and the marks people put between
 * them (spaces, `- . ( ) /`, a leading `+`), is looked for by its digits in
 * the digits of phone numbers: `021-6234 5678`, `02162345678` and
 * `62345678` are one number written three ways. A number is stored with or
 * without China's country code and trunk zero, so the term drops a leading
 * `+86` or `0086` and then one `0` before an area code (`+86 21 6234 5678`
 * and `021-6234 5678` find each other); what remains is found anywhere in
 * a number's digits, so dropping only widens the search.
 *
 * Returns: (transfer full) (nullable): at least three ASCII digits to look
 *   for, or %NULL when @term is not a phone number
 */
char *
crm_search_text_phone_term (const char *term)
{
  g_autofree char *folded = NULL;
  g_autoptr(GString) digits = NULL;
  gboolean plus = FALSE;
  const char *kept;

  g_return_val_if_fail (term != NULL, NULL);

  /* full-width digits and marks become ASCII */
  folded = g_utf8_normalize (term, -1, G_NORMALIZE_ALL);
  if (folded == NULL)
    return NULL;
  digits = g_string_new (NULL);
  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0 && !plus)
        plus = TRUE;
      else if (strchr (" -.()/", *p) == NULL)
        return NULL;
    }
  kept = digits->str;
  if (g_str_has_prefix (kept, "0086"))
    kept += 4;
  else if (plus && g_str_has_prefix (kept, "86"))
    kept += 2;
  if (kept[0] == '0' && kept[1] >= '1' && kept[1] <= '9')
    kept++;
  return strlen (kept) >= 3 ? g_strdup (kept) : NULL;
}
